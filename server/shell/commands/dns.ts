// dig, nslookup and host (bind9 9.18.49, Debian 12) and getent (glibc 2.36). The bind tools
// send their own queries (one `queryDns` exchange per try, a timeout costing simulated
// time); getent goes through the system resolver like any program.
import { wallMs } from '../../sim/clock.js';
import { formatIp, parseIp, type Ip } from '../../sim/net/ip.js';
import {
  QTYPES, RCODE_NUMBER, parseHostsFile, parseResolvConf, queryDns, resolveHost, reverseName, reverseZoneName,
  type DnsExchange, type DnsRR, type QType,
} from '../../sim/net/resolver.js';
import { servicePort, serviceName } from '../../sim/net/services.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { always } from './reads.js';

const DIG_VERSION = 'DiG 9.18.49-1~deb12u3-Debian';

type Answer = Extract<DnsExchange, { kind: 'answer' }>;

interface Server {
  ip: Ip;
  /** How the server was named (dig's `SERVER: ip#53(label)`, nslookup's `Server:`). */
  label: string;
}

/** The bind tools' name for a failed exchange, as in `;; communications error to ...: timed out`. */
function failureText(ex: Exclude<DnsExchange, Answer>): string {
  return ex.kind === 'timeout' ? 'timed out' : ex.kind === 'error' ? ex.error : 'network unreachable';
}

/**
 * One lookup the way dighost does it: every server of the list in turn, `tries` times each
 * on a timeout, printing each failure. Returns the first answer, or null (no servers could
 * be reached).
 */
function exchangeWithRetries(ctx: CommandContext, servers: Server[], qname: string, qtype: QType, o: { timeoutMs: number; tries: number; port: number }): { answer: Answer; server: Server; qname: string } | null {
  for (const server of servers) {
    for (let t = 0; t < o.tries; t++) {
      const ex = queryDns(ctx.world, ctx.host.name, server.ip, qname, qtype, { record: true, port: o.port });
      if (ex.kind === 'answer') return { answer: ex, server, qname };
      const where = `${formatIp(server.ip)}#${o.port}`;
      if (ex.kind === 'local') {
        ctx.out(`;; UDP setup with ${where}(${formatIp(server.ip)}) for ${qname} failed: ${failureText(ex)}.\n`);
        break;
      }
      if (ex.kind === 'timeout') ctx.wait(o.timeoutMs);
      ctx.out(`;; communications error to ${where}: ${failureText(ex)}\n`);
      if (ex.kind === 'error') break;
    }
  }
  return null;
}

/** Servers from resolv.conf (the bind tools read it themselves). */
function systemServers(ctx: CommandContext): Server[] {
  return parseResolvConf(ctx.host.files['/etc/resolv.conf']).nameservers.map((ip) => ({ ip, label: formatIp(ip) }));
}

/** A server given on the command line: an address, or a name looked up through the system resolver. */
function commandLineServer(ctx: CommandContext, text: string): Server[] | null {
  const ip = parseIp(text);
  if (ip !== null) return [{ ip, label: text }];
  const r = resolveHost(ctx.world, ctx.host.name, text, { record: true });
  ctx.wait(r.ms);
  return r.kind === 'ok' && r.addrs.length ? r.addrs.map((a) => ({ ip: a, label: text })) : null;
}

/** rdata as the bind tools print it: targets fully qualified with the final dot. */
const rdata = (rr: DnsRR) => (rr.type === 'A' ? rr.value : `${rr.value.replace(/\.$/, '')}.`);

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`);

/** Names to try for nslookup and host: the search list applied with resolv.conf's ndots. */
function searchNames(ctx: CommandContext, name: string): { names: string[]; asIs: number } {
  const conf = parseResolvConf(ctx.host.files['/etc/resolv.conf']);
  if (name.endsWith('.')) return { names: [name.slice(0, -1)], asIs: 0 };
  const searched = conf.search.map((d) => `${name}.${d}`);
  const dots = name.split('.').length - 1;
  return dots >= conf.ndots ? { names: [name, ...searched], asIs: 0 } : { names: [...searched, name], asIs: searched.length };
}

/**
 * Runs the search: NXDOMAIN goes on to the next name, anything else ends it. The failure
 * reported is the as-is name's (the bind tools print the name as typed).
 */
function searchLookup(ctx: CommandContext, servers: Server[], name: string, qtype: QType, o: { timeoutMs: number; tries: number; port: number }) {
  const { names, asIs } = searchNames(ctx, name);
  let failure: { answer: Answer; server: Server; qname: string } | undefined;
  for (let i = 0; i < names.length; i++) {
    const r = exchangeWithRetries(ctx, servers, names[i], qtype, o);
    if (!r) return null;
    if (r.answer.rcode !== 'NXDOMAIN') return r;
    if (i === asIs || !failure) failure = r;
  }
  return { ...failure!, qname: names[asIs] };
}

/** BIND's column indent: tabs to `to`, or one tab when the text already reaches it. */
function indent(col: number, to: number): [string, number] {
  if (col >= to) return ['\t', (Math.floor(col / 8) + 1) * 8];
  return ['\t'.repeat(to / 8 - Math.floor(col / 8)), to];
}

/** A line in dig's columns (ttl, class and type at 24, rdata at 32); a question has no ttl and no rdata. */
function digLine(owner: string, ttl: string, type: string, data?: string): string {
  let text = owner;
  let col = owner.length;
  const add = (to: number, field: string) => {
    const [tabs, at] = indent(col, to);
    text += tabs + field;
    col = at + field.length;
  };
  add(24, ttl);
  add(24, 'IN');
  add(24, type);
  if (data !== undefined) add(32, data);
  return text + '\n';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** strftime `%a %b %d %H:%M:%S %Z %Y` in UTC (dig's `;; WHEN:`). */
function digDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

// --- dig -------------------------------------------------------------------------------

const DIG_USAGE = `Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use "dig -h" (or "dig -h | more") for complete list of options
`;

interface DigFlags {
  cmd: boolean;
  comments: boolean;
  question: boolean;
  answer: boolean;
  stats: boolean;
  short: boolean;
  recurse: boolean;
  search: boolean;
  timeoutMs: number;
  tries: number;
}

/** A `+opt`; false when dig does not know it. */
function plusOption(f: DigFlags, text: string): boolean {
  const m = /^(no)?([a-z]+)(?:=(.*))?$/.exec(text);
  if (!m) return false;
  const on = !m[1];
  const [key, value] = [m[2], m[3]];
  const num = (min: number) => Math.max(min, Number.parseInt(value ?? '', 10) || 0);
  switch (key) {
    case 'all':
      Object.assign(f, { cmd: on, comments: on, question: on, answer: on, stats: on });
      return true;
    case 'short':
      Object.assign(f, on ? { short: true, cmd: false, comments: false, question: false, stats: false, answer: true } : { short: false });
      return true;
    case 'cmd':
    case 'comments':
    case 'question':
    case 'answer':
    case 'stats':
      f[key] = on;
      return true;
    case 'search':
      f.search = on;
      return true;
    case 'authority':
    case 'additional':
    case 'tcp':
    case 'vc':
    case 'identify':
    case 'ttlid':
    case 'class':
    case 'edns':
    case 'cookie':
      return true;
    case 'recurse':
      f.recurse = on;
      return true;
    case 'time':
    case 'timeout':
      if (value === undefined) return false;
      f.timeoutMs = num(1) * 1000;
      return true;
    case 'tries':
      if (value === undefined) return false;
      f.tries = num(1);
      return true;
    case 'retry':
      if (value === undefined) return false;
      f.tries = num(0) + 1;
      return true;
  }
  return false;
}

function dig(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const f: DigFlags = { cmd: true, comments: true, question: true, answer: true, stats: true, short: false, recurse: true, search: false, timeoutMs: 5000, tries: 3 };
  let serverText: string | undefined;
  let qname: string | undefined;
  let qtype: QType | undefined;
  let port = 53;
  const bad = (msg: string) => {
    ctx.err(msg + DIG_USAGE);
    return 1;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('@')) serverText = a.slice(1);
    else if (a.startsWith('+')) {
      if (!plusOption(f, a.slice(1).toLowerCase())) return bad(`Invalid option: ${a}\n`);
    } else if (a.startsWith('-') && a.length > 1) {
      const opt = a[1];
      if (opt === 'v') {
        ctx.err(`${DIG_VERSION}\n`);
        return 0;
      }
      if (opt === 'h') {
        ctx.out(DIG_USAGE);
        return 0;
      }
      if (opt === '4' || opt === '6' || opt === 'm' || opt === 'u' || opt === 'r') continue;
      if (!'xtqpcbk'.includes(opt)) return bad(`Invalid option: ${a}\n`);
      const value = a.length > 2 ? a.slice(2) : args[++i];
      if (value === undefined) return bad(`Invalid option: ${a}\n`);
      if (opt === 'x') {
        const ip = parseIp(value);
        if (ip === null) {
          ctx.err(`dig: '${value}' is not a legal IPv4 address\n`);
          return 10;
        }
        qname = reverseZoneName(ip);
        qtype ??= 'PTR';
      } else if (opt === 't') {
        const t = value.toUpperCase() as QType;
        if (!QTYPES.includes(t)) {
          ctx.err(`dig: '${value}' is not a valid type\n`);
          return 10;
        }
        qtype = t;
      } else if (opt === 'q') qname = value;
      else if (opt === 'p') {
        if (!/^\d+$/.test(value) || Number(value) > 65535) {
          ctx.err(`dig: port '${value}' is not a valid port\n`);
          return 10;
        }
        port = Number(value);
      }
    } else if (QTYPES.includes(a.toUpperCase() as QType)) qtype = a.toUpperCase() as QType;
    else if (a.toUpperCase() === 'IN') continue;
    else qname = a;
  }
  qname ??= '.';
  qtype ??= qname === '.' ? 'NS' : 'A';
  const name = qname === '.' ? '' : qname.replace(/\.$/, '');

  let servers: Server[];
  if (serverText !== undefined) {
    const s = commandLineServer(ctx, serverText);
    if (!s) {
      ctx.err(`dig: couldn't get address for '${serverText}': not found\n`);
      return 10;
    }
    servers = s;
  } else servers = systemServers(ctx);

  const id = Math.floor(ctx.random() * 65536);
  const cmdBlock = () => {
    if (!f.cmd) return;
    const found = serverText !== undefined ? `; (${servers.length} server${servers.length === 1 ? '' : 's'} found)\n` : '';
    ctx.out(`\n; <<>> ${DIG_VERSION} <<>>${args.map((a) => ' ' + a).join('')}\n${found};; global options: +cmd\n`);
  };
  const o = { timeoutMs: f.timeoutMs, tries: f.tries, port };
  const r = f.search && name !== '' ? searchLookup(ctx, servers, qname, qtype, o) : exchangeWithRetries(ctx, servers, name === '' ? '.' : name, qtype, o);
  if (!r) {
    cmdBlock();
    ctx.out(';; no servers could be reached\n');
    return 9;
  }
  const { answer: m, server } = r;
  if (f.short) {
    for (const rr of m.answers) ctx.out(rdata(rr) + '\n');
    return 0;
  }
  cmdBlock();
  let text = '';
  if (f.comments) {
    const flags = ['qr', m.aa && 'aa', f.recurse && 'rd', 'ra'].filter(Boolean).join(' ');
    text += `;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: ${m.rcode}, id: ${id}\n`;
    text += `;; flags: ${flags}; QUERY: 1, ANSWER: ${m.answers.length}, AUTHORITY: 0, ADDITIONAL: 1\n`;
    text += '\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n';
    if (m.ede) text += `; EDE: ${m.ede.code} (${m.ede.text})\n`;
  }
    if (f.question) text += `${f.comments ? ';; QUESTION SECTION:\n' : ''}${digLine(`;${fqdn(r.qname)}`, '', qtype)}${f.comments ? '\n' : ''}`;
  if (f.answer && m.answers.length) {
    text += f.comments ? ';; ANSWER SECTION:\n' : '';
    for (const rr of m.answers) text += digLine(fqdn(rr.name), String(rr.ttl), rr.type, rdata(rr));
    text += f.comments ? '\n' : '';
  }
  if (f.stats) {
    text += `;; Query time: ${m.ms} msec\n;; SERVER: ${formatIp(server.ip)}#${port}(${server.label}) (UDP)\n`;
    text += `;; WHEN: ${digDate(wallMs(ctx.world.now))}\n;; MSG SIZE  rcvd: ${m.size}\n\n`;
  }
  ctx.out(text);
  return 0;
}

// --- nslookup --------------------------------------------------------------------------

function nslookup(ctx: CommandContext): number {
  const o = { timeoutMs: 5000, tries: 3, port: 53 };
  let qtype: QType = 'A';
  const operands: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    const [key, value] = a.slice(1).split('=', 2);
    const n = Number.parseInt(value ?? '', 10);
    if (key === 'timeout' && n > 0) o.timeoutMs = n * 1000;
    else if ((key === 'retry' || key === 'retries') && n >= 0) o.tries = Math.max(1, n);
    else if (key === 'port' && n > 0 && n < 65536) o.port = n;
    else if (['type', 'querytype', 'query', 'q', 't'].includes(key) && QTYPES.includes((value ?? '').toUpperCase() as QType)) qtype = value.toUpperCase() as QType;
    else if (!['debug', 'nodebug', 'd2', 'nod2', 'search', 'nosearch', 'recurse', 'norecurse', 'vc', 'novc', 'fail', 'nofail'].includes(key)) ctx.out(`*** Invalid option: ${a.slice(1)}\n`);
  }
  if (!operands.length || operands[0] === '-') {
    // Interactive mode: the prompt, then end of input.
    ctx.out('> ');
    return 0;
  }
  const [target, serverText] = operands;
  let servers = systemServers(ctx);
  if (serverText !== undefined) {
    const s = commandLineServer(ctx, serverText);
    if (!s) {
      ctx.err(`nslookup: couldn't get address for '${serverText}': not found\n`);
      return 1;
    }
    servers = s;
  }
  const noServers = () => {
    ctx.out(';; no servers could be reached\n\n');
    return 1;
  };
  const ip = parseIp(target);
  if (ip !== null) {
    const r = exchangeWithRetries(ctx, servers, reverseZoneName(ip), 'PTR', o);
    if (!r) return noServers();
    const ptrs = r.answer.answers.filter((rr) => rr.type === 'PTR');
    if (r.answer.rcode !== 'NOERROR') {
      ctx.out(`** server can't find ${reverseZoneName(ip)}: ${r.answer.rcode}\n\n`);
      return 1;
    }
    if (!ptrs.length) {
      ctx.out(`*** Can't find ${reverseZoneName(ip)}: No answer\n\n`);
      return 0;
    }
    ctx.out(ptrs.map((rr) => `${rr.name}\tname = ${rdata(rr)}\n`).join('') + '\n');
    return 0;
  }
  const r = searchLookup(ctx, servers, target, qtype, o);
  if (!r) return noServers();
  const { answer: m, server } = r;
  ctx.out(`Server:\t\t${server.label}\nAddress:\t${formatIp(server.ip)}#${o.port}\n\n`);
  if (m.rcode !== 'NOERROR') {
    ctx.out(`** server can't find ${target.replace(/\.$/, '')}: ${m.rcode}\n\n`);
    return 1;
  }
  if (!m.answers.length) {
    ctx.out(`*** Can't find ${target.replace(/\.$/, '')}: No answer\n\n`);
    return 0;
  }
  let text = '';
  for (const rr of m.answers) {
    if (rr.type === 'CNAME') text += `${rr.name}\tcanonical name = ${rdata(rr)}\n`;
    else if (rr.type === 'A') text += `Name:\t${rr.name}\nAddress: ${rr.value}\n`;
    else if (rr.type === 'PTR') text += `${rr.name}\tname = ${rdata(rr)}\n`;
  }
  ctx.out(text + '\n');
  return 0;
}

// --- host ------------------------------------------------------------------------------

const HOST_USAGE = `Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]
            [-R number] [-m flag] [-p port] hostname [server]
       -a is equivalent to -v -t ANY
       -A is like -a but omits RRSIG, NSEC, NSEC3
       -c specifies query class for non-IN data
       -C compares SOA records on authoritative nameservers
       -d is equivalent to -v
       -l lists all hosts in a domain, using AXFR
       -m set memory debugging flag (trace|record|usage)
       -N changes the number of dots allowed before root lookup is done
       -p specifies the port on the server to query
       -r disables recursive processing
       -R specifies number of retries for UDP packets
       -s a SERVFAIL response should stop query
       -t specifies the query type
       -T enables TCP/IP mode
       -U enables UDP mode
       -v enables verbose output
       -V print version number and exit
       -w specifies to wait forever for a reply
       -W specifies how long to wait for a reply
       -4 use IPv4 query transport only
       -6 use IPv6 query transport only
`;

function host(ctx: CommandContext): number {
  const o = { timeoutMs: 5000, tries: 2, port: 53 };
  let qtype: QType | undefined;
  const operands: string[] = [];
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if ('aCdilrTvVw46sU'.includes(c)) {
        if (c === 'V') {
          ctx.err('host 9.18.49-1~deb12u3-Debian\n');
          return 0;
        }
        if (c === 'a') qtype = 'ANY';
        continue;
      }
      if (!'tWRNpcm'.includes(c)) {
        ctx.err(HOST_USAGE);
        return 1;
      }
      const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (value === undefined) {
        ctx.err(HOST_USAGE);
        return 1;
      }
      const n = Number.parseInt(value, 10);
      if (c === 't') {
        const t = value.toUpperCase() as QType;
        if (!QTYPES.includes(t)) {
          ctx.err(`host: invalid type: ${value}\n`);
          return 1;
        }
        qtype = t;
      } else if (c === 'W') o.timeoutMs = Math.max(1, n || 0) * 1000;
      else if (c === 'R') o.tries = Math.max(0, n || 0) + 1;
      else if (c === 'p') o.port = n || 53;
      break;
    }
  }
  if (!operands.length) {
    ctx.err(HOST_USAGE);
    return 1;
  }
  const [target, serverText] = operands;
  let servers = systemServers(ctx);
  if (serverText !== undefined) {
    const s = commandLineServer(ctx, serverText);
    if (!s) {
      ctx.err(`host: couldn't get address for '${serverText}': not found\n`);
      return 1;
    }
    servers = s;
    ctx.out(`Using domain server:\nName: ${serverText}\nAddress: ${formatIp(s[0].ip)}#${o.port}\nAliases: \n\n`);
  }
  const ip = parseIp(target);
  const r = ip !== null ? exchangeWithRetries(ctx, servers, reverseZoneName(ip), qtype ?? 'PTR', o) : searchLookup(ctx, servers, target, qtype ?? 'A', o);
  if (!r) {
    ctx.out(';; no servers could be reached\n');
    return 1;
  }
  const m = r.answer;
  if (m.rcode !== 'NOERROR') {
    const shown = ip !== null ? reverseZoneName(ip) : target.replace(/\.$/, '');
    ctx.out(`Host ${shown} not found: ${RCODE_NUMBER[m.rcode]}(${m.rcode})\n`);
    return 1;
  }
  let text = '';
  for (const rr of m.answers) {
    if (rr.type === 'A') text += `${rr.name} has address ${rr.value}\n`;
    else if (rr.type === 'CNAME') text += `${rr.name} is an alias for ${rdata(rr)}\n`;
    else if (rr.type === 'PTR') text += `${rr.name} domain name pointer ${rdata(rr)}\n`;
  }
  if (!text && qtype && qtype !== 'A') text = `${(ip !== null ? reverseZoneName(ip) : target).replace(/\.$/, '')} has no ${qtype} record\n`;
  ctx.out(text);
  return 0;
}

// --- getent ----------------------------------------------------------------------------

const GETENT_TRY = "Try `getent --help' or `getent --usage' for more information.\n";

const DATABASES = ['ahosts', 'ahostsv4', 'ahostsv6', 'aliases', 'ethers', 'group', 'gshadow', 'hosts', 'initgroups', 'netgroup', 'networks', 'passwd', 'protocols', 'rpc', 'services', 'shadow'];

/** gethostbyname: h_name, aliases and addresses of a name (files, then DNS), or null. */
function hostent(ctx: CommandContext, key: string): { name: string; aliases: string[]; addrs: Ip[] } | null {
  const ip = parseIp(key);
  if (ip !== null) {
    const name = reverseName(ctx.world, ctx.host.name, ip, { record: true });
    return name ? { name, aliases: [], addrs: [ip] } : null;
  }
  const r = resolveHost(ctx.world, ctx.host.name, key, { record: true });
  ctx.wait(r.ms);
  if (r.kind !== 'ok' || !r.addrs.length) return null;
  return { name: r.canonical ?? key, aliases: r.aliases ?? [], addrs: r.addrs };
}

const hostLine = (ip: Ip, names: string[]) => `${formatIp(ip).padEnd(15)} ${names.join(' ')}\n`;

function getent(ctx: CommandContext): number {
  const args = ctx.argv.slice(1).filter((a) => a !== '--');
  if (!args.length) {
    ctx.err(`getent: wrong number of arguments\n${GETENT_TRY}`);
    return 64;
  }
  const [db, ...keys] = args;
  if (!DATABASES.includes(db)) {
    ctx.err(`Unknown database: ${db}\n`);
    ctx.out(GETENT_TRY);
    return 1;
  }
  const files = (path: string) => (ctx.host.files[path] ?? '').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  let status = 0;
  if (db === 'hosts') {
    if (!keys.length) {
      for (const e of parseHostsFile(ctx.host.files['/etc/hosts'])) ctx.out(hostLine(e.ip, e.names));
      return 0;
    }
    for (const key of keys) {
      const h = hostent(ctx, key);
      if (!h) status = 2;
      else for (const a of h.addrs) ctx.out(hostLine(a, [h.name, ...h.aliases]));
    }
    return status;
  }
  if (db === 'ahosts' || db === 'ahostsv4' || db === 'ahostsv6') {
    if (!keys.length) {
      ctx.err('Enumeration not supported on ' + db + '\n');
      return 3;
    }
    for (const key of keys) {
      const h = db === 'ahostsv6' ? null : hostent(ctx, key);
      if (!h) {
        status = 2;
        continue;
      }
      h.addrs.forEach((a, i) => {
        const addr = formatIp(a).padEnd(15);
        ctx.out(`${addr} STREAM ${i === 0 ? h.name : ''}\n${addr} DGRAM  \n${addr} RAW    \n`);
      });
    }
    return status;
  }
  if (db === 'services') {
    if (!keys.length) return 3;
    for (const key of keys) {
      const m = /^(\d+)(?:\/(tcp|udp))?$/.exec(key) ?? /^([^/]+)(?:\/(tcp|udp))?$/.exec(key)!;
      const protos: ('tcp' | 'udp')[] = m[2] ? [m[2] as 'tcp' | 'udp'] : ['tcp', 'udp'];
      const hit = protos.map((p) => {
        const port = /^\d+$/.test(m[1]) ? Number(m[1]) : servicePort(m[1], p);
        const name = port === undefined ? undefined : serviceName(port, p);
        return name && port !== undefined ? `${name.padEnd(21)} ${port}/${p}\n` : undefined;
      }).find(Boolean);
      if (hit) ctx.out(hit);
      else status = 2;
    }
    return status;
  }
  // The colon-separated databases: the lines of their file, or those whose first field is a key.
  const lines = files(`/etc/${db === 'initgroups' ? 'group' : db}`);
  if (!keys.length) {
    ctx.out(lines.map((l) => l + '\n').join(''));
    return 0;
  }
  for (const key of keys) {
    const line = lines.find((l) => l.split(/[:\s]/)[0] === key || (db === 'passwd' && l.split(':')[2] === key));
    if (line) ctx.out(line + '\n');
    else status = 2;
  }
  return status;
}

export const dnsCommands: Record<string, CommandSpec> = {
  dig: { reads: always, run: dig, summary: 'query DNS servers (bind9 dig)' },
  nslookup: { reads: always, run: nslookup, summary: 'query DNS servers (bind9 nslookup)' },
  host: { reads: always, run: host, summary: 'look up names and addresses in DNS' },
  getent: { reads: always, run: getent, summary: 'look up names through the system resolver (hosts, ahosts, services...)' },
};

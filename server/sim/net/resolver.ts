// Name resolution as glibc does it (`hosts: files dns`): /etc/hosts, then the
// nameservers of /etc/resolv.conf with its search list. Every DNS query is a UDP
// `probe` to port 53, answered by the DNS app listening there (authoritative zones,
// forwarders, else REFUSED) — so a firewall, a stopped server or a missing route
// breaks lookups exactly the way it would for real.
import { probe } from './engine.js';
import { formatIp, parseIp, type Ip } from './ip.js';
import type { DnsRecord, DnsZone, Host, World } from '../world/types.js';

export type ResolveResult =
  | { kind: 'ok'; addrs: Ip[]; canonical?: string; server?: Ip; ms: number }
  | { kind: 'nxdomain'; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'refused'; ms: number }
  | { kind: 'servfail'; ms: number };

export interface ResolvConf {
  nameservers: Ip[];
  search: string[];
  ndots: number;
  /** Per-try timeout (options timeout:N, default 5 s) and tries per server (attempts:N, default 2). */
  timeoutMs: number;
  attempts: number;
}

export function parseResolvConf(text: string | undefined): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1, timeoutMs: 5000, attempts: 2 };
  for (const raw of (text ?? '').split('\n')) {
    const w = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (w[0] === 'nameserver' && w[1] && conf.nameservers.length < 3) {
      const ip = parseIp(w[1]);
      if (ip !== null) conf.nameservers.push(ip);
    } else if (w[0] === 'search' || w[0] === 'domain') {
      conf.search = w.slice(1).filter(Boolean);
    } else if (w[0] === 'options') {
      for (const o of w.slice(1)) {
        const [k, v] = o.split(':');
        if (k === 'ndots' && /^\d+$/.test(v ?? '')) conf.ndots = Math.min(15, Number(v));
        if (k === 'timeout' && /^\d+$/.test(v ?? '')) conf.timeoutMs = Math.max(1, Number(v)) * 1000;
        if (k === 'attempts' && /^\d+$/.test(v ?? '')) conf.attempts = Math.max(1, Number(v));
      }
    }
  }
  return conf;
}

/** Entries of /etc/hosts: address and names, in file order. */
export function parseHostsFile(text: string | undefined): { ip: Ip; names: string[] }[] {
  const out: { ip: Ip; names: string[] }[] = [];
  for (const raw of (text ?? '').split('\n')) {
    const w = raw.replace(/#.*$/, '').trim().split(/\s+/);
    const ip = parseIp(w[0] ?? '');
    if (ip !== null && w.length > 1) out.push({ ip, names: w.slice(1) });
  }
  return out;
}

// --- the server side ------------------------------------------------------------

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL';
export type QType = 'A' | 'PTR' | 'CNAME' | 'ANY';

export interface DnsAnswerRecord extends DnsRecord {
  ttl: number;
}

export type DnsReply =
  | { kind: 'answer'; rcode: Rcode; answers: DnsAnswerRecord[]; authoritative: boolean; recursion: boolean; server: Ip }
  /** ICMP port unreachable (or a reset): nothing listens on 53 there. */
  | { kind: 'refused-connection'; server: Ip }
  | { kind: 'timeout'; server: Ip }
  | { kind: 'unreachable'; server: Ip; errno: string };

const norm = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** The zone that holds `qname` (a zone file may carry records outside its origin, e.g. PTRs), else the closest enclosing one. */
function zoneFor(zones: DnsZone[], qname: string): DnsZone | undefined {
  const holder = zones.find((z) => z.records.some((r) => norm(r.name) === qname));
  if (holder) return holder;
  let best: DnsZone | undefined;
  for (const z of zones) {
    const o = norm(z.origin);
    if ((qname === o || qname.endsWith('.' + o)) && (!best || o.length > norm(best.origin).length)) best = z;
  }
  return best;
}

/** What an authoritative server answers from its zones (following CNAMEs it is authoritative for). */
function answerFromZones(zones: DnsZone[], qname: string, qtype: QType): { rcode: Rcode; answers: DnsAnswerRecord[] } | null {
  let zone = zoneFor(zones, qname);
  if (!zone) return null;
  const answers: DnsAnswerRecord[] = [];
  let name = qname;
  for (let depth = 0; depth < 8 && zone; depth++) {
    const records = zone.records.filter((r) => norm(r.name) === name);
    if (!records.length) return { rcode: answers.length ? 'NOERROR' : 'NXDOMAIN', answers };
    const wanted = records.filter((r) => qtype === 'ANY' || r.type === qtype);
    if (wanted.length) return { rcode: 'NOERROR', answers: [...answers, ...wanted.map((r) => ({ ...r, name, ttl: zone!.ttl }))] };
    const cname = records.find((r) => r.type === 'CNAME');
    if (!cname) return { rcode: 'NOERROR', answers };
    answers.push({ ...cname, name, ttl: zone.ttl });
    name = norm(cname.value);
    zone = zoneFor(zones, name);
  }
  return { rcode: 'NOERROR', answers };
}

export interface QueryOptions {
  record?: boolean;
  depth?: number;
}

/** One DNS query from `hostName` to `server`: a UDP probe to port 53, then the server's answer. */
export function queryDns(world: World, hostName: string, server: Ip, qname: string, qtype: QType, opts: QueryOptions = {}): DnsReply {
  const r = probe(world, hostName, { dst: server, proto: 'udp', dport: 53, sport: 40053, size: 28 + 12 + qname.length + 6 }, { record: opts.record });
  if (r.kind === 'local') return { kind: 'unreachable', server, errno: r.errno };
  if (r.kind === 'timeout') return { kind: 'timeout', server };
  if (r.kind === 'icmp') return r.type === 'port-unreachable' ? { kind: 'refused-connection', server } : { kind: 'unreachable', server, errno: r.type };
  const app = r.service?.listener.app;
  if (!app || app.kind !== 'dns') return { kind: 'timeout', server };
  const name = norm(qname);
  const local = answerFromZones(app.zones, name, qtype);
  if (local) return { kind: 'answer', ...local, authoritative: true, recursion: true, server };
  // Not ours: forward (a recursive server), else refuse as dnsmasq without upstream does.
  if ((opts.depth ?? 0) < 4) {
    for (const fwd of app.forwarders) {
      const up = queryDns(world, r.service!.host, fwd, name, qtype, { ...opts, depth: (opts.depth ?? 0) + 1 });
      if (up.kind === 'answer') return { ...up, authoritative: false, server };
    }
    if (app.forwarders.length) return { kind: 'answer', rcode: 'SERVFAIL', answers: [], authoritative: false, recursion: true, server };
  }
  return { kind: 'answer', rcode: 'REFUSED', answers: [], authoritative: false, recursion: true, server };
}

// --- the client side (glibc) ----------------------------------------------------------

/** Names to try for `name`, in glibc's order for its dots and the search list. */
export function candidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [norm(name)];
  const dots = name.split('.').length - 1;
  const searched = conf.search.map((s) => `${norm(name)}.${norm(s)}`);
  return dots >= conf.ndots ? [norm(name), ...searched] : [...searched, norm(name)];
}

/** Asks each nameserver in turn (attempts times each); the time spent is returned too. */
function ask(world: World, host: Host, conf: ResolvConf, qname: string, qtype: QType, record: boolean): { reply: DnsReply | null; ms: number } {
  let ms = 0;
  let last: DnsReply | null = null;
  for (let attempt = 0; attempt < conf.attempts; attempt++) {
    for (const server of conf.nameservers) {
      const reply = queryDns(world, host.name, server, qname, qtype, { record });
      if (reply.kind === 'answer') {
        ms += 1;
        // glibc moves on to the next server when one refuses or fails.
        if (reply.rcode === 'NOERROR' || reply.rcode === 'NXDOMAIN') return { reply, ms };
        last = reply;
        continue;
      }
      last = reply;
      if (reply.kind === 'timeout') ms += conf.timeoutMs;
    }
  }
  return { reply: last, ms };
}

export interface ResolveOptions {
  record?: boolean;
}

/** getaddrinfo(): /etc/hosts first, then DNS with the search list. */
export function resolveHost(world: World, hostName: string, name: string, opts: ResolveOptions = {}): ResolveResult {
  const literal = parseIp(name);
  if (literal !== null) return { kind: 'ok', addrs: [literal], ms: 0 };
  const host = world.hosts[hostName];
  const wanted = norm(name);
  for (const e of parseHostsFile(host.files['/etc/hosts'])) {
    if (e.names.some((n) => norm(n) === wanted)) return { kind: 'ok', addrs: [e.ip], canonical: e.names[0], ms: 0 };
  }
  const conf = parseResolvConf(host.files['/etc/resolv.conf']);
  // No resolv.conf at all: glibc falls back to a server on the loopback address.
  if (!host.files['/etc/resolv.conf']) conf.nameservers = [parseIp('127.0.0.1')!];
  let ms = 0;
  let failure: ResolveResult['kind'] = 'nxdomain';
  for (const qname of candidates(name, conf)) {
    const { reply, ms: spent } = ask(world, host, conf, qname, 'A', !!opts.record);
    ms += spent;
    if (!reply || reply.kind === 'timeout') return { kind: 'timeout', ms };
    if (reply.kind !== 'answer') {
      failure = 'refused';
      continue;
    }
    if (reply.rcode === 'NOERROR') {
      const addrs = reply.answers.filter((a) => a.type === 'A').map((a) => parseIp(a.value)!);
      if (addrs.length) {
        const cname = reply.answers.filter((a) => a.type === 'CNAME').pop();
        return { kind: 'ok', addrs, canonical: cname ? norm(cname.value) : qname, server: reply.server, ms };
      }
      continue;
    }
    if (reply.rcode === 'REFUSED') failure = 'refused';
    else if (reply.rcode === 'SERVFAIL') failure = 'servfail';
  }
  return { kind: failure, ms } as ResolveResult;
}

/** The name an address resolves back to (/etc/hosts, then a PTR query), if any. */
export function reverseName(world: World, hostName: string, ip: Ip, opts: ResolveOptions = {}): string | undefined {
  const host = world.hosts[hostName];
  const entry = parseHostsFile(host.files['/etc/hosts']).find((e) => e.ip === ip);
  if (entry) return entry.names[0];
  const conf = parseResolvConf(host.files['/etc/resolv.conf']);
  const qname = formatIp(ip).split('.').reverse().join('.') + '.in-addr.arpa';
  const { reply } = ask(world, host, conf, qname, 'PTR', !!opts.record);
  if (reply?.kind !== 'answer' || reply.rcode !== 'NOERROR') return undefined;
  const ptr = reply.answers.find((a) => a.type === 'PTR');
  return ptr ? norm(ptr.value) : undefined;
}

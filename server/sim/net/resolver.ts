// Name resolution as the tools see it. Every DNS query is a UDP `probe` to port 53 of a
// server; a DNS app there answers from its zones (authoritative, CNAMEs chased) or
// forwards through its forwarders with a probe of its own, else REFUSED (dnsmasq without
// an upstream). On top: glibc's stub resolver (`hosts: files dns`, /etc/resolv.conf with
// its search list, ndots, timeout and attempts) for getaddrinfo/getnameinfo, and the
// single exchanges dig, nslookup and host make themselves.
import { appendPodLog, clusterDnsAnswer } from '../k8s/cluster-dns.js';
import { probe, type LocalErrno } from './engine.js';
import { formatIp, parseIp, type Ip } from './ip.js';
import type { App, DnsRecord, Host, World } from '../world/types.js';

export type QType = 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS' | 'SOA' | 'MX' | 'TXT' | 'SRV' | 'ANY';

export const QTYPES: QType[] = ['A', 'AAAA', 'CNAME', 'PTR', 'NS', 'SOA', 'MX', 'TXT', 'SRV', 'ANY'];

export type Rcode = 'NOERROR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export const RCODE_NUMBER: Record<Rcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

/** One resource record of an answer; names without the trailing dot. */
export interface DnsRR {
  name: string;
  ttl: number;
  type: DnsRecord['type'];
  value: string;
}

export interface DnsMessage {
  rcode: Rcode;
  /** Authoritative answer. */
  aa: boolean;
  answers: DnsRR[];
  /** Extended DNS error (RFC 8914) the server attached, e.g. dnsmasq's 14 (Not Ready) with REFUSED. */
  ede?: { code: number; text: string };
  /** Milliseconds the server took (forwarding). */
  ms: number;
}

/** Hard ICMP errors a connected UDP socket reports (soft ones, like net unreachable, are ignored: a timeout). */
export type DnsSocketError = 'connection refused' | 'host unreachable' | 'network unreachable';

export type DnsExchange =
  | ({ kind: 'answer'; from: Ip; size: number } & DnsMessage)
  | { kind: 'timeout' }
  | { kind: 'error'; error: DnsSocketError }
  /** The client's own kernel refused to send (no route). */
  | { kind: 'local'; errno: LocalErrno };

export interface QueryOptions {
  record?: boolean;
  port?: number;
}

const MAX_FORWARD_DEPTH = 8;
/** CoreDNS forward plugin's defaultTimeout: how long it tries silent upstreams. */
const COREDNS_FORWARD_DEADLINE_MS = 5000;
const MAX_CNAME_CHAIN = 16;

const lower = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** `10.2.0.10.in-addr.arpa` for 10.0.2.10. */
export function reverseZoneName(ip: Ip): string {
  return formatIp(ip).split('.').reverse().join('.') + '.in-addr.arpa';
}

/** Length of a name in wire format (labels with length bytes, and the root). */
function wireLength(name: string): number {
  const n = lower(name);
  return n === '' ? 1 : n.split('.').reduce((sum, l) => sum + l.length + 1, 0) + 1;
}

/**
 * Size of the answer as dnsmasq sends it: owner names compressed to a pointer, CNAME and
 * PTR targets written out in full, one OPT record (plus an EDE option when present).
 */
function messageSize(qname: string, m: DnsMessage): number {
  let size = 12 + wireLength(qname) + 4;
  for (const rr of m.answers) size += 2 + 10 + (rr.type === 'A' ? 4 : wireLength(rr.value));
  return size + 11 + (m.ede ? 6 : 0);
}

// --- the server side -------------------------------------------------------------------

type DnsApp = Extract<App, { kind: 'dns' }>;

/** The zone holding `name`: the longest origin it is in, or any zone with a record of that exact name. */
function zoneOf(app: DnsApp, name: string) {
  let best: DnsApp['zones'][number] | undefined;
  for (const z of app.zones) {
    const origin = lower(z.origin);
    if ((name === origin || name.endsWith('.' + origin)) && (!best || origin.length > lower(best.origin).length)) best = z;
  }
  return best ?? app.zones.find((z) => z.records.some((r) => lower(r.name) === name));
}

/** A name exists in a zone if it owns records, is the origin, or has names below it. */
function nameExists(zone: DnsApp['zones'][number], name: string): boolean {
  return name === lower(zone.origin) || zone.records.some((r) => lower(r.name) === name || lower(r.name).endsWith('.' + name));
}

/** What the DNS app on `host` answers for qname/qtype; null when it sends nothing back. */
function serverAnswer(world: World, host: string, app: DnsApp, qname: string, qtype: QType, record: boolean, depth: number): DnsMessage | null {
  const answers: DnsRR[] = [];
  let name = lower(qname);
  if (app.cluster) {
    const k = clusterDnsAnswer(world, app.cluster.domain, qname, qtype);
    if (k) return { rcode: k.rcode, aa: true, answers: k.answers, ms: 0 };
  }
  if (!zoneOf(app, name)) return forward(world, host, app, qname, qtype, record, depth);
  for (let i = 0; i < MAX_CNAME_CHAIN; i++) {
    const zone = zoneOf(app, name);
    if (!zone) {
      // A CNAME out of our zones: a forwarding server resolves the target too.
      const more = app.forwarders.length ? forward(world, host, app, name, qtype, record, depth) : null;
      return { rcode: more?.rcode ?? 'NOERROR', aa: false, answers: [...answers, ...(more?.answers ?? [])], ms: more?.ms ?? 0 };
    }
    // The first owner is the name as asked (dnsmasq copies the question), later ones the CNAME targets.
    const owner = answers.length ? name : qname.replace(/\.$/, '');
    const rr = (r: DnsRecord): DnsRR => ({ name: owner, ttl: zone.ttl, type: r.type, value: r.value });
    const owned = zone.records.filter((r) => lower(r.name) === name);
    const match = owned.filter((r) => qtype === 'ANY' || r.type === qtype);
    if (match.length) return { rcode: 'NOERROR', aa: true, answers: [...answers, ...match.map(rr)], ms: 0 };
    const cname = owned.find((r) => r.type === 'CNAME');
    if (!cname || qtype === 'CNAME') {
      const exists = nameExists(zone, name);
      return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', aa: exists, answers, ms: 0 };
    }
    answers.push(rr(cname));
    name = lower(cname.value);
  }
  return { rcode: 'SERVFAIL', aa: false, answers: [], ms: 0 };
}

/** Asks the forwarders in turn (each a probe from the server's host); REFUSED without any. */
function forward(world: World, host: string, app: DnsApp, qname: string, qtype: QType, record: boolean, depth: number): DnsMessage | null {
  if (!app.forwarders.length) return { rcode: 'REFUSED', aa: false, answers: [], ede: { code: 14, text: 'Not Ready' }, ms: 0 };
  if (depth >= MAX_FORWARD_DEPTH) return { rcode: 'SERVFAIL', aa: false, answers: [], ms: 0 };
  let unreachable = false;
  let last: { to: Ip; ex: DnsExchange } | undefined;
  for (const fwd of app.forwarders) {
    const ex = exchange(world, host, fwd, qname, qtype, { record }, depth + 1);
    if (ex.kind === 'answer') return { rcode: ex.rcode, aa: false, answers: ex.answers, ms: ex.ms + 1 };
    if (ex.kind !== 'timeout') unreachable = true;
    last = { to: fwd, ex };
  }
  if (app.cluster && record && last) logForwardError(world, host, qname, qtype, last.to, last.ex);
  // Upstreams that refuse outright get the client a SERVFAIL; silent ones leave dnsmasq's client
  // waiting, while CoreDNS's forward plugin gives up after its 5 s deadline with a SERVFAIL.
  if (unreachable) return { rcode: 'SERVFAIL', aa: false, answers: [], ms: 0 };
  return app.cluster ? { rcode: 'SERVFAIL', aa: false, answers: [], ms: COREDNS_FORWARD_DEADLINE_MS } : null;
}

/** CoreDNS's errors plugin logging a failed forward: `[ERROR] plugin/errors: 2 NAME. A: read udp ...`. */
function logForwardError(world: World, host: string, qname: string, qtype: QType, to: Ip, ex: DnsExchange): void {
  const from = world.hosts[host]?.ifaces.find((i) => i.name === 'eth0')?.addrs[0]?.ip;
  if (from === undefined) return;
  const port = 32768 + ((Math.floor(Math.abs(world.now) / 1000) * 7919 + qname.length * 104729) % 28000);
  const sock = `udp ${formatIp(from)}:${port}->${formatIp(to)}:53`;
  const why = ex.kind === 'timeout' ? `read ${sock}: i/o timeout`
    : ex.kind === 'error' ? `read ${sock}: read: ${ex.error}`
    : `dial ${sock}: connect: network is unreachable`;
  appendPodLog(world, host, `[ERROR] plugin/errors: 2 ${lower(qname)}. ${qtype}: ${why}`);
}

function exchange(world: World, hostName: string, server: Ip, qname: string, qtype: QType, opts: QueryOptions, depth: number): DnsExchange {
  const size = 28 + 12 + wireLength(qname) + 4 + 11;
  const r = probe(world, hostName, { proto: 'udp', dst: server, dport: opts.port ?? 53, size }, { record: !!opts.record });
  if (r.kind === 'local') return { kind: 'local', errno: r.errno };
  if (r.kind === 'timeout') return { kind: 'timeout' };
  if (r.kind === 'icmp') {
    // icmp_err_convert: only "fatal" errors reach a UDP socket without IP_RECVERR.
    switch (r.type) {
      case 'port-unreachable':
      case 'proto-unreachable':
        return { kind: 'error', error: 'connection refused' };
      case 'net-prohibited':
        return { kind: 'error', error: 'network unreachable' };
      case 'host-prohibited':
      case 'admin-prohibited':
        return { kind: 'error', error: 'host unreachable' };
      default:
        return { kind: 'timeout' };
    }
  }
  const app = r.service?.listener.app;
  if (!r.service || app?.kind !== 'dns') return { kind: 'timeout' };
  const m = serverAnswer(world, r.service.host, app, qname, qtype, !!opts.record, depth);
  if (!m) return { kind: 'timeout' };
  return { kind: 'answer', from: r.from, size: messageSize(qname, m), ...m };
}

/** One query to one server, one attempt: what dig, nslookup and host see. */
export function queryDns(world: World, hostName: string, server: Ip, qname: string, qtype: QType, opts: QueryOptions = {}): DnsExchange {
  return exchange(world, hostName, server, qname, qtype, opts, 0);
}

// --- the client configuration ----------------------------------------------------------

export interface ResolvConf {
  nameservers: Ip[];
  search: string[];
  ndots: number;
  /** options timeout:N (seconds), attempts:N */
  timeoutMs: number;
  attempts: number;
}

const LOCALHOST = parseIp('127.0.0.1')!;

/** /etc/resolv.conf as glibc reads it (at most 3 nameservers; the local one when none). */
export function parseResolvConf(text: string | undefined): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1, timeoutMs: 5000, attempts: 2 };
  for (const raw of (text ?? '').split('\n')) {
    const [key, ...args] = raw.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (key === 'nameserver') {
      const ip = args[0] === undefined ? null : parseIp(args[0]);
      if (ip !== null && conf.nameservers.length < 3) conf.nameservers.push(ip);
    } else if (key === 'search' || key === 'domain') {
      conf.search = (key === 'domain' ? args.slice(0, 1) : args.slice(0, 6)).map(lower).filter((d) => d !== '');
    } else if (key === 'options') {
      for (const o of args) {
        const m = /^(ndots|timeout|attempts):(\d+)$/.exec(o);
        if (!m) continue;
        const n = Number(m[2]);
        if (m[1] === 'ndots') conf.ndots = Math.min(n, 15);
        else if (m[1] === 'timeout') conf.timeoutMs = Math.min(Math.max(n, 1), 30) * 1000;
        else conf.attempts = Math.min(Math.max(n, 1), 5);
      }
    }
  }
  if (!conf.nameservers.length) conf.nameservers.push(LOCALHOST);
  return conf;
}

/** The `hosts:` sources of /etc/nsswitch.conf that are modelled, in order (default `files dns`). */
function hostSources(host: Host): ('files' | 'dns')[] {
  const line = /^hosts:(.*)$/m.exec(host.files['/etc/nsswitch.conf'] ?? '');
  if (!line) return ['files', 'dns'];
  return line[1].replace(/\[[^\]]*\]/g, ' ').trim().split(/\s+/).filter((s): s is 'files' | 'dns' => s === 'files' || s === 'dns');
}

export interface HostsEntry {
  ip: Ip;
  names: string[];
}

/** The IPv4 lines of /etc/hosts, in file order. */
export function parseHostsFile(text: string | undefined): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of (text ?? '').split('\n')) {
    const [addr, ...names] = raw.replace(/#.*$/, '').trim().split(/\s+/);
    const ip = addr ? parseIp(addr) : null;
    if (ip !== null && names.length) out.push({ ip, names });
  }
  return out;
}

/** The files backend: every line naming `name` (host.conf `multi on`), h_name from the first. */
function filesLookup(host: Host, name: string): { addrs: Ip[]; canonical: string; aliases: string[] } | null {
  const key = lower(name);
  const lines = parseHostsFile(host.files['/etc/hosts']).filter((e) => e.names.some((n) => n.toLowerCase() === key));
  if (!lines.length) return null;
  return { addrs: lines.map((e) => e.ip), canonical: lines[0].names[0], aliases: lines[0].names.slice(1) };
}

// --- glibc's stub resolver -------------------------------------------------------------

/** `ms`: the time the lookup took (timeouts of silent servers). */
type Timed = { ms: number };

export type ResolveResult =
  | ({ kind: 'ok'; addrs: Ip[]; canonical?: string; server?: Ip; aliases?: string[] } & Timed)
  | ({ kind: 'nxdomain' } & Timed)
  | ({ kind: 'timeout' } & Timed)
  | ({ kind: 'refused' } & Timed)
  | ({ kind: 'servfail' } & Timed);

export interface ResolveOptions {
  /** Count the queries' packets (what player commands do). */
  record?: boolean;
  /** Ask this server only instead of resolv.conf's. */
  server?: Ip;
  /** Per-try timeout and tries, instead of resolv.conf's options. */
  timeoutMs?: number;
  tries?: number;
}

/** Outcome of res_send for one name: an answer, or TRY_AGAIN for a reason. */
type SendOutcome =
  | { kind: 'answer'; msg: DnsMessage; server: Ip }
  | { kind: 'timeout' | 'refused' | 'servfail' | 'connrefused' };

interface Stub {
  world: World;
  host: string;
  servers: Ip[];
  timeoutMs: number;
  attempts: number;
  qtype: QType;
  record: boolean;
  elapsed: number;
}

/**
 * res_send: `attempts` rounds over the servers. A REFUSED/SERVFAIL answer or an ICMP error
 * moves on to the next server; a silent one costs its timeout (glibc's `retrans << ns`
 * divided by the server count for all but the first).
 */
function send(s: Stub, qname: string): SendOutcome {
  let timedOut = false;
  let bad: Rcode | undefined;
  for (let t = 0; t < s.attempts; t++) {
    for (let ns = 0; ns < s.servers.length; ns++) {
      const ex = queryDns(s.world, s.host, s.servers[ns], qname, s.qtype, { record: s.record });
      if (ex.kind === 'answer') {
        if (ex.rcode === 'NOERROR' || ex.rcode === 'NXDOMAIN') return { kind: 'answer', msg: ex, server: s.servers[ns] };
        bad = ex.rcode;
      } else if (ex.kind === 'timeout') {
        timedOut = true;
        s.elapsed += Math.max(1000, Math.floor(((s.timeoutMs / 1000) << ns) / (ns > 0 ? s.servers.length : 1)) * 1000);
      }
    }
  }
  if (bad) return { kind: bad === 'SERVFAIL' ? 'servfail' : 'refused' };
  return { kind: timedOut ? 'timeout' : 'connrefused' };
}

type Query = { kind: 'ok'; addrs: Ip[]; canonical: string; aliases: string[]; server: Ip } | { kind: 'nodata' | 'nxdomain' | 'timeout' | 'refused' | 'servfail' | 'connrefused' };

/** res_query for one fully qualified name. */
function query(s: Stub, name: string): Query {
  const out = send(s, name);
  if (out.kind !== 'answer') return out;
  const { msg } = out;
  if (msg.rcode === 'NXDOMAIN') return { kind: 'nxdomain' };
  const want = msg.answers.filter((rr) => rr.type === s.qtype);
  if (!want.length) return { kind: 'nodata' };
  const aliases = msg.answers.filter((rr) => rr.type === 'CNAME').map((rr) => rr.name);
  const canonical = want[0].name;
  return { kind: 'ok', addrs: want.map((rr) => (s.qtype === 'A' ? parseIp(rr.value)! : 0)), canonical: s.qtype === 'A' ? canonical : want[0].value, aliases, server: out.server };
}

/**
 * res_search: names with at least ndots dots are tried as they are first, then with each
 * search domain; others the other way round. NXDOMAIN and NODATA go on to the next
 * candidate, any other failure ends the search; the reported failure is the as-is try's.
 */
function search(s: Stub, typed: string, conf: ResolvConf): Query {
  const trailingDot = typed.endsWith('.');
  const name = trailingDot ? typed.slice(0, -1) : typed;
  const dots = name.split('.').length - 1;
  let saved: Query | undefined;
  if (dots >= conf.ndots || trailingDot) {
    const r = query(s, name);
    if (r.kind === 'ok' || trailingDot) return r;
    saved = r;
  }
  let last: Query | undefined;
  let nodata: Query | undefined;
  let servfail: Query | undefined;
  for (const domain of conf.search) {
    const r = query(s, `${name}.${domain}`);
    if (r.kind === 'ok' || r.kind === 'connrefused') return r;
    last = r;
    if (r.kind === 'nodata') nodata ??= r;
    else if (r.kind === 'servfail') servfail ??= r;
    else if (r.kind !== 'nxdomain') break;
  }
  if (!saved) {
    const r = query(s, name);
    if (r.kind === 'ok') return r;
    last = r;
  }
  return saved ?? nodata ?? servfail ?? last ?? { kind: 'nxdomain' };
}

function stubFor(world: World, hostName: string, qtype: QType, opts: ResolveOptions): { stub: Stub; conf: ResolvConf } {
  const conf = parseResolvConf(world.hosts[hostName].files['/etc/resolv.conf']);
  const stub: Stub = {
    world, host: hostName, qtype, record: !!opts.record, elapsed: 0,
    servers: opts.server !== undefined ? [opts.server] : conf.nameservers,
    timeoutMs: opts.timeoutMs ?? conf.timeoutMs,
    attempts: opts.tries ?? conf.attempts,
  };
  return { stub, conf };
}

/**
 * getaddrinfo for IPv4: an address literal as is, then the `hosts:` sources of
 * nsswitch.conf (/etc/hosts, then DNS).
 */
export function resolveHost(world: World, hostName: string, name: string, opts: ResolveOptions = {}): ResolveResult {
  const literal = parseIp(name);
  if (literal !== null) return { kind: 'ok', addrs: [literal], ms: 0 };
  const host = world.hosts[hostName];
  let result: ResolveResult = { kind: 'nxdomain', ms: 0 };
  let elapsed = 0;
  for (const source of hostSources(host)) {
    if (source === 'files') {
      const f = filesLookup(host, name);
      if (f) return { kind: 'ok', ...f, ms: elapsed };
      continue;
    }
    const { stub, conf } = stubFor(world, hostName, 'A', opts);
    const r = search(stub, name, conf);
    elapsed += stub.elapsed;
    if (r.kind === 'ok') return { ...r, ms: elapsed };
    if (r.kind === 'nodata') return { kind: 'ok', addrs: [], ms: elapsed };
    result = { kind: r.kind === 'connrefused' ? 'refused' : r.kind, ms: elapsed };
  }
  return result;
}

/** getnameinfo(NI_NAMEREQD) for an IPv4 address: /etc/hosts, then a PTR query; null if neither knows it. */
export function reverseName(world: World, hostName: string, ip: Ip, opts: ResolveOptions = {}): string | null {
  const host = world.hosts[hostName];
  for (const source of hostSources(host)) {
    if (source === 'files') {
      const line = parseHostsFile(host.files['/etc/hosts']).find((e) => e.ip === ip);
      if (line) return line.names[0];
      continue;
    }
    const { stub } = stubFor(world, hostName, 'PTR', opts);
    const r = query(stub, reverseZoneName(ip));
    if (r.kind === 'ok') return r.canonical;
  }
  return null;
}

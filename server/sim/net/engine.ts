// The packet walk: one function that carries a packet through the world the way the
// Linux kernel would, hook by hook (OUTPUT/PREROUTING -> routing -> INPUT or FORWARD ->
// POSTROUTING -> ARP on the next hop), and `probe`, which sends a request and walks the
// answer (reply, ICMP error or RST) back along the *return* path. Every network
// command (ping, traceroute, curl, nc, dig, ssh) and every objective asks `probe`.
import { formatIp, inPrefix, parseCidr, type Ip } from './ip.js';
import { L2View, findIface, isOperUp } from './l2.js';
import { isLocalAddress, lookupRoute, type Lookup } from './route.js';
import { evalChain, type PacketView } from './netfilter.js';
import type { CtState, Host, Iface, Listener, Proto, RejectWith, World } from '../world/types.js';
import { syncNodeRules } from '../k8s/controllers/kube-proxy.js';
import { cniAllows } from '../k8s/networkpolicy.js';
import { worldRandom } from '../rng.js';

export type IcmpError =
  | 'net-unreachable'
  | 'host-unreachable'
  | 'port-unreachable'
  | 'proto-unreachable'
  | 'net-prohibited'
  | 'host-prohibited'
  | 'admin-prohibited'
  | 'ttl-exceeded'
  | 'frag-needed';

export type LocalErrno = 'ENETUNREACH' | 'EHOSTUNREACH' | 'EMSGSIZE' | 'EACCES' | 'EINVAL';

export interface Packet {
  src: Ip;
  dst: Ip;
  proto: Proto;
  sport: number;
  dport: number;
  ttl: number;
  /** IP total length in bytes. */
  size: number;
  df: boolean;
  ct: CtState;
  /** What the packet is, for listeners and iptables' --icmp-type. */
  icmp?: 'echo-request' | 'echo-reply' | 'error';
  tcp?: 'syn' | 'syn-ack' | 'rst';
  /** The mark iptables' MARK target set on this host (kube-proxy's 0x4000: masquerade it); gone when it leaves. */
  mark?: number;
}

/** A NAT translation made on the way out, undone for the answer (conntrack). */
interface NatEntry {
  host: string;
  kind: 'snat' | 'dnat';
  orig: { ip: Ip; port: number };
  to: { ip: Ip; port: number };
}

type Walk =
  | { kind: 'delivered'; host: Host; dev: string; pkt: Packet; routers: number }
  | { kind: 'dropped' }
  | { kind: 'local-error'; errno: LocalErrno; mtu?: number }
  /** An ICMP error (or a TCP reset) generated at `host` about `pkt`. */
  | { kind: 'error'; host: Host; type: IcmpError | 'tcp-reset'; pkt: Packet; mtu?: number };

interface WalkCtx {
  world: World;
  l2: L2View;
  record: boolean;
  nat: NatEntry[];
  /** Walking an answer: undo `nat` instead of consulting the nat table. */
  reply: boolean;
  /**
   * Hosts whose conntrack confirmed the request (it left them, or was delivered): an answer
   * is ESTABLISHED/RELATED there and INVALID anywhere else (an asymmetric return path).
   */
  seen: Set<Host>;
  /** The host that made an ICMP error or a REJECT's reset: it carries the request's entry there (RELATED). */
  attached?: Host;
  /** An unrecorded walk (an objective check) draws from a copy of the world's PRNG, leaving the players' sequence alone. */
  shadowRng?: { rng: number };
}

const REJECT_TO_ICMP: Record<Exclude<RejectWith, 'tcp-reset'>, IcmpError> = {
  'icmp-net-unreachable': 'net-unreachable',
  'icmp-host-unreachable': 'host-unreachable',
  'icmp-port-unreachable': 'port-unreachable',
  'icmp-proto-unreachable': 'proto-unreachable',
  'icmp-net-prohibited': 'net-prohibited',
  'icmp-host-prohibited': 'host-prohibited',
  'icmp-admin-prohibited': 'admin-prohibited',
};

function view(ctx: WalkCtx, p: Packet, inDev?: string, outDev?: string, ct: CtState = p.ct): PacketView {
  const v: PacketView = {
    random: () => worldRandom(ctx.record ? ctx.world : (ctx.shadowRng ??= { rng: ctx.world.rng })),
    proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport, in: inDev, out: outDev, ctstate: ct, bytes: p.size,
    icmpType: p.icmp === 'echo-request' ? 'echo-request' : p.icmp === 'echo-reply' ? 'echo-reply' : undefined,
  };
  if (p.mark !== undefined) v.mark = p.mark;
  return v;
}

/** Runs a chain on a view of the packet and keeps the mark its rules left. */
function run(ctx: WalkCtx, host: Host, table: 'filter' | 'nat', chain: string, p: Packet, pv: PacketView) {
  const v = evalChain(host, table, chain, pv, ctx.record);
  if (pv.mark !== p.mark) p.mark = pv.mark;
  return v;
}

type Verdict = { ok: true } | { ok: false; walk: Walk };

/** Runs a filter chain; DROP and REJECT become the walk's outcome. */
function filter(ctx: WalkCtx, host: Host, chain: string, p: Packet, inDev: string | undefined, outDev: string | undefined): Verdict {
  const ct = !ctx.reply ? p.ct : host === ctx.attached ? 'RELATED' : ctx.seen.has(host) ? p.ct : 'INVALID';
  const v = run(ctx, host, 'filter', chain, p, view(ctx, p, inDev, outDev, ct));
  if (v.verdict === 'ACCEPT') return { ok: true };
  if (v.verdict === 'DROP' || p.icmp === 'error') return { ok: false, walk: { kind: 'dropped' } };
  const w = v.rejectWith ?? 'icmp-port-unreachable';
  // tcp-reset only applies to TCP; iptables refuses it for other protocols.
  const type = w === 'tcp-reset' ? (p.proto === 'tcp' ? 'tcp-reset' : 'port-unreachable') : REJECT_TO_ICMP[w];
  return { ok: false, walk: { kind: 'error', host, type, pkt: p } };
}

/** nat PREROUTING / OUTPUT: DNAT of a new connection. */
function dnat(ctx: WalkCtx, host: Host, chain: 'PREROUTING' | 'OUTPUT', p: Packet, inDev?: string): void {
  if (ctx.reply || p.ct !== 'NEW') return;
  const v = run(ctx, host, 'nat', chain, p, view(ctx, p, inDev));
  if (v.nat?.kind !== 'DNAT') return;
  const to = { ip: v.nat.ip, port: v.nat.port ?? p.dport };
  ctx.nat.push({ host: host.name, kind: 'dnat', orig: { ip: p.dst, port: p.dport }, to });
  p.dst = to.ip;
  p.dport = to.port;
}

/** nat POSTROUTING: SNAT/MASQUERADE of a new connection leaving through `outDev`. */
function snat(ctx: WalkCtx, host: Host, p: Packet, outDev: Iface, nextHop: Ip): void {
  if (ctx.reply || p.ct !== 'NEW') return;
  const v = run(ctx, host, 'nat', 'POSTROUTING', p, view(ctx, p, undefined, outDev.name));
  if (v.nat?.kind !== 'SNAT' && v.nat?.kind !== 'MASQUERADE') return;
  const ip = v.nat.kind === 'SNAT' ? v.nat.ip : masqueradeSource(outDev, nextHop);
  if (ip === null) return;
  ctx.nat.push({ host: host.name, kind: 'snat', orig: { ip: p.src, port: p.sport }, to: { ip, port: p.sport } });
  p.src = ip;
}

function masqueradeSource(dev: Iface, nextHop: Ip): Ip | null {
  const a = dev.addrs.find((x) => inPrefix(nextHop, x.ip, x.prefix)) ?? dev.addrs[0];
  return a ? a.ip : null;
}

/** Conntrack undoes NAT for answers: de-SNAT before routing, de-DNAT on the way out. */
function unSnat(ctx: WalkCtx, host: Host, p: Packet): void {
  if (!ctx.reply) return;
  for (const e of ctx.nat) {
    if (e.host === host.name && e.kind === 'snat' && p.dst === e.to.ip) {
      p.dst = e.orig.ip;
      p.dport = e.orig.port;
    }
  }
}

function unDnat(ctx: WalkCtx, host: Host, p: Packet): void {
  if (!ctx.reply) return;
  for (const e of ctx.nat) {
    if (e.host === host.name && e.kind === 'dnat' && p.src === e.to.ip && (p.proto === 'icmp' || p.sport === e.to.port)) {
      p.src = e.orig.ip;
      p.sport = e.orig.port;
    }
  }
}

/** Stateful cloud security groups: new inbound traffic needs a matching ingress rule. */
function securityGroupsAllow(world: World, iface: Iface, p: Packet): boolean {
  if (!iface.securityGroups?.length || p.ct !== 'NEW') return true;
  return iface.securityGroups.some((id) =>
    world.securityGroups[id]?.ingress.some((r) => {
      if (r.proto !== 'all' && r.proto !== p.proto) return false;
      const net = parseCidr(r.cidr);
      if (!net || !inPrefix(p.src, net.ip, net.prefix)) return false;
      return r.fromPort === undefined || p.proto === 'icmp' || (p.dport >= r.fromPort && p.dport <= (r.toPort ?? r.fromPort));
    }),
  );
}

/** ARP: the interface on `dev`'s segment whose host answers for `ip`; the newest address wins a duplicate. */
function resolveNeighbour(ctx: WalkCtx, host: Host, dev: Iface, ip: Ip): { host: Host; iface: Iface } | null {
  const seg = ctx.l2.segmentOf(host, dev);
  if (seg === null) return null;
  let best: { host: Host; iface: Iface; seq: number } | null = null;
  for (const { host: h, seq } of ctx.l2.ownersOf(ip)) {
    if (best && seq <= best.seq) continue;
    const iface = h.ifaces.find((i) => !(h === host && i === dev) && ctx.l2.segmentOf(h, i) === seg);
    if (iface) best = { host: h, iface, seq };
  }
  return best;
}

function recordNeighbour(ctx: WalkCtx, host: Host, dev: string, ip: Ip, mac: string | undefined): void {
  if (!ctx.record) return;
  const state = mac ? 'REACHABLE' : 'FAILED';
  const entry = host.neigh.find((n) => n.ip === ip && n.dev === dev);
  if (entry) Object.assign(entry, { mac: mac ?? entry.mac, state, at: ctx.world.now });
  else host.neigh.push({ ip, dev, mac, state, at: ctx.world.now });
}

function count(ctx: WalkCtx, iface: Iface, dir: 'tx' | 'rx', bytes: number): void {
  if (!ctx.record) return;
  if (dir === 'tx') {
    iface.stats.txPackets++;
    iface.stats.txBytes += bytes + 14;
  } else {
    iface.stats.rxPackets++;
    iface.stats.rxBytes += bytes + 14;
  }
}

const MAX_HOPS = 64;

/** What connect()/sendmsg() fail with when the sender's own route lookup finds no unicast route. */
function routeErrno(kind: Lookup['kind']): LocalErrno {
  return kind === 'prohibit' ? 'EACCES' : kind === 'blackhole' ? 'EINVAL' : kind === 'unreachable' ? 'EHOSTUNREACH' : 'ENETUNREACH';
}

/** Carries one packet from `origin` (where it is generated) until it is delivered, dropped or answered by an error. */
function walk(ctx: WalkCtx, origin: Host, pkt: Packet): Walk {
  let host = origin;
  let p = pkt;
  let inDev: string | undefined;
  let prev: Host | undefined;
  let routers = 0;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const local = hop === 0;
    syncNodeRules(ctx.world, host);
    if (!local) {
      unSnat(ctx, host, p);
      dnat(ctx, host, 'PREROUTING', p, inDev);
      // A pod's egress policy judges the connection once its node has translated a Service address.
      if (prev?.kind === 'pod' && !ctx.reply && p.ct === 'NEW' && !cniAllows(ctx.world, prev, 'egress', p.dst, p.proto, p.dport)) return { kind: 'dropped' };
    }
    let r = lookupRoute(ctx.world, host, p.dst, { src: local ? undefined : p.src, iif: inDev });
    if (local && (r.kind === 'unicast' || r.kind === 'local')) {
      const dst = p.dst;
      dnat(ctx, host, 'OUTPUT', p);
      // Routed again only when DNAT changed the destination (the lookup above had the same inputs).
      if (p.dst !== dst) r = lookupRoute(ctx.world, host, p.dst);
    }
    // A packet off the wire whose source is one of this host's own addresses is a martian
    // (fib_validate_source): dropped before local delivery or forwarding, even a looped one.
    const martian = !local && isLocalAddress(host, p.src);
    if (r.kind === 'local') {
      if (martian) return { kind: 'dropped' };
      if (local) {
        const out = filter(ctx, host, 'OUTPUT', p, undefined, 'lo');
        if (!out.ok) return out.walk;
      }
      const inp = filter(ctx, host, 'INPUT', p, local ? 'lo' : inDev, undefined);
      if (!inp.ok) return inp.walk;
      if (!ctx.reply) ctx.seen.add(host);
      unDnat(ctx, host, p);
      return { kind: 'delivered', host, dev: local ? 'lo' : inDev!, pkt: p, routers };
    }
    if (!local) {
      if (host.sysctl['net.ipv4.ip_forward'] !== '1') return { kind: 'dropped' };
      if (r.kind === 'none' || r.kind === 'unreachable') return { kind: 'error', host, type: r.kind === 'none' ? 'net-unreachable' : 'host-unreachable', pkt: p };
      if (r.kind === 'prohibit') return { kind: 'error', host, type: 'admin-prohibited', pkt: p };
      if (r.kind === 'blackhole' || martian) return { kind: 'dropped' };
      if (p.ttl <= 1) return { kind: 'error', host, type: 'ttl-exceeded', pkt: p };
      p = { ...p, ttl: p.ttl - 1 };
      routers++;
    } else if (r.kind !== 'unicast') {
      return { kind: 'local-error', errno: routeErrno(r.kind) };
    }
    if (r.kind !== 'unicast') return { kind: 'dropped' };
    const dev = findIface(host, r.dev)!;
    const v = local ? filter(ctx, host, 'OUTPUT', p, undefined, dev.name) : filter(ctx, host, 'FORWARD', p, inDev, dev.name);
    if (!v.ok) return v.walk;
    const nextHop = r.via ?? p.dst;
    snat(ctx, host, p, dev, nextHop);
    unDnat(ctx, host, p);
    const mtu = Math.min(dev.mtu, (local && host.pmtu[formatIp(p.dst)]) || Infinity);
    if (p.df && p.size > mtu) {
      if (local) return { kind: 'local-error', errno: 'EMSGSIZE', mtu };
      return { kind: 'error', host, type: 'frag-needed', pkt: p, mtu };
    }
    if (!ctx.reply) ctx.seen.add(host);
    // A device without carrier keeps its (linkdown) routes: ARP goes unanswered, as on an empty link.
    if (isOperUp(ctx.world, host, dev)) count(ctx, dev, 'tx', p.size);
    const next = resolveNeighbour(ctx, host, dev, nextHop);
    recordNeighbour(ctx, host, dev.name, nextHop, next?.iface.mac);
    if (!next) return { kind: 'error', host, type: 'host-unreachable', pkt: p };
    if (!securityGroupsAllow(ctx.world, next.iface, p)) return { kind: 'dropped' };
    if (!ctx.reply && p.ct === 'NEW' && !cniAllows(ctx.world, next.host, 'ingress', p.src, p.proto, p.dport)) return { kind: 'dropped' };
    count(ctx, next.iface, 'rx', p.size);
    delete p.mark;
    prev = host;
    host = next.host;
    inDev = next.iface.name;
  }
  return { kind: 'dropped' };
}

// --- probe: request and answer -----------------------------------------------------

export interface ProbeRequest {
  dst: Ip;
  proto: Proto;
  dport?: number;
  sport?: number;
  ttl?: number;
  /** IP total length; defaults to 84 for ICMP echo (56 data bytes), 60 for TCP SYN, 60 for UDP. */
  size?: number;
  df?: boolean;
  /** Bind to this source address (ping -I, curl --interface). */
  src?: Ip;
}

export interface ServiceHit {
  host: string;
  listener: Listener;
  /** Address and port the request arrived at, after any DNAT. */
  dst: Ip;
  dport: number;
}

export type ProbeResult =
  /** An answer came back: echo reply, SYN-ACK, a TCP RST from the destination, or a UDP reply. */
  | { kind: 'reply'; from: Ip; src: Ip; ttl: number; routers: number; tcp?: 'syn-ack' | 'rst'; service?: ServiceHit }
  /** An ICMP error came back from `from` (the sender itself when ARP failed on its own link). */
  | { kind: 'icmp'; from: Ip; src: Ip; type: IcmpError; mtu?: number }
  /** Nothing came back. */
  | { kind: 'timeout'; src: Ip }
  /** The sender's kernel refused to send (connect: Network is unreachable, message too long). */
  | { kind: 'local'; errno: LocalErrno; mtu?: number };

export interface ProbeOptions {
  /** Count packets in iptables counters, interface stats and the ARP cache (what player commands do). */
  record?: boolean;
  /** The L2 wiring as already built for this instant, when a caller probes many times and nothing changes in between. */
  l2?: L2View;
}

function defaultSize(proto: Proto): number {
  return proto === 'icmp' ? 84 : 60;
}

/** Source address the kernel would pick for `dst`, or null with no route. */
export function sourceFor(world: World, host: Host, dst: Ip): Ip | null {
  const r = lookupRoute(world, host, dst);
  if (r.kind === 'local') return isLocalAddress(host, dst) ? dst : null;
  return r.kind === 'unicast' ? r.src : null;
}

/** Sends `req` from `hostName` and walks whatever answer the world gives back. */
export function probe(world: World, hostName: string, req: ProbeRequest, opts: ProbeOptions = {}): ProbeResult {
  const origin = world.hosts[hostName];
  const ctx: WalkCtx = { world, l2: opts.l2 ?? new L2View(world), record: !!opts.record, nat: [], reply: false, seen: new Set() };
  const src = req.src ?? sourceFor(world, origin, req.dst);
  if (src === null) return { kind: 'local', errno: routeErrno(lookupRoute(world, origin, req.dst).kind) };
  const pkt: Packet = {
    src, dst: req.dst, proto: req.proto, sport: req.sport ?? 40000, dport: req.dport ?? 0, ttl: req.ttl ?? 64,
    size: req.size ?? defaultSize(req.proto), df: req.df ?? req.proto !== 'icmp', ct: 'NEW',
    icmp: req.proto === 'icmp' ? 'echo-request' : undefined, tcp: req.proto === 'tcp' ? 'syn' : undefined,
  };
  const out = walk(ctx, origin, pkt);
  switch (out.kind) {
    case 'local-error':
      return { kind: 'local', errno: out.errno, mtu: out.mtu };
    case 'dropped':
      return { kind: 'timeout', src };
    case 'error':
      return answerError(ctx, origin, out, src);
    case 'delivered':
      return answerDelivered(ctx, origin, out, src);
  }
}

/**
 * An ICMP error or RST generated on the way: it must itself travel back to the sender, also
 * when the sender made it (a failed ARP, its own REJECT): then it crosses the sender's OUTPUT
 * and INPUT chains, where a rule may drop it. icmp_send() answers a packet addressed to this
 * host from that address, any other from the address routing picks towards the sender.
 */
function answerError(ctx: WalkCtx, origin: Host, e: Extract<Walk, { kind: 'error' }>, src: Ip): ProbeResult {
  const from = e.type === 'tcp-reset' || isLocalAddress(e.host, e.pkt.dst) ? e.pkt.dst : sourceFor(ctx.world, e.host, e.pkt.src);
  if (from === null) return { kind: 'timeout', src };
  ctx.attached = e.host;
  const back = answer(ctx, e.host, e.pkt, from, e.type === 'tcp-reset' ? 'ESTABLISHED' : 'RELATED');
  if (back.kind !== 'delivered' || back.host !== origin) return { kind: 'timeout', src };
  if (e.type === 'tcp-reset') return { kind: 'reply', from: back.pkt.src, src, ttl: back.pkt.ttl, routers: back.routers, tcp: 'rst' };
  if (e.type === 'frag-needed' && ctx.record) origin.pmtu[formatIp(e.pkt.dst)] = e.mtu!;
  return { kind: 'icmp', from: back.pkt.src, src, type: e.type, mtu: e.mtu };
}

/** Walks the answer to `about` from `host` (source `from`) back towards about.src. */
function answer(ctx: WalkCtx, host: Host, about: Packet, from: Ip, ct: CtState, kind?: Partial<Packet>): Walk {
  ctx.reply = true;
  const isError = ct === 'RELATED';
  const pkt: Packet = {
    src: from, dst: about.src, proto: isError ? 'icmp' : about.proto, sport: isError ? 0 : about.dport, dport: isError ? 0 : about.sport,
    ttl: 64, size: isError ? 56 + Math.min(about.size, 28) : about.proto === 'tcp' ? 40 : about.size, df: false, ct,
    icmp: isError ? 'error' : undefined, ...kind,
  };
  return walk(ctx, host, pkt);
}

function findListener(host: Host, p: Packet): Listener | undefined {
  for (const unit of Object.values(host.units)) {
    if (unit.state !== 'active') continue;
    const l = unit.listeners.find((x) => x.proto === p.proto && x.port === p.dport && (x.addr === 0 || x.addr === p.dst));
    if (l) return l;
  }
  for (const proc of host.procs ?? []) {
    const l = proc.ended ? undefined : proc.listeners.find((x) => x.proto === p.proto && x.port === p.dport && (x.addr === 0 || x.addr === p.dst));
    if (l) return l;
  }
  return undefined;
}

/** The destination's stack answers: echo reply, SYN-ACK or RST, UDP reply or port unreachable. */
function answerDelivered(ctx: WalkCtx, origin: Host, d: Extract<Walk, { kind: 'delivered' }>, src: Ip): ProbeResult {
  const { host, pkt } = d;
  const hit = (l: Listener): ServiceHit => ({ host: host.name, listener: l, dst: pkt.dst, dport: pkt.dport });
  let back: Walk;
  let result: (w: Extract<Walk, { kind: 'delivered' }>) => ProbeResult;
  const reply = (w: Extract<Walk, { kind: 'delivered' }>, extra: object = {}): ProbeResult => ({ kind: 'reply', from: w.pkt.src, src, ttl: w.pkt.ttl, routers: w.routers, ...extra });
  if (pkt.proto === 'icmp') {
    if (host.sysctl['net.ipv4.icmp_echo_ignore_all'] === '1') return { kind: 'timeout', src };
    back = answer(ctx, host, pkt, pkt.dst, 'ESTABLISHED', { icmp: 'echo-reply', size: pkt.size });
    result = (w) => reply(w);
  } else if (pkt.proto === 'tcp') {
    const l = findListener(host, pkt);
    back = answer(ctx, host, pkt, pkt.dst, 'ESTABLISHED', { tcp: l ? 'syn-ack' : 'rst' });
    result = (w) => reply(w, l ? { tcp: 'syn-ack', service: hit(l) } : { tcp: 'rst' });
  } else {
    const l = findListener(host, pkt);
    if (!l) {
      const e: Extract<Walk, { kind: 'error' }> = { kind: 'error', host, type: 'port-unreachable', pkt };
      return answerError(ctx, origin, e, src);
    }
    back = answer(ctx, host, pkt, pkt.dst, 'ESTABLISHED');
    result = (w) => reply(w, { service: hit(l) });
  }
  if (back.kind === 'delivered' && back.host === origin) return result(back);
  return { kind: 'timeout', src };
}

// Netfilter's rule walk: a packet goes through a chain's rules in order; the first terminal
// target decides, user chains are called and return, LOG and rules without a target go on,
// and a built-in chain that runs out falls back to its policy. The packet walker calls this
// per hook in kernel order (nat PREROUTING, routing, filter INPUT/FORWARD, filter OUTPUT,
// nat POSTROUTING); nat chains only see a connection's first packet, which is its concern.
import { inPrefix, type Ip } from './ip.js';
import { ICMP_TYPES, icmpSpec } from './iptables-ext.js';
import { isBuiltin, type TableName } from './iptables-rules.js';
import type { CtState, Host, IptChain, IptMatch, IptRule, PortMatch, Proto, RejectWith } from '../world/types.js';

/** What the rules can see of a packet. */
export interface PacketView {
  proto: Proto;
  src: Ip;
  dst: Ip;
  sport?: number;
  dport?: number;
  /** Interface it came in on (PREROUTING, INPUT, FORWARD). */
  in?: string;
  /** Interface it leaves by (FORWARD, OUTPUT, POSTROUTING). */
  out?: string;
  ctstate: CtState;
  /** ICMP type by iptables' name (`echo-request`, `port-unreachable`, ...) or `type[/code]`. */
  icmpType?: string;
  /** TCP flag bits (FIN 1, SYN 2, RST 4, ACK 16); absent: SYN for a NEW connection, else ACK. */
  tcpFlags?: number;
  /** IP total length, for the byte counters. */
  bytes: number;
  /** Draws in [0, 1) for -m statistic (the world's PRNG); absent, such a rule matches with its probability rounded. */
  random?: () => number;
  /** The packet's mark (skb->mark) on this host: -j MARK sets it, -m mark tests it. */
  mark?: number;
}

export type NatAction = { kind: 'DNAT'; ip: Ip; port?: number } | { kind: 'SNAT'; ip: Ip } | { kind: 'MASQUERADE' };

export interface Verdict {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** For REJECT: the reply to send (icmp-port-unreachable unless the rule says otherwise). */
  rejectWith?: RejectWith;
  /** For a nat chain: the translation the matching rule asks for. */
  nat?: NatAction;
  /** LOG rules the packet passed, in order (for the kernel log). */
  logs?: { prefix: string; level: number }[];
}

/** Deeper than the kernel would ever go; only a hand-made looping ruleset gets here. */
const MAX_DEPTH = 64;

function ifaceMatches(want: { name: string; neg?: boolean } | undefined, have: string | undefined): boolean {
  if (!want) return true;
  const name = have ?? '';
  const hit = want.name.endsWith('+') ? name.startsWith(want.name.slice(0, -1)) : name === want.name;
  return hit !== !!want.neg;
}

function portMatches(p: PortMatch | undefined, port: number | undefined): boolean {
  if (!p) return true;
  if (port === undefined) return false;
  return (port >= p.from && port <= p.to) !== !!p.neg;
}

function packetIcmp(text: string | undefined): { type: number; code: number } | undefined {
  if (text === undefined) return undefined;
  const named = ICMP_TYPES.find(([name]) => name === text);
  if (named) return { type: named[1], code: named[2] };
  const spec = icmpSpec(text);
  return Number.isNaN(spec.type) ? undefined : { type: spec.type, code: spec.codeMin };
}

function icmpMatches(m: IptMatch, pkt: PacketView): boolean {
  if (m.icmpType === undefined) return true;
  if (pkt.proto !== 'icmp') return false;
  const want = icmpSpec(m.icmpType);
  const have = packetIcmp(pkt.icmpType);
  const hit = want.type === 255 || (have !== undefined && have.type === want.type && have.code >= want.codeMin && have.code <= want.codeMax);
  return hit !== !!m.icmpTypeNeg;
}

/** Whether every match of the rule holds for the packet (-m limit never runs dry here). */
export function ruleMatches(rule: IptRule, pkt: PacketView): boolean {
  const m = rule.match;
  if (m.proto && m.proto !== 'all' && (pkt.proto === m.proto) === !!m.protoNeg) return false;
  if (m.src && inPrefix(pkt.src, m.src.ip, m.src.prefix) === !!m.src.neg) return false;
  if (m.dst && inPrefix(pkt.dst, m.dst.ip, m.dst.prefix) === !!m.dst.neg) return false;
  if (!ifaceMatches(m.in, pkt.in) || !ifaceMatches(m.out, pkt.out)) return false;
  const ported = pkt.proto === 'tcp' || pkt.proto === 'udp';
  for (const mod of m.modules ?? []) if ((mod === 'tcp' || mod === 'udp' || mod === 'icmp') && pkt.proto !== mod) return false;
  if ((m.sport || m.dport) && !ported) return false;
  if (!portMatches(m.sport, pkt.sport) || !portMatches(m.dport, pkt.dport)) return false;
  if (m.dports || m.sports) {
    const port = m.dports ? pkt.dport : pkt.sport;
    const hit = port !== undefined && (m.dports ?? m.sports)!.some((p) => (typeof p === 'number' ? p === port : port >= p[0] && port <= p[1]));
    if (!ported || port === undefined || hit === !!m.multiportNeg) return false;
  }
  if (m.tcpFlags) {
    const flags = pkt.tcpFlags ?? (pkt.ctstate === 'NEW' ? 0x02 : 0x10);
    if (pkt.proto !== 'tcp' || ((flags & m.tcpFlags.mask) === m.tcpFlags.comp) === !!m.tcpFlags.neg) return false;
  }
  if (m.ctstate && m.ctstate.includes(pkt.ctstate) === !!m.ctstateNeg) return false;
  if (!icmpMatches(m, pkt)) return false;
  if (m.mark && (((pkt.mark ?? 0) & m.mark.mask) >>> 0 === m.mark.value) === !!m.mark.neg) return false;
  // The kernel draws only for a packet every other match let through (get_random_u32() & 0x7fffffff < p).
  if (m.statistic) {
    const draw = pkt.random ? Math.floor(pkt.random() * 0x80000000) : 0x40000000;
    if ((draw < m.statistic.probability) === !!m.statistic.neg) return false;
  }
  return true;
}

type Walk = Verdict | 'return';

function walk(host: Host, table: TableName, chain: IptChain, pkt: PacketView, count: boolean, logs: Verdict['logs'] & {}, depth: number): Walk {
  const tables = host.iptables[table];
  for (const rule of chain.rules) {
    if (!ruleMatches(rule, pkt)) continue;
    if (count) {
      rule.counters.pkts++;
      rule.counters.bytes += pkt.bytes;
    }
    const t = rule.target;
    switch (t.kind) {
      case 'ACCEPT':
      case 'DROP':
        return { verdict: t.kind };
      case 'REJECT':
        return { verdict: 'REJECT', rejectWith: t.with };
      case 'RETURN':
        return 'return';
      case 'LOG':
        logs.push({ prefix: t.prefix ?? '', level: t.level ?? 4 });
        continue;
      case 'MARK':
        pkt.mark = (((pkt.mark ?? 0) & ~t.mask) ^ t.value) >>> 0;
        continue;
      case 'DNAT':
        return { verdict: 'ACCEPT', nat: { kind: 'DNAT', ip: t.to.ip, ...(t.to.port !== undefined ? { port: t.to.port } : {}) } };
      case 'SNAT':
        return { verdict: 'ACCEPT', nat: { kind: 'SNAT', ip: t.to.ip } };
      case 'MASQUERADE':
        return { verdict: 'ACCEPT', nat: { kind: 'MASQUERADE' } };
      case 'JUMP': {
        const callee = tables.chains[t.chain];
        if (!callee) continue;
        if (depth >= MAX_DEPTH) return { verdict: 'DROP' };
        const r = walk(host, table, callee, pkt, count, logs, depth + 1);
        if (r !== 'return') return r;
        continue;
      }
      case 'NONE':
        continue;
    }
  }
  return 'return';
}

/**
 * Runs `pkt` through `chain` of `table` on `host`. A built-in chain that runs out (or RETURNs)
 * applies its policy; a user chain that runs out accepts, as its caller would go on.
 * With `count`, every matching rule's counters (and the policy's, when it decides) go up.
 */
export function evalChain(host: Host, table: TableName, chain: string, pkt: PacketView, count: boolean): Verdict {
  const c = host.iptables[table].chains[chain];
  if (!c) return { verdict: 'ACCEPT' };
  const logs: NonNullable<Verdict['logs']> = [];
  const r = walk(host, table, c, pkt, count, logs, 0);
  let v: Verdict;
  if (r !== 'return') v = r;
  else if (isBuiltin(table, chain) && c.policy) {
    if (count) {
      c.policyCounters.pkts++;
      c.policyCounters.bytes += pkt.bytes;
    }
    v = { verdict: c.policy };
  } else v = { verdict: 'ACCEPT' };
  if (v.verdict === 'REJECT' && !v.rejectWith) v.rejectWith = 'icmp-port-unreachable';
  if (logs.length) v.logs = logs;
  return v;
}

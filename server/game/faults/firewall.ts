// Firewall and NAT faults on a host's iptables: a DROP or REJECT rule, a port forward to the
// wrong port, a missing MASQUERADE.
import { z } from 'zod';
import { parseRuleArgs } from '../../sim/net/iptables-rules.js';
import type { Host, IptRule, RejectWith } from '../../sim/world/types.js';
import { FIREWALL_TOOLS, FaultError, fault, hostOf } from './types.js';

const REJECT_WITH = [
  'icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-port-unreachable', 'icmp-proto-unreachable',
  'icmp-net-prohibited', 'icmp-host-prohibited', 'icmp-admin-prohibited', 'tcp-reset',
] as const satisfies readonly RejectWith[];

const ruleParams = z.strictObject({
  host: z.string(),
  chain: z.enum(['INPUT', 'FORWARD', 'OUTPUT']),
  /** The rule's match as iptables options, e.g. `-i eth0.10 -p tcp --dport 80`. */
  match: z.string(),
  /** 1 inserts the rule first (the default); a larger number after that many rules. */
  position: z.number().int().min(1).default(1),
});

/** Inserts `-A CHAIN MATCH -j TARGET` at `position` of the filter table. */
function insertRule(host: Host, chain: string, match: string, target: string[], position: number): void {
  const words = match.trim() === '' ? [] : match.trim().split(/\s+/);
  const parsed = parseRuleArgs(['-A', chain, ...words, '-j', ...target], 'filter');
  if (!('ok' in parsed) || !parsed.ok) throw new FaultError(`bad rule "${match}": ${'message' in parsed ? String(parsed.message).trim() : 'unparsable'}`);
  const table = host.iptables.filter;
  const rules = table.chains[chain]?.rules;
  if (!rules) throw new FaultError(`${host.name} has no filter chain ${chain}`);
  rules.splice(Math.min(position - 1, rules.length), 0, parsed.rule);
  table.present = true;
}

export const iptablesDrop = fault({
  id: 'iptables-drop',
  layer: 'firewall',
  summary: 'An iptables rule in INPUT, FORWARD or OUTPUT silently drops the traffic (clients time out).',
  params: ruleParams,
  describe: (p) => `an iptables rule on ${p.host} drops ${p.chain} traffic matching "${p.match}"`,
  apply(world, p) {
    insertRule(hostOf(world, p.host), p.chain, p.match, ['DROP'], p.position);
    return [{ host: p.host, programs: FIREWALL_TOOLS }];
  },
});

export const iptablesReject = fault({
  id: 'iptables-reject',
  layer: 'firewall',
  summary: 'An iptables rule rejects the traffic with an ICMP error or a TCP reset (clients fail fast).',
  params: ruleParams.extend({ with: z.enum(REJECT_WITH).default('icmp-port-unreachable') }),
  describe: (p) => `an iptables rule on ${p.host} rejects ${p.chain} traffic matching "${p.match}" with ${p.with}`,
  apply(world, p) {
    insertRule(hostOf(world, p.host), p.chain, p.match, ['REJECT', '--reject-with', p.with], p.position);
    return [{ host: p.host, programs: FIREWALL_TOOLS }];
  },
});

export const dnatWrongPort = fault({
  id: 'dnat-wrong-port',
  layer: 'nat',
  summary: 'A port forward (DNAT) sends connections to the wrong port on the inside host.',
  params: z.strictObject({
    host: z.string(),
    /** The forwarded port (the DNAT rule's --dport). */
    dport: z.number().int().min(1).max(65535),
    toPort: z.number().int().min(1).max(65535),
    chain: z.enum(['PREROUTING', 'OUTPUT']).default('PREROUTING'),
  }),
  describe: (p) => `the DNAT rule for port ${p.dport} on ${p.host} forwards to port ${p.toPort}, where nothing listens`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const rule = host.iptables.nat.chains[p.chain]?.rules.find((r) => r.target.kind === 'DNAT' && r.match.dport?.from === p.dport);
    if (!rule || rule.target.kind !== 'DNAT') throw new FaultError(`${p.host} has no DNAT rule for --dport ${p.dport} in nat ${p.chain}`);
    if ((rule.target.to.port ?? p.dport) === p.toPort) throw new FaultError(`the DNAT rule already forwards to port ${p.toPort}`);
    rule.target = { ...rule.target, to: { ...rule.target.to, port: p.toPort } };
    return [{ host: p.host, programs: FIREWALL_TOOLS }];
  },
});

export const snatMissing = fault({
  id: 'snat-missing',
  layer: 'nat',
  summary: 'A NAT router lost its MASQUERADE/SNAT rule: inside hosts reach out with private source addresses.',
  params: z.strictObject({ host: z.string(), out: z.string().optional() }),
  describe: (p) => `the MASQUERADE/SNAT rule${p.out ? ` for -o ${p.out}` : ''} on ${p.host} is gone, so replies cannot find their way back`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const chain = host.iptables.nat.chains.POSTROUTING;
    const isSnat = (r: IptRule) => (r.target.kind === 'MASQUERADE' || r.target.kind === 'SNAT') && (p.out === undefined || r.match.out?.name === p.out);
    if (!chain?.rules.some(isSnat)) throw new FaultError(`${p.host} has no SNAT or MASQUERADE rule${p.out ? ` for -o ${p.out}` : ''}`);
    chain.rules = chain.rules.filter((r) => !isSnat(r));
    return [{ host: p.host, programs: FIREWALL_TOOLS }];
  },
});

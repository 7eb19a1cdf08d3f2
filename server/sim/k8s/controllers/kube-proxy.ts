// kube-proxy in iptables mode. Each tick, when the Services or Endpoints changed, the
// rules every running kube-proxy should program are built once as a versioned snapshot;
// each node records the version its kube-proxy last saw (a stopped kube-proxy, or one that
// cannot reach the API server, keeps its old one). The node's nat and filter tables are
// rewritten to that version when something first looks at them (a packet crossing the node,
// an iptables command): a 100-node cluster does not hold 100 copies of every rule until
// they are needed. Rules follow kube-proxy's chains (KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-*,
// KUBE-NODEPORTS, KUBE-EXT-*, filter KUBE-SERVICES rejects for Services without endpoints),
// with masquerade-all off: KUBE-MARK-MASQ marks (0x4000) what must be SNATed — traffic to a
// ClusterIP from outside the cluster CIDR, NodePort traffic, and a pod reaching itself
// through its Service (hairpin) — and KUBE-POSTROUTING masquerades what is marked. A
// Service's endpoints share its new connections through `-m statistic --mode random` rules;
// NodePorts match the node's addresses (the simulated iptables has no addrtype match).
import { formatIp } from '../../net/ip.js';
import { parseIptablesSave } from '../../net/iptables-rules.js';
import type { Host, IptChain, IptRule, IptTable, World } from '../../world/types.js';
import { hex64 } from '../images.js';
import { runtimeOf, type ClusterRuntime, type ProxyRule } from '../runtime.js';
import type { Endpoints } from '../types.js';
import { all } from './common.js';
import type { ControlPlane } from './control-plane.js';

function fingerprint(world: World): string {
  let n = 0;
  let rv = 0;
  for (const o of [...all(world, 'Service'), ...all(world, 'Endpoints')]) {
    n++;
    rv += Number(o.metadata.resourceVersion ?? 0);
  }
  return `${n}:${rv}`;
}

function snapshot(world: World): ProxyRule[] {
  const out: ProxyRule[] = [];
  const endpoints = new Map<string, Endpoints>(all(world, 'Endpoints').map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
  const services = all(world, 'Service').sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1));
  for (const svc of services) {
    const ip = svc.spec.clusterIP;
    if (svc.spec.type === 'ExternalName' || !ip || ip === 'None') continue;
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const ep = endpoints.get(key);
    for (const sp of svc.spec.ports ?? []) {
      const eps: { ip: string; port: number }[] = [];
      for (const ss of ep?.subsets ?? []) {
        const port = (ss.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
        if (port) for (const a of ss.addresses ?? []) eps.push({ ip: a.ip, port: port.port });
      }
      eps.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
      out.push({
        name: sp.name ? `${key}:${sp.name}` : key, clusterIp: ip, port: sp.port, proto: (sp.protocol ?? 'TCP').toLowerCase() as 'tcp' | 'udp',
        ...(sp.nodePort && (svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer') ? { nodePort: sp.nodePort } : {}), endpoints: eps,
      });
    }
  }
  return out;
}

/** Builds the snapshot for changed Services/Endpoints and records which version each running kube-proxy has seen. */
export function runKubeProxy(world: World, rt: ClusterRuntime, cp: ControlPlane): void {
  const fp = fingerprint(world);
  const proxy = rt.proxy;
  if (fp !== proxy.fingerprint) {
    proxy.version++;
    proxy.fingerprint = fp;
    proxy.snapshots[proxy.version] = snapshot(world);
  }
  for (const node of Object.values(rt.nodes)) {
    if (world.hosts[node.host]?.units['kube-proxy']?.state !== 'active' || !cp.apiServing || !node.api.ok) continue;
    node.proxyDesired = proxy.version;
  }
  const live = new Set(Object.values(rt.nodes).flatMap((n) => [String(n.proxyDesired)]));
  for (const v of Object.keys(proxy.snapshots)) if (!live.has(v) && Number(v) !== proxy.version) delete proxy.snapshots[v];
}

/** kube-proxy's chain names: a hash of what they are for, base32, 16 characters. */
function chainName(prefix: string, text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const h = hex64(text);
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % 32];
  return `${prefix}-${out}`;
}

const q = (s: string) => JSON.stringify(s);

/** The masquerade mark (--masquerade-bit 14). */
const MASQ_MARK = '0x4000';

const nodePortJump = (ip: string) => `-A KUBE-SERVICES -d ${ip}/32 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j KUBE-NODEPORTS`;

function rulesText(rules: ProxyRule[], nodeIps: string[], clusterCidr: string): string {
  const natChains = new Set(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']);
  const nat: string[] = [
    `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`,
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --set-xmark ${MASQ_MARK}/0x0`,
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ];
  const natServices: string[] = [];
  const nodePorts: string[] = [];
  const filter: string[] = [];
  const external: string[] = [];
  for (const r of rules) {
    const base = `${r.name}${r.proto}`;
    if (!r.endpoints.length) {
      filter.push(`-A KUBE-SERVICES -d ${r.clusterIp}/32 -p ${r.proto} -m comment --comment ${q(`${r.name} has no endpoints`)} -m ${r.proto} --dport ${r.port} -j REJECT --reject-with icmp-port-unreachable`);
      if (r.nodePort) external.push(`-A KUBE-EXTERNAL-SERVICES -p ${r.proto} -m comment --comment ${q(`${r.name} has no endpoints`)} -m ${r.proto} --dport ${r.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
      continue;
    }
    const svc = chainName('KUBE-SVC', base);
    natChains.add(svc);
    natServices.push(`-A KUBE-SERVICES -d ${r.clusterIp}/32 -p ${r.proto} -m comment --comment ${q(`${r.name} cluster IP`)} -m ${r.proto} --dport ${r.port} -j ${svc}`);
    // Off-cluster clients of the ClusterIP are masqueraded (the reply must come back this way).
    nat.push(`-A ${svc} ! -s ${clusterCidr} -d ${r.clusterIp}/32 -p ${r.proto} -m comment --comment ${q(`${r.name} cluster IP`)} -m ${r.proto} --dport ${r.port} -j KUBE-MARK-MASQ`);
    if (r.nodePort) {
      const ext = chainName('KUBE-EXT', base);
      natChains.add(ext);
      nodePorts.push(`-A KUBE-NODEPORTS -p ${r.proto} -m comment --comment ${q(r.name)} -m ${r.proto} --dport ${r.nodePort} -j ${ext}`);
      nat.push(`-A ${ext} -m comment --comment ${q(`masquerade traffic for ${r.name} external destinations`)} -j KUBE-MARK-MASQ`, `-A ${ext} -j ${svc}`);
    }
    for (const [i, e] of r.endpoints.entries()) {
      const sep = chainName('KUBE-SEP', `${base}${e.ip}:${e.port}`);
      natChains.add(sep);
      // One endpoint per new connection: the i-th of n takes 1/(n-i) of what the earlier ones left.
      const left = r.endpoints.length - i;
      const spread = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
      nat.push(`-A ${svc} -m comment --comment ${q(`${r.name} -> ${e.ip}:${e.port}`)}${spread} -j ${sep}`);
      // A pod reaching itself through the Service (hairpin) is masqueraded too.
      nat.push(`-A ${sep} -s ${e.ip}/32 -m comment --comment ${q(r.name)} -j KUBE-MARK-MASQ`);
      nat.push(`-A ${sep} -p ${r.proto} -m comment --comment ${q(r.name)} -m ${r.proto} -j DNAT --to-destination ${e.ip}:${e.port}`);
    }
  }
  for (const ip of nodeIps) natServices.push(nodePortJump(ip));
  const decl = (names: Iterable<string>) => [...names].map((n) => `:${n} - [0:0]`).join('\n');
  return [
    '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]',
    decl(['KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-SERVICES']),
    ...external, '-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "kubernetes forwarding conntrack rule" -j ACCEPT', ...filter, 'COMMIT',
    '*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]',
    decl(natChains), ...natServices, ...nodePorts, ...nat, 'COMMIT', '',
  ].filter((l) => l !== '').join('\n') + '\n';
}

const JUMPS = {
  filter: [
    ['INPUT', '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES'],
    ['FORWARD', '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'],
    ['FORWARD', '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
    ['OUTPUT', '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
  ],
  nat: [
    ['PREROUTING', '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
    ['OUTPUT', '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
    ['POSTROUTING', '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'],
  ],
} as const;

let jumpCache: Record<'filter' | 'nat', { chain: string; rule: IptRule }[]> | undefined;

function parsedJumps(): Record<'filter' | 'nat', { chain: string; rule: IptRule }[]> {
  if (jumpCache) return jumpCache;
  const text = (t: 'filter' | 'nat') => `*${t}\n${t === 'filter' ? ':INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n' : ':PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n'}${t === 'filter' ? ':KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FORWARD - [0:0]\n:KUBE-SERVICES - [0:0]\n' : ':KUBE-SERVICES - [0:0]\n:KUBE-POSTROUTING - [0:0]\n'}${JUMPS[t].map(([, l]) => l).join('\n')}\nCOMMIT\n`;
  const out = { filter: [] as { chain: string; rule: IptRule }[], nat: [] as { chain: string; rule: IptRule }[] };
  for (const t of ['filter', 'nat'] as const) {
    const p = parseIptablesSave(text(t));
    if (!p.ok) throw new Error(p.message);
    const seen = new Map<string, number>();
    for (const [chain] of JUMPS[t]) {
      const i = seen.get(chain) ?? 0;
      seen.set(chain, i + 1);
      out[t].push({ chain, rule: p.tables[t].chains[chain].rules[i] });
    }
  }
  return (jumpCache = out);
}

/** Each snapshot's rules parsed without the node's own addresses, by cluster CIDR (a cache: snapshots are never changed). */
const parsedSnapshots = new WeakMap<ProxyRule[], Map<string, { filter: IptTable; nat: IptTable }>>();

/**
 * The node's kube-proxy chains (KUBE-*) per table as parsing rulesText(rules, ips, clusterCidr)
 * gives them: the snapshot's parsed chains (shared by every node, copied) with the node's
 * NodePort jumps, which are the last rules of KUBE-SERVICES, parsed on their own.
 */
/**
 * A node's own copy of a parsed rule: its own counters, its match and target shared with every
 * node (nothing changes those in place: an edit puts a new one in the rule's place).
 */
const nodeRule = (r: IptRule): IptRule => ({ match: r.match, target: r.target, counters: { ...r.counters } });

const nodeCopy = (chain: IptChain): IptChain => ({ ...chain, policyCounters: { ...chain.policyCounters }, rules: chain.rules.map(nodeRule) });

function nodeChains(rules: ProxyRule[], ips: string[], clusterCidr: string): Record<'filter' | 'nat', [string, IptChain][]> {
  let byCidr = parsedSnapshots.get(rules);
  if (!byCidr) parsedSnapshots.set(rules, (byCidr = new Map()));
  let shared = byCidr.get(clusterCidr);
  if (!shared) {
    const parsed = parseIptablesSave(rulesText(rules, [], clusterCidr));
    if (!parsed.ok) throw new Error(`kube-proxy rules: ${parsed.message}`);
    byCidr.set(clusterCidr, (shared = parsed.tables));
  }
  const kube = (t: 'filter' | 'nat') => Object.entries(shared[t].chains).filter(([name]) => name.startsWith('KUBE-')).map(([name, chain]): [string, IptChain] => [name, nodeCopy(chain)]);
  const out = { filter: kube('filter'), nat: kube('nat') };
  const services = out.nat.find(([name]) => name === 'KUBE-SERVICES')![1];
  for (const ip of ips) services.rules.push(nodeRule(parsedNodePortJump(ip)));
  return out;
}

/** Each address's NodePort jump parsed (a cache: each node gets its own nodeRule of it). */
const nodePortJumps = new Map<string, IptRule>();

function parsedNodePortJump(ip: string): IptRule {
  let rule = nodePortJumps.get(ip);
  if (!rule) {
    const parsed = parseIptablesSave(`*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-NODEPORTS - [0:0]\n${nodePortJump(ip)}\nCOMMIT\n`);
    if (!parsed.ok) throw new Error(`kube-proxy rules: ${parsed.message}`);
    if (nodePortJumps.size >= 10_000) nodePortJumps.clear();
    nodePortJumps.set(ip, (rule = parsed.tables.nat.chains['KUBE-SERVICES'].rules[0]));
  }
  return rule;
}

/** A rule as compared with kube-proxy's jumps: everything but its counters. */
const ruleKey = (r: IptRule) => JSON.stringify({ ...r, counters: 0 });

/** A cheap first test of ruleKey equality: rules whose targets differ in kind or chain differ. */
const sameTarget = (a: IptRule, b: IptRule) => a.target.kind === b.target.kind && (a.target as { chain?: string }).chain === (b.target as { chain?: string }).chain;

/** The jumps' keys (the jumps never change). */
const jumpKeys = new WeakMap<IptRule, string>();

function jumpKey(rule: IptRule): string {
  let k = jumpKeys.get(rule);
  if (k === undefined) jumpKeys.set(rule, (k = ruleKey(rule)));
  return k;
}

/** Rewrites the node's kube-proxy chains to the version its kube-proxy last saw (no-op when current). */
export function syncNodeRules(world: World, host: Host): void {
  const rt = runtimeOf(world);
  const node = rt?.nodes[host.name];
  if (!rt || !node || node.proxyApplied === node.proxyDesired) return;
  const rules = rt.proxy.snapshots[node.proxyDesired] ?? [];
  node.proxyApplied = node.proxyDesired;
  const ips = host.ifaces.filter((i) => i.kind !== 'loopback' && i.kind !== 'tap').flatMap((i) => i.addrs.map((a) => formatIp(a.ip)));
  const chains = nodeChains(rules, ips, rt.config.podCidr);
  for (const t of ['filter', 'nat'] as const) {
    const table = host.iptables[t];
    for (const name of Object.keys(table.chains)) if (name.startsWith('KUBE-')) delete table.chains[name];
    for (const [name, chain] of chains[t]) table.chains[name] = chain;
    const jumps = parsedJumps()[t];
    // kube-proxy prepends its jumps to the built-in chains when they are missing.
    for (const { chain, rule } of [...jumps].reverse()) {
      const c = table.chains[chain];
      if (c && !c.rules.some((r) => sameTarget(r, rule) && ruleKey(r) === jumpKey(rule))) c.rules.unshift(nodeRule(rule));
    }
    table.present = true;
  }
}

// NetworkPolicy as a policy-enforcing CNI (Calico, Cilium) applies it: a pod selected by a
// policy of a direction takes only the connections some rule of those policies allows;
// the rest are dropped silently (a timeout, never a refusal). Connections, not packets: the
// engine asks only about new ones, answers pass. Egress is judged after the node's kube-proxy
// DNAT (the Service's pod, not its ClusterIP); traffic between a pod and its own node always
// passes (the kubelet's probes).
import { inPrefix, parseCidr, parseIp, type Ip } from '../net/ip.js';
import type { Host, Proto, World } from '../world/types.js';
import { portNumber } from './probes.js';
import { runtimeOf } from './runtime.js';
import { matchesSelector } from './selectors.js';
import { getObject, listObjects } from './store.js';
import type { LabelSelector, NetworkPolicy, Pod } from './types.js';

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

export type Direction = 'ingress' | 'egress';

/** The pod whose network namespace is `host`. */
function podOfHost(world: World, host: Host): Pod | undefined {
  const rt = runtimeOf(world);
  const p = rt && Object.values(rt.pods).find((x) => x.host === host.name);
  return p && getObject(world.cluster!, 'Pod', p.namespace, p.name);
}

/** The (non-hostNetwork) pod that has `ip`. */
function podWithIp(world: World, ip: Ip): Pod | undefined {
  for (const pod of Object.values(world.cluster!.objects.Pod ?? {})) {
    if (!pod.spec.hostNetwork && pod.status?.podIP && parseIp(pod.status.podIP) === ip) return pod;
  }
  return undefined;
}

function types(p: NetworkPolicy): Direction[] {
  if (p.spec.policyTypes?.length) return p.spec.policyTypes.map((t) => t.toLowerCase() as Direction);
  return p.spec.egress ? ['ingress', 'egress'] : ['ingress'];
}

function inCidr(ip: Ip, cidr: string): boolean {
  const c = parseCidr(cidr);
  return !!c && inPrefix(ip, c.ip, c.prefix);
}

function peerMatches(world: World, policyNs: string, peer: Peer, ip: Ip, other: Pod | undefined): boolean {
  if (peer.ipBlock) return inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCidr(ip, e));
  if (!other) return false;
  const ns = other.metadata.namespace ?? 'default';
  if (peer.namespaceSelector) {
    const nsObj = getObject(world.cluster!, 'Namespace', undefined, ns);
    if (!matchesSelector(peer.namespaceSelector, nsObj?.metadata.labels)) return false;
  } else if (ns !== policyNs) return false;
  return !peer.podSelector || matchesSelector(peer.podSelector, other.metadata.labels);
}

function portMatches(pp: PolicyPort, proto: Proto, port: number, target: Pod | undefined): boolean {
  if ((pp.protocol ?? 'TCP').toLowerCase() !== proto) return false;
  if (pp.port === undefined) return true;
  const want = typeof pp.port === 'number' ? pp.port : target ? portNumber(target.spec.containers, pp.port) : undefined;
  if (want === undefined) return false;
  return pp.endPort !== undefined ? port >= want && port <= pp.endPort : port === want;
}

/**
 * Whether `pod` may take (ingress) or open (egress) a connection with `peerIp`, to port
 * `port` of the receiving side.
 */
export function policyAllows(world: World, pod: Pod, dir: Direction, peerIp: Ip, proto: Proto, port: number): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  const selecting = listObjects(world.cluster!, 'NetworkPolicy', ns).filter((p) => types(p).includes(dir) && matchesSelector(p.spec.podSelector, pod.metadata.labels));
  if (!selecting.length) return true;
  const other = podWithIp(world, peerIp);
  const target = dir === 'ingress' ? pod : other;
  return selecting.some((p) =>
    ((dir === 'ingress' ? p.spec.ingress : p.spec.egress) as Rule[] | undefined ?? []).some((r) => {
      const peers = dir === 'ingress' ? r.from : r.to;
      if (peers?.length && !peers.some((peer) => peerMatches(world, ns, peer, peerIp, other))) return false;
      return !r.ports?.length || (proto !== 'icmp' && r.ports.some((pp) => portMatches(pp, proto, port, target)));
    }),
  );
}

/** The addresses of the node a pod host hangs off (its traffic with them is never filtered). */
function nodeAddresses(world: World, podHost: Host): Ip[] {
  const node = world.hosts[podHost.ifaces.find((i) => i.tapOf)?.tapOf?.host ?? ''];
  return node ? node.ifaces.flatMap((i) => i.addrs.map((a) => a.ip)) : [];
}

/**
 * The CNI's verdict on a new connection crossing a pod's veth: `host` is the pod's network
 * namespace, `peer` the address at the other end, `port` the receiving side's port.
 */
export function cniAllows(world: World, host: Host, dir: Direction, peer: Ip, proto: Proto, port: number): boolean {
  if (host.kind !== 'pod' || !world.cluster?.objects.NetworkPolicy || !Object.keys(world.cluster.objects.NetworkPolicy).length) return true;
  if (nodeAddresses(world, host).includes(peer)) return true;
  const pod = podOfHost(world, host);
  return !pod || policyAllows(world, pod, dir, peer, proto, port);
}

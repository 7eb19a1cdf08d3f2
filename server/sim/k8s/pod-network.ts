// A pod's network namespace as the CNI plugin (flannel, bridge) sets it up: a world host of
// kind `pod` whose eth0 is one end of a veth pair, the other end enslaved to the node's cni0
// bridge (modelled like a VM NIC on a host bridge, so the packet engine needs nothing new),
// an address from the node's pod /24 (host-local IPAM: the next free one after the last
// handed out) and the bridge as default gateway. All traffic leaves through the node, so
// the node's conntrack and kube-proxy rules see pod-to-pod Service traffic both ways (what
// br_netfilter gives a real bridge). The kubelet writes /etc/hosts and /etc/resolv.conf.
import { formatIp, parseCidr, parseIp } from '../net/ip.js';
import { emptyTables, parseIptablesSave } from '../net/iptables-rules.js';
import { noteNewHost } from '../net/l2.js';
import { parseResolvConf } from '../net/resolver.js';
import type { Host, Iface, World } from '../world/types.js';
import { byteHex, hashWord, hex64, hexPrefix } from './images.js';
import { podHostName, type ClusterRuntime, type NodeRuntime } from './runtime.js';
import type { Pod } from './types.js';

/** `first`, then the first 5 bytes of hex64(seed). */
function mac(seed: string, first: number): string {
  const a = hashWord(seed, 0);
  const b = hashWord(seed, 1);
  return `${byteHex(first)}:${byteHex(a >>> 24)}:${byteHex(a >>> 16)}:${byteHex(a >>> 8)}:${byteHex(a)}:${byteHex(b >>> 24)}`;
}

/** Pod CIDRs parsed (a node's comes back for each of its pods; the result is only read). */
const podCidrs = new Map<string, { ip: number; prefix: number }>();

function podCidrOf(node: NodeRuntime): { ip: number; prefix: number } {
  let c = podCidrs.get(node.podCidr);
  if (!c) {
    if (podCidrs.size >= 10_000) podCidrs.clear();
    podCidrs.set(node.podCidr, (c = parseCidr(node.podCidr)!));
  }
  return c;
}

const LOOPBACK = parseIp('127.0.0.1')!;

const iface = (name: string, index: number, kind: Iface['kind'], macAddr: string): Iface => ({
  name, index, kind, mac: macAddr, mtu: kind === 'loopback' ? 65536 : 1500, up: true, addrs: [], stats: { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 },
});

/** The next free address of the node's pod /24 after the last one handed out; undefined when full. */
export function allocatePodIp(node: NodeRuntime, uid: string): string | undefined {
  const cidr = podCidrOf(node);
  const span = 2 ** (32 - cidr.prefix) - 3; // .2 up to the one before the broadcast address
  const last = node.lastIp - cidr.ip;
  for (let i = 1; i <= span; i++) {
    const n = cidr.ip + ((((last - 2 + i) % span) + span) % span) + 2;
    const ip = formatIp(n);
    if (node.allocated[ip]) continue;
    node.lastIp = n >>> 0;
    node.allocated[ip] = uid;
    return ip;
  }
  return undefined;
}

/** The kubelet's /etc/hosts for a pod. */
function hostsFile(pod: Pod, ip: string): string {
  return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\t${pod.metadata.name}\n`;
}

/** The node's resolv.conf parsed, by its text (a cache: every pod of a node reads the same file; the result is only read). */
const nodeResolvConfs = new Map<string | undefined, ReturnType<typeof parseResolvConf>>();

function nodeResolvConf(text: string | undefined): ReturnType<typeof parseResolvConf> {
  let conf = nodeResolvConfs.get(text);
  if (!conf) {
    if (nodeResolvConfs.size >= 1000) nodeResolvConfs.clear();
    nodeResolvConfs.set(text, (conf = parseResolvConf(text)));
  }
  return conf;
}

/** /etc/resolv.conf by dnsPolicy (pkg/kubelet/network/dns): ClusterFirst adds the cluster's search path and ndots:5. */
export function podResolvConf(world: World, rt: ClusterRuntime, pod: Pod, nodeHost: Host): string {
  const node = nodeResolvConf(nodeHost.files['/etc/resolv.conf']);
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  const nodeSearch = node.search;
  if (policy === 'Default' || (policy === 'ClusterFirst' && pod.spec.hostNetwork)) {
    return `${nodeSearch.length ? `search ${nodeSearch.join(' ')}\n` : ''}${node.nameservers.map((n) => `nameserver ${formatIp(n)}\n`).join('')}`;
  }
  const ns = pod.metadata.namespace ?? 'default';
  const d = rt.config.domain;
  const search = [`${ns}.svc.${d}`, `svc.${d}`, d, ...nodeSearch].slice(0, 32);
  void world;
  return `search ${search.join(' ')}\nnameserver ${rt.config.dnsServiceIp}\noptions ndots:5\n`;
}

/** The portmap plugin's chain for one pod's host ports (named after its veth here). */
const hostPortChain = (veth: string) => `CNI-DN-${hex64(`portmap:${veth}`).slice(0, 21)}`;

/**
 * The portmap plugin: a container port with a hostPort is DNATed from the node's addresses
 * (`CNI-HOSTPORT-DNAT`, one `CNI-DN-*` chain per pod). The real jump matches
 * `-m addrtype --dst-type LOCAL`; the node's own addresses stand in for it.
 */
function addHostPorts(node: Host, pod: Pod, ip: string, veth: string): void {
  if (!pod.spec.containers.some((c) => c.ports?.some((p) => p.hostPort))) return;
  const ports = pod.spec.containers.flatMap((c) => (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({ proto: (p.protocol ?? 'TCP').toLowerCase(), host: p.hostPort!, to: p.containerPort })));
  const chain = hostPortChain(veth);
  const nat = node.iptables.nat;
  const lines: string[] = [];
  const nodeIps = node.ifaces.filter((i) => i.kind !== 'loopback' && i.kind !== 'tap').flatMap((i) => i.addrs.map((a) => formatIp(a.ip)));
  if (!nat.chains['CNI-HOSTPORT-DNAT']) for (const c of ['PREROUTING', 'OUTPUT']) for (const a of nodeIps) lines.push(`-A ${c} -d ${a}/32 -j CNI-HOSTPORT-DNAT`);
  for (const proto of [...new Set(ports.map((p) => p.proto))]) {
    lines.push(`-A CNI-HOSTPORT-DNAT -p ${proto} -m multiport --dports ${ports.filter((p) => p.proto === proto).map((p) => p.host).join(',')} -j ${chain}`);
  }
  for (const p of ports) lines.push(`-A ${chain} -p ${p.proto} -m ${p.proto} --dport ${p.host} -j DNAT --to-destination ${ip}:${p.to}`);
  const parsed = parseIptablesSave(`*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:CNI-HOSTPORT-DNAT - [0:0]\n:${chain} - [0:0]\n${lines.join('\n')}\nCOMMIT\n`);
  if (!parsed.ok) return;
  const got = parsed.tables.nat.chains;
  const dnat = (nat.chains['CNI-HOSTPORT-DNAT'] ??= { ...got['CNI-HOSTPORT-DNAT'], rules: [] });
  dnat.rules.push(...got['CNI-HOSTPORT-DNAT'].rules);
  nat.chains[chain] = got[chain];
  for (const c of ['PREROUTING', 'OUTPUT']) nat.chains[c].rules.push(...got[c].rules);
  nat.present = true;
}

function removeHostPorts(node: Host, veth: string): void {
  const chain = hostPortChain(veth);
  const nat = node.iptables.nat;
  if (!nat.chains[chain]) return;
  delete nat.chains[chain];
  const dnat = nat.chains['CNI-HOSTPORT-DNAT'];
  if (dnat) dnat.rules = dnat.rules.filter((r) => !(r.target.kind === 'JUMP' && r.target.chain === chain));
}

/** Creates the pod's network namespace on its node and returns the world host's name. */
export function createPodNetwork(world: World, rt: ClusterRuntime, node: NodeRuntime, pod: Pod, ip: string): string {
  const nodeHost = world.hosts[node.host];
  const uid = pod.metadata.uid!;
  const name = podHostName(world, pod.metadata.namespace ?? 'default', pod.metadata.name, uid);
  const veth = `veth${hexPrefix(`veth:${uid}`, 8)}`;
  const lo = iface('lo', 1, 'loopback', '00:00:00:00:00:00');
  lo.addrs.push({ ip: LOOPBACK, prefix: 8, seq: 0 });
  const eth0 = iface('eth0', 2, 'ether', mac(`eth0:${uid}`, 0x0a));
  eth0.addrs.push({ ip: parseIp(ip)!, prefix: 24, seq: ++world.seq, routeDeleted: true });
  eth0.tapOf = { host: node.host, bridge: 'cni0', tap: veth };
  const gw = podCidrOf(node).ip + 1;
  const host: Host = {
    name, kind: 'pod', cpus: nodeHost.cpus, memoryMb: nodeHost.memoryMb, disk: { sizeMb: nodeHost.disk.sizeMb, usedMb: nodeHost.disk.usedMb },
    login: false, ifaces: [lo, eth0],
    routes: [{ dst: gw, prefix: 32, dev: 'eth0', proto: 'boot' }, { dst: 0, prefix: 0, via: gw, dev: 'eth0', proto: 'boot' }],
    rules: [], tables: {}, sysctl: { 'net.ipv4.ip_forward': '0', 'net.ipv4.icmp_echo_ignore_all': '0', 'net.ipv4.conf.all.rp_filter': '0' },
    iptables: emptyTables(), units: {},
    files: {
      '/etc/hostname': `${pod.metadata.name}\n`,
      '/etc/hosts': hostsFile(pod, ip),
      '/etc/resolv.conf': podResolvConf(world, rt, pod, nodeHost),
    },
    neigh: [], pmtu: {},
  };
  world.hosts[name] = host;
  noteNewHost(world, host);
  const tap = iface(veth, nodeHost.ifaces.length + 1, 'tap', mac(`tap:${uid}`, 0x0e));
  tap.master = 'cni0';
  nodeHost.ifaces.push(tap);
  addHostPorts(nodeHost, pod, ip, veth);
  return name;
}

/** Tears the namespace down: the pod host goes, and its veth with it. */
export function removePodNetwork(world: World, hostName: string): void {
  const host = world.hosts[hostName];
  if (!host) return;
  const link = host.ifaces.find((i) => i.tapOf)?.tapOf;
  delete world.hosts[hostName];
  const node = link && world.hosts[link.host];
  if (!node) return;
  node.ifaces = node.ifaces.filter((i) => i.name !== link.tap);
  removeHostPorts(node, link.tap);
}

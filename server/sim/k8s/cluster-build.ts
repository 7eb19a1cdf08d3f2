// Builds the Kubernetes cluster of a world file's `cluster:` section. Before the hosts are
// built, `withClusterHosts` adds what the nodes run (containerd, kubelet, kube-proxy and
// the control-plane units), their cni0 bridge, the routes to the other nodes' pod /24s
// (flannel host-gw), the registry's service and the nodes' configuration files. After,
// `buildCluster` creates the API objects (Nodes, the system workloads, the manifests) and
// the runtime, then lets the controllers run from two hours before the clock starts, so the
// world begins with its pods scheduled, pulled and running (or failing) as they would be.
import { stringify } from 'yaml';
import { formatRfc3339, parseRfc3339, wallMs } from '../clock.js';
import { formatIp, parseCidr, parseIp } from '../net/ip.js';
import { parseIptablesSave } from '../net/iptables-rules.js';
import { certToPem, makeCert } from '../net/tls.js';
import type { ClusterSpec, HostSpec, ServiceSpec, WorldSpec } from '../world/spec.js';
import type { World } from '../world/types.js';
import { applyDefaults } from './defaults.js';
import { FixtureError, loadClusterYaml, relativeTime } from './fixture.js';
import { hex64, normaliseCatalogue, parseImageRef, tagsOf } from './images.js';
import { kubeProxyDaemonSet, mirrorPods } from './host-pods.js';
import type { ClusterRuntime, NodeRuntime } from './runtime.js';
import { createObject, getObject } from './store.js';
import { adminKubeconfig, flannelConflist, kubeletConfig, PAUSE_IMAGE, SYSTEM_IMAGES, systemManifests } from './system.js';
import { tickCluster } from './tick.js';
import { VPA_IMAGES, vpaManifests } from './vpa-addon.js';
import { VPA_CHECKPOINT_CRD, VPA_CRD } from './vpa-api.js';
import type { Node } from './types.js';

/** Thrown with the path of the offending field (build.ts turns it into a WorldSpecError). */
export class ClusterSpecError extends Error {
  constructor(public path: string, message: string) {
    super(message);
  }
}

const DEFAULT_VERSION = 'v1.32.4';
export const CLUSTER_DOMAIN = 'cluster.local';
/** The controllers start this long before the world's clock (pods are this old at t=0). */
const WARM_UP_MS = 2 * 3600_000;
/** One-second ticks at the start of the warm-up (images pull, pods start), then one jump. */
const WARM_UP_TICKS = 30;

interface NodePlan {
  name: string;
  ip: string;
  podCidr: string;
  controlPlane: boolean;
}

function nodeIp(h: HostSpec | undefined): string | undefined {
  for (const nic of h?.nics ?? []) {
    const first = Array.isArray(nic.ip) ? nic.ip[0] : nic.ip;
    if (first && nic.type !== 'bridge') return first.split('/')[0];
  }
  return undefined;
}

function podCidrs(spec: ClusterSpec): { base: number; prefix: number } {
  const c = parseCidr(spec.podCidr ?? '10.244.0.0/16');
  if (!c || c.prefix > 23) throw new ClusterSpecError('cluster.podCidr', `bad pod CIDR "${spec.podCidr}" (a /23 or larger, e.g. 10.244.0.0/16)`);
  return { base: c.ip, prefix: c.prefix };
}

function planNodes(spec: WorldSpec): NodePlan[] {
  const c = spec.cluster!;
  if (!Array.isArray(c.controlPlane) || !c.controlPlane.length) throw new ClusterSpecError('cluster.controlPlane', 'a cluster needs at least one control-plane host');
  const { base, prefix } = podCidrs(c);
  const names = [...c.controlPlane, ...(c.workers ?? [])];
  if (names.length > 2 ** (24 - prefix)) throw new ClusterSpecError('cluster.podCidr', `too small for ${names.length} nodes`);
  return names.map((name, i) => {
    const path = i < c.controlPlane.length ? `cluster.controlPlane[${i}]` : `cluster.workers[${i - c.controlPlane.length}]`;
    if (names.indexOf(name) !== i) throw new ClusterSpecError(path, `"${name}" is listed twice`);
    const ip = nodeIp(spec.hosts?.[name]);
    if (!spec.hosts?.[name]) throw new ClusterSpecError(path, `no host "${name}"`);
    if (!ip) throw new ClusterSpecError(path, `host "${name}" has no address`);
    return { name, ip, podCidr: `${formatIp(base + i * 256)}/24`, controlPlane: i < c.controlPlane.length };
  });
}

const svc = (unit: string, description: string, process: string, listen: string[]): ServiceSpec => ({ unit, description, process, listen });

/** kubeadm's serving certificate for the API server, signed by the cluster CA (`kubernetes`). */
function apiserverService(n: NodePlan, c: ClusterSpec): ServiceSpec {
  const kubernetesIp = formatIp(parseCidr(c.serviceCidr ?? '10.96.0.0/12')!.ip + 1);
  const names = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${CLUSTER_DOMAIN}`];
  return {
    ...svc('kube-apiserver', 'Kubernetes API Server', 'kube-apiserver', ['tcp 0.0.0.0:6443']),
    http: { server: 'kube-apiserver' },
    tls: { cn: 'kube-apiserver', sans: [`DNS:${n.name}`, ...names.map((d) => `DNS:${d}`), `IP Address:${kubernetesIp}`, `IP Address:${n.ip}`], issuer: 'kubernetes', notBefore: c.created ?? '-41d', alpn: ['h2', 'http/1.1'], cipher: 'TLS_AES_128_GCM_SHA256' },
  };
}

/** The cluster CA kubeadm writes to every node's /etc/kubernetes/pki/ca.crt (ten years). */
function clusterCaPem(c: ClusterSpec): string {
  const text = c.created ?? '-41d';
  const created = relativeTime(text, wallMs(0)) ?? parseRfc3339(text) ?? wallMs(0);
  return certToPem(makeCert('kubernetes', { sans: ['DNS:kubernetes'], notBefore: created, days: 3650 }));
}

function nodeServices(n: NodePlan, c: ClusterSpec): ServiceSpec[] {
  const list: ServiceSpec[] = [];
  if (n.controlPlane) {
    list.push(
      svc('etcd', 'etcd', 'etcd', [`tcp ${n.ip}:2379`, 'tcp 127.0.0.1:2379', `tcp ${n.ip}:2380`]),
      apiserverService(n, c),
      svc('kube-controller-manager', 'Kubernetes Controller Manager', 'kube-controller-manager', ['tcp 127.0.0.1:10257']),
      svc('kube-scheduler', 'Kubernetes Scheduler', 'kube-scheduler', ['tcp 127.0.0.1:10259']),
    );
  }
  list.push(
    svc('containerd', 'containerd container runtime', 'containerd', []),
    svc('kubelet', 'kubelet: The Kubernetes Node Agent', 'kubelet', ['tcp 127.0.0.1:10248', 'tcp 0.0.0.0:10250']),
    svc('kube-proxy', 'kube-proxy: The Kubernetes Network Proxy', 'kube-proxy', ['tcp 127.0.0.1:10249', 'tcp 0.0.0.0:10256']),
  );
  return list;
}

/** The world spec with what the cluster adds to its hosts (the spec itself is not changed). */
export function withClusterHosts(spec: WorldSpec): WorldSpec {
  if (!spec.cluster) return spec;
  const nodes = planNodes(spec);
  const c = spec.cluster;
  const hosts: Record<string, HostSpec> = { ...spec.hosts };
  const server = `https://${nodes[0].ip}:6443`;
  // One text per node's pod route, shared by the other nodes' lists (parsed once, by text).
  const podRoutes = new Map(nodes.map((o) => [o, `${o.podCidr} via ${o.ip}`]));
  for (const n of nodes) {
    const h = hosts[n.name];
    const own = new Set((h.services ?? []).map((s) => s.unit));
    const cni = parseCidr(n.podCidr)!;
    hosts[n.name] = {
      ...h,
      forwarding: true,
      nics: [...(h.nics ?? []), { name: 'cni0', type: 'bridge', ip: `${formatIp(cni.ip + 1)}/24`, ports: [] }],
      routes: [...(h.routes ?? []), ...nodes.filter((o) => o !== n).map((o) => podRoutes.get(o)!)],
      services: [...(h.services ?? []), ...nodeServices(n, c).filter((s) => !own.has(s.unit))],
      files: {
        '/etc/kubernetes/pki/ca.crt': clusterCaPem(c),
        '/etc/kubernetes/kubelet.conf': adminKubeconfig(server).replace(/kubernetes-admin/g, `system:node:${n.name}`),
        '/var/lib/kubelet/config.yaml': kubeletConfig(c.dnsServiceIp ?? '10.96.0.10', CLUSTER_DOMAIN),
        '/etc/crictl.yaml': 'runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 10\n',
        '/etc/cni/net.d/10-flannel.conflist': flannelConflist(),
        '/run/flannel/subnet.env': `FLANNEL_NETWORK=${c.podCidr ?? '10.244.0.0/16'}\nFLANNEL_SUBNET=${formatIp(cni.ip + 1)}/24\nFLANNEL_MTU=1500\nFLANNEL_IPMASQ=true\n`,
        ...(n.controlPlane ? { '/etc/kubernetes/admin.conf': adminKubeconfig(server), '/root/.kube/config': adminKubeconfig(server) } : {}),
        ...h.files,
      },
    };
  }
  for (const [name, r] of Object.entries(c.registries ?? {})) {
    const h = hosts[r.host];
    if (!h) throw new ClusterSpecError(`cluster.registries.${name}.host`, `no host "${r.host}"`);
    if ((h.services ?? []).some((s) => s.unit === 'docker-registry')) continue;
    const registry: ServiceSpec = {
      unit: 'docker-registry', description: 'Docker Registry', process: 'registry', listen: [`tcp 0.0.0.0:${r.port ?? 443}`],
      http: { server: 'registry', routes: { '/v2/': { body: '{}', type: 'application/json' }, '/v2/*': { body: '{}', type: 'application/json' } } },
    };
    hosts[r.host] = { ...h, services: [...(h.services ?? []), registry] };
  }
  return { ...spec, hosts };
}

/** Flannel's forward and masquerade rules on a node (host-gw backend, no mark support). */
function flannelRules(podCidr: string, nodeCidr: string): string {
  return `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:FLANNEL-FWD - [0:0]
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
-A FLANNEL-FWD -s ${podCidr} -m comment --comment "flanneld forward" -j ACCEPT
-A FLANNEL-FWD -d ${podCidr} -m comment --comment "flanneld forward" -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
-A FLANNEL-POSTRTG -s ${nodeCidr} -d ${podCidr} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s ${podCidr} -d ${nodeCidr} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s ${podCidr} -d ${nodeCidr} -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s ${podCidr} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE
-A FLANNEL-POSTRTG ! -s ${podCidr} -d ${podCidr} -m comment --comment "flanneld masq" -j MASQUERADE
COMMIT
`;
}

function addFlannelRules(world: World, host: string, podCidr: string, nodeCidr: string): void {
  const parsed = parseIptablesSave(flannelRules(podCidr, nodeCidr));
  if (!parsed.ok) throw new Error(parsed.message);
  const h = world.hosts[host];
  for (const table of ['filter', 'nat'] as const) {
    for (const [name, chain] of Object.entries(parsed.tables[table].chains)) {
      const mine = h.iptables[table].chains[name];
      if (mine) mine.rules.push(...chain.rules);
      else h.iptables[table].chains[name] = chain;
    }
  }
}

const KI = 1024;

/** `heartbeat`: the kubelet's last status report, as the cluster's warm-up begins (a running node's is recent). */
function nodeObject(world: World, n: NodePlan, spec: ClusterSpec, version: string, created: string, heartbeat: string): Node {
  const host = world.hosts[n.name];
  const memKi = Math.round(host.memoryMb * KI * 0.975);
  const diskKi = host.disk.sizeMb * KI;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux',
    ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...spec.nodeLabels?.[n.name],
  };
  const id = hex64(`node:${n.name}`);
  const cond = (type: string, reason: string, message: string, status: 'True' | 'False' = 'False') => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: created, reason, message });
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: n.name, creationTimestamp: created, labels,
      annotations: {
        'flannel.alpha.coreos.com/backend-type': 'host-gw', 'flannel.alpha.coreos.com/public-ip': n.ip,
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: n.podCidr, podCIDRs: [n.podCidr], ...(n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }] } : {}) },
    status: {
      capacity: { cpu: String(host.cpus), 'ephemeral-storage': `${diskKi}Ki`, 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi}Ki`, pods: '110' },
      allocatable: { cpu: String(host.cpus), 'ephemeral-storage': String(Math.floor(diskKi * 1024 * 0.9)), 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi - 100 * KI}Ki`, pods: '110' },
      conditions: [
        cond('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'KubeletReady', 'kubelet is posting ready status', 'True'),
      ],
      addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: id.slice(0, 32), systemUUID: `${id.slice(32, 40)}-${id.slice(40, 44)}-${id.slice(44, 48)}-${id.slice(48, 52)}-${id.slice(52, 64)}`,
        bootID: `${id.slice(1, 9)}-${id.slice(9, 13)}-4${id.slice(14, 17)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`,
        kernelVersion: '6.1.0-28-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: version, kubeProxyVersion: version, operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  };
}

/** Manifests as one multi-document YAML text. */
function manifestText(m: ClusterSpec['manifests']): string {
  if (m === undefined) return '';
  if (typeof m === 'string') return m;
  return Object.values(m).map((doc) => stringify(doc)).join('---\n');
}

const EXEC_STARTS: Record<string, string> = {
  etcd: '/usr/local/bin/etcd --config-file=/etc/etcd/etcd.conf.yml',
  'kube-apiserver': '/usr/local/bin/kube-apiserver --config=/etc/kubernetes/apiserver.yaml',
  'kube-controller-manager': '/usr/local/bin/kube-controller-manager --kubeconfig=/etc/kubernetes/controller-manager.conf',
  'kube-scheduler': '/usr/local/bin/kube-scheduler --kubeconfig=/etc/kubernetes/scheduler.conf',
  containerd: '/usr/bin/containerd',
  kubelet: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml',
  'kube-proxy': '/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=%H',
  'docker-registry': '/usr/bin/docker-registry serve /etc/docker/registry/config.yml',
};

/** Creates the cluster of `spec.cluster` on the built world's hosts and runs it up to t=0. */
export function buildCluster(world: World, spec: WorldSpec): void {
  const c = spec.cluster;
  if (!c) return;
  const nodes = planNodes(spec);
  const version = c.version ?? DEFAULT_VERSION;
  const dnsServiceIp = c.dnsServiceIp ?? '10.96.0.10';
  if (parseIp(dnsServiceIp) === null) throw new ClusterSpecError('cluster.dnsServiceIp', `bad address "${dnsServiceIp}"`);
  const podCidr = c.podCidr ?? '10.244.0.0/16';
  const createdText = c.created ?? '-41d';
  const createdMs = relativeTime(createdText, wallMs(world.now)) ?? parseRfc3339(createdText);
  if (createdMs === undefined) throw new ClusterSpecError('cluster.created', `not a time: "${createdText}" (use e.g. -41d)`);
  for (const n of nodes) {
    addFlannelRules(world, n.name, podCidr, n.podCidr);
    for (const u of Object.values(world.hosts[n.name].units)) if (EXEC_STARTS[u.name]) u.execStart = EXEC_STARTS[u.name];
  }
  for (const r of Object.values(c.registries ?? {})) {
    const u = world.hosts[r.host]?.units['docker-registry'];
    if (u) u.execStart = EXEC_STARTS['docker-registry'];
  }
  const vpa = (c.addons ?? []).includes('vpa');
  const images = { ...normaliseCatalogue(SYSTEM_IMAGES), ...normaliseCatalogue(vpa ? VPA_IMAGES : {}), ...normaliseCatalogue(c.images) };
  const registries: ClusterRuntime['registries'] = {};
  for (const [name, r] of Object.entries(c.registries ?? {})) registries[name] = { host: r.host, port: r.port ?? 443 };

  const start = world.now;
  world.now = start - WARM_UP_MS;
  const created = formatRfc3339(createdMs);
  loadClusterYaml(world, '', { created: createdText, info: { server: `https://${nodes[0].ip}:6443`, version, dnsServiceIp } });
  for (const n of nodes) {
    const node = nodeObject(world, n, c, version, created, formatRfc3339(wallMs(world.now)));
    applyDefaults(world, node);
    const res = createObject(world, node);
    if (!res.ok) throw new ClusterSpecError('cluster', res.error.message);
  }
  const runtime: ClusterRuntime = {
    syncedTo: world.now,
    config: {
      version, domain: CLUSTER_DOMAIN, podCidr, serviceCidr: c.serviceCidr ?? '10.96.0.0/12', dnsServiceIp,
      controlPlane: nodes.filter((n) => n.controlPlane).map((n) => n.name),
      apiServer: { host: nodes[0].name, ip: nodes[0].ip, port: 6443 },
    },
    nodes: {}, pods: {}, images, registries, seq: 0, quiet: true, scheduler: {}, endpoints: {}, hpa: {},
    proxy: { version: 0, fingerprint: '', snapshots: {} },
  };
  for (const n of nodes) runtime.nodes[n.name] = nodeRuntime(world, n, images);
  world.cluster!.runtime = runtime;
  // kubeadm's own pods: the control plane's mirror pods and the kube-proxy DaemonSet.
  for (const n of nodes) {
    const node = getObject(world.cluster!, 'Node', undefined, n.name);
    if (n.controlPlane && node) for (const pod of mirrorPods(node, n.ip, version, created)) createObject(world, pod);
  }
  const proxy = kubeProxyDaemonSet(version);
  proxy.metadata.creationTimestamp = created;
  applyDefaults(world, proxy);
  createObject(world, proxy);
  try {
    if (vpa) world.cluster!.crds = [...(world.cluster!.crds ?? []), VPA_CHECKPOINT_CRD, VPA_CRD];
    const addons = vpa ? vpaManifests() + '---\n' : '';
    loadClusterYaml(world, systemManifests(dnsServiceIp) + '---\n' + addons + manifestText(c.manifests), { created: createdText });
  } catch (e) {
    if (e instanceof FixtureError) throw new ClusterSpecError('cluster.manifests', e.message);
    throw e;
  }
  for (let i = 0; i < WARM_UP_TICKS; i++) {
    world.now += 1000;
    tickCluster(world);
  }
  world.now = start;
  tickCluster(world);
  runtime.quiet = false;
}

function nodeRuntime(world: World, n: NodePlan, images: ClusterRuntime['images']): NodeRuntime {
  const store: NodeRuntime['images'] = {};
  const add = (full: string, size: number) => {
    store[full] = { id: `sha256:${hex64(`config:${full}`)}`, digest: `sha256:${hex64(`manifest:${full}`)}`, size, pulledAt: world.now };
  };
  for (const [repo, spec] of Object.entries(images)) {
    if (!spec.preloaded) continue;
    for (const tag of tagsOf(spec)) {
      const ref = parseImageRef(`${repo}:${tag}`);
      const over = Array.isArray(spec.tags) ? undefined : spec.tags[tag];
      if (ref) add(ref.full, over?.size ?? spec.size ?? 25_000_000);
    }
  }
  if (!store[PAUSE_IMAGE]) add(PAUSE_IMAGE, 320_368);
  const cidr = parseCidr(n.podCidr)!;
  return {
    host: n.name, ip: n.ip, podCidr: n.podCidr, lastIp: cidr.ip + 1, allocated: {}, api: { at: -1e15, ok: true }, images: store,
    leaseRenewedAt: world.now, statusPostedAt: world.now, conditions: {}, proxyDesired: 0, proxyApplied: 0,
  };
}


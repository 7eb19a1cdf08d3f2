// The resource metrics API metrics-server serves through the API server (metrics.k8s.io/v1beta1):
// PodMetrics per pod with a running container and NodeMetrics per node whose kubelet reports,
// from the simulated usage (metrics.ts). `kubectl top` reads these; so can `kubectl get --raw`.
import { wallMs } from '../clock.js';
import type { World } from '../world/types.js';
import type { ApiResponse } from './apiserver.js';
import { SYSTEM_CPU, SYSTEM_MEMORY } from './controllers/kubelet.js';
import { metricsAvailable, podUsages, type PodUsage } from './metrics.js';
import { runtimeOf, type ClusterRuntime } from './runtime.js';
import { matchesRequirements, parseLabelSelector } from './selectors.js';
import { getObject, listObjects } from './store.js';
import type { Node } from './types.js';

const GV = 'metrics.k8s.io/v1beta1';
const PREFIX = `/apis/${GV}`;

/** A node's CPU (millicores) and memory (bytes) use: the system's share plus its pods'; undefined when its kubelet does not report. */
export function nodeUsage(world: World, rt: ClusterRuntime, usages: Map<string, PodUsage>, node: Node): { cpu: number; memory: number } | undefined {
  const n = rt.nodes[node.metadata.name];
  const ready = node.status.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
  if (!n || !ready || world.hosts[n.host]?.units.kubelet?.state !== 'active') return undefined;
  let cpu = SYSTEM_CPU;
  let memory = SYSTEM_MEMORY;
  for (const p of Object.values(rt.pods)) {
    if (p.node !== node.metadata.name) continue;
    const u = usages.get(p.uid);
    if (u) {
      cpu += u.cpu;
      memory += u.memory;
    }
  }
  return { cpu, memory };
}

/** Whether metrics-server answers (the metrics.k8s.io group is then listed in /apis). */
export const metricsServed = (world: World) => !!world.cluster && !!runtimeOf(world) && metricsAvailable(world);

export const METRICS_GROUP = { name: 'metrics.k8s.io', versions: [{ groupVersion: GV, version: 'v1beta1' }], preferredVersion: { groupVersion: GV, version: 'v1beta1' } };

const quantity = {
  cpu: (milli: number) => `${Math.round(milli * 1e6)}n`,
  memory: (bytes: number) => (Math.round(bytes) % 1024 === 0 ? `${Math.round(bytes) / 1024}Ki` : `${Math.round(bytes)}`),
};

/** metrics-server's NotFound: its informers' for a missing object, its own for one without metrics. */
function notFound(resource: 'pods' | 'nodes' | 'podmetrics' | 'nodemetrics', name: string): ApiResponse {
  const group = resource.endsWith('metrics') ? 'metrics.k8s.io' : '';
  const message = `${resource}${group ? `.${group}` : ''} "${name}" not found`;
  const body = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'NotFound', details: { name, ...(group ? { group } : {}), kind: resource }, code: 404 };
  return { status: 404, body };
}

/** Answers a GET under /apis/metrics.k8s.io/v1beta1; undefined for other paths or when metrics-server is away. */
export function serveMetrics(world: World, path: string, query: Record<string, string>): ApiResponse | undefined {
  if (!path.startsWith(PREFIX) || !metricsServed(world)) return undefined;
  const rt = runtimeOf(world)!;
  const c = world.cluster!;
  const parts = path.slice(PREFIX.length).split('/').filter(Boolean);
  if (!parts.length) {
    const res = (name: string, kind: string, namespaced: boolean) => ({ name, singularName: '', namespaced, kind, verbs: ['get', 'list'] });
    return { status: 200, body: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: GV, resources: [res('nodes', 'NodeMetrics', false), res('pods', 'PodMetrics', true)] } };
  }
  const stamp = new Date(wallMs(world.now)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const labels = parseLabelSelector(query.labelSelector ?? '');
  if (!labels.ok) return { status: 400, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: labels.error, reason: 'BadRequest', code: 400 } };
  const usages = podUsages(world, rt);
  if (parts[0] === 'nodes' && parts.length <= 2) {
    const metricsOf = (node: Node) => {
      const u = nodeUsage(world, rt, usages, node);
      return u && { kind: 'NodeMetrics', apiVersion: GV, metadata: { name: node.metadata.name, creationTimestamp: stamp, labels: node.metadata.labels }, timestamp: stamp, window: '20s', usage: { cpu: quantity.cpu(u.cpu), memory: quantity.memory(u.memory) } };
    };
    if (parts[1]) {
      const node = getObject(c, 'Node', undefined, parts[1]);
      if (!node) return notFound('nodes', parts[1]);
      const m = metricsOf(node);
      return m ? { status: 200, body: m } : notFound('nodemetrics', parts[1]);
    }
    const items = listObjects(c, 'Node').filter((n) => matchesRequirements(labels.reqs, n.metadata.labels)).map(metricsOf).filter(Boolean);
    return { status: 200, body: { kind: 'NodeMetricsList', apiVersion: GV, metadata: {}, items } };
  }
  let ns: string | undefined;
  let rest = parts;
  if (parts[0] === 'namespaces' && parts.length >= 3) [ns, rest] = [parts[1], parts.slice(2)];
  if (rest[0] !== 'pods' || rest.length > 2) return undefined;
  const pods = listObjects(c, 'Pod', ns).filter((p) => usages.has(p.metadata.uid!));
  const metricsOf = (p: (typeof pods)[number]) => ({
    kind: 'PodMetrics', apiVersion: GV, metadata: { name: p.metadata.name, namespace: p.metadata.namespace, creationTimestamp: stamp, labels: p.metadata.labels }, timestamp: stamp, window: '15s',
    containers: usages.get(p.metadata.uid!)!.containers.map((x) => ({ name: x.name, usage: { cpu: quantity.cpu(x.cpu), memory: quantity.memory(x.memory) } })),
  });
  if (rest[1]) {
    if (!getObject(c, 'Pod', ns, rest[1])) return notFound('pods', rest[1]);
    const pod = pods.find((p) => p.metadata.name === rest[1]);
    return pod ? { status: 200, body: metricsOf(pod) } : notFound('podmetrics', `${ns ?? ''}/${rest[1]}`);
  }
  const items = pods.filter((p) => matchesRequirements(labels.reqs, p.metadata.labels)).map(metricsOf);
  return { status: 200, body: { kind: 'PodMetricsList', apiVersion: GV, metadata: {}, items } };
}

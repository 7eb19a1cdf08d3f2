// The kubelet's eviction manager for the node's filesystem (nodefs.available<10%, the default
// hard threshold): every 10 s, while the node reports DiskPressure, it records
// EvictionThresholdMet on the node and evicts one pod: those using more ephemeral storage than
// they request first (BestEffort pods request none), then lower priority, then larger usage.
// Critical pods (static, mirror, system priorities) are skipped. An evicted pod is Failed with
// reason Evicted; its controller replaces it elsewhere. After an eviction it looks again as
// soon as the pod is cleaned up (a second), so a node whose disk stays full is emptied.
import type { World } from '../../world/types.js';
import { hostUnitOf } from '../host-pods.js';
import { hex64 } from '../images.js';
import { formatQuantity } from '../quantity.js';
import type { ClusterRuntime, NodeRuntime, PodRuntime } from '../runtime.js';
import { getObject, updateObject } from '../store.js';
import type { Pod, PodCondition } from '../types.js';
import { allPods, bytes, event, stamp } from './common.js';
import { klog } from './klog.js';

const MONITOR_MS = 10_000;
const CLEANUP_MS = 1000;
const MIB = 1024 * 1024;
const BLOCK = 4096;
/** scheduling.SystemCriticalPriority: pods at or above it are never evicted. */
const SYSTEM_CRITICAL = 2_000_000_000;
const CLASS_PRIORITY: Record<string, number> = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 };

const binarySI = (n: number) => formatQuantity({ nanos: BigInt(n) * 1_000_000_000n, format: 'BinarySI' });

const priorityOf = (pod: Pod) => pod.spec.priority || CLASS_PRIORITY[pod.spec.priorityClassName ?? ''] || 0;

/** What a container has written to the node's disk: its writable layer and its logs, in whole blocks. */
function containerUsage(p: PodRuntime | undefined, name: string, image: string): number {
  const c = p?.containers.find((x) => x.name === name);
  if (!c?.id) return 0;
  const rootfs = (3 + (parseInt(hex64(`rootfs:${image}:${c.id}`).slice(0, 4), 16) % 40)) * BLOCK;
  const logBytes = [...(c.previous?.logs ?? []), ...c.logs].reduce((n, l) => n + l.text.length + 1, 0);
  return rootfs + Math.ceil(logBytes / BLOCK) * BLOCK;
}

interface Candidate {
  pod: Pod;
  usage: number;
  exceeds: boolean;
  /** Containers using more than they request: [name, usage, request]. */
  over: [string, string, string][];
}

function candidate(rt: ClusterRuntime, pod: Pod): Candidate {
  const p = rt.pods[pod.metadata.uid!];
  let usage = 0;
  let request = 0;
  const over: Candidate['over'] = [];
  for (const c of pod.spec.containers) {
    const used = containerUsage(p, c.name, c.image);
    const req = c.resources?.requests?.['ephemeral-storage'];
    usage += used;
    request += bytes(req);
    if (used > bytes(req)) over.push([c.name, binarySI(used), req ?? '0']);
  }
  return { pod, usage, exceeds: usage > request, over };
}

/** The eviction manager's ranking for disk pressure. */
function rank(list: Candidate[]): Candidate[] {
  return [...list].sort(
    (a, b) => Number(b.exceeds) - Number(a.exceeds) || priorityOf(a.pod) - priorityOf(b.pod) || b.usage - a.usage ||
      (a.pod.metadata.creationTimestamp ?? '').localeCompare(b.pod.metadata.creationTimestamp ?? '') || a.pod.metadata.name.localeCompare(b.pod.metadata.name),
  );
}

const isCritical = (pod: Pod) => !!pod.metadata.annotations?.['kubernetes.io/config.mirror'] || priorityOf(pod) >= SYSTEM_CRITICAL;

function evict(world: World, node: NodeRuntime, c: Candidate, message: string): void {
  const pod = c.pod;
  event(world, pod, { type: 'Warning', reason: 'Evicted', message, component: 'kubelet', host: node.host });
  for (const s of pod.status?.containerStatuses ?? []) {
    if (s.state.running) event(world, pod, { type: 'Normal', reason: 'Killing', message: `Stopping container ${s.name}`, component: 'kubelet', host: node.host, fieldPath: `spec.containers{${s.name}}` });
  }
  const now = stamp(world);
  const old = pod.status ?? {};
  const unready = `containers with unready status: [${pod.spec.containers.map((x) => x.name).join(' ')}]`;
  const conditions: PodCondition[] = (old.conditions ?? []).map((x) =>
    (x.type === 'Ready' || x.type === 'ContainersReady') && x.status === 'True' ? { ...x, status: 'False', lastTransitionTime: now, reason: 'ContainersNotReady', message: unready } : x,
  );
  conditions.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: 'TerminationByKubelet', message });
  pod.status = {
    phase: 'Failed', conditions, message, reason: 'Evicted',
    ...(old.hostIP ? { hostIP: old.hostIP, hostIPs: old.hostIPs } : {}),
    ...(old.podIP ? { podIP: old.podIP, podIPs: old.podIPs } : {}),
    ...(old.startTime ? { startTime: old.startTime } : {}),
    ...(old.qosClass ? { qosClass: old.qosClass } : {}),
  };
  updateObject(world, pod);
}

/** One pass of the node's eviction manager (when it is due). */
export function runEvictionManager(world: World, rt: ClusterRuntime, node: NodeRuntime): void {
  if (world.now < (node.evictionAt ?? -Infinity)) return;
  node.evictionAt = world.now + MONITOR_MS;
  const host = world.hosts[node.host];
  const nodeObj = getObject(world.cluster!, 'Node', undefined, node.host);
  if (!host || !nodeObj) return;
  const capacity = host.disk.sizeMb * MIB;
  const available = Math.max(0, host.disk.sizeMb - host.disk.usedMb) * MIB;
  const threshold = Math.trunc(capacity * 0.1);
  const pressure = nodeObj.status.conditions?.find((x) => x.type === 'DiskPressure')?.status === 'True';
  if (available >= threshold || !pressure) return;
  const log = (level: 'I' | 'E', line: number, text: string) => klog(world, host, 'kubelet', level, `eviction_manager.go:${line}`, text);
  log('I', 381, '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"');
  event(world, nodeObj, { type: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim ephemeral-storage', component: 'kubelet', host: node.host });
  log('I', 392, '"Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"');
  const active = allPods(world).filter(
    (p) => p.spec.nodeName === node.host && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && (!hostUnitOf(p) || isCritical(p)),
  );
  if (!active.length) {
    log('E', 400, '"Eviction manager: eviction thresholds have been met, but no pods are active to evict"');
    return;
  }
  const ranked = rank(active.map((p) => candidate(rt, p)));
  log('I', 410, `"Eviction manager: pods ranked for eviction" pods=[${ranked.map((c) => `"${c.pod.metadata.namespace}/${c.pod.metadata.name}"`).join(',')}]`);
  const base = `The node was low on resource: ephemeral-storage. Threshold quantity: ${binarySI(threshold)}, available: ${binarySI(available)}. `;
  for (const c of ranked) {
    const name = `${c.pod.metadata.namespace}/${c.pod.metadata.name}`;
    if (isCritical(c.pod)) {
      log('E', 616, `"Eviction manager: cannot evict a critical pod" pod="${name}"`);
      continue;
    }
    evict(world, node, c, base + c.over.map(([n, used, req]) => `Container ${n} was using ${used}, request is ${req}, has larger consumption of ephemeral-storage. `).join(''));
    log('I', 636, `"Eviction manager: pod is evicted successfully" pod="${name}"`);
    node.evictionAt = world.now + CLEANUP_MS;
    return;
  }
  log('I', 426, '"Eviction manager: unable to evict any pods from the node"');
}

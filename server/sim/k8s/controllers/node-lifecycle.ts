// The node lifecycle controller: a node whose lease is older than the grace period (40 s)
// gets its conditions set to Unknown, a NodeNotReady event, and its pods marked not ready;
// conditions become taints (not-ready/unreachable NoSchedule+NoExecute, pressure and
// cordon NoSchedule); and the taint manager evicts pods from NoExecute-tainted nodes once
// their toleration runs out (300 s for the default not-ready/unreachable tolerations).
import { parseRfc3339, wallMs } from '../../clock.js';
import type { World } from '../../world/types.js';
import { removeObject } from '../apiwrite.js';
import { getObject, updateObject } from '../store.js';
import type { Node, Pod, Taint } from '../types.js';
import { all, allPods, event, stamp } from './common.js';
import { toleration } from './scheduler.js';

const GRACE_MS = 40_000;
const MANAGED = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/unschedulable']);
const PRESSURE: Record<string, string> = { MemoryPressure: 'node.kubernetes.io/memory-pressure', DiskPressure: 'node.kubernetes.io/disk-pressure', PIDPressure: 'node.kubernetes.io/pid-pressure' };

function wantedTaints(node: Node): Taint[] {
  const conds = node.status.conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready')?.status;
  const out: Taint[] = [];
  if (ready === 'Unknown') out.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
  else if (ready === 'False') out.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
  for (const c of conds) if (PRESSURE[c.type] && c.status === 'True') out.push({ key: PRESSURE[c.type], effect: 'NoSchedule' });
  if (node.spec.unschedulable) out.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return out;
}

function markPodsNotReady(world: World, pods: Pod[], now: string): void {
  for (const pod of pods) {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') continue;
    ready.status = 'False';
    ready.lastTransitionTime = now;
    updateObject(world, pod);
    event(world, pod, { type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready', component: 'node-controller' });
  }
}

/** Pods by the node they are bound to, in the store's order. */
function podsByNode(pods: Pod[]): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const pod of pods) {
    const n = pod.spec.nodeName;
    if (n === undefined) continue;
    let list = m.get(n);
    if (!list) m.set(n, (list = []));
    list.push(pod);
  }
  return m;
}

export function runNodeLifecycle(world: World): void {
  const now = stamp(world);
  const nowMs = wallMs(world.now);
  let listed: Pod[] | undefined;
  // Most ticks no node changes and none is tainted NoExecute: no need to list the pods.
  const pods = () => (listed ??= allPods(world));
  let byNode: Map<string, Pod[]> | undefined;
  const podsOn = (node: string) => (byNode ??= podsByNode(pods())).get(node) ?? [];
  const tainted = new Map<string, { t: Taint; added: number }[]>();
  for (const node of all(world, 'Node')) {
    const name = node.metadata.name;
    const lease = getObject(world.cluster!, 'Lease', 'kube-node-lease', name);
    const renewed = lease?.spec.renewTime ? parseRfc3339(lease.spec.renewTime) : undefined;
    const conds = (node.status.conditions ??= []);
    const ready = conds.find((c) => c.type === 'Ready');
    let changed = false;
    if (renewed !== undefined && nowMs - renewed > GRACE_MS && ready?.status !== 'Unknown') {
      for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
        const c = conds.find((x) => x.type === type);
        if (!c) continue;
        Object.assign(c, { status: 'Unknown', lastTransitionTime: now, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
      }
      changed = true;
      event(world, node, { type: 'Normal', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady`, component: 'node-controller' });
      markPodsNotReady(world, podsOn(name), now);
    }
    const wanted = wantedTaints(node);
    const current = node.spec.taints ?? [];
    const kept = current.filter((t) => !MANAGED.has(t.key) || wanted.some((w) => w.key === t.key && w.effect === t.effect));
    const added = wanted.filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect)).map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: now } : w));
    if (added.length || kept.length !== current.length) {
      const next = [...kept, ...added];
      if (next.length) node.spec.taints = next;
      else delete node.spec.taints;
      changed = true;
    }
    if (changed) updateObject(world, node);
    const noExecute = (node.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (noExecute.length) tainted.set(name, noExecute.map((t) => ({ t, added: t.timeAdded ? (parseRfc3339(t.timeAdded) ?? nowMs) : nowMs })));
  }
  if (!tainted.size) return;
  for (const pod of pods()) {
    const taints = pod.spec.nodeName ? tainted.get(pod.spec.nodeName) : undefined;
    if (!taints || pod.metadata.deletionTimestamp) continue;
    // Evicted when the first of its NoExecute taints stops being tolerated.
    let evictAt = Infinity;
    for (const { t, added } of taints) {
      const tol = (pod.spec.tolerations ?? []).find((x) => (!x.effect || x.effect === 'NoExecute') && toleration(x, t));
      evictAt = Math.min(evictAt, !tol ? added : tol.tolerationSeconds === undefined ? Infinity : added + tol.tolerationSeconds * 1000);
    }
    if (nowMs < evictAt) continue;
    event(world, pod, { type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, component: 'taint-eviction-controller' });
    removeObject(world, pod);
  }
}

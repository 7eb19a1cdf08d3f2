// kube-scheduler: binds each pending pod to a node that passes the filters (in the default
// profile's order: NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit) and
// scores best (fewest pods of the same owner, then least allocated). When none fits it
// reports the FitError message (`0/3 nodes are available: ...`) and tries again when the
// nodes or the bound pods change, or after 5 minutes.
import type { World } from '../../world/types.js';
import type { ClusterRuntime } from '../runtime.js';
import { updateObject } from '../store.js';
import type { Node, Pod, Taint, Toleration } from '../types.js';
import { all, allPods, bytes, controllerOf, event, milli, podRequests, stamp } from './common.js';
import { unboundClaims } from './volumes.js';

const RETRY_MS = 5 * 60_000;

/** Whether one toleration tolerates the taint. */
export function toleration(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

export function tolerates(tols: Toleration[] | undefined, taint: Taint): boolean {
  return (tols ?? []).some((t) => toleration(t, taint));
}

type Term = { matchExpressions?: { key: string; operator: string; values?: string[] }[]; matchFields?: { key: string; operator: string; values?: string[] }[] };

function exprMatches(e: { key: string; operator: string; values?: string[] }, value: string | undefined): boolean {
  const vals = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return value !== undefined && vals.includes(value);
    case 'NotIn':
      return value === undefined || !vals.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(vals[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(vals[0]);
    default:
      return false;
  }
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity. */
export function matchesNodeSelector(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const na = (pod.spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Term[] } } } | undefined)?.nodeAffinity;
  const terms = na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return true;
  return terms.some(
    (t) => (t.matchExpressions ?? []).every((e) => exprMatches(e, labels[e.key])) && (t.matchFields ?? []).every((e) => exprMatches(e, e.key === 'metadata.name' ? node.metadata.name : undefined)),
  );
}

interface NodeUse {
  cpu: number;
  memory: number;
  pods: number;
}

type Failure = { reasons: string[]; resolvable: boolean };

/** Which filter rules the pod out of the node: the cordon, a taint (its index), the labels, or none. */
type Placement = 'fits' | 'unschedulable' | 'affinity' | number;

/** The first of the node's cordon, taints and labels that rules the pod out (in the filters' order). */
function placementOf(pod: Pod, node: Node): Placement {
  if (node.spec.unschedulable && !tolerates(pod.spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return 'unschedulable';
  // The cordon taint follows spec.unschedulable at once (the node controller's next pass here).
  const taint = (node.spec.taints ?? []).findIndex((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, t) && !(t.key === 'node.kubernetes.io/unschedulable' && !node.spec.unschedulable));
  if (taint >= 0) return taint;
  return matchesNodeSelector(pod, node) ? 'fits' : 'affinity';
}

/** The FitError reason of a placement on the node, or undefined when the pod may go there. */
function placementFailure(node: Node, placement: Placement): Failure | undefined {
  if (placement === 'fits') return undefined;
  if (placement === 'unschedulable') return { reasons: ['node(s) were unschedulable'], resolvable: false };
  if (placement === 'affinity') return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  const taint = node.spec.taints![placement];
  return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], resolvable: false };
}

/** What placementOf reads of a pod: pods alike in it are ruled out of the same nodes. */
const placementKey = (pod: Pod) => JSON.stringify([pod.spec.tolerations, pod.spec.nodeSelector, pod.spec.affinity]);

/** Whether the pod asks for nodes by label (nodeSelector or required node affinity). */
function selectsNodes(pod: Pod): boolean {
  if (Object.keys(pod.spec.nodeSelector ?? {}).length) return true;
  const na = (pod.spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Term[] } } } | undefined)?.nodeAffinity;
  return !!na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.length;
}

/** Whether placementOf can rule a pod out of the node by its cordon or taints (else only by labels). */
const restricts = (node: Node) => !!node.spec.unschedulable || !!node.spec.taints?.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');

/** What a node has for pods (allocatable, else capacity): constant during a pass. */
interface NodeRoom {
  pods: number;
  cpu: number;
  memory: number;
}

function roomOf(node: Node): NodeRoom {
  const alloc = node.status.allocatable ?? node.status.capacity ?? {};
  return { pods: Number(alloc.pods ?? 110), cpu: milli(alloc.cpu), memory: bytes(alloc.memory) };
}

/** NodeResourcesFit: why the node lacks room for the pod, or undefined when it fits. */
function resourceFailure(use: NodeUse, room: NodeRoom, req: { cpu: number; memory: number }): Failure | undefined {
  const pods = use.pods + 1 > room.pods;
  const cpu = req.cpu > 0 && use.cpu + req.cpu > room.cpu;
  const memory = req.memory > 0 && use.memory + req.memory > room.memory;
  if (!pods && !cpu && !memory) return undefined;
  const reasons: string[] = [];
  if (pods) reasons.push('Too many pods');
  if (cpu) reasons.push('Insufficient cpu');
  if (memory) reasons.push('Insufficient memory');
  return { reasons, resolvable: true };
}

/** The node that scores best among those that fit, or -1: fewest pods of the same owner, then least allocated, the first best in node order. */
function bestNode(placements: (Failure | undefined)[], uses: NodeUse[], rooms: NodeRoom[], req: { cpu: number; memory: number }, sameOwner: Int32Array | undefined): number {
  let best = -1;
  let bestSame = 0;
  let bestFree = 0;
  for (let i = 0; i < uses.length; i++) {
    if (placements[i]) continue;
    const u = uses[i];
    const room = rooms[i];
    if (resourceFailure(u, room, req)) continue;
    const free = (1 - (u.cpu + req.cpu) / Math.max(room.cpu, 1)) + (1 - (u.memory + req.memory) / Math.max(room.memory, 1));
    const same = sameOwner ? sameOwner[i] : 0;
    if (best < 0 || same - bestSame < 0 || (same === bestSame && bestFree - free < 0)) {
      best = i;
      bestSame = same;
      bestFree = free;
    }
  }
  return best;
}

function histogram(entries: string[]): string {
  const h = new Map<string, number>();
  for (const e of entries) h.set(e, (h.get(e) ?? 0) + 1);
  return [...h].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

function setScheduled(pod: Pod, status: 'True' | 'False', now: string, message?: string): void {
  pod.status ??= {};
  pod.status.phase ??= 'Pending';
  const cond = { type: 'PodScheduled', status, lastProbeTime: null, lastTransitionTime: now, ...(message ? { reason: 'Unschedulable', message } : {}) };
  const conds = (pod.status.conditions ??= []);
  const i = conds.findIndex((c) => c.type === 'PodScheduled');
  if (i >= 0) {
    if (conds[i].status === status && conds[i].message === message) return;
    if (conds[i].status === status) cond.lastTransitionTime = conds[i].lastTransitionTime ?? now;
    conds[i] = cond;
  } else conds.push(cond);
}

function unschedulable(world: World, rt: ClusterRuntime, pod: Pod, message: string, now: string, fingerprint: string): void {
  setScheduled(pod, 'False', now, message);
  updateObject(world, pod);
  event(world, pod, { type: 'Warning', reason: 'FailedScheduling', message, component: 'default-scheduler' });
  rt.scheduler[pod.metadata.uid!] = { at: world.now, fingerprint };
}

/** One scheduling pass; true while pods wait (they are retried on the clock). */
export function runScheduler(world: World, rt: ClusterRuntime): boolean {
  const pods = allPods(world);
  const pending = pods.filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp && (p.spec.schedulerName ?? 'default-scheduler') === 'default-scheduler' && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const retrying = Object.keys(rt.scheduler).filter((uid) => !uid.startsWith('mount:'));
  if (retrying.length) {
    const waiting = new Set(pending.map((p) => p.metadata.uid));
    for (const uid of retrying) if (!waiting.has(uid)) delete rt.scheduler[uid];
  }
  if (!pending.length) return false;
  // The pods' last failed attempts, as the pass starts (each pod's own entry changes only when its turn comes).
  const lastTries = new Map(Object.entries(rt.scheduler));
  const nodes = all(world, 'Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const index = new Map(nodes.map((n, i) => [n.metadata.name, i]));
  const uses: NodeUse[] = nodes.map(() => ({ cpu: 0, memory: 0, pods: 0 }));
  const rooms = nodes.map(roomOf);
  // Pods of each owner (controller uid) on each node, by node index.
  const owned = new Map<string, Int32Array>();
  const addOwned = (owner: string, i: number) => {
    let counts = owned.get(owner);
    if (!counts) owned.set(owner, (counts = new Int32Array(nodes.length)));
    counts[i]++;
  };
  let bound = 0;
  for (const p of pods) {
    const i = p.spec.nodeName ? index.get(p.spec.nodeName) : undefined;
    if (i === undefined || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const u = uses[i];
    const r = podRequests(p);
    u.cpu += r.cpu;
    u.memory += r.memory;
    u.pods++;
    bound++;
    const owner = controllerOf(p)?.uid;
    if (owner) addOwned(owner, i);
  }
  const claims = all(world, 'PersistentVolumeClaim').map((c) => c.metadata.resourceVersion).join(',');
  const fingerprint = `${nodes.map((n) => n.metadata.resourceVersion).join(',')}|${bound}|${claims}`;
  const now = stamp(world);
  // Nodes' taints and labels do not change during the pass: each kind of pod is placed once per node.
  const placementsByKey = new Map<string, (Failure | undefined)[]>();
  // Pods that select no nodes by label differ only on the nodes a cordon or taint can rule them out of.
  const restricting = nodes.flatMap((n, i) => (restricts(n) ? [i] : []));
  for (const pod of pending) {
    const uid = pod.metadata.uid!;
    const last = lastTries.size ? lastTries.get(uid) : undefined;
    if (last && last.fingerprint === fingerprint && world.now - last.at < RETRY_MS) continue;
    const volumeClaims = (pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim).map((v) => v.persistentVolumeClaim!.claimName);
    const unbound = volumeClaims.length ? unboundClaims(world, pod.metadata.namespace ?? 'default', volumeClaims) : undefined;
    if (unbound) {
      // The VolumeBinding pre-filter rejects the pod for every node at once.
      const n = nodes.length;
      unschedulable(world, rt, pod, `0/${n} nodes are available: ${unbound}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`, now, fingerprint);
      continue;
    }
    const req = podRequests(pod);
    const owner = controllerOf(pod)?.uid;
    let placements: (Failure | undefined)[] | undefined;
    if (selectsNodes(pod)) {
      const pk = placementKey(pod);
      placements = placementsByKey.get(pk);
      if (!placements) placementsByKey.set(pk, (placements = nodes.map((node) => placementFailure(node, placementOf(pod, node)))));
    } else {
      const found = restricting.map((i) => placementOf(pod, nodes[i]));
      const pk = `restricted:${found.join(',')}`;
      placements = placementsByKey.get(pk);
      if (!placements) {
        placements = new Array<Failure | undefined>(nodes.length).fill(undefined);
        for (let j = 0; j < restricting.length; j++) placements[restricting[j]] = placementFailure(nodes[restricting[j]], found[j]);
        placementsByKey.set(pk, placements);
      }
    }
    const best = bestNode(placements, uses, rooms, req, owner ? owned.get(owner) : undefined);
    if (best < 0) {
      const failures = nodes.map((_, i) => placements[i] ?? resourceFailure(uses[i], rooms[i], req)!);
      const n = nodes.length;
      const message = n === 0 ? 'no nodes available to schedule pods'
        : `0/${n} nodes are available: ${histogram(failures.flatMap((f) => f.reasons))}. preemption: 0/${n} nodes are available: ${histogram(failures.map((f) => (f.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')))}.`;
      unschedulable(world, rt, pod, message, now, fingerprint);
      continue;
    }
    const name = nodes[best].metadata.name;
    pod.spec.nodeName = name;
    setScheduled(pod, 'True', now);
    const cond = pod.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
    delete cond.reason;
    delete cond.message;
    updateObject(world, pod);
    event(world, pod, { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${name}`, component: 'default-scheduler' });
    if (last) delete rt.scheduler[uid];
    const u = uses[best];
    u.cpu += req.cpu;
    u.memory += req.memory;
    u.pods++;
    if (owner) addOwned(owner, best);
  }
  return true;
}

// The ReplicaSet controller: as many active pods as spec.replicas, created from the
// template (named `<rs>-<5 random>`), surplus ones deleted (unscheduled, then pending, then
// not ready, then the youngest first), and the status counts.
import type { World } from '../../world/types.js';
import { removeObject } from '../apiwrite.js';
import { applyDefaults } from '../defaults.js';
import { parseRfc3339 } from '../../clock.js';
import { clone } from '../patch.js';
import { createObject, randomSuffix, updateObject } from '../store.js';
import type { Pod, ReplicaSet } from '../types.js';
import { all, allPods, controllerOf, event, isPodActive, isPodReady } from './common.js';

/** Active pods by the uid of the object controlling them. */
export function podsByOwner(world: World): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const pod of allPods(world)) {
    const ref = controllerOf(pod);
    if (!ref) continue;
    let list = m.get(ref.uid);
    if (!list) m.set(ref.uid, (list = []));
    list.push(pod);
  }
  return m;
}

/** How eagerly a pod is deleted when scaling down (lower first), as controller.ActivePods sorts. */
function deletionRank(p: Pod): number[] {
  const phaseRank = p.status?.phase === 'Pending' ? 0 : p.status?.phase === 'Unknown' ? 1 : 2;
  const created = parseRfc3339(p.metadata.creationTimestamp ?? '') ?? 0;
  return [p.spec.nodeName ? 1 : 0, phaseRank, isPodReady(p) ? 1 : 0, -created];
}

function newPod(world: World, rs: ReplicaSet): Pod {
  const t = clone(rs.spec.template);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${rs.metadata.name}-${randomSuffix(world, 5)}`, generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace,
      labels: { ...t.metadata?.labels }, ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: t.spec,
    status: {},
  };
}

/** The same keys, in the same order, with the same values (then the same JSON): the common case, without writing JSON. */
function sameFields(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || (a as Record<string, unknown>)[ka[i]] !== (b as Record<string, unknown>)[kb[i]]) return false;
  return true;
}

export function runReplicaSets(world: World, owned: Map<string, Pod[]>): void {
  for (const rs of all(world, 'ReplicaSet')) {
    if (rs.metadata.deletionTimestamp) continue;
    const pods = owned.get(rs.metadata.uid!) ?? [];
    const active = pods.filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    if (active.length < want) {
      for (let i = active.length; i < want; i++) {
        const pod = newPod(world, rs);
        applyDefaults(world, pod);
        const res = createObject(world, pod);
        if (!res.ok) continue;
        active.push(res.obj);
        pods.push(res.obj);
        event(world, rs, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: 'replicaset-controller' });
      }
    } else if (active.length > want) {
      const ranked = [...active].sort((a, b) => {
        const ra = deletionRank(a);
        const rb = deletionRank(b);
        for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
        return 0;
      });
      for (const pod of ranked.slice(0, active.length - want)) {
        removeObject(world, pod);
        event(world, rs, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}`, component: 'replicaset-controller' });
      }
    }
    const still = pods.filter(isPodActive);
    const ready = still.filter(isPodReady).length;
    // Zero counts are omitted, as the API's omitempty fields are.
    const status: NonNullable<ReplicaSet['status']> = { replicas: still.length };
    if (still.length) status.fullyLabeledReplicas = still.length;
    if (ready) status.readyReplicas = ready;
    if (ready) status.availableReplicas = ready;
    status.observedGeneration = rs.metadata.generation ?? 1;
    if (!sameFields(status, rs.status ?? {}) && JSON.stringify(status) !== JSON.stringify(rs.status ?? {})) {
      rs.status = status;
      updateObject(world, rs);
    }
  }
}

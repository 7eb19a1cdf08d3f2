// The namespace controller: a Terminating namespace (deleted while its spec still lists the
// `kubernetes` finalizer) is emptied, resource type by resource type, as the controller's
// deleter does: it deletes what is left (pods gracefully), counts what remains (pods still
// terminating, objects held by finalizers) into the namespace's status conditions, and once
// nothing remains it removes its finalizer and the namespace itself. It looks 5 s after the
// deletion, 5 s after each status change, else after half the remaining estimate plus one.
import type { World } from '../../world/types.js';
import { removeObject } from '../apiwrite.js';
import { RESOURCES } from '../resources.js';
import { runtimeOf } from '../runtime.js';
import { deleteObject, getObject, listObjects, updateObject } from '../store.js';
import type { Namespace, NamespaceCondition } from '../types.js';
import { all, stamp } from './common.js';

/** The controller's delay after a namespace changes (for HA API servers to see the deletion). */
const DELETION_GRACE_MS = 5000;
/** What the deleter assumes a finalizer takes to finish. */
const FINALIZER_ESTIMATE_S = 15;

/** The condition types the deleter maintains, in its order, with their all-clear reason and message. */
const CONDITIONS: [string, string, string][] = [
  ['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
  ['NamespaceFinalizersRemaining', 'ContentRemoved', 'All content successfully removed'],
];

interface Remaining {
  /** `pods.` (resource.group) -> objects left. */
  byResource: Map<string, number>;
  /** finalizer -> objects left carrying it. */
  byFinalizer: Map<string, number>;
  /** Seconds the deleter expects to wait (pods' grace periods, finalizers). */
  estimate: number;
}

/** Deletes what is left in the namespace and counts what remains of it. */
function deleteContent(world: World, ns: string): Remaining {
  const c = world.cluster!;
  const out: Remaining = { byResource: new Map(), byFinalizer: new Map(), estimate: 0 };
  for (const t of RESOURCES) {
    if (!t.namespaced) continue;
    let estimate = 0;
    if (t.kind === 'Pod') {
      for (const p of listObjects(c, 'Pod', ns)) {
        if (p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') estimate = Math.max(estimate, p.spec.terminationGracePeriodSeconds ?? 30);
      }
    }
    for (const o of listObjects(c, t.kind, ns)) {
      if (!o.metadata.deletionTimestamp && getObject(c, t.kind, ns, o.metadata.name) === o) removeObject(world, o, { propagationPolicy: 'Background' });
    }
    const left = listObjects(c, t.kind, ns);
    if (!left.length) continue;
    out.byResource.set(`${t.resource}.${t.group}`, left.length);
    let finalizers = false;
    for (const o of left) {
      for (const f of o.metadata.finalizers ?? []) {
        out.byFinalizer.set(f, (out.byFinalizer.get(f) ?? 0) + 1);
        finalizers = true;
      }
    }
    out.estimate = Math.max(out.estimate, estimate || (finalizers ? FINALIZER_ESTIMATE_S : 0));
  }
  return out;
}

const list = (m: Map<string, number>, fmt: (k: string, n: number) => string) => [...m].map(([k, n]) => fmt(k, n)).sort().join(', ');

/** Sets the deleter's conditions from what remains; whether any changed. */
function updateConditions(world: World, ns: Namespace, r: Remaining): boolean {
  const failing = new Map<string, [string, string]>();
  if (r.byResource.size) failing.set('NamespaceContentRemaining', ['SomeResourcesRemain', `Some resources are remaining: ${list(r.byResource, (k, n) => `${k} has ${n} resource instances`)}`]);
  if (r.byFinalizer.size) failing.set('NamespaceFinalizersRemaining', ['SomeFinalizerRemain', `Some finalizers are remaining: ${list(r.byFinalizer, (k, n) => `${k} in ${n} resource instances`)}`]);
  const status = (ns.status ??= {});
  const conditions = (status.conditions ??= []);
  const now = stamp(world);
  let changed = false;
  for (const [type, okReason, okMessage] of CONDITIONS) {
    const bad = failing.get(type);
    const want: NamespaceCondition = bad ? { type, status: 'True', lastTransitionTime: now, reason: bad[0], message: bad[1] } : { type, status: 'False', lastTransitionTime: now, reason: okReason, message: okMessage };
    const old = conditions.find((x) => x.type === type);
    if (!old) {
      conditions.push(want);
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      Object.assign(old, { status: want.status, reason: want.reason, message: want.message });
      changed = true;
    }
  }
  return changed;
}

/** One pass over a Terminating namespace; when to look at it again (undefined: it is gone). */
function sync(world: World, ns: Namespace): number | undefined {
  const name = ns.metadata.name;
  if (!ns.spec?.finalizers?.length) {
    deleteObject(world, 'Namespace', undefined, name);
    return undefined;
  }
  const remaining = deleteContent(world, name);
  if (updateConditions(world, ns, remaining)) {
    updateObject(world, ns);
    if (remaining.byResource.size) return world.now + DELETION_GRACE_MS;
  }
  if (remaining.byResource.size) return world.now + (Math.floor(remaining.estimate / 2) + 1) * 1000;
  ns.spec.finalizers = ns.spec.finalizers.filter((f) => f !== 'kubernetes');
  updateObject(world, ns);
  // Another finalizer's controller finishes the namespace: look again at most a minute later.
  if (ns.spec.finalizers.length) return world.now + 60_000;
  deleteObject(world, 'Namespace', undefined, name);
  return undefined;
}

export function runNamespaces(world: World): void {
  const rt = runtimeOf(world);
  if (!rt) return;
  const due = (rt.namespaces ??= {});
  const seen = new Set<string>();
  for (const ns of all(world, 'Namespace')) {
    const since = ns.metadata.deletionTimestamp;
    if (!since) continue;
    const uid = ns.metadata.uid!;
    seen.add(uid);
    due[uid] ??= world.now + DELETION_GRACE_MS;
    if (world.now < due[uid]) continue;
    const next = sync(world, ns);
    if (next === undefined) delete due[uid];
    else due[uid] = next;
  }
  for (const uid of Object.keys(due)) if (!seen.has(uid)) delete due[uid];
}

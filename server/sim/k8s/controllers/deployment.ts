// The Deployment controller: one ReplicaSet per pod template (named `<deploy>-<hash>`, the
// hash also in a pod-template-hash label), revisions in annotations, rolling updates within
// maxSurge/maxUnavailable (Recreate: old pods first), and the status and conditions that
// `kubectl get/describe deploy` and `rollout status` read.
import type { World } from '../../world/types.js';
import { applyDefaults } from '../defaults.js';
import { clone } from '../patch.js';
import { createObject, deleteObject, updateObject, writesTo } from '../store.js';
import type { Deployment, IntOrString, Pod, PodTemplateSpec, ReplicaSet } from '../types.js';
import { all, event, isPodActive, isPodReady, sameJson, stamp } from './common.js';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

/** JSON with object keys sorted, so equal templates give equal strings. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      // (what JSON leaves out, e.g. undefined, is an empty element, as join writes it)
      const e = stableJson(v[i]) as string | undefined;
      out += i ? `,${e ?? ''}` : (e ?? '');
    }
    return `${out}]`;
  }
  if (v && typeof v === 'object') {
    let out = '';
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      out += `${out ? ',' : ''}${JSON.stringify(k)}:${stableJson(x)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(v);
}

const templateKeys = new WeakMap<PodTemplateSpec, string>();

/** A template's identity without the pod-template-hash label (memoised: templates are replaced, not edited, on writes). */
function templateKey(t: PodTemplateSpec): string {
  let k = templateKeys.get(t);
  if (k === undefined) templateKeys.set(t, (k = stableJson(withoutHash(t))));
  return k;
}

function withoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const c = clone(t);
  if (c.metadata?.labels) delete c.metadata.labels[HASH];
  return c;
}

/** controller.ComputeHash's shape: fnv-1a of the template, its decimal digits safe-encoded (`7d4b9c8f6d`). */
export function templateHash(t: PodTemplateSpec, collisions = 0): string {
  const text = templateKey(t) + (collisions ? String(collisions) : '');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(h)].map((d) => alphabet[d.charCodeAt(0) % alphabet.length]).join('');
}

/** maxSurge / maxUnavailable as a number of pods (surge rounds up, unavailable down). */
function resolve(v: IntOrString | undefined, total: number, roundUp: boolean, dflt: string): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number(x) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.[REVISION] ?? 0);

function scale(world: World, d: Deployment, rs: ReplicaSet, to: number): void {
  const from = rs.spec.replicas ?? 0;
  if (from === to) return;
  rs.spec.replicas = to;
  rs.metadata.annotations = { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1), 'deployment.kubernetes.io/max-replicas': String((d.spec.replicas ?? 1) + resolve(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.replicas ?? 1, true, '25%')) };
  rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
  updateObject(world, rs);
  event(world, d, { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, component: 'deployment-controller' });
}

function createReplicaSet(world: World, d: Deployment, revision: number, replicas: number): ReplicaSet | undefined {
  const template = clone(d.spec.template);
  const hash = templateHash(d.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH]: hash } };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels },
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1), 'deployment.kubernetes.io/max-replicas': String((d.spec.replicas ?? 1) + resolve(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.replicas ?? 1, true, '25%')), [REVISION]: String(revision) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas, selector: { ...clone(d.spec.selector), matchLabels: { ...d.spec.selector.matchLabels, [HASH]: hash } }, template, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}) },
    status: { replicas: 0 },
  };
  applyDefaults(world, rs);
  const res = createObject(world, rs);
  if (!res.ok) return undefined;
  event(world, d, { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`, component: 'deployment-controller' });
  return res.obj;
}

type Counts = { replicas: number; ready: number };

function counts(rs: ReplicaSet, owned: Map<string, Pod[]>): Counts {
  const pods = (owned.get(rs.metadata.uid!) ?? []).filter(isPodActive);
  return { replicas: pods.length, ready: pods.filter(isPodReady).length };
}

function rollingUpdate(world: World, d: Deployment, next: ReplicaSet, old: ReplicaSet[], owned: Map<string, Pod[]>): void {
  const want = d.spec.replicas ?? 1;
  const surge = resolve(d.spec.strategy?.rollingUpdate?.maxSurge, want, true, '25%');
  let unavailable = resolve(d.spec.strategy?.rollingUpdate?.maxUnavailable, want, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  const specTotal = () => [next, ...old].reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
  // Scale the new ReplicaSet up within the surge.
  if ((next.spec.replicas ?? 0) < want) {
    const room = want + surge - specTotal();
    if (room > 0) scale(world, d, next, Math.min(want, (next.spec.replicas ?? 0) + room));
  } else if ((next.spec.replicas ?? 0) > want) scale(world, d, next, want);
  // Scale old ones down while enough pods stay available: unhealthy pods first (cleanupUnhealthyReplicas).
  const minAvailable = want - unavailable;
  const newUnavailable = Math.max((next.spec.replicas ?? 0) - counts(next, owned).ready, 0);
  let budget = specTotal() - minAvailable - newUnavailable;
  for (const rs of old) {
    if (budget <= 0) break;
    const unhealthy = Math.min((rs.spec.replicas ?? 0) - counts(rs, owned).ready, budget);
    if (unhealthy > 0) {
      scale(world, d, rs, (rs.spec.replicas ?? 0) - unhealthy);
      budget -= unhealthy;
    }
  }
  budget = specTotal() - minAvailable - newUnavailable;
  for (const rs of old) {
    if (budget <= 0) break;
    const n = Math.min(rs.spec.replicas ?? 0, budget);
    if (n > 0) {
      scale(world, d, rs, (rs.spec.replicas ?? 0) - n);
      budget -= n;
    }
  }
}

function setCondition(d: Deployment, type: string, status: 'True' | 'False', reason: string, message: string, now: string, touch = false): void {
  const conds = (d.status!.conditions ??= []);
  const old = conds.find((c) => c.type === type);
  if (old && old.status === status && old.reason === reason && old.message === message && !touch) return;
  const c = { type, status, lastUpdateTime: now, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now, reason, message };
  if (old) conds[conds.indexOf(old)] = c;
  else conds.push(c);
}

/**
 * A Deployment's last pass that wrote nothing: what it read (its own, its ReplicaSets' and their
 * pods' resourceVersions), whether it was still rolling, and the progress deadline it waits for
 * (wall-clock ms at which the pass would mark it exceeded). A cache, not part of the world.
 */
interface QuietPass {
  inputs: string;
  rolling: boolean;
  deadlineAt: number;
}

const quietDeployments = new WeakMap<Deployment, QuietPass>();

/** What a Deployment's pass reads, as a token: any write to it, its ReplicaSets or their pods changes it. */
function passInputs(d: Deployment, sets: ReplicaSet[], owned: Map<string, Pod[]>): string {
  let key = d.metadata.resourceVersion ?? '';
  for (const rs of sets) {
    // A pod written gets a newer resourceVersion than any before; one gone lowers the count.
    let newest = 0;
    const pods = owned.get(rs.metadata.uid!) ?? [];
    for (const p of pods) newest = Math.max(newest, Number(p.metadata.resourceVersion ?? 0));
    key += `|${rs.metadata.uid}:${rs.metadata.resourceVersion}:${pods.length}:${newest}`;
  }
  return key;
}

/**
 * One pass over the Deployments, for unlessSettled: false when none is rolling out; while one is,
 * the wall-clock ms of the first progress deadline to fall due if every Deployment was quiet
 * (Infinity: none), else true.
 */
export function runDeployments(world: World, owned: Map<string, Pod[]>): boolean | number {
  const c = world.cluster!;
  const nowMs = Date.parse(stamp(world));
  let rolling = false;
  let allQuiet = true;
  let deadlineAt = Infinity;
  const byOwner = new Map<string, ReplicaSet[]>();
  for (const rs of all(world, 'ReplicaSet')) {
    const ref = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    if (!ref) continue;
    let list = byOwner.get(ref.uid);
    if (!list) byOwner.set(ref.uid, (list = []));
    list.push(rs);
  }
  for (const d of all(world, 'Deployment')) {
    if (d.metadata.deletionTimestamp) continue;
    const sets = byOwner.get(d.metadata.uid!) ?? [];
    // Nothing it reads changed since a pass that wrote nothing, and no deadline passed: that pass again.
    const inputs = passInputs(d, sets, owned);
    const quiet = quietDeployments.get(d);
    if (quiet && quiet.inputs === inputs && nowMs <= quiet.deadlineAt) {
      rolling ||= quiet.rolling;
      deadlineAt = Math.min(deadlineAt, quiet.deadlineAt);
      continue;
    }
    const before = writesTo(c, ['*']);
    const pass = syncDeployment(world, d, sets, owned);
    rolling ||= pass.rolling;
    if (writesTo(c, ['*']) === before && pass.deadlineAt !== -Infinity) {
      quietDeployments.set(d, { inputs, rolling: pass.rolling, deadlineAt: pass.deadlineAt });
      deadlineAt = Math.min(deadlineAt, pass.deadlineAt);
    } else {
      quietDeployments.delete(d);
      allQuiet = false;
    }
  }
  if (!rolling) return false;
  return allQuiet ? deadlineAt : true;
}

/**
 * One Deployment's pass: whether it is still rolling out, and when its progress deadline runs
 * out (wall-clock ms; -Infinity when the pass depended on more than its inputs).
 */
function syncDeployment(world: World, d: Deployment, sets: ReplicaSet[], owned: Map<string, Pod[]>): { rolling: boolean; deadlineAt: number } {
  let rolling = false;
  let deadlineAt = Infinity;
  const want = templateKey(d.spec.template);
  let next = sets.find((rs) => templateKey(rs.spec.template) === want);
  const maxRevision = Math.max(0, ...sets.map(revisionOf));
  const before = clone(d.status ?? {});
  d.status ??= {};
  let created = false;
  if (!d.spec.paused) {
    if (!next) {
      const strategy = d.spec.strategy?.type ?? 'RollingUpdate';
      const total = sets.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      const surge = resolve(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.replicas ?? 1, true, '25%');
      const initial = strategy === 'Recreate' ? 0 : sets.length ? Math.max(0, Math.min(d.spec.replicas ?? 1, (d.spec.replicas ?? 1) + surge - total)) : (d.spec.replicas ?? 1);
      next = createReplicaSet(world, d, maxRevision + 1, initial);
      // (a pass that creates one depends on more than its inputs: never taken as quiet)
      deadlineAt = -Infinity;
      if (!next) return { rolling: true, deadlineAt };
      sets.push(next);
      created = true;
      setCondition(d, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${next.metadata.name}"`, stamp(world));
    } else if (revisionOf(next) < maxRevision) {
      next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(maxRevision + 1) };
      updateObject(world, next);
    }
    const old = sets.filter((rs) => rs !== next).sort((a, b) => revisionOf(a) - revisionOf(b));
    if ((d.spec.strategy?.type ?? 'RollingUpdate') === 'Recreate') {
      for (const rs of old) scale(world, d, rs, 0);
      const oldPods = old.reduce((n, rs) => n + counts(rs, owned).replicas, 0);
      if (oldPods === 0) scale(world, d, next, d.spec.replicas ?? 1);
    } else rollingUpdate(world, d, next, old, owned);
    // Keep revisionHistoryLimit old ReplicaSets with no pods.
    const idle = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && counts(rs, owned).replicas === 0);
    for (const rs of idle.slice(0, Math.max(0, idle.length - (d.spec.revisionHistoryLimit ?? 10)))) {
      deleteObject(world, 'ReplicaSet', rs.metadata.namespace, rs.metadata.name);
    }
  }
  const all3 = sets.map((rs) => counts(rs, owned));
  const replicas = all3.reduce((n, c) => n + c.replicas, 0);
  const ready = all3.reduce((n, c) => n + c.ready, 0);
  const updated = next ? counts(next, owned).replicas : 0;
  const wantReplicas = d.spec.replicas ?? 1;
  const s = d.status;
  s.observedGeneration = d.metadata.generation ?? 1;
  s.replicas = replicas;
  s.updatedReplicas = updated;
  s.readyReplicas = ready;
  s.availableReplicas = ready;
  const unavailable = Math.max(wantReplicas - ready, replicas - ready, 0);
  if (unavailable) s.unavailableReplicas = unavailable;
  else delete s.unavailableReplicas;
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) if (!s[k]) delete s[k];
  const now = stamp(world);
  const minAvailable = wantReplicas - resolve(d.spec.strategy?.rollingUpdate?.maxUnavailable, wantReplicas, false, '25%');
  if (ready >= minAvailable) setCondition(d, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now);
  else setCondition(d, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now);
  if (next) {
    const done = updated === wantReplicas && replicas === wantReplicas && ready === wantReplicas;
    const prog = s.conditions?.find((c) => c.type === 'Progressing');
    const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    const since = prog?.lastUpdateTime ? Date.parse(prog.lastUpdateTime) : NaN;
    const progressed = !done && !sameJson(d.status, before);
    if (done) setCondition(d, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${next.metadata.name}" has successfully progressed.`, now);
    else if (progressed && !created) setCondition(d, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${next.metadata.name}" is progressing.`, now, true);
    else if (!progressed && prog?.status === 'True' && Number.isFinite(since)) {
      if (Date.parse(now) - since > deadline) setCondition(d, 'Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${next.metadata.name}" has timed out progressing.`, now);
      else deadlineAt = Math.min(deadlineAt, since + deadline);
    }
    if (!done && !d.spec.paused) rolling = true;
    const rev = String(revisionOf(next));
    if (d.metadata.annotations?.[REVISION] !== rev) {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: rev };
      updateObject(world, d);
      return { rolling, deadlineAt };
    }
  }
  if (!sameJson(d.status, before)) updateObject(world, d);
  return { rolling, deadlineAt };
}

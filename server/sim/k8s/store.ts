// The object store (client-go object-tracker style): objects by kind and namespace/name,
// a cluster-wide resourceVersion, deterministic UIDs from the world's PRNG, timestamps
// from the simulated clock, and an event recorder that folds repeats into one Event
// (count, firstTimestamp, lastTimestamp) like client-go's EventCorrelator.
// Controllers (a later phase) read and write through these functions on each tick.
import { formatRfc3339, wallMs } from '../clock.js';
import { worldRandom } from '../rng.js';
import type { World } from '../world/types.js';
import { resourceOfKind } from './resources.js';
import type { Cluster, ClusterInfo, Event, Kind, KubeObject, ObjectOf } from './types.js';

export function newCluster(info: ClusterInfo): Cluster {
  return { resourceVersion: 0, objects: {}, info };
}

export const isNamespaced = (kind: Kind) => resourceOfKind(kind).namespaced;

const keyOf = (kind: Kind, namespace: string | undefined, name: string) => (isNamespaced(kind) ? `${namespace}/${name}` : name);

/**
 * Objects' keys as last computed, with what they were computed from (a cache, not part of the
 * world): a key string built afresh costs V8 a string-table lookup on each access to its bucket.
 */
const objectKeys = new WeakMap<KubeObject, { kind: Kind; namespace: string | undefined; name: string; key: string }>();

function keyOfObject(obj: KubeObject): string {
  const m = obj.metadata;
  const hit = objectKeys.get(obj);
  if (hit && hit.kind === obj.kind && hit.namespace === m.namespace && hit.name === m.name) return hit.key;
  const key = keyOf(obj.kind, m.namespace, m.name);
  objectKeys.set(obj, { kind: obj.kind, namespace: m.namespace, name: m.name, key });
  return key;
}

function bucket<K extends Kind>(cluster: Cluster, kind: K): Record<string, ObjectOf<K>> {
  const objects = cluster.objects as Record<string, Record<string, ObjectOf<K>>>;
  return (objects[kind] ??= {});
}

export function getObject<K extends Kind>(cluster: Cluster, kind: K, namespace: string | undefined, name: string): ObjectOf<K> | undefined {
  return (cluster.objects[kind] as Record<string, ObjectOf<K>> | undefined)?.[keyOf(kind, namespace, name)];
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each kind's keys in order, kept while none was created or deleted (a cache, not part of the world). */
const sortedKeys = new WeakMap<Cluster, Map<Kind, { writes: string; keys: string[] }>>();

function keysInOrder(cluster: Cluster, kind: Kind, all: Record<string, unknown>): string[] {
  let byKind = sortedKeys.get(cluster);
  if (!byKind) sortedKeys.set(cluster, (byKind = new Map()));
  const token = String(memberships.get(cluster)?.get(kind) ?? 0);
  const hit = byKind.get(kind);
  if (hit?.writes === token) return hit.keys;
  const keys = Object.keys(all).sort(byteOrder);
  byKind.set(kind, { writes: token, keys });
  return keys;
}

/** Objects of a kind in etcd key order (namespace, then name); `namespace` undefined means all. */
export function listObjects<K extends Kind>(cluster: Cluster, kind: K, namespace?: string): ObjectOf<K>[] {
  const all = (cluster.objects[kind] ?? {}) as Record<string, ObjectOf<K>>;
  const keys = keysInOrder(cluster, kind, all);
  if (namespace === undefined || !isNamespaced(kind)) return keys.map((k) => all[k]);
  const prefix = `${namespace}/`;
  return keys.filter((k) => k.startsWith(prefix)).map((k) => all[k]);
}

const HEX = '0123456789abcdef';
const DASH = 45;

/** A random (v4) UUID drawn from the world's PRNG (written as char codes: one flat string, not a chain of joins). */
export function newUid(world: World): string {
  const codes = new Array<number>(36);
  // 32 digits drawn in order around the dashes; the 13th and 17th are then overwritten.
  for (let digit = 0, at = 0; digit < 32; digit++, at++) {
    if (at === 8 || at === 13 || at === 18 || at === 23) codes[at++] = DASH;
    codes[at] = HEX.charCodeAt(Math.floor(worldRandom(world) * 16));
  }
  // The version digit is 4; the variant digit is drawn after the others.
  codes[14] = '4'.charCodeAt(0);
  codes[19] = '89ab'.charCodeAt(Math.floor(worldRandom(world) * 4));
  return String.fromCharCode(...codes);
}

/** Random lowercase alphanumerics as generateName and pod-template suffixes use (no vowels, like rand.String). */
export function randomSuffix(world: World, n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(worldRandom(world) * alphabet.length)];
  return out;
}

/**
 * Writes per kind (and in all), so that a controller can tell that nothing it reads has
 * changed since its last pass. Kept beside the cluster, not in it: a copy of the world
 * starts without counts, and its controllers simply do a full pass.
 */
const writes = new WeakMap<Cluster, Map<Kind | '*', number>>();

/** Creations and deletions per kind: the set of names changed. */
const memberships = new WeakMap<Cluster, Map<Kind, number>>();

function touch(c: Cluster, kind: Kind, membership = false): void {
  let m = writes.get(c);
  if (!m) writes.set(c, (m = new Map()));
  m.set(kind, (m.get(kind) ?? 0) + 1);
  m.set('*', (m.get('*') ?? 0) + 1);
  if (!membership) return;
  let n = memberships.get(c);
  if (!n) memberships.set(c, (n = new Map()));
  n.set(kind, (n.get(kind) ?? 0) + 1);
}

/** A count that changes whenever an object of `kind` is created, deleted or replaced by another object. */
export function membershipOf(c: Cluster, kind: Kind): number {
  return memberships.get(c)?.get(kind) ?? 0;
}

/** A token that changes whenever an object of one of `kinds` is created, updated or deleted ('*': any kind). */
export function writesTo(c: Cluster, kinds: readonly (Kind | '*')[]): string {
  const m = writes.get(c);
  return kinds.map((k) => m?.get(k) ?? 0).join(',');
}

const cluster = (world: World): Cluster => {
  if (!world.cluster) throw new Error('world has no cluster');
  return world.cluster;
};

/** Kinds whose spec changes bump metadata.generation (in v1.32; pods gained it in 1.33). */
const GENERATION_KINDS = new Set<Kind>(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'EndpointSlice', 'VerticalPodAutoscaler', 'VerticalPodAutoscalerCheckpoint']);

export type StoreError = { reason: 'AlreadyExists' | 'NotFound' | 'Forbidden'; message: string };

/** The NamespaceLifecycle admission's refusal of new objects in a Terminating namespace, or undefined. */
export function terminatingNamespace(c: Cluster, kind: Kind, namespace: string | undefined): string | undefined {
  if (!isNamespaced(kind) || getObject(c, 'Namespace', undefined, namespace ?? '')?.status?.phase !== 'Terminating') return undefined;
  return `unable to create new content in namespace ${namespace} because it is being terminated`;
}

/**
 * Stores a new object: fills uid, resourceVersion, creationTimestamp (unless given, as
 * fixtures do) and generation. Fails like the API server when it exists or its namespace does
 * not, or (unless `restore`) when its namespace is being deleted.
 */
export function createObject<T extends KubeObject>(world: World, obj: T, opts: { restore?: boolean } = {}): { ok: true; obj: T } | { ok: false; error: StoreError } {
  const c = cluster(world);
  const t = resourceOfKind(obj.kind);
  const meta = obj.metadata;
  if (t.namespaced && !getObject(c, 'Namespace', undefined, meta.namespace ?? '')) {
    return { ok: false, error: { reason: 'NotFound', message: `namespaces "${meta.namespace}" not found` } };
  }
  // Restoring stored state (a fixture) is not a request: no admission.
  const terminating = opts.restore ? undefined : terminatingNamespace(c, obj.kind, meta.namespace);
  if (terminating) return { ok: false, error: { reason: 'Forbidden', message: terminating } };
  if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix(world, 5);
  const key = keyOfObject(obj);
  const objects = bucket(c, obj.kind) as Record<string, KubeObject>;
  if (objects[key]) {
    const res = t.group ? `${t.resource}.${t.group}` : t.resource;
    return { ok: false, error: { reason: 'AlreadyExists', message: `${res} "${meta.name}" already exists` } };
  }
  meta.uid ??= newUid(world);
  meta.creationTimestamp ??= formatRfc3339(wallMs(world.now));
  if (GENERATION_KINDS.has(obj.kind)) meta.generation ??= 1;
  meta.resourceVersion = String(++c.resourceVersion);
  objects[key] = obj;
  touch(c, obj.kind, true);
  return { ok: true, obj };
}

/**
 * Replaces a stored object (same kind/namespace/name) and bumps its resourceVersion. An object
 * whose deletion only waited for its finalizers goes once the last one is removed.
 */
export function updateObject<T extends KubeObject>(world: World, obj: T): T {
  const c = cluster(world);
  const key = keyOfObject(obj);
  obj.metadata.resourceVersion = String(++c.resourceVersion);
  touch(c, obj.kind);
  const m = obj.metadata;
  const pending = obj.kind === 'Namespace' && !!obj.spec?.finalizers?.length;
  if (m.deletionTimestamp && !m.deletionGracePeriodSeconds && !m.finalizers?.length && !pending) {
    delete (bucket(c, obj.kind) as Record<string, KubeObject>)[key];
    touch(c, obj.kind, true);
    return obj;
  }
  const objects = bucket(c, obj.kind) as Record<string, KubeObject>;
  // Another object in its place counts as a change of membership (caches of the objects themselves go).
  if (objects[key] !== obj) touch(c, obj.kind, true);
  objects[key] = obj;
  return obj;
}

/**
 * The store's final delete. An object with finalizers stays, marked for deletion
 * (deletionTimestamp now, grace 0), until they are all removed. Returns whether it existed.
 */
export function deleteObject(world: World, kind: Kind, namespace: string | undefined, name: string): boolean {
  const objects = cluster(world).objects[kind] as Record<string, KubeObject> | undefined;
  const key = keyOf(kind, namespace, name);
  const obj = objects?.[key];
  if (!obj) return false;
  const m = obj.metadata;
  if (m.finalizers?.length) {
    if (m.deletionGracePeriodSeconds !== 0 || !m.deletionTimestamp) {
      m.deletionTimestamp ??= formatRfc3339(wallMs(world.now));
      m.deletionGracePeriodSeconds = 0;
      updateObject(world, obj);
    }
    return true;
  }
  delete objects[key];
  touch(cluster(world), kind, true);
  return true;
}

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Reporting component, e.g. `kubelet`, `default-scheduler`, `deployment-controller`. */
  component: string;
  /** Node name for kubelet events. */
  host?: string;
  /** e.g. `spec.containers{api}` for container events. */
  fieldPath?: string;
}

/**
 * Records an event about `obj`. An identical event (same object, source, type, reason and
 * message) already stored is bumped instead: count+1, lastTimestamp = now.
 */
export function recordEvent(world: World, obj: KubeObject, spec: EventSpec): Event {
  const c = cluster(world);
  const now = formatRfc3339(wallMs(world.now));
  const t = resourceOfKind(obj.kind);
  const namespace = obj.metadata.namespace ?? 'default';
  const same = listObjects(c, 'Event', namespace).find(
    (e) =>
      e.involvedObject.uid === obj.metadata.uid &&
      e.involvedObject.fieldPath === spec.fieldPath &&
      e.source?.component === spec.component &&
      e.source?.host === spec.host &&
      e.type === spec.type &&
      e.reason === spec.reason &&
      e.message === spec.message,
  );
  if (same) {
    same.count = (same.count ?? 1) + 1;
    same.lastTimestamp = now;
    return updateObject(world, same);
  }
  // client-go names events `<object>.<unix nanos in hex>`; the revision keeps names unique within a millisecond.
  const nanos = BigInt(wallMs(world.now)) * 1_000_000n + BigInt((c.resourceVersion + 1) % 1_000_000);
  const involvedObject: Event['involvedObject'] = {
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion,
  };
  if (!t.namespaced) delete involvedObject.namespace;
  if (spec.fieldPath) involvedObject.fieldPath = spec.fieldPath;
  const event: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${nanos.toString(16)}`, namespace, creationTimestamp: now },
    involvedObject,
    reason: spec.reason,
    message: spec.message,
    source: spec.host ? { component: spec.component, host: spec.host } : { component: spec.component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: spec.type,
    eventTime: null,
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? '',
  };
  const res = createObject(world, event);
  // A Terminating namespace takes no new events either (the recorder drops them).
  if (!res.ok && res.error.reason === 'Forbidden') return event;
  if (!res.ok) throw new Error(res.error.message);
  return res.obj;
}

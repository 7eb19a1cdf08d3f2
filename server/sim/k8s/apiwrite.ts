// The simulated API server's write verbs: create (POST), update (PUT), patch (PATCH:
// strategic merge, merge and JSON patch), delete (DELETE, graceful for pods, cascading to
// dependents), the scale subresource and pod eviction. Every write decodes, defaults and
// validates the whole object before touching the store: a rejected request changes nothing.
// A write that changes nothing keeps the stored object (and its resourceVersion).
import { formatRfc3339, wallMs } from '../clock.js';
import type { World } from '../world/types.js';
import { notFound, statusError, type ApiRequest, type ApiResponse } from './apiserver.js';
import { applyDefaults } from './defaults.js';
import { clone, deepEqual, isObject, jsonPatch, mergePatch, PatchError, strategicMerge, type JsonObject, type JsonPatchOp } from './patch.js';
import { groupResource, groupVersion, RESOURCES, type ResourceType } from './resources.js';
import { decodeErrors } from './schema.js';
import { labelSelectorString } from './selectors.js';
import { createObject, deleteObject, getObject, listObjects, terminatingNamespace, updateObject } from './store.js';
import type { Cluster, Deployment, KubeObject, Namespace, Pod } from './types.js';
import { invalidStatus, validateCreate, validateUpdate } from './validation.js';
import { vpaAdmissionDenial } from './vpa-api.js';

export interface WriteTarget {
  t: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });
const nowStamp = (world: World) => formatRfc3339(wallMs(world.now));

/** Kinds whose status only controllers write: a create starts it afresh, an update keeps it. */
const STATUS_KINDS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Service', 'HorizontalPodAutoscaler', 'Namespace', 'PersistentVolumeClaim', 'Ingress', 'VerticalPodAutoscaler']);
const GENERATION_KINDS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'VerticalPodAutoscaler']);
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

function badRequest(message: string): ApiResponse {
  return statusError(400, 'BadRequest', message);
}

/** Checks the body of a create/update: a JSON object of the endpoint's kind; strict field validation. */
function decode(t: ResourceType, body: unknown, query: Record<string, string>): { ok: true; obj: KubeObject } | { ok: false; res: ApiResponse } {
  if (!isObject(body)) return { ok: false, res: badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/cbor`) };
  const obj = clone(body) as unknown as KubeObject;
  const gv = groupVersion(t);
  if (obj.kind !== undefined && obj.kind !== t.kind) {
    return { ok: false, res: badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`) };
  }
  obj.kind = t.kind as never;
  obj.apiVersion = gv;
  if (!isObject(obj.metadata)) obj.metadata = { name: '' };
  const errs = decodeErrors(t.kind, body, query.fieldValidation === 'Strict');
  if (errs.length) return { ok: false, res: badRequest(`${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${errs[0]}`) };
  return { ok: true, obj };
}

/** Fields the server owns on create (kubectl may send them from a `get -o yaml`). */
function prepareForCreate(obj: KubeObject): void {
  const m = obj.metadata;
  delete m.uid;
  delete m.resourceVersion;
  delete m.creationTimestamp;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.generation;
  if (STATUS_KINDS.has(obj.kind)) delete (obj as { status?: unknown }).status;
  // A new namespace always gets the `kubernetes` finalizer its controller removes when it is emptied.
  if (obj.kind === 'Namespace') {
    const finalizers = obj.spec?.finalizers ?? [];
    obj.spec = { ...obj.spec, finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
  }
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet' || obj.kind === 'DaemonSet' || obj.kind === 'Job' || obj.kind === 'CronJob' || obj.kind === 'HorizontalPodAutoscaler') {
    (obj as { status?: unknown }).status = {};
  }
}

/** Defaulting assumes the required parts are there; validation reports them when they are not. */
function defaults(world: World, obj: KubeObject): void {
  try {
    applyDefaults(world, obj);
  } catch {
    // a malformed object: left to validation
  }
}

function create(world: World, c: Cluster, target: WriteTarget, req: ApiRequest): ApiResponse {
  const { t, namespace } = target;
  const query = req.query ?? {};
  const d = decode(t, req.body, query);
  if (!d.ok) return d.res;
  const obj = d.obj;
  if (t.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
      return badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace;
  } else delete obj.metadata.namespace;
  if (obj.metadata.resourceVersion) return badRequest('resourceVersion should not be set on objects to be created');
  prepareForCreate(obj);
  const dryRun = query.dryRun === 'All';
  const rng = world.rng;
  defaults(world, obj);
  const errs = validateCreate(obj).filter((e) => !(e.field === 'metadata.name' && !obj.metadata.name && obj.metadata.generateName));
  if (errs.length) {
    world.rng = rng;
    return { status: 422, body: invalidStatus(t, obj.metadata.name, errs) };
  }
  const denied = vpaAdmissionDenial(world, obj);
  if (denied) {
    world.rng = rng;
    return denied;
  }
  if (t.namespaced && !getObject(c, 'Namespace', undefined, namespace ?? '')) {
    world.rng = rng;
    return statusError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
  }
  const terminating = terminatingNamespace(c, t.kind, namespace);
  if (terminating) {
    world.rng = rng;
    const name = obj.metadata.name;
    return statusError(403, 'Forbidden', `${groupResource(t)}${name ? ` "${name}"` : ''} is forbidden: ${terminating}`, {
      ...(name ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.resource,
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
    });
  }
  if (obj.metadata.name && getObject(c, t.kind, namespace, obj.metadata.name)) {
    world.rng = rng;
    return statusError(409, 'AlreadyExists', `${groupResource(t)} "${obj.metadata.name}" already exists`, { name: obj.metadata.name, ...(t.group ? { group: t.group } : {}), kind: t.resource });
  }
  if (dryRun) {
    world.rng = rng;
    return ok(obj, 201);
  }
  const res = createObject(world, obj);
  if (!res.ok) return statusError(409, 'AlreadyExists', res.error.message);
  return ok(clone(res.obj), 201);
}

/** Stores `next` as the new version of `old` after defaulting and validation (shared by PUT and PATCH). */
function replace(world: World, t: ResourceType, old: KubeObject, next: KubeObject, query: Record<string, string>): ApiResponse {
  const m = next.metadata;
  if (!isObject(m)) return badRequest('metadata: Required value');
  if (m.name !== old.metadata.name) {
    return { status: 422, body: invalidStatus(t, old.metadata.name, [{ type: 'Invalid value', field: 'metadata.name', value: JSON.stringify(m.name), detail: 'field is immutable' }]) };
  }
  if (m.resourceVersion && m.resourceVersion !== old.metadata.resourceVersion) {
    return statusError(409, 'Conflict', `Operation cannot be fulfilled on ${groupResource(t)} "${m.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: m.name, ...(t.group ? { group: t.group } : {}), kind: t.resource });
  }
  m.uid = old.metadata.uid;
  m.creationTimestamp = old.metadata.creationTimestamp;
  m.resourceVersion = old.metadata.resourceVersion;
  if (old.metadata.namespace !== undefined) m.namespace = old.metadata.namespace;
  if (old.metadata.generation !== undefined) m.generation = old.metadata.generation;
  if (old.metadata.deletionTimestamp) {
    m.deletionTimestamp = old.metadata.deletionTimestamp;
    m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  }
  // Only the namespace's finalize subresource changes its spec.finalizers.
  if (t.kind === 'Namespace') {
    const finalizers = (old as Namespace).spec?.finalizers;
    const spec = (next as Namespace).spec;
    if (finalizers) (next as Namespace).spec = { ...spec, finalizers };
    else if (spec) delete spec.finalizers;
  }
  if (STATUS_KINDS.has(t.kind)) {
    const status = (old as { status?: unknown }).status;
    if (status === undefined) delete (next as { status?: unknown }).status;
    else (next as { status?: unknown }).status = clone(status);
  }
  const rng = world.rng;
  defaults(world, next);
  const errs = validateUpdate(next, old);
  if (errs.length) {
    world.rng = rng;
    return { status: 422, body: invalidStatus(t, m.name, errs) };
  }
  const denied = vpaAdmissionDenial(world, next);
  if (denied) {
    world.rng = rng;
    return denied;
  }
  if (deepEqual(next, old)) return ok(clone(old));
  if (GENERATION_KINDS.has(t.kind) && !deepEqual((next as { spec?: unknown }).spec, (old as { spec?: unknown }).spec)) m.generation = (old.metadata.generation ?? 1) + 1;
  if (query.dryRun === 'All') {
    world.rng = rng;
    return ok(next);
  }
  return ok(clone(updateObject(world, next)));
}

const PATCH_TYPES: Record<string, 'strategic' | 'merge' | 'json' | 'apply'> = {
  'application/strategic-merge-patch+json': 'strategic',
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/apply-patch+yaml': 'apply',
};

/** Applies a PATCH body to the JSON form of an object; a Status response on failure. */
export function patchJson(kind: string, current: JsonObject, body: unknown, contentType: string | undefined): { ok: true; obj: JsonObject } | { ok: false; res: ApiResponse } {
  const type = PATCH_TYPES[(contentType ?? '').split(';')[0]];
  if (!type || type === 'apply') {
    return { ok: false, res: statusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`) };
  }
  try {
    if (type === 'json') {
      if (!Array.isArray(body)) return { ok: false, res: badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch') };
      const out = jsonPatch(current, body as unknown as JsonPatchOp[]);
      if (!isObject(out)) return { ok: false, res: badRequest('the server rejected our request due to an error in our request') };
      return { ok: true, obj: out };
    }
    if (!isObject(body)) return { ok: false, res: badRequest(`json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type map[string]interface {}`) };
    if (type === 'merge') return { ok: true, obj: mergePatch(current, body) as JsonObject };
    return { ok: true, obj: strategicMerge(kind, current, body) };
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    return {
      ok: false,
      res: { status: 422, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: { causes: [{ reason: 'UnexpectedServerResponse', message: e.message }] }, code: 422 } },
    };
  }
}

function patch(world: World, c: Cluster, target: WriteTarget, req: ApiRequest): ApiResponse {
  const { t, namespace, name } = target;
  const old = getObject(c, t.kind, namespace, name!);
  if (!old) return notFound(t, name!);
  const patched = patchJson(t.kind, clone(old) as unknown as JsonObject, req.body, req.contentType);
  if (!patched.ok) return patched.res;
  const d = decode(t, patched.obj, req.query ?? {});
  if (!d.ok) return d.res;
  return replace(world, t, old, d.obj, req.query ?? {});
}

function update(world: World, c: Cluster, target: WriteTarget, req: ApiRequest): ApiResponse {
  const { t, namespace, name } = target;
  const d = decode(t, req.body, req.query ?? {});
  if (!d.ok) return d.res;
  const old = getObject(c, t.kind, namespace, name!);
  if (!old) return notFound(t, name!);
  if (d.obj.metadata.name !== name) return badRequest(`the name of the object (${d.obj.metadata.name}) does not match the name on the URL (${name})`);
  return replace(world, t, old, d.obj, req.query ?? {});
}

// --- delete ---------------------------------------------------------------------------

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/** Deletes a pod the way its registry does: at once when unscheduled, finished or grace 0; else it turns Terminating. */
function deletePod(world: World, pod: Pod, grace: number | undefined): void {
  const period = grace ?? pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (period <= 0 || !pod.spec.nodeName || finished) {
    deleteObject(world, 'Pod', pod.metadata.namespace, pod.metadata.name);
    return;
  }
  if (pod.metadata.deletionTimestamp && (pod.metadata.deletionGracePeriodSeconds ?? 0) <= period) return;
  pod.metadata.deletionTimestamp = formatRfc3339(wallMs(world.now) + period * 1000);
  pod.metadata.deletionGracePeriodSeconds = period;
  updateObject(world, pod);
}

/** Objects in `namespace` that name `uid` among their owners. */
function dependents(c: Cluster, namespace: string | undefined, uid: string | undefined): KubeObject[] {
  if (!uid) return [];
  const out: KubeObject[] = [];
  for (const t of RESOURCES) {
    if (!t.namespaced || t.kind === 'Event') continue;
    for (const o of listObjects(c, t.kind, namespace)) if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push(o);
  }
  return out;
}

/**
 * A namespace's deletion starts its termination (phase Terminating) while the `kubernetes`
 * finalizer is in its spec: the namespace controller empties it and then removes it.
 */
function terminateNamespace(world: World, ns: Namespace): void {
  if (!ns.spec?.finalizers?.length) {
    deleteObject(world, 'Namespace', undefined, ns.metadata.name);
    return;
  }
  if (ns.metadata.deletionTimestamp && ns.status?.phase === 'Terminating') return;
  ns.metadata.deletionTimestamp ??= nowStamp(world);
  ns.status = { ...ns.status, phase: 'Terminating' };
  updateObject(world, ns);
}

/**
 * Removes an object; dependents go with it (the garbage collector's background cascade) unless
 * orphaned. An object its finalizers keep is only marked, and its dependents stay meanwhile.
 */
export function removeObject(world: World, obj: KubeObject, opts: DeleteOptions = {}): void {
  const c = world.cluster!;
  if (obj.kind === 'Namespace') {
    terminateNamespace(world, obj);
    return;
  }
  const deps = dependents(c, obj.metadata.namespace, obj.metadata.uid);
  if (obj.kind === 'Pod') deletePod(world, obj, opts.gracePeriodSeconds);
  else {
    deleteObject(world, obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (getObject(c, obj.kind, obj.metadata.namespace, obj.metadata.name) === obj) return;
  }
  for (const d of deps) {
    if (opts.propagationPolicy === 'Orphan') {
      d.metadata.ownerReferences = d.metadata.ownerReferences!.filter((r) => r.uid !== obj.metadata.uid);
      if (!d.metadata.ownerReferences.length) delete d.metadata.ownerReferences;
      updateObject(world, d);
    } else removeObject(world, d, { propagationPolicy: 'Background' });
  }
}

/** Namespaces the NamespaceLifecycle admission never lets go. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

function successStatus(t: ResourceType, obj: KubeObject, code?: number) {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: { name: obj.metadata.name, ...(t.group ? { group: t.group } : {}), kind: t.resource, uid: obj.metadata.uid },
    ...(code ? { code } : {}),
  };
}

function del(world: World, c: Cluster, target: WriteTarget, req: ApiRequest): ApiResponse {
  const { t, namespace, name } = target;
  const obj = getObject(c, t.kind, namespace, name!);
  if (!obj) return notFound(t, name!);
  const body = isObject(req.body) ? req.body : {};
  const query = req.query ?? {};
  const grace = body.gracePeriodSeconds ?? (query.gracePeriodSeconds !== undefined ? Number(query.gracePeriodSeconds) : undefined);
  const policy = (body.propagationPolicy ?? query.propagationPolicy) as DeleteOptions['propagationPolicy'];
  const dryRun = query.dryRun === 'All' || (Array.isArray(body.dryRun) && body.dryRun.includes('All'));
  if (t.kind === 'Namespace' && IMMORTAL_NAMESPACES.has(name!)) {
    return statusError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
  }
  if (t.kind === 'Namespace' && obj.metadata.deletionTimestamp && (obj as Namespace).spec?.finalizers?.length) {
    return statusError(409, 'Conflict', `Operation cannot be fulfilled on namespaces "${name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.`, { name, kind: 'namespaces' });
  }
  if (dryRun) return ok(successStatus(t, obj));
  const before = clone(obj);
  removeObject(world, obj, { gracePeriodSeconds: typeof grace === 'number' ? grace : undefined, propagationPolicy: policy });
  const still = getObject(c, t.kind, namespace, name!);
  if (still) return ok(clone(still));
  return ok(t.kind === 'Pod' || t.kind === 'Namespace' ? before : successStatus(t, before));
}

// --- subresources ------------------------------------------------------------------------

/** The autoscaling/v1 Scale of a deployment, replica set or stateful set. */
export function scaleOf(obj: Deployment | KubeObject) {
  const o = obj as Deployment;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
    spec: { replicas: o.spec.replicas ?? 1 },
    status: { replicas: o.status?.replicas ?? 0, selector: labelSelectorString(o.spec.selector) },
  };
}

function scale(world: World, c: Cluster, target: WriteTarget, req: ApiRequest): ApiResponse {
  const { t, namespace, name } = target;
  const obj = getObject(c, t.kind, namespace, name!);
  if (!obj) return notFound(t, name!);
  const method = req.method ?? 'GET';
  if (method === 'GET') return ok(scaleOf(obj));
  const current = scaleOf(obj) as unknown as JsonObject;
  let next: JsonObject;
  if (method === 'PUT') {
    if (!isObject(req.body)) return badRequest('the body of the request was in an unknown format');
    next = req.body;
  } else if (method === 'PATCH') {
    const p = patchJson('Scale', current, req.body, req.contentType);
    if (!p.ok) return p.res;
    next = p.obj;
  } else return statusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  const replicas = isObject(next.spec) ? next.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) return badRequest('json: cannot unmarshal into Go struct field ScaleSpec.spec.replicas of type int32');
  if (replicas < 0) {
    return { status: 422, body: invalidStatus({ ...t, kind: 'Scale' as never, group: 'autoscaling' }, name!, [{ type: 'Invalid value', field: 'spec.replicas', value: String(replicas), detail: 'must be greater than or equal to 0' }]) };
  }
  const updated = clone(obj) as Deployment;
  updated.spec.replicas = replicas;
  const res = replace(world, t, obj, updated as KubeObject, req.query ?? {});
  if (res.status !== 200) return res;
  return ok(scaleOf(res.body as KubeObject));
}

function evict(world: World, c: Cluster, target: WriteTarget, req: ApiRequest): ApiResponse {
  const { namespace, name } = target;
  const pod = getObject(c, 'Pod', namespace, name!);
  if (!pod) return notFound(target.t, name!);
  const body = isObject(req.body) ? req.body : {};
  const opts = isObject(body.deleteOptions) ? body.deleteOptions : {};
  if ((req.query ?? {}).dryRun !== 'All') removeObject(world, pod, { gracePeriodSeconds: typeof opts.gracePeriodSeconds === 'number' ? opts.gracePeriodSeconds : undefined });
  return ok({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
}

const methodNotAllowed = () => statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

/** Serves POST, PUT, PATCH and DELETE (and GET of the scale subresource). */
export function serveWrite(world: World, target: WriteTarget, req: ApiRequest): ApiResponse {
  const c = world.cluster!;
  const method = req.method ?? 'GET';
  const { t, name, subresource } = target;
  if (subresource === 'scale' && SCALABLE.has(t.kind)) return scale(world, c, target, req);
  if (subresource === 'eviction' && t.kind === 'Pod' && method === 'POST') return evict(world, c, target, req);
  if (subresource) return statusError(404, 'NotFound', 'the server could not find the requested resource', {});
  if (name === undefined) return method === 'POST' ? create(world, c, target, req) : methodNotAllowed();
  switch (method) {
    case 'PUT':
      return update(world, c, target, req);
    case 'PATCH':
      return patch(world, c, target, req);
    case 'DELETE':
      return del(world, c, target, req);
    default:
      return methodNotAllowed();
  }
}

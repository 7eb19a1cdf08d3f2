// The simulated kube-apiserver as a pure function from a request to a JSON response:
// version, discovery (/api, /apis, resource lists), get and list with label and field
// selectors, Table output for `kubectl get`, and Status errors; writes go to apiwrite.ts.
// The simulator's kubectl calls it in-process; tests serve it over HTTP to the real kubectl.
import { wallMs } from '../clock.js';
import { serveWrite } from './apiwrite.js';
import type { World } from '../world/types.js';
import { toTable } from './printers.js';
import { apiGroups, groupResource, groupVersion, servedResources, VERBS, type ResourceType } from './resources.js';
import { matchesRequirements, parseFieldSelector, parseLabelSelector, type FieldRequirement } from './selectors.js';
import { getObject, listObjects, writesTo } from './store.js';
import type { Cluster, Kind, KubeObject } from './types.js';

export interface ApiRequest {
  /** GET when absent. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  /** The client asked for a server-side Table (`Accept: application/json;as=Table;...`). */
  table?: boolean;
  /** The decoded JSON body of a write. */
  body?: unknown;
  /** Content-Type of the body; for PATCH it names the patch format. */
  contentType?: string;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason?: string; message?: string; field?: string }[] };
  code: number;
}

export function statusError(code: number, reason: string, message: string, details?: Status['details']): ApiResponse {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return { status: code, body };
}

const notFoundPath = () => statusError(404, 'NotFound', 'the server could not find the requested resource', {});

export function notFound(t: ResourceType, name: string): ApiResponse {
  const details: Status['details'] = { name };
  if (t.group) details.group = t.group;
  details.kind = t.resource;
  return statusError(404, 'NotFound', `${groupResource(t)} "${name}" not found`, details);
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function versionInfo(c: Cluster) {
  const [major, minor] = c.info.version.replace(/^v/, '').split('.');
  return {
    major, minor, gitVersion: c.info.version, gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', gitTreeState: 'clean',
    buildDate: '2025-04-22T15:59:55Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
  };
}

/** Subresources listed in discovery (kubectl looks for pods/eviction before a drain). */
const SUBRESOURCES: Record<string, { name: string; kind: string; group?: string; version?: string; verbs: string[] }[]> = {
  Pod: [{ name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] }, { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] }],
  Deployment: [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }, { name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] }],
  ReplicaSet: [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }],
  StatefulSet: [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }],
  VerticalPodAutoscaler: [{ name: 'status', kind: 'VerticalPodAutoscaler', verbs: ['get', 'patch', 'update'] }],
};

function resourceList(c: Cluster, group: string, version: string) {
  const types = servedResources(c).filter((t) => t.group === group && t.version === version);
  if (!types.length) return undefined;
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version,
    resources: types.flatMap((t) => [
      {
        name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: VERBS,
        ...(t.shortNames.length ? { shortNames: t.shortNames } : {}), ...(t.categories.length ? { categories: t.categories } : {}),
      },
      ...(SUBRESOURCES[t.kind] ?? []).map((sub) => ({
        name: `${t.resource}/${sub.name}`, singularName: '', namespaced: t.namespaced, ...(sub.group ? { group: sub.group, version: sub.version } : {}), kind: sub.kind, verbs: sub.verbs,
      })),
    ]),
  };
}

/** Field values the API server can select on, per kind (fields.Set of each registry's GetAttrs). */
function fieldValue(o: KubeObject, field: string): string | undefined {
  if (field === 'metadata.name') return o.metadata.name;
  if (field === 'metadata.namespace') return o.metadata.namespace ?? '';
  switch (o.kind) {
    case 'Pod': {
      const m: Record<string, string | undefined> = {
        'spec.nodeName': o.spec.nodeName ?? '', 'spec.restartPolicy': o.spec.restartPolicy ?? '', 'spec.schedulerName': o.spec.schedulerName ?? '',
        'spec.serviceAccountName': o.spec.serviceAccountName ?? '', 'spec.hostNetwork': String(!!o.spec.hostNetwork),
        'status.phase': o.status?.phase ?? '', 'status.podIP': o.status?.podIP ?? '', 'status.nominatedNodeName': o.status?.nominatedNodeName ?? '',
      };
      return m[field];
    }
    case 'Event': {
      const io = o.involvedObject;
      const m: Record<string, string | undefined> = {
        'involvedObject.kind': io.kind ?? '', 'involvedObject.namespace': io.namespace ?? '', 'involvedObject.name': io.name ?? '',
        'involvedObject.uid': io.uid ?? '', 'involvedObject.apiVersion': io.apiVersion ?? '', 'involvedObject.resourceVersion': io.resourceVersion ?? '',
        'involvedObject.fieldPath': io.fieldPath ?? '', reason: o.reason ?? '', reportingComponent: o.reportingComponent ?? '',
        source: o.source?.component ?? '', type: o.type ?? '',
      };
      return m[field];
    }
    case 'Node':
      return field === 'spec.unschedulable' ? String(!!o.spec.unschedulable) : undefined;
    case 'Secret':
      return field === 'type' ? (o.type ?? '') : undefined;
    case 'Namespace':
      return field === 'status.phase' ? (o.status?.phase ?? '') : undefined;
    case 'ReplicaSet':
      return field === 'status.replicas' ? String(o.status?.replicas ?? 0) : undefined;
    case 'Job':
      return field === 'status.successful' ? String(o.status?.succeeded ?? 0) : undefined;
    case 'Service':
      return field === 'spec.clusterIP' ? (o.spec.clusterIP ?? '') : field === 'spec.type' ? (o.spec.type ?? '') : undefined;
    default:
      return undefined;
  }
}

/** Each listed kind and namespace's objects, kept until an object of the kind is written (a cache; callers only read the arrays). */
const lists = new WeakMap<Cluster, Map<string, { writes: string; objs: KubeObject[] }>>();

function listed(c: Cluster, kind: Kind, namespace: string | undefined): KubeObject[] {
  let byKey = lists.get(c);
  if (!byKey) lists.set(c, (byKey = new Map()));
  const key = `${kind}/${namespace ?? ''}`;
  const writes = writesTo(c, [kind]);
  const hit = byKey.get(key);
  if (hit?.writes === writes) return hit.objs;
  const objs: KubeObject[] = listObjects(c, kind, namespace);
  byKey.set(key, { writes, objs });
  return objs;
}

function listKindName(t: ResourceType) {
  return `${t.kind}List`;
}

function handleResource(world: World, c: Cluster, t: ResourceType, namespace: string | undefined, name: string | undefined, req: ApiRequest): ApiResponse {
  const now = wallMs(world.now);
  const rv = String(c.resourceVersion);
  if (name !== undefined) {
    const obj = getObject(c, t.kind, namespace, name);
    if (!obj) return notFound(t, name);
    return { status: 200, body: req.table ? toTable(t.kind, [obj], now, rv) : clone(obj) };
  }
  const q = req.query ?? {};
  const labels = parseLabelSelector(q.labelSelector ?? '');
  if (!labels.ok) return statusError(400, 'BadRequest', labels.error);
  const fields = parseFieldSelector(q.fieldSelector ?? '');
  if (!fields.ok) return statusError(400, 'BadRequest', fields.error);
  let objs = listed(c, t.kind, namespace);
  for (const f of fields.reqs) {
    if (!isKnownField(t, f)) return statusError(400, 'BadRequest', `field label not supported: ${f.field}`);
    objs = objs.filter((o) => (fieldValue(o, f.field) === f.value) === (f.op === '='));
  }
  if (labels.reqs.length) objs = objs.filter((o) => matchesRequirements(labels.reqs, o.metadata.labels));
  if (req.table) return { status: 200, body: toTable(t.kind, objs as never[], now, rv) };
  return { status: 200, body: { kind: listKindName(t), apiVersion: groupVersion(t), metadata: { resourceVersion: rv }, items: clone(objs) } };
}

/** Whether a field selector names a field of this kind (checked on an empty list too). */
function isKnownField(t: ResourceType, f: FieldRequirement): boolean {
  const probe = { kind: t.kind, metadata: { name: '' }, spec: {}, status: {}, involvedObject: {} } as unknown as KubeObject;
  return fieldValue(probe, f.field) !== undefined;
}

/** Serves one request. Paths without a cluster answer like a server with no resources. */
export function serve(world: World, req: ApiRequest): ApiResponse {
  const c = world.cluster;
  if (!c) return notFoundPath();
  const parts = req.path.split('?')[0].split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'version') return { status: 200, body: versionInfo(c) };
  if (parts.length === 1 && parts[0] === 'api') {
    const server = new URL(c.info.server).host;
    return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: server }] } };
  }
  if (parts.length === 1 && parts[0] === 'apis') {
    const groups = apiGroups(c).map((g) => {
      const gv = { groupVersion: `${g.name}/${g.version}`, version: g.version };
      return { name: g.name, versions: [gv], preferredVersion: gv };
    });
    return { status: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups } };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) [group, version, rest] = ['', parts[1], parts.slice(2)];
  else if (parts[0] === 'apis' && parts.length >= 3) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return notFoundPath();
  if (rest.length === 0) {
    const list = resourceList(c, group, version);
    return list ? { status: 200, body: list } : notFoundPath();
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const t = servedResources(c).find((x) => x.group === group && x.version === version && x.resource === rest[0]);
  if (!t || rest.length > 3 || (namespace !== undefined && !t.namespaced)) return notFoundPath();
  const ns = t.namespaced ? namespace : undefined;
  if ((req.method ?? 'GET') !== 'GET' || rest.length === 3) {
    return serveWrite(world, { t, namespace: ns, name: rest[1] === undefined ? undefined : decodeURIComponent(rest[1]), subresource: rest[2] }, req);
  }
  return handleResource(world, c, t, ns, rest[1] === undefined ? undefined : decodeURIComponent(rest[1]), req);
}

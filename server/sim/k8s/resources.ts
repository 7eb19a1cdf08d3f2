// The API resources the simulated v1.32 API server serves: discovery data (as
// `kubectl api-resources` shows it) and kubectl's resource-name resolution.
import type { Cluster, Kind } from './types.js';

export interface ResourceType {
  kind: Kind;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  resource: string;
  singular: string;
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Served only while this CustomResourceDefinition is installed (Cluster.crds). */
  crd?: string;
}

/** Every modelled resource supports the full verb set. */
export const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const r = (kind: Kind, resource: string, group: string, version: string, namespaced: boolean, shortNames: string[] = [], categories: string[] = []): ResourceType =>
  ({ kind, resource, singular: kind.toLowerCase(), group, version, namespaced, shortNames, categories });

/** In discovery order: core first, then groups by name. */
export const RESOURCES: ResourceType[] = [
  r('ConfigMap', 'configmaps', '', 'v1', true, ['cm']),
  r('Endpoints', 'endpoints', '', 'v1', true, ['ep']),
  r('Event', 'events', '', 'v1', true, ['ev']),
  r('Namespace', 'namespaces', '', 'v1', false, ['ns']),
  r('Node', 'nodes', '', 'v1', false, ['no']),
  r('PersistentVolumeClaim', 'persistentvolumeclaims', '', 'v1', true, ['pvc']),
  r('PersistentVolume', 'persistentvolumes', '', 'v1', false, ['pv']),
  r('Pod', 'pods', '', 'v1', true, ['po'], ['all']),
  r('Secret', 'secrets', '', 'v1', true),
  r('ServiceAccount', 'serviceaccounts', '', 'v1', true, ['sa']),
  r('Service', 'services', '', 'v1', true, ['svc'], ['all']),
  r('DaemonSet', 'daemonsets', 'apps', 'v1', true, ['ds'], ['all']),
  r('Deployment', 'deployments', 'apps', 'v1', true, ['deploy'], ['all']),
  r('ReplicaSet', 'replicasets', 'apps', 'v1', true, ['rs'], ['all']),
  r('StatefulSet', 'statefulsets', 'apps', 'v1', true, ['sts'], ['all']),
  r('HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'autoscaling', 'v2', true, ['hpa'], ['all']),
  r('CronJob', 'cronjobs', 'batch', 'v1', true, ['cj'], ['all']),
  r('Job', 'jobs', 'batch', 'v1', true, [], ['all']),
  r('Lease', 'leases', 'coordination.k8s.io', 'v1', true),
  r('EndpointSlice', 'endpointslices', 'discovery.k8s.io', 'v1', true),
  r('Ingress', 'ingresses', 'networking.k8s.io', 'v1', true, ['ing']),
  r('NetworkPolicy', 'networkpolicies', 'networking.k8s.io', 'v1', true, ['netpol']),
  r('StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', false, ['sc']),
  // Add-on CRDs: discovery lists them after the built-in groups.
  { ...r('VerticalPodAutoscalerCheckpoint', 'verticalpodautoscalercheckpoints', 'autoscaling.k8s.io', 'v1', true, ['vpacheckpoint']), crd: 'verticalpodautoscalercheckpoints.autoscaling.k8s.io' },
  { ...r('VerticalPodAutoscaler', 'verticalpodautoscalers', 'autoscaling.k8s.io', 'v1', true, ['vpa']), crd: 'verticalpodautoscalers.autoscaling.k8s.io' },
];

/** The resource types `cluster` serves: the built-in ones and those of its installed CRDs. */
export function servedResources(cluster: Pick<Cluster, 'crds'> | undefined): ResourceType[] {
  return RESOURCES.filter((t) => !t.crd || !!cluster?.crds?.includes(t.crd));
}

export const groupVersion = (t: ResourceType) => (t.group ? `${t.group}/${t.version}` : t.version);

/** `pods`, `deployments.apps`: how errors name a resource (GroupResource.String()). */
export const groupResource = (t: ResourceType) => (t.group ? `${t.resource}.${t.group}` : t.resource);

/** The resource of each kind (every store access asks). */
const BY_KIND = new Map(RESOURCES.map((t) => [t.kind, t]));

export function resourceOfKind(kind: Kind): ResourceType {
  const t = BY_KIND.get(kind);
  if (!t) throw new Error(`no resource for kind ${kind}`);
  return t;
}

/** The API groups with their versions, in /apis order (those `cluster` serves, when given). */
export function apiGroups(cluster?: Pick<Cluster, 'crds'>): { name: string; version: string }[] {
  const seen = new Map<string, string>();
  for (const t of cluster ? servedResources(cluster) : RESOURCES) if (t.group && !seen.has(t.group)) seen.set(t.group, t.version);
  return [...seen].map(([name, version]) => ({ name, version }));
}

/**
 * Resolves what a user typed as a resource type (`po`, `pods`, `Pod`, `deploy.apps`,
 * `deployments.v1.apps`) like kubectl's shortcut expander and REST mapper; undefined when
 * the server has no such type. With `cluster`, only the types it serves (an add-on's CRD
 * only while installed); without, every type the simulator knows.
 */
export function resolveResource(typed: string, cluster?: Pick<Cluster, 'crds'>): ResourceType | undefined {
  const pool = cluster ? servedResources(cluster) : RESOURCES;
  const lower = typed.toLowerCase();
  const matches = (t: ResourceType, name: string) =>
    name === t.resource || name === t.singular || t.shortNames.includes(name);
  const direct = pool.find((t) => matches(t, lower));
  if (direct) return direct;
  const parts = lower.split('.');
  for (let i = 1; i < parts.length; i++) {
    const name = parts.slice(0, i).join('.');
    let rest = parts.slice(i);
    let version: string | undefined;
    if (/^v\d+((alpha|beta)\d+)?$/.test(rest[0]) && rest.length > 1) {
      version = rest[0];
      rest = rest.slice(1);
    }
    const group = rest.join('.');
    const t = pool.find((x) => matches(x, name) && (x.group === group || (x.group.startsWith(group + '.') && group !== '')) && (!version || version === x.version));
    if (t) return t;
  }
  return undefined;
}

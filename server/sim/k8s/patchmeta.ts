// Strategic-merge metadata of the Kubernetes types (the `patchStrategy` / `patchMergeKey`
// struct tags): which lists merge element by element and on which key. A field is named
// by the field names on its way from the object root (list indices left out).

export interface ListStrategy {
  /** `merge`: elements are merged by `key` (or, without a key, as a set of primitives). */
  strategy: 'merge' | 'replace';
  key?: string;
}

const POD_SPEC_LISTS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

const CONTAINER_LISTS: Record<string, string> = {
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  resizePolicy: 'resourceName',
};

const CONTAINER_FIELDS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** How the list at `path` (field names from the root of an object of `kind`) is patched. */
export function listStrategy(kind: string, path: string[]): ListStrategy {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  if (path.length === 2 && path[0] === 'metadata') {
    if (field === 'finalizers') return { strategy: 'merge' };
    if (field === 'ownerReferences') return { strategy: 'merge', key: 'uid' };
  }
  if (parent !== undefined && CONTAINER_FIELDS.has(parent) && CONTAINER_LISTS[field]) return { strategy: 'merge', key: CONTAINER_LISTS[field] };
  if (parent === 'spec' && POD_SPEC_LISTS[field] && isPodSpec(kind, path.slice(0, -1))) return { strategy: 'merge', key: POD_SPEC_LISTS[field] };
  if (kind === 'Service' && path.join('.') === 'spec.ports') return { strategy: 'merge', key: 'port' };
  if (field === 'conditions' && path[0] === 'status') return { strategy: 'merge', key: 'type' };
  return { strategy: 'replace' };
}

/** Whether `path` leads to a PodSpec in an object of `kind`. */
function isPodSpec(kind: string, path: string[]): boolean {
  const p = path.join('.');
  if (kind === 'Pod') return p === 'spec';
  if (kind === 'CronJob') return p === 'spec.jobTemplate.spec.template.spec';
  return p === 'spec.template.spec';
}

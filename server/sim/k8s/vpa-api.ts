// The VerticalPodAutoscaler add-on's API side: its CRD's structural schema (what the API
// server checks on a write: unknown fields, types, enums, required fields, quantity
// patterns) and its admission controller, a mutating webhook (failurePolicy Ignore, so it
// only acts while its pod runs) that defaults and validates VPA objects and sets the
// requests (and proportional limits) of new pods of a VPA's target from its recommendation.
import { statusError, type ApiResponse } from './apiserver.js';
import { controllerOf, isPodReady } from './controllers/common.js';
import { canonicalQuantity, parseQuantity } from './quantity.js';
import { getObject, listObjects } from './store.js';
import type { Container, KubeObject, Pod, ResourceList, VerticalPodAutoscaler, VpaContainerPolicy } from './types.js';
import type { World } from '../world/types.js';
import type { FieldError } from './validation.js';

export const VPA_CRD = 'verticalpodautoscalers.autoscaling.k8s.io';
export const VPA_CHECKPOINT_CRD = 'verticalpodautoscalercheckpoints.autoscaling.k8s.io';

// --- the CRD's schema ------------------------------------------------------------------

type Schema =
  | { type: 'object'; props?: Record<string, Schema>; required?: string[]; values?: Schema }
  | { type: 'array'; items: Schema }
  | { type: 'string'; enum?: string[] }
  | { type: 'integer' }
  | { type: 'quantity' }
  | { type: 'any' };

const str = (...values: string[]): Schema => (values.length ? { type: 'string', enum: values } : { type: 'string' });
const obj = (props: Record<string, Schema>, required?: string[]): Schema => ({ type: 'object', props, ...(required ? { required } : {}) });
const quantities: Schema = { type: 'object', values: { type: 'quantity' } };
const strings: Schema = { type: 'array', items: str() };

const SPEC = obj({
  recommenders: { type: 'array', items: obj({ name: str() }, ['name']) },
  resourcePolicy: obj({
    containerPolicies: {
      type: 'array',
      items: obj({
        containerName: str(), controlledResources: strings, controlledValues: str('RequestsAndLimits', 'RequestsOnly'),
        maxAllowed: quantities, minAllowed: quantities, mode: str('Auto', 'Off'),
      }),
    },
  }),
  targetRef: obj({ apiVersion: str(), kind: str(), name: str() }, ['kind', 'name']),
  updatePolicy: obj({
    evictionRequirements: { type: 'array', items: obj({ changeRequirement: str('TargetHigherThanRequests', 'TargetLowerThanRequests'), resources: strings }, ['changeRequirement', 'resources']) },
    minReplicas: { type: 'integer' },
    updateMode: str('Off', 'Initial', 'Recreate', 'Auto'),
  }),
}, ['targetRef']);

const TOP = obj({ apiVersion: str(), kind: str(), metadata: { type: 'any' }, spec: SPEC, status: { type: 'any' } }, ['spec']);

const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const QUANTITY_RE = new RegExp(QUANTITY_PATTERN);

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : 'string');

function walk(v: unknown, s: Schema, path: string, errs: FieldError[], unknown: string[]): void {
  if (v === undefined || s.type === 'any') return;
  const t = jsonType(v);
  const typeError = (want: string) => errs.push({ type: 'Invalid value', field: path, value: JSON.stringify(t), detail: `${path} in body must be of type ${want}: ${JSON.stringify(t)}` });
  switch (s.type) {
    case 'string':
      if (t !== 'string') return void typeError('string');
      if (s.enum && !s.enum.includes(v as string)) {
        errs.push({ type: 'Unsupported value', field: path, value: JSON.stringify(v), detail: `supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` });
      }
      return;
    case 'integer':
      if (t !== 'integer') typeError('integer');
      return;
    case 'quantity':
      if (t === 'string') {
        if (!QUANTITY_RE.test(v as string)) errs.push({ type: 'Invalid value', field: path, value: JSON.stringify(v), detail: `${path} in body should match '${QUANTITY_PATTERN}'` });
      } else if (t !== 'integer' && t !== 'number') typeError('integer,string');
      return;
    case 'array':
      if (t !== 'array') return void typeError('array');
      (v as unknown[]).forEach((e, i) => walk(e, s.items, `${path}[${i}]`, errs, unknown));
      return;
    case 'object': {
      if (t !== 'object') return void typeError('object');
      const o = v as Record<string, unknown>;
      for (const key of Object.keys(o).sort()) {
        const p = path ? `${path}.${key}` : key;
        const sub = s.props ? s.props[key] : s.values;
        if (!sub) unknown.push(`unknown field "${p}"`);
        else walk(o[key], sub, p, errs, unknown);
      }
      for (const r of s.required ?? []) if (o[r] === undefined || o[r] === null) errs.push({ type: 'Required value', field: path ? `${path}.${r}` : r });
      return;
    }
  }
}

/** Fields the schema does not declare (`unknown field "spec.x"`), what strict field validation rejects. */
export function vpaUnknownFields(body: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  walk(body, TOP, '', [], unknown);
  return unknown;
}

/** The schema's verdict on a VerticalPodAutoscaler (types, enums, required fields, quantities). */
export function validateVpaSchema(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const { metadata: _m, ...rest } = o as unknown as Record<string, unknown>;
  walk(rest, TOP, '', errs, []);
  return errs;
}

// --- the admission controller ----------------------------------------------------------

/** Whether an add-on component (`vpa-recommender`, `vpa-updater`, `vpa-admission-controller`) has a ready pod. */
export function vpaComponentUp(world: World, app: string): boolean {
  if (!world.cluster?.crds?.includes(VPA_CRD)) return false;
  return listObjects(world.cluster, 'Pod', 'kube-system').some((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp && isPodReady(p));
}

const webhookUp = (world: World) => vpaComponentUp(world, 'vpa-admission-controller');

/** The mutating webhook's defaulting of a VPA: updatePolicy {updateMode: Auto} when absent. */
export function defaultVpa(world: World, vpa: VerticalPodAutoscaler): void {
  if (!webhookUp(world) || !vpa.spec || typeof vpa.spec !== 'object') return;
  vpa.spec.updatePolicy ??= { updateMode: 'Auto' };
}

const fraction = (q: string | number, scale: number) => {
  const p = parseQuantity(String(q));
  return !!p && p.nanos % BigInt(scale) !== 0n;
};

/** ValidateVPA of the admission controller: its message, or undefined when the object passes. */
function webhookError(vpa: VerticalPodAutoscaler): string | undefined {
  const policy = vpa.spec.updatePolicy;
  if (policy) {
    if (policy.updateMode === undefined) return 'UpdateMode is required if UpdatePolicy is used';
    if (policy.minReplicas !== undefined && policy.minReplicas <= 0) return `MinReplicas has to be positive, got ${policy.minReplicas}`;
  }
  for (const p of vpa.spec.resourcePolicy?.containerPolicies ?? []) {
    if (!p.containerName) return 'ContainerPolicies.ContainerName is required';
    for (const [name, min] of Object.entries(p.minAllowed ?? {})) {
      const res = resolution(name, min);
      if (res) return `MinAllowed: ${res}`;
      const max = p.maxAllowed?.[name];
      if (max !== undefined && (parseQuantity(String(max))?.nanos ?? 0n) < (parseQuantity(String(min))?.nanos ?? 0n)) return `max resource for ${name} is lower than min`;
    }
    for (const [name, max] of Object.entries(p.maxAllowed ?? {})) {
      const res = resolution(name, max);
      if (res) return `MaxAllowed: ${res}`;
    }
    if (p.mode === 'Off' && p.controlledValues === 'RequestsAndLimits') return "ControlledValues shouldn't be specified if container scaling mode is off.";
  }
  if ((vpa.spec.recommenders?.length ?? 0) > 1) return "The current version of VPA object shouldn't specify more than one recommenders.";
  return undefined;
}

function resolution(name: string, q: string | number): string | undefined {
  if (name === 'cpu' && fraction(q, 1_000_000)) return `CPU [${canonicalQuantity(q)}] must be a whole number of milli CPUs`;
  if (name === 'memory' && fraction(q, 1_000_000_000)) return `Memory [${canonicalQuantity(q)}] must be a whole number of bytes`;
  return undefined;
}

/** The webhook's answer to a VPA write that passed the schema: a 400 denial, or undefined. */
export function vpaAdmissionDenial(world: World, o: KubeObject): ApiResponse | undefined {
  if (o.kind !== 'VerticalPodAutoscaler' || !webhookUp(world)) return undefined;
  const msg = webhookError(o);
  return msg === undefined ? undefined : statusError(400, '', `admission webhook "vpa.k8s.io" denied the request: ${msg}`);
}

/** The container's policy: its own, else the `*` one. */
export function containerPolicy(vpa: VerticalPodAutoscaler, name: string): VpaContainerPolicy | undefined {
  const list = vpa.spec.resourcePolicy?.containerPolicies ?? [];
  return list.find((p) => p.containerName === name) ?? list.find((p) => p.containerName === '*');
}

type UpdateMode = 'Off' | 'Initial' | 'Recreate' | 'Auto';
export const updateModeOf = (vpa: VerticalPodAutoscaler): UpdateMode => vpa.spec.updatePolicy?.updateMode ?? 'Auto';

/** The kind and name of the top-most controller of a pod (a Deployment above its ReplicaSet). */
export function topController(world: World, pod: Pod): { kind: string; name: string } | undefined {
  const ref = controllerOf(pod);
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') {
    const rs = getObject(world.cluster!, 'ReplicaSet', pod.metadata.namespace, ref.name);
    const up = rs && controllerOf(rs);
    if (up) return { kind: up.kind, name: up.name };
  } else if (ref.kind === 'Job') {
    const job = getObject(world.cluster!, 'Job', pod.metadata.namespace, ref.name);
    const up = job && controllerOf(job);
    if (up) return { kind: up.kind, name: up.name };
  }
  return { kind: ref.kind, name: ref.name };
}

/** The VPA whose target controls the pod (the webhook's matcher), if any. */
function vpaForPod(world: World, pod: Pod): VerticalPodAutoscaler | undefined {
  const top = topController(world, pod);
  if (!top) return undefined;
  return listObjects(world.cluster!, 'VerticalPodAutoscaler', pod.metadata.namespace).find((v) => v.spec?.targetRef?.kind === top.kind && v.spec.targetRef.name === top.name);
}

/** The recommendation (the recommender already applied the VPA's policy), by container name. */
function recommendationsByContainer(vpa: VerticalPodAutoscaler): Map<string, { target: ResourceList; lowerBound: ResourceList; upperBound: ResourceList }> {
  const out = new Map<string, { target: ResourceList; lowerBound: ResourceList; upperBound: ResourceList }>();
  for (const r of vpa.status?.recommendation?.containerRecommendations ?? []) {
    out.set(r.containerName, { target: r.target ?? {}, lowerBound: r.lowerBound ?? {}, upperBound: r.upperBound ?? {} });
  }
  return out;
}

/** limit × recommended / request (GetProportionalLimit); undefined when the container sets no limit. */
function proportionalLimit(resource: string, c: Container, recommended: string): string | undefined {
  const limit = c.resources?.limits?.[resource];
  if (!limit) return undefined;
  const request = c.resources?.requests?.[resource];
  const l = parseQuantity(limit)!;
  const r = request ? parseQuantity(request) : undefined;
  if (!r || r.nanos === 0n || r.nanos === l.nanos) return canonicalQuantity(recommended);
  const rec = parseQuantity(recommended)!;
  if (resource === 'cpu') {
    const milli = (l.nanos / 1_000_000n) * (rec.nanos / 1_000_000n) / (r.nanos / 1_000_000n);
    return canonicalQuantity(`${milli}m`);
  }
  const bytes = (l.nanos / 1_000_000_000n) * (rec.nanos / 1_000_000_000n) / (r.nanos / 1_000_000_000n);
  return formatLike(bytes, l.format);
}

function formatLike(bytes: bigint, format: string): string {
  if (format === 'BinarySI') {
    for (const [suffix, f] of [['Ei', 60n], ['Pi', 50n], ['Ti', 40n], ['Gi', 30n], ['Mi', 20n], ['Ki', 10n]] as const) {
      if (bytes !== 0n && bytes % (1n << f) === 0n) return `${bytes >> f}${suffix}`;
    }
    return String(bytes);
  }
  return canonicalQuantity(String(bytes));
}

/**
 * The webhook on a new pod: when a VPA (not Off) targets its controller, requests from the
 * recommendation's target (limits kept in proportion) and the vpaUpdates and
 * vpaObservedContainers annotations.
 */
export function admitVpaPod(world: World, pod: Pod): void {
  if (!webhookUp(world)) return;
  const vpa = vpaForPod(world, pod);
  if (!vpa || updateModeOf(vpa) === 'Off') return;
  const recs = recommendationsByContainer(vpa);
  const annotations = { ...pod.metadata.annotations };
  if (recs.size) {
    const updates = pod.spec.containers.map((c, i) => {
      const rec = recs.get(c.name);
      const policy = containerPolicy(vpa, c.name);
      const done: string[] = [];
      if (rec && policy?.mode !== 'Off') {
        const limits: ResourceList = {};
        const requests: ResourceList = {};
        for (const resource of ['cpu', 'memory']) {
          const target = rec.target[resource];
          if (target === undefined) continue;
          requests[resource] = canonicalQuantity(target);
          if (policy?.controlledValues === 'RequestsOnly') continue;
          const limit = proportionalLimit(resource, c, requests[resource]);
          if (limit) limits[resource] = limit;
        }
        c.resources ??= {};
        if (Object.keys(requests).length) {
          c.resources.requests = { ...c.resources.requests, ...requests };
          done.push(...Object.keys(requests).map((r) => `${r} request`));
        }
        if (Object.keys(limits).length) {
          c.resources.limits = { ...c.resources.limits, ...limits };
          done.push(...Object.keys(limits).map((r) => `${r} limit`));
        }
      }
      return `container ${i}: ${done.join(', ')}`;
    });
    annotations.vpaUpdates = `Pod resources updated by ${vpa.metadata.name}: ${updates.join('; ')}`;
  }
  annotations.vpaObservedContainers = pod.spec.containers.map((c) => c.name).join(', ');
  pod.metadata.annotations = annotations;
}

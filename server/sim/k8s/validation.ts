// The API server's validation of objects on create and update (the common cases of
// pkg/apis/*/validation): names, labels, containers, selectors, service ports, immutable
// fields. Errors are field.Error values; invalidStatus() turns them into the 422 Status.
import { parseQuantity } from './quantity.js';
import type { ResourceType } from './resources.js';
import { validateVpaSchema } from './vpa-api.js';
import { matchesSelector } from './selectors.js';
import type { Container, Deployment, KubeObject, LabelSelector, PodSpec, PodTemplateSpec, Service } from './types.js';

export type FieldErrorType = 'Invalid value' | 'Required value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Too long';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Already formatted the way Go prints it (`"x"`, `3`, `map[string]string{...}`); absent: not shown. */
  value?: string;
  detail?: string;
}

const REASONS: Record<FieldErrorType, string> = {
  'Invalid value': 'FieldValueInvalid',
  'Required value': 'FieldValueRequired',
  'Unsupported value': 'FieldValueNotSupported',
  'Duplicate value': 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
  'Too long': 'FieldValueTooLong',
};

/** field.Error.ErrorBody(). */
export function errorBody(e: FieldError): string {
  let s: string = e.type;
  if (e.value !== undefined) s += `: ${e.value}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export const fieldErrorText = (e: FieldError) => `${e.field}: ${errorBody(e)}`;

/** The Status of a 422 Invalid response (apierrors.NewInvalid). */
export function invalidStatus(t: ResourceType, name: string, errs: FieldError[]) {
  const agg = errs.length === 1 ? fieldErrorText(errs[0]) : `[${errs.map(fieldErrorText).join(', ')}]`;
  const qualifiedKind = t.group ? `${t.kind}.${t.group}` : t.kind;
  return {
    kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const,
    message: `${qualifiedKind} "${name}" is invalid: ${agg}`,
    reason: 'Invalid',
    details: {
      name, ...(t.group ? { group: t.group } : {}), kind: t.kind,
      causes: errs.map((e) => ({ reason: REASONS[e.type], message: errorBody(e), field: e.field })),
    },
    code: 422,
  };
}

// --- Go value formatting -----------------------------------------------------------

export const goQuote = (s: string) => JSON.stringify(s);

function goStringMap(m: Record<string, string> | undefined): string {
  if (!m) return 'map[string]string(nil)';
  return `map[string]string{${Object.keys(m).sort().map((k) => `${goQuote(k)}:${goQuote(m[k])}`).join(', ')}}`;
}

function goLabelSelector(s: LabelSelector | undefined): string {
  const exprs = s?.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions.map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${e.values ? `[]string{${e.values.map(goQuote).join(', ')}}` : '[]string(nil)'}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s?.matchLabels)}, MatchExpressions:${exprs}}`;
}

// --- names and labels ---------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const MSG_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const MSG_LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const MSG_NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Kinds whose names must be DNS-1123 labels (namespaces) or DNS-1035 labels (services). */
function nameError(kind: string, name: string): string | undefined {
  if (kind === 'Service') return DNS1035_LABEL.test(name) && name.length <= 63 ? undefined : MSG_1035;
  if (kind === 'Namespace') return DNS1123_LABEL.test(name) && name.length <= 63 ? undefined : MSG_LABEL;
  return DNS1123_SUBDOMAIN.test(name) && name.length <= 253 ? undefined : MSG_SUBDOMAIN;
}

function validateLabels(labels: Record<string, string> | undefined, field: string, errs: FieldError[]): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const slash = k.lastIndexOf('/');
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    const prefix = slash >= 0 ? k.slice(0, slash) : '';
    if (!QUALIFIED_NAME.test(name) || name.length > 63 || (slash >= 0 && !DNS1123_SUBDOMAIN.test(prefix))) {
      errs.push({ type: 'Invalid value', field, value: goQuote(k), detail: prefix && !DNS1123_SUBDOMAIN.test(prefix) ? `prefix part ${MSG_SUBDOMAIN}` : MSG_NAME_PART });
    }
    if (typeof v !== 'string' || !LABEL_VALUE.test(v) || v.length > 63) {
      errs.push({ type: 'Invalid value', field, value: goQuote(String(v)), detail: MSG_LABEL_VALUE });
    }
  }
}

function validateMeta(obj: KubeObject, errs: FieldError[]): void {
  const m = obj.metadata;
  if (!m.name) errs.push({ type: 'Required value', field: 'metadata.name', detail: 'name or generateName is required' });
  else {
    const msg = nameError(obj.kind, m.name);
    if (msg) errs.push({ type: 'Invalid value', field: 'metadata.name', value: goQuote(m.name), detail: msg });
  }
  validateLabels(m.labels, 'metadata.labels', errs);
}

// --- pods and templates -----------------------------------------------------------------

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const unsupported = (values: string[]) => `supported values: ${values.map(goQuote).join(', ')}`;

function validateContainer(c: Container, field: string, names: Set<string>, errs: FieldError[]): void {
  if (!c.name) errs.push({ type: 'Required value', field: `${field}.name` });
  else if (!DNS1123_LABEL.test(c.name) || c.name.length > 63) errs.push({ type: 'Invalid value', field: `${field}.name`, value: goQuote(c.name), detail: MSG_LABEL });
  else if (names.has(c.name)) errs.push({ type: 'Duplicate value', field: `${field}.name`, value: goQuote(c.name) });
  if (c.name) names.add(c.name);
  if (!c.image || !String(c.image).trim()) errs.push({ type: 'Required value', field: `${field}.image` });
  if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push({ type: 'Unsupported value', field: `${field}.imagePullPolicy`, value: goQuote(c.imagePullPolicy), detail: unsupported(PULL_POLICIES) });
  }
  (c.ports ?? []).forEach((p, i) => {
    if (!(p.containerPort >= 1 && p.containerPort <= 65535)) {
      errs.push({ type: 'Invalid value', field: `${field}.ports[${i}].containerPort`, value: String(p.containerPort), detail: 'must be between 1 and 65535, inclusive' });
    }
  });
  const envNames = new Set<string>();
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) errs.push({ type: 'Required value', field: `${field}.env[${i}].name` });
    envNames.add(e.name);
  });
  for (const [kind, list] of [['limits', c.resources?.limits], ['requests', c.resources?.requests]] as const) {
    for (const [res, q] of Object.entries(list ?? {})) {
      if (!parseQuantity(String(q))) errs.push({ type: 'Invalid value', field: `${field}.resources.${kind}[${res}]`, value: goQuote(String(q)), detail: 'must be a valid quantity' });
    }
  }
  for (const [res, q] of Object.entries(c.resources?.requests ?? {})) {
    const limit = c.resources?.limits?.[res];
    const rq = parseQuantity(String(q));
    const lq = limit === undefined ? undefined : parseQuantity(String(limit));
    if (rq && lq && rq.nanos > lq.nanos) {
      errs.push({ type: 'Invalid value', field: `${field}.resources.requests`, value: goQuote(String(q)), detail: `must be less than or equal to ${res} limit of ${limit}` });
    }
  }
}

function validatePodSpec(spec: PodSpec | undefined, field: string, errs: FieldError[], restartPolicies?: string[]): void {
  if (!spec?.containers?.length) {
    errs.push({ type: 'Required value', field: `${field}.containers` });
    return;
  }
  const names = new Set<string>();
  spec.initContainers?.forEach((c, i) => validateContainer(c, `${field}.initContainers[${i}]`, names, errs));
  spec.containers.forEach((c, i) => validateContainer(c, `${field}.containers[${i}]`, names, errs));
  const allowed = restartPolicies ?? ['Always', 'OnFailure', 'Never'];
  if (spec.restartPolicy && !allowed.includes(spec.restartPolicy)) {
    errs.push({ type: 'Unsupported value', field: `${field}.restartPolicy`, value: goQuote(spec.restartPolicy), detail: unsupported(allowed) });
  }
}

function validateTemplate(t: PodTemplateSpec | undefined, selector: LabelSelector | undefined, field: string, errs: FieldError[], restartPolicies?: string[]): void {
  if (!t) {
    errs.push({ type: 'Required value', field });
    return;
  }
  validateLabels(t.metadata?.labels, `${field}.metadata.labels`, errs);
  if (selector && (selector.matchLabels || selector.matchExpressions) && !matchesSelector(selector, t.metadata?.labels)) {
    errs.push({ type: 'Invalid value', field: `${field}.metadata.labels`, value: goStringMap(t.metadata?.labels), detail: '`selector` does not match template `labels`' });
  }
  validatePodSpec(t.spec, `${field}.spec`, errs, restartPolicies);
}

function validateSelector(sel: LabelSelector | undefined, errs: FieldError[], what: string): void {
  if (!sel) errs.push({ type: 'Required value', field: 'spec.selector' });
  else if (!Object.keys(sel.matchLabels ?? {}).length && !sel.matchExpressions?.length) {
    errs.push({ type: 'Invalid value', field: 'spec.selector', value: goLabelSelector(sel), detail: `empty selector is invalid for ${what}` });
  }
}

function validateReplicas(n: number | undefined, errs: FieldError[]): void {
  if (n !== undefined && n < 0) errs.push({ type: 'Invalid value', field: 'spec.replicas', value: String(n), detail: 'must be greater than or equal to 0' });
}

// --- services -------------------------------------------------------------------------

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(svc: Service, errs: FieldError[]): void {
  const spec = svc.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) {
    errs.push({ type: 'Unsupported value', field: 'spec.type', value: goQuote(type), detail: unsupported(SERVICE_TYPES) });
    return;
  }
  if (type !== 'ExternalName' && spec.clusterIP !== 'None' && !spec.ports?.length) errs.push({ type: 'Required value', field: 'spec.ports' });
  (spec.ports ?? []).forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if ((spec.ports?.length ?? 0) > 1 && !p.name) errs.push({ type: 'Required value', field: `${f}.name` });
    if (!(p.port >= 1 && p.port <= 65535)) errs.push({ type: 'Invalid value', field: `${f}.port`, value: String(p.port), detail: 'must be between 1 and 65535, inclusive' });
    if (typeof p.targetPort === 'number' && !(p.targetPort >= 1 && p.targetPort <= 65535)) {
      errs.push({ type: 'Invalid value', field: `${f}.targetPort`, value: String(p.targetPort), detail: 'must be between 1 and 65535, inclusive' });
    }
    if (p.nodePort !== undefined && p.nodePort !== 0 && !(p.nodePort >= 30000 && p.nodePort <= 32767)) {
      errs.push({ type: 'Invalid value', field: `${f}.nodePort`, value: String(p.nodePort), detail: 'provided port is not in the valid range. The range of valid ports is 30000-32767' });
    }
  });
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function validateConfigKeys(data: Record<string, string> | undefined, field: string, errs: FieldError[]): void {
  for (const k of Object.keys(data ?? {})) {
    if (!CONFIG_KEY.test(k)) {
      errs.push({ type: 'Invalid value', field: `${field}[${k}]`, value: goQuote(k), detail: "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" });
    }
  }
}

/** Validation of a new object (after defaulting). */
export function validateCreate(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  validateMeta(obj, errs);
  switch (obj.kind) {
    case 'Pod':
      validatePodSpec(obj.spec, 'spec', errs);
      break;
    case 'Deployment':
      validateReplicas(obj.spec?.replicas, errs);
      validateSelector(obj.spec?.selector, errs, 'deployment');
      validateTemplate(obj.spec?.template, obj.spec?.selector, 'spec.template', errs, ['Always']);
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
      validateReplicas(obj.spec?.replicas, errs);
      validateSelector(obj.spec?.selector, errs, obj.kind === 'ReplicaSet' ? 'replicaset' : 'statefulset');
      validateTemplate(obj.spec?.template, obj.spec?.selector, 'spec.template', errs, ['Always']);
      break;
    case 'DaemonSet':
      validateSelector(obj.spec?.selector, errs, 'daemonset');
      validateTemplate(obj.spec?.template, obj.spec?.selector, 'spec.template', errs, ['Always']);
      break;
    case 'Job':
      validateTemplate(obj.spec?.template, obj.spec?.selector, 'spec.template', errs, ['OnFailure', 'Never']);
      break;
    case 'Service':
      validateService(obj, errs);
      break;
    case 'ConfigMap':
      validateConfigKeys(obj.data, 'data', errs);
      break;
    case 'Secret':
      validateConfigKeys(obj.data, 'data', errs);
      break;
    case 'VerticalPodAutoscaler':
      errs.push(...validateVpaSchema(obj));
      break;
    default:
      break;
  }
  return errs;
}

/** Validation of an update: the object's own rules plus what may not change. */
export function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateCreate(obj);
  if ((obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet' || obj.kind === 'DaemonSet') && old.kind === obj.kind) {
    const sel = (obj as Deployment).spec?.selector;
    if (JSON.stringify(sel) !== JSON.stringify((old as Deployment).spec.selector)) {
      errs.push({ type: 'Invalid value', field: 'spec.selector', value: goLabelSelector(sel), detail: 'field is immutable' });
    }
  }
  if (obj.kind === 'Service' && old.kind === 'Service' && old.spec.clusterIP && old.spec.clusterIP !== 'None' && obj.spec.clusterIP && obj.spec.clusterIP !== old.spec.clusterIP) {
    errs.push({ type: 'Invalid value', field: 'spec.clusterIPs[0]', value: goQuote(obj.spec.clusterIP), detail: 'may not change once set' });
  }
  return errs;
}

// The Go types behind the common kinds, as far as decoding a request body needs them:
// `json: cannot unmarshal ...` type errors (always) and `unknown field "..."` (with
// fieldValidation=Strict, kubectl's default). Kinds or fields not described here are
// accepted as they are.

import { vpaUnknownFields } from './vpa-api.js';

type FieldType = string;
type Struct = Record<string, FieldType>;

const META: Struct = {
  name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string', resourceVersion: 'string',
  generation: 'int64', creationTimestamp: 'any', deletionTimestamp: 'any', deletionGracePeriodSeconds: 'int64',
  labels: 'map[string]string', annotations: 'map[string]string', ownerReferences: '[]any', finalizers: '[]string', managedFields: '[]any',
};

const TYPES: Record<string, Struct> = {
  ObjectMeta: META,
  LabelSelector: { matchLabels: 'map[string]string', matchExpressions: '[]LabelSelectorRequirement' },
  LabelSelectorRequirement: { key: 'string', operator: 'string', values: '[]string' },
  PodTemplateSpec: { metadata: 'ObjectMeta', spec: 'PodSpec' },
  PodSpec: {
    volumes: '[]Volume', initContainers: '[]Container', containers: '[]Container', ephemeralContainers: '[]any', restartPolicy: 'string',
    terminationGracePeriodSeconds: 'int64', activeDeadlineSeconds: 'int64', dnsPolicy: 'string', nodeSelector: 'map[string]string',
    serviceAccountName: 'string', serviceAccount: 'string', automountServiceAccountToken: 'bool', nodeName: 'string', hostNetwork: 'bool',
    hostPID: 'bool', hostIPC: 'bool', shareProcessNamespace: 'bool', securityContext: 'any', imagePullSecrets: '[]any', hostname: 'string',
    subdomain: 'string', affinity: 'any', schedulerName: 'string', tolerations: '[]Toleration', hostAliases: '[]any', priorityClassName: 'string',
    priority: 'int32', dnsConfig: 'any', readinessGates: '[]any', runtimeClassName: 'string', enableServiceLinks: 'bool',
    preemptionPolicy: 'string', overhead: 'map[string]Quantity', topologySpreadConstraints: '[]any', setHostnameAsFQDN: 'bool', os: 'any',
    hostUsers: 'bool', schedulingGates: '[]any', resourceClaims: '[]any',
  },
  Container: {
    name: 'string', image: 'string', command: '[]string', args: '[]string', workingDir: 'string', ports: '[]ContainerPort',
    envFrom: '[]any', env: '[]EnvVar', resources: 'ResourceRequirements', resizePolicy: '[]any', restartPolicy: 'string',
    volumeMounts: '[]VolumeMount', volumeDevices: '[]any', livenessProbe: 'Probe', readinessProbe: 'Probe', startupProbe: 'Probe',
    lifecycle: 'any', terminationMessagePath: 'string', terminationMessagePolicy: 'string', imagePullPolicy: 'string',
    securityContext: 'any', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
  },
  ContainerPort: { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' },
  EnvVar: { name: 'string', value: 'string', valueFrom: 'any' },
  ResourceRequirements: { limits: 'map[string]Quantity', requests: 'map[string]Quantity', claims: '[]any' },
  VolumeMount: { name: 'string', readOnly: 'bool', recursiveReadOnly: 'string', mountPath: 'string', subPath: 'string', mountPropagation: 'string', subPathExpr: 'string' },
  Volume: {
    name: 'string', hostPath: 'any', emptyDir: 'any', secret: 'any', persistentVolumeClaim: 'any', configMap: 'any', projected: 'any',
    downwardAPI: 'any', nfs: 'any', csi: 'any', ephemeral: 'any', image: 'any',
  },
  Probe: {
    exec: 'any', httpGet: 'HTTPGetAction', tcpSocket: 'any', grpc: 'any', initialDelaySeconds: 'int32', timeoutSeconds: 'int32',
    periodSeconds: 'int32', successThreshold: 'int32', failureThreshold: 'int32', terminationGracePeriodSeconds: 'int64',
  },
  HTTPGetAction: { path: 'string', port: 'IntOrString', host: 'string', scheme: 'string', httpHeaders: '[]any' },
  Toleration: { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int64' },
  DeploymentSpec: {
    replicas: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec', strategy: 'any', minReadySeconds: 'int32',
    revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
  },
  ReplicaSetSpec: { replicas: 'int32', minReadySeconds: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec' },
  DaemonSetSpec: { selector: 'LabelSelector', template: 'PodTemplateSpec', updateStrategy: 'any', minReadySeconds: 'int32', revisionHistoryLimit: 'int32' },
  ServiceSpec: {
    ports: '[]ServicePort', selector: 'map[string]string', clusterIP: 'string', clusterIPs: '[]string', type: 'string',
    externalIPs: '[]string', sessionAffinity: 'string', loadBalancerIP: 'string', loadBalancerSourceRanges: '[]string',
    externalName: 'string', externalTrafficPolicy: 'string', healthCheckNodePort: 'int32', publishNotReadyAddresses: 'bool',
    sessionAffinityConfig: 'any', ipFamilies: '[]string', ipFamilyPolicy: 'string', allocateLoadBalancerNodePorts: 'bool',
    loadBalancerClass: 'string', internalTrafficPolicy: 'string', trafficDistribution: 'string',
  },
  ServicePort: { name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: 'IntOrString', nodePort: 'int32' },
};

const top = (spec: FieldType, extra: Struct = {}): Struct => ({ apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', spec, status: 'any', ...extra });

const KINDS: Record<string, Struct> = {
  Deployment: top('DeploymentSpec'),
  ReplicaSet: top('ReplicaSetSpec'),
  DaemonSet: top('DaemonSetSpec'),
  Pod: top('PodSpec'),
  Service: top('ServiceSpec'),
  ConfigMap: { apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', data: 'map[string]string', binaryData: 'map[string]string', immutable: 'bool' },
  Secret: { apiVersion: 'string', kind: 'string', metadata: 'ObjectMeta', data: 'map[string]string', stringData: 'map[string]string', type: 'string', immutable: 'bool' },
  Namespace: top('any'),
};

/** Go's name for a field type in unmarshal errors. */
function goType(t: FieldType): string {
  if (t.startsWith('[]')) return `[]${goType(t.slice(2))}`;
  if (t === 'map[string]Quantity') return 'v1.ResourceList';
  if (TYPES[t]) return `v1.${t}`;
  return t;
}

const jsonKind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string');

interface Walk {
  typeError?: string;
  unknown: string[];
}

function check(v: unknown, t: FieldType, path: string, namePath: string, struct: string, w: Walk): void {
  if (v === null || v === undefined || t === 'any') return;
  const k = jsonKind(v);
  const fail = (what = k) => {
    w.typeError ??= `json: cannot unmarshal ${what} into Go struct field ${struct}.${namePath} of type ${goType(t)}`;
  };
  if (t === 'string') return void (k !== 'string' && fail());
  if (t === 'bool') return void (k !== 'bool' && fail());
  if (t === 'int32' || t === 'int64') {
    if (k !== 'number') return fail();
    if (!Number.isInteger(v)) fail(`number ${String(v)}`);
    return;
  }
  if (t === 'Quantity' || t === 'IntOrString') return void (k !== 'string' && k !== 'number' && fail());
  if (t.startsWith('[]')) {
    if (k !== 'array') return fail();
    (v as unknown[]).forEach((e, i) => check(e, t.slice(2), `${path}[${i}]`, namePath, struct, w));
    return;
  }
  if (t.startsWith('map[string]')) {
    if (k !== 'object') return fail();
    for (const [key, e] of Object.entries(v as object)) check(e, t.slice('map[string]'.length), `${path}.${key}`, `${namePath}.${key}`, struct, w);
    return;
  }
  const fields = TYPES[t];
  if (!fields) return;
  if (k !== 'object') return fail();
  walkStruct(v as Record<string, unknown>, fields, t, path, namePath, w);
}

function walkStruct(obj: Record<string, unknown>, fields: Struct, name: string, path: string, namePath: string, w: Walk): void {
  for (const [key, v] of Object.entries(obj)) {
    const p = path ? `${path}.${key}` : key;
    const np = namePath ? `${namePath}.${key}` : key;
    if (!Object.hasOwn(fields, key)) {
      w.unknown.push(`unknown field "${p}"`);
      continue;
    }
    check(v, fields[key], p, np, name, w);
  }
}

/**
 * What decoding the body as the kind's Go type reports: a type error (always fatal), or
 * with `strict` the unknown fields (`strict decoding error: ...`). Empty: decodes fine.
 */
export function decodeErrors(kind: string, body: Record<string, unknown>, strict: boolean): string[] {
  if (kind === 'VerticalPodAutoscaler') {
    const unknown = strict ? vpaUnknownFields(body) : [];
    return unknown.length ? [`strict decoding error: ${unknown.join(', ')}`] : [];
  }
  const fields = KINDS[kind];
  if (!fields) return [];
  const w: Walk = { unknown: [] };
  walkStruct(body, fields, kind, '', '', w);
  if (w.typeError) return [w.typeError];
  if (strict && w.unknown.length) return [`strict decoding error: ${w.unknown.join(', ')}`];
  return [];
}

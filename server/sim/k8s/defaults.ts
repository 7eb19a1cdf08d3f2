// What the API server adds to an object on create: field defaults (restartPolicy,
// imagePullPolicy, probe periods, service ipFamilies ...), admission plugins
// (ServiceAccount token volume, DefaultTolerationSeconds, Priority), canonical quantities,
// allocated ClusterIPs and NodePorts. Mutates the object in place.
import { worldRandom } from '../rng.js';
import type { World } from '../world/types.js';
import { canonicalQuantity } from './quantity.js';
import { getObject, listObjects, randomSuffix } from './store.js';
import { admitVpaPod, defaultVpa } from './vpa-api.js';
import type { Container, KubeObject, Pod, PodSpec, PodTemplateSpec, Probe, ResourceList, Service } from './types.js';

const canonical = (list: ResourceList | undefined) => {
  if (list) for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k]);
};

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) p.httpGet.scheme ??= 'HTTP';
}

function defaultContainer(c: Container): void {
  const image = typeof c.image === 'string' ? c.image : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  c.imagePullPolicy ??= tag === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  canonical(c.resources.limits);
  canonical(c.resources.requests);
  // Requests default to limits when a container sets only limits.
  if (c.resources.limits) {
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
  }
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.emptyDir?.sizeLimit) v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit);
  }
}

function defaultTemplate(t: PodTemplateSpec): void {
  t.metadata ??= {};
  if (!('creationTimestamp' in t.metadata)) t.metadata.creationTimestamp = null;
  defaultPodSpec(t.spec);
}

/** The cpu and memory entries of a resource list that are above zero. */
const positive = (l: ResourceList | undefined) => Object.entries(l ?? {}).filter(([k, v]) => (k === 'cpu' || k === 'memory') && !/^0+(\.0*)?[a-zA-Z]*$/.test(v));

/** QoS class of a pod from its containers' requests and limits (kubectl's qos.ComputePodQOS). */
export function podQos(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...spec.containers, ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = positive(c.resources?.requests);
    const lim = positive(c.resources?.limits);
    if (req.length || lim.length) any = true;
    if (lim.length < 2) guaranteed = false;
    for (const [k, v] of req) if (canonicalQuantity(c.resources?.limits?.[k] ?? '') !== canonicalQuantity(v)) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Pod admission: default service account, its token volume, toleration seconds, priority. */
function admitPod(world: World, pod: Pod): void {
  const spec = pod.spec;
  defaultPodSpec(spec);
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  // The ServiceAccount admission plugin: a pod without pull secrets gets its account's.
  const account = world.cluster ? getObject(world.cluster, 'ServiceAccount', pod.metadata.namespace ?? 'default', spec.serviceAccountName) : undefined;
  if (!spec.imagePullSecrets?.length && account?.imagePullSecrets?.length) spec.imagePullSecrets = account.imagePullSecrets.map((s) => ({ name: s.name }));
  spec.priority ??= 0;
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.tolerations ??= [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!spec.tolerations.some((t) => t.key === key)) spec.tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.volumes ??= [];
  let token = spec.volumes.find((v) => v.name.startsWith('kube-api-access-'));
  if (!token) {
    token = {
      name: `kube-api-access-${randomSuffix(world, 5)}`,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    };
    spec.volumes.push(token);
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      c.volumeMounts ??= [];
      c.volumeMounts.push({ name: token.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' });
    }
  }
  pod.status ??= {};
  pod.status.phase ??= 'Pending';
  // The kubelet reports both the singular and the list forms.
  if (pod.status.podIP) pod.status.podIPs ??= [{ ip: pod.status.podIP }];
  if (pod.status.hostIP) pod.status.hostIPs ??= [{ ip: pod.status.hostIP }];
  pod.status.qosClass ??= podQos(spec);
}

const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** A free ClusterIP from 10.96.0.0/12, drawn from the PRNG. */
function allocateClusterIp(world: World): string {
  const used = new Set(listObjects(world.cluster!, 'Service').flatMap((s) => s.spec.clusterIPs ?? []));
  for (;;) {
    const ip = intToIp(ipToInt('10.96.0.0') + 10 + Math.floor(worldRandom(world) * (2 ** 20 - 20)));
    if (!used.has(ip)) return ip;
  }
}

function allocateNodePort(world: World): number {
  const used = new Set(listObjects(world.cluster!, 'Service').flatMap((s) => (s.spec.ports ?? []).map((p) => p.nodePort)));
  for (;;) {
    const port = 30000 + Math.floor(worldRandom(world) * 2768);
    if (!used.has(port)) return port;
  }
}

function defaultService(world: World, svc: Service): void {
  const spec = svc.spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
    if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !p.nodePort) p.nodePort = allocateNodePort(world);
  }
  if (spec.type === 'ExternalName') return;
  if (!spec.clusterIP) spec.clusterIP = spec.clusterIPs?.[0] ?? allocateClusterIp(world);
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  svc.status ??= { loadBalancer: {} };
}

/** Applies the API server's defaults and admission to a new object. */
export function applyDefaults(world: World, obj: KubeObject): void {
  switch (obj.kind) {
    case 'Namespace':
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
      obj.spec ??= { finalizers: ['kubernetes'] };
      obj.status ??= { phase: 'Active' };
      break;
    case 'Pod':
      admitPod(world, obj);
      // The VPA admission webhook acts on pod creation only (a stored pod has its uid).
      if (!obj.metadata.uid) admitVpaPod(world, obj);
      break;
    case 'VerticalPodAutoscaler':
      defaultVpa(world, obj);
      break;
    case 'Service':
      defaultService(world, obj);
      break;
    case 'Deployment':
      obj.spec.replicas ??= 1;
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.progressDeadlineSeconds ??= 600;
      obj.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
      defaultTemplate(obj.spec.template);
      break;
    case 'ReplicaSet':
      obj.spec.replicas ??= 1;
      defaultTemplate(obj.spec.template);
      break;
    case 'DaemonSet':
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      defaultTemplate(obj.spec.template);
      break;
    case 'StatefulSet':
      obj.spec.replicas ??= 1;
      defaultTemplate(obj.spec.template);
      break;
    case 'Job':
      obj.spec.backoffLimit ??= 6;
      obj.spec.completionMode ??= 'NonIndexed';
      obj.spec.suspend ??= false;
      obj.spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      obj.spec.completions ??= 1;
      obj.spec.parallelism ??= 1;
      obj.spec.template.spec.restartPolicy ??= 'Never';
      defaultTemplate(obj.spec.template);
      break;
    case 'CronJob':
      obj.spec.suspend ??= false;
      obj.spec.concurrencyPolicy ??= 'Allow';
      obj.spec.successfulJobsHistoryLimit ??= 3;
      obj.spec.failedJobsHistoryLimit ??= 1;
      defaultTemplate(obj.spec.jobTemplate.spec.template);
      break;
    case 'Secret':
      obj.type ??= 'Opaque';
      break;
    case 'Node':
      canonical(obj.status.capacity);
      canonical(obj.status.allocatable);
      break;
    case 'PersistentVolumeClaim':
      obj.spec.volumeMode ??= 'Filesystem';
      // DefaultStorageClass admission (a claim stored with status already set is not new).
      if (obj.spec.storageClassName === undefined && !obj.status?.phase && world.cluster) {
        const sc = listObjects(world.cluster, 'StorageClass').find((c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
        if (sc) obj.spec.storageClassName = sc.metadata.name;
      }
      // StorageObjectInUseProtection admission.
      if (!obj.status?.phase && !obj.metadata.finalizers?.includes('kubernetes.io/pvc-protection')) obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), 'kubernetes.io/pvc-protection'];
      canonical(obj.spec.resources?.requests);
      canonical(obj.status?.capacity);
      break;
    case 'PersistentVolume':
      // StorageObjectInUseProtection admission (a volume stored with status already set is not new).
      if (!obj.status?.phase && !obj.metadata.finalizers?.includes('kubernetes.io/pv-protection')) obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), 'kubernetes.io/pv-protection'];
      obj.spec.persistentVolumeReclaimPolicy ??= 'Retain';
      obj.spec.volumeMode ??= 'Filesystem';
      canonical(obj.spec.capacity);
      break;
    case 'NetworkPolicy':
      obj.spec.policyTypes ??= obj.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
      break;
    case 'Event':
      obj.count ??= 1;
      obj.eventTime ??= null;
      obj.reportingComponent ??= obj.source?.component ?? '';
      obj.reportingInstance ??= obj.source?.host ?? '';
      break;
    case 'EndpointSlice':
      // The endpointslice controller always names ports (kubectl dereferences the name).
      for (const p of obj.ports ?? []) p.name ??= '';
      break;
    case 'StorageClass':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
    case 'HorizontalPodAutoscaler':
      // autoscaling/v2 SetDefaults_HorizontalPodAutoscaler (`kubectl autoscale` sends neither).
      obj.spec.minReplicas ??= 1;
      if (!obj.spec.metrics?.length) obj.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
      break;
    default:
      break;
  }
}

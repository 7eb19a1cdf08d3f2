// Kubernetes API objects in their v1 JSON shape (only the fields the simulation uses;
// objects loaded from manifests may carry more and keep them), and the cluster state
// that lives in `world.cluster`. Plain JSON: the world stays serialisable.
import type { ClusterRuntime } from './runtime.js';

export type Quantity = string;
export type ResourceList = Record<string, Quantity>;
export type IntOrString = number | string;
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  /** Set by generateName on create when name is empty. */
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

interface Base<K extends string> {
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
}

// --- core/v1 ---------------------------------------------------------------

export interface Namespace extends Base<'Namespace'> {
  spec?: { finalizers?: string[] };
  status?: { phase?: 'Active' | 'Terminating'; conditions?: NamespaceCondition[] };
}

/** What the namespace controller reports while it empties a Terminating namespace. */
export interface NamespaceCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface NodeCondition {
  type: string;
  status: ConditionStatus;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface Node extends Base<'Node'> {
  spec: { podCIDR?: string; podCIDRs?: string[]; providerID?: string; taints?: Taint[]; unschedulable?: boolean };
  status: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    conditions?: NodeCondition[];
    addresses?: { type: string; address: string }[];
    daemonEndpoints?: { kubeletEndpoint: { Port: number } };
    nodeInfo?: {
      machineID?: string;
      systemUUID?: string;
      bootID?: string;
      kernelVersion?: string;
      osImage?: string;
      containerRuntimeVersion?: string;
      kubeletVersion?: string;
      kubeProxyVersion?: string;
      operatingSystem?: string;
      architecture?: string;
    };
    images?: { names: string[]; sizeBytes: number }[];
  };
}

export interface Probe {
  httpGet?: { path?: string; port: IntOrString; host?: string; scheme?: string };
  tcpSocket?: { port: IntOrString; host?: string };
  exec?: { command: string[] };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { apiVersion?: string; fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: Quantity };
  };
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; hostPort?: number; protocol?: string }[];
  env?: EnvVar[];
  envFrom?: { prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  resources?: { limits?: ResourceList; requests?: ResourceList };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  /** `Always` on an init container makes it a sidecar. */
  restartPolicy?: string;
  securityContext?: Record<string, unknown>;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Volume {
  name: string;
  configMap?: { name: string; optional?: boolean; defaultMode?: number; items?: { key: string; path: string }[] };
  secret?: { secretName: string; optional?: boolean; defaultMode?: number };
  emptyDir?: { medium?: string; sizeLimit?: Quantity };
  hostPath?: { path: string; type?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  projected?: {
    defaultMode?: number;
    sources: {
      serviceAccountToken?: { expirationSeconds?: number; path: string };
      configMap?: { name: string; optional?: boolean; items?: { key: string; path: string }[] };
      secret?: { name: string; optional?: boolean };
      downwardAPI?: { items: { path: string; fieldRef?: { apiVersion?: string; fieldPath: string } }[] };
    }[];
  };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  serviceAccountName?: string;
  serviceAccount?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  dnsPolicy?: string;
  schedulerName?: string;
  priority?: number;
  priorityClassName?: string;
  preemptionPolicy?: string;
  enableServiceLinks?: boolean;
  securityContext?: Record<string, unknown>;
  readinessGates?: { conditionType: string }[];
  affinity?: Record<string, unknown>;
  hostNetwork?: boolean;
  imagePullSecrets?: { name: string }[];
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { exitCode: number; signal?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string };
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface PodCondition {
  type: string;
  status: ConditionStatus;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface Pod extends Base<'Pod'> {
  spec: PodSpec;
  status: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    conditions?: PodCondition[];
    hostIP?: string;
    hostIPs?: { ip: string }[];
    podIP?: string;
    podIPs?: { ip: string }[];
    startTime?: string;
    reason?: string;
    message?: string;
    nominatedNodeName?: string;
    qosClass?: string;
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: IntOrString;
  nodePort?: number;
}

export interface Service extends Base<'Service'> {
  spec: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    loadBalancerIP?: string;
    sessionAffinity?: string;
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
    internalTrafficPolicy?: string;
    externalTrafficPolicy?: string;
    allocateLoadBalancerNodePorts?: boolean;
    healthCheckNodePort?: number;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace?: string; uid?: string };
}

export interface Endpoints extends Base<'Endpoints'> {
  subsets?: { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: { name?: string; port: number; protocol?: string }[] }[];
}

export interface ConfigMap extends Base<'ConfigMap'> {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface Secret extends Base<'Secret'> {
  type?: string;
  data?: Record<string, string>;
}

export interface ServiceAccount extends Base<'ServiceAccount'> {
  secrets?: { name: string }[];
  imagePullSecrets?: { name: string }[];
  automountServiceAccountToken?: boolean;
}

export interface PersistentVolumeClaim extends Base<'PersistentVolumeClaim'> {
  spec: {
    accessModes?: string[];
    resources?: { requests?: ResourceList };
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: string;
    volumeAttributesClassName?: string;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: ResourceList };
}

export interface PersistentVolume extends Base<'PersistentVolume'> {
  spec: {
    capacity?: ResourceList;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    storageClassName?: string;
    claimRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
    volumeMode?: string;
    volumeAttributesClassName?: string;
    hostPath?: { path: string; type?: string };
  };
  status?: { phase?: string; reason?: string };
}

export interface Event extends Base<'Event'> {
  involvedObject: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: 'Normal' | 'Warning';
  eventTime?: string | null;
  reportingComponent?: string;
  reportingInstance?: string;
}

// --- apps/v1 -----------------------------------------------------------------

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string | null };
  spec: PodSpec;
}

export interface Deployment extends Base<'Deployment'> {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    strategy?: { type?: 'RollingUpdate' | 'Recreate'; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: ConditionStatus; lastUpdateTime?: string; lastTransitionTime?: string; reason?: string; message?: string }[];
  };
}

export interface ReplicaSet extends Base<'ReplicaSet'> {
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplateSpec; minReadySeconds?: number };
  status?: { replicas?: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number };
}

export interface DaemonSet extends Base<'DaemonSet'> {
  spec: { selector: LabelSelector; template: PodTemplateSpec; updateStrategy?: Record<string, unknown>; revisionHistoryLimit?: number };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberMisscheduled?: number;
    numberUnavailable?: number;
    observedGeneration?: number;
  };
}

export interface StatefulSet extends Base<'StatefulSet'> {
  spec: { replicas?: number; selector: LabelSelector; serviceName?: string; template: PodTemplateSpec };
  status?: { replicas?: number; readyReplicas?: number; currentReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

// --- batch/v1 ----------------------------------------------------------------

export interface Job extends Base<'Job'> {
  spec: { completions?: number; parallelism?: number; backoffLimit?: number; selector?: LabelSelector; template: PodTemplateSpec; manualSelector?: boolean; completionMode?: string; suspend?: boolean; podReplacementPolicy?: string };
  status?: {
    startTime?: string;
    completionTime?: string;
    active?: number;
    succeeded?: number;
    failed?: number;
    ready?: number;
    terminating?: number;
    uncountedTerminatedPods?: Record<string, unknown>;
    conditions?: { type: string; status: ConditionStatus; reason?: string; message?: string; lastTransitionTime?: string }[];
  };
}

export interface CronJob extends Base<'CronJob'> {
  spec: {
    schedule: string;
    timeZone?: string;
    suspend?: boolean;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    startingDeadlineSeconds?: number;
    jobTemplate: { metadata?: Record<string, unknown>; spec: Job['spec'] };
  };
  status?: { active?: { kind?: string; name: string; namespace?: string; apiVersion?: string; uid?: string; resourceVersion?: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

// --- networking, discovery, autoscaling, storage, coordination --------------

export interface IngressBackend {
  service?: { name: string; port: { number?: number; name?: string } };
}

export interface Ingress extends Base<'Ingress'> {
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: { host?: string; http?: { paths: { path?: string; pathType?: string; backend: IngressBackend }[] } }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface NetworkPolicy extends Base<'NetworkPolicy'> {
  spec: { podSelector: LabelSelector; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
}

export interface EndpointSlice extends Base<'EndpointSlice'> {
  addressType: string;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; nodeName?: string; targetRef?: EndpointAddress['targetRef'] }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface MetricTarget {
  type: string;
  averageUtilization?: number;
  averageValue?: Quantity;
  value?: Quantity;
}

export interface HorizontalPodAutoscaler extends Base<'HorizontalPodAutoscaler'> {
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: { type: string; resource?: { name: string; target: MetricTarget } }[];
  };
  status?: {
    lastScaleTime?: string;
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: { type: string; resource?: { name: string; current: { averageUtilization?: number; averageValue?: Quantity; value?: Quantity } } }[];
    conditions?: unknown[];
  };
}

// --- autoscaling.k8s.io/v1 (the VerticalPodAutoscaler add-on's CRD) ---------------

export interface VpaContainerPolicy {
  containerName?: string;
  mode?: 'Auto' | 'Off';
  minAllowed?: ResourceList;
  maxAllowed?: ResourceList;
  controlledResources?: string[];
  controlledValues?: 'RequestsAndLimits' | 'RequestsOnly';
}

export interface VpaContainerRecommendation {
  containerName: string;
  target: ResourceList;
  lowerBound?: ResourceList;
  upperBound?: ResourceList;
  uncappedTarget?: ResourceList;
}

export interface VerticalPodAutoscaler extends Base<'VerticalPodAutoscaler'> {
  spec: {
    targetRef: { apiVersion?: string; kind: string; name: string };
    updatePolicy?: { updateMode?: 'Off' | 'Initial' | 'Recreate' | 'Auto'; minReplicas?: number; evictionRequirements?: { resources: string[]; changeRequirement: string }[] };
    resourcePolicy?: { containerPolicies?: VpaContainerPolicy[] };
    recommenders?: { name: string }[];
  };
  status?: {
    recommendation?: { containerRecommendations?: VpaContainerRecommendation[] };
    conditions?: { type: string; status: ConditionStatus; lastTransitionTime?: string; reason?: string; message?: string }[];
  };
}

export interface VpaHistogramCheckpoint {
  referenceTimestamp: string | null;
  bucketWeights: Record<string, number>;
  totalWeight: number;
}

/** The recommender's saved history of one container of a VPA (`<vpa>-<container>`). */
export interface VerticalPodAutoscalerCheckpoint extends Base<'VerticalPodAutoscalerCheckpoint'> {
  spec: { vpaObjectName?: string; containerName?: string };
  status?: {
    lastUpdateTime?: string | null;
    version?: string;
    cpuHistogram?: VpaHistogramCheckpoint;
    memoryHistogram?: VpaHistogramCheckpoint;
    firstSampleStart?: string | null;
    lastSampleStart?: string | null;
    totalSamplesCount?: number;
  };
}

export interface StorageClass extends Base<'StorageClass'> {
  provisioner: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
  parameters?: Record<string, string>;
}

export interface Lease extends Base<'Lease'> {
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string };
}

export type KubeObject =
  | Namespace | Node | Pod | Service | Endpoints | ConfigMap | Secret | ServiceAccount | PersistentVolumeClaim | PersistentVolume | Event
  | Deployment | ReplicaSet | DaemonSet | StatefulSet | Job | CronJob
  | Ingress | NetworkPolicy | EndpointSlice | HorizontalPodAutoscaler | StorageClass | Lease | VerticalPodAutoscaler | VerticalPodAutoscalerCheckpoint;

export type Kind = KubeObject['kind'];
export type ObjectOf<K extends Kind> = Extract<KubeObject, { kind: K }>;

/** The cluster: every object by kind, then by `namespace/name` (`name` for cluster-scoped kinds). */
export interface Cluster {
  /** Last resourceVersion handed out; every write takes the next one (like etcd's revision). */
  resourceVersion: number;
  objects: { [K in Kind]?: Record<string, ObjectOf<K>> };
  /** Cluster facts kubectl shows (`kubectl version`, `cluster-info`). */
  info: ClusterInfo;
  /** The simulated nodes' processes, when the cluster runs on the world's hosts (runtime.ts). */
  runtime?: ClusterRuntime;
  /** CustomResourceDefinitions installed by add-ons, by name (`verticalpodautoscalers.autoscaling.k8s.io`). */
  crds?: string[];
}

export interface ClusterInfo {
  /** API server URL as written in kubeconfigs, e.g. https://10.0.10.10:6443. */
  server: string;
  /** Server git version, e.g. v1.32.4. */
  version: string;
  /** Cluster DNS service IP (CoreDNS), when the cluster has one. */
  dnsServiceIp?: string;
}

// The API types `kubectl explain` documents, as one table: kinds, their fields and field types.
// Field names, types, required markers and enum values are Kubernetes v1.32's; the descriptions
// are our own short summaries. The OpenAPI v3 schemas the simulated API server publishes
// (/openapi/v3/<group-version>, components.schemas) are built from this table.
//
// A field type is written as `string`, `integer`, `boolean`, `Quantity`, `IntOrString`, `Time`,
// a type name (`PodSpec`), `[]T` or `map[string]T`. A `!` after a field name marks it required.
// Types referenced but not in the table (e.g. `PodSecurityContext`) are named, not described.

export interface FieldDef {
  name: string;
  type: string;
  description: string;
  required?: boolean;
  enum?: string[];
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface TypeDef {
  /** Short name, e.g. `PodSpec`; unique in the table. */
  name: string;
  /** OpenAPI package prefix, e.g. `io.k8s.api.core.v1`. */
  pkg: string;
  description: string;
  fields: FieldDef[];
  /** Set on the top-level type of a kind. */
  gvk?: GroupVersionKind;
  /** Scalar wrappers (Quantity, IntOrString, Time): their schema instead of an object's. */
  scalar?: { type?: string; format?: string; oneOf?: string[] };
}

const CORE = 'io.k8s.api.core.v1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const APPS = 'io.k8s.api.apps.v1';
const NET = 'io.k8s.api.networking.v1';
const HPA = 'io.k8s.api.autoscaling.v2';
const BATCH = 'io.k8s.api.batch.v1';
const COORD = 'io.k8s.api.coordination.v1';
const DISC = 'io.k8s.api.discovery.v1';
const STORAGE = 'io.k8s.api.storage.v1';

/** A field from `name[!]:type`. */
function f(spec: string, description: string, enumValues?: string[]): FieldDef {
  const colon = spec.indexOf(':');
  const rawName = spec.slice(0, colon);
  const required = rawName.endsWith('!');
  return { name: required ? rawName.slice(0, -1) : rawName, type: spec.slice(colon + 1), description, ...(required ? { required } : {}), ...(enumValues ? { enum: enumValues } : {}) };
}

const t = (pkg: string, name: string, description: string, fields: FieldDef[]): TypeDef => ({ name, pkg, description, fields });

/** A kind's top-level type: apiVersion, kind and metadata, then its own fields. */
function kind(pkg: string, group: string, version: string, name: string, description: string, fields: FieldDef[]): TypeDef {
  const common = [
    f('apiVersion:string', 'The versioned schema this object is written in, e.g. v1 or apps/v1. The server converts objects it receives to the version it stores.'),
    f('kind:string', 'The name of the REST resource type this object is, in CamelCase (e.g. Pod). Read-only once set.'),
    f('metadata:ObjectMeta', "The object's standard metadata: name, namespace, labels, annotations and the fields the server maintains."),
  ];
  return { name, pkg, description, fields: [...common, ...fields], gvk: { group, version, kind: name } };
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export const EXPLAIN_TYPES: TypeDef[] = [
  // --- scalar wrappers ---
  { name: 'Quantity', pkg: 'io.k8s.apimachinery.pkg.api.resource', description: 'A quantity is a number with an optional unit suffix, written as a string: binary suffixes (Ki, Mi, Gi, ...), decimal suffixes (k, M, G, ...) or millis (m, as in 500m CPU). Plain numbers are accepted too.', fields: [], scalar: { oneOf: ['string', 'number'] } },
  { name: 'IntOrString', pkg: 'io.k8s.apimachinery.pkg.util.intstr', description: 'A value that is either an integer or a string, such as a port number or a port name, or a count or a percentage.', fields: [], scalar: { format: 'int-or-string', oneOf: ['integer', 'string'] } },
  { name: 'MicroTime', pkg: META, description: 'A point in time like Time, with microsecond precision.', fields: [], scalar: { type: 'string', format: 'date-time' } },
  { name: 'Time', pkg: META, description: 'A point in time, serialized as an RFC 3339 string in UTC with second precision, e.g. 2024-01-02T15:04:05Z.', fields: [], scalar: { type: 'string', format: 'date-time' } },

  // --- shared metadata ---
  t(META, 'ObjectMeta', 'Metadata every persisted object carries: identity (name, namespace, uid), labels and annotations, ownership, and the bookkeeping fields the server fills in.', [
    f('annotations:map[string]string', 'Arbitrary, non-identifying key/value data attached by tools and users. Not used to select objects.'),
    f('creationTimestamp:Time', 'When the server created this object. Set by the server and read-only; clients cannot set it.'),
    f('deletionGracePeriodSeconds:integer', 'Seconds the object is allowed to shut down gracefully before it is removed. Set together with deletionTimestamp; read-only.'),
    f('deletionTimestamp:Time', 'When the object will be deleted. The server sets it when deletion is requested; the object stays until its finalizers are cleared.'),
    f('finalizers:[]string', 'Names of the controllers that must finish cleaning up before the object can be removed from storage.'),
    f('generateName:string', 'A prefix the server uses to generate a unique name when name is empty: it appends a random suffix.'),
    f('generation:integer', 'A sequence number of changes to the desired state (spec). Maintained by the server; read-only.'),
    f('labels:map[string]string', 'Key/value pairs used to organize and select objects, e.g. by Services, ReplicaSets and kubectl -l.'),
    f('managedFields:[]ManagedFieldsEntry', 'Which manager (client or controller) owns which fields, used by server-side apply. Internal bookkeeping.'),
    f('name:string', 'The name of the object, unique per kind within its namespace. Usually required when creating; cannot be changed.'),
    f('namespace:string', 'The namespace the object lives in; empty for cluster-scoped kinds. Cannot be changed after creation.'),
    f('ownerReferences:[]OwnerReference', 'The objects this one belongs to. When every owner is deleted, the garbage collector removes this object too.'),
    f('resourceVersion:string', 'An opaque version the server changes on every write. Clients use it for optimistic concurrency and watches.'),
    f('selfLink:string', 'Deprecated and no longer set by the server.'),
    f('uid:string', 'A cluster-wide unique identifier the server assigns at creation. Read-only.'),
  ]),
  t(META, 'OwnerReference', 'Points to an object that owns this one, in the same namespace.', [
    f('apiVersion!:string', "The owner's API version."),
    f('blockOwnerDeletion:boolean', 'If true, a foreground deletion of the owner waits until this object is removed.'),
    f('controller:boolean', 'If true, the owner is the managing controller of this object. At most one owner can be the controller.'),
    f('kind!:string', "The owner's kind."),
    f('name!:string', "The owner's name."),
    f('uid!:string', "The owner's uid."),
  ]),
  t(META, 'LabelSelector', 'Selects objects by their labels. The requirements of matchLabels and matchExpressions are ANDed; an empty selector matches everything, a null one nothing.', [
    f('matchExpressions:[]LabelSelectorRequirement', 'Set-based requirements on labels, all of which must hold.'),
    f('matchLabels:map[string]string', 'Labels that must be present with exactly these values.'),
  ]),
  t(META, 'LabelSelectorRequirement', 'One set-based requirement on a label key.', [
    f('key!:string', 'The label key the requirement applies to.'),
    f('operator!:string', 'How the key relates to the values: In, NotIn, Exists or DoesNotExist.'),
    f('values:[]string', 'Values for In and NotIn (must not be empty); must be empty for Exists and DoesNotExist.'),
  ]),

  // --- Pod ---
  kind(CORE, '', 'v1', 'Pod', 'A Pod is a group of containers that are scheduled together on one node and share its network namespace and volumes.', [
    f('spec:PodSpec', 'The desired state of the pod: its containers, volumes and scheduling constraints.'),
    f('status:PodStatus', 'The most recently observed state of the pod, filled in by the kubelet. Read-only.'),
  ]),
  t(CORE, 'PodSpec', 'The desired state of a pod.', [
    f('activeDeadlineSeconds:integer', 'Seconds the pod may stay active, counted from its start, before the kubelet kills it.'),
    f('affinity:Affinity', 'Rules that attract or repel the pod to or from nodes and other pods.'),
    f('automountServiceAccountToken:boolean', 'Whether the service account token is mounted into the containers automatically.'),
    f('containers!:[]Container', 'The containers of the pod. At least one is required, and the list cannot change after creation.'),
    f('dnsConfig:PodDNSConfig', "Extra DNS settings, merged into the resolv.conf generated from dnsPolicy."),
    f('dnsPolicy:string', 'How the pod resolves names. Defaults to ClusterFirst: cluster DNS first, then the upstream servers.', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']),
    f('enableServiceLinks:boolean', "Whether variables describing the namespace's services are injected into the containers' environment. Defaults to true."),
    f('ephemeralContainers:[]EphemeralContainer', 'Temporary containers added to a running pod for debugging (kubectl debug).'),
    f('hostAliases:[]HostAlias', "Entries added to the pod's /etc/hosts file."),
    f('hostIPC:boolean', "Use the node's IPC namespace."),
    f('hostNetwork:boolean', "Use the node's network namespace: the pod sees the node's interfaces and uses its IP address."),
    f('hostPID:boolean', "Use the node's process ID namespace."),
    f('hostUsers:boolean', 'Whether the pod runs in the host user namespace (the default) or in a user namespace of its own.'),
    f('hostname:string', "The pod's hostname. Defaults to the pod's name."),
    f('imagePullSecrets:[]LocalObjectReference', 'Secrets in the same namespace holding registry credentials for pulling the images.'),
    f('initContainers:[]Container', 'Containers run one after another, each to completion, before the main containers start.'),
    f('nodeName:string', 'The node the pod is bound to. Normally set by the scheduler; setting it bypasses scheduling.'),
    f('nodeSelector:map[string]string', 'Labels a node must have for the pod to be scheduled on it.'),
    f('os:PodOS', 'The operating system the containers need.'),
    f('overhead:map[string]Quantity', 'Resources the pod sandbox itself uses, on top of the containers. Set from the RuntimeClass.'),
    f('preemptionPolicy:string', 'Whether this pod may preempt lower-priority pods. Defaults to PreemptLowerPriority.', ['Never', 'PreemptLowerPriority']),
    f('priority:integer', 'The priority value, resolved from priorityClassName by the admission controller.'),
    f('priorityClassName:string', 'The PriorityClass giving the pod its priority.'),
    f('readinessGates:[]PodReadinessGate', 'Extra conditions that must be true for the pod to count as ready.'),
    f('resourceClaims:[]PodResourceClaim', 'Dynamic resources (ResourceClaims) the pod uses.'),
    f('resources:ResourceRequirements', 'Resources for the pod as a whole, shared by its containers (alpha feature).'),
    f('restartPolicy:string', 'When the kubelet restarts containers that exit. Defaults to Always.', ['Always', 'Never', 'OnFailure']),
    f('runtimeClassName:string', 'The RuntimeClass used to run the pod.'),
    f('schedulerName:string', 'The scheduler that places the pod. Defaults to the default scheduler.'),
    f('schedulingGates:[]PodSchedulingGate', 'While any gate remains, the pod is not scheduled.'),
    f('securityContext:PodSecurityContext', 'Security settings applied to every container of the pod.'),
    f('serviceAccount:string', 'Deprecated alias of serviceAccountName.'),
    f('serviceAccountName:string', 'The service account the pod runs as.'),
    f('setHostnameAsFQDN:boolean', "Set the pod's hostname to its fully qualified domain name."),
    f('shareProcessNamespace:boolean', 'Run all containers in one process namespace, so they can see and signal each other.'),
    f('subdomain:string', 'With hostname, gives the pod the DNS name <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.'),
    f('terminationGracePeriodSeconds:integer', 'Seconds between the stop signal and the kill signal when the pod is deleted. Defaults to 30.'),
    f('tolerations:[]Toleration', 'Taints the pod tolerates, so it can be scheduled and keep running on tainted nodes.'),
    f('topologySpreadConstraints:[]TopologySpreadConstraint', 'How the pods of a group are spread across zones, nodes or other topology domains.'),
    f('volumes:[]Volume', 'Volumes the containers of the pod can mount.'),
  ]),
  t(CORE, 'PodStatus', 'The observed state of a pod. It may lag behind the real state of the node.', [
    f('conditions:[]PodCondition', 'The current service state of the pod: PodScheduled, Initialized, ContainersReady, Ready.'),
    f('containerStatuses:[]ContainerStatus', 'The state of each container: waiting, running or terminated, restart count and image.'),
    f('ephemeralContainerStatuses:[]ContainerStatus', 'The state of each ephemeral container.'),
    f('hostIP:string', 'The IP address of the node the pod runs on.'),
    f('hostIPs:[]HostIP', 'The IP addresses of the node, one per address family.'),
    f('initContainerStatuses:[]ContainerStatus', 'The state of each init container.'),
    f('message:string', 'A human-readable note on why the pod is in its condition.'),
    f('nominatedNodeName:string', 'The node a preempting pod is expected to run on once the victims are gone.'),
    f('phase:string', 'Where the pod is in its lifecycle, in one word.', ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']),
    f('podIP:string', 'The IP address allocated to the pod; empty until one is.'),
    f('podIPs:[]PodIP', 'The IP addresses of the pod, one per address family.'),
    f('qosClass:string', 'The quality of service class, derived from the resource requests and limits.', ['BestEffort', 'Burstable', 'Guaranteed']),
    f('reason:string', 'A short CamelCase word explaining the state, e.g. Evicted.'),
    f('resize:string', 'The progress of a requested in-place resize of container resources.'),
    f('resourceClaimStatuses:[]PodResourceClaimStatus', 'The ResourceClaims generated for the pod.'),
    f('startTime:Time', 'When the kubelet acknowledged the pod, before any image was pulled.'),
  ]),
  t(CORE, 'PodTemplateSpec', 'The pods a controller creates: their metadata and spec.', [
    f('metadata:ObjectMeta', "Metadata of the created pods; its labels must match the controller's selector."),
    f('spec:PodSpec', 'The spec of the created pods.'),
  ]),
  t(CORE, 'Container', 'One application container of a pod.', [
    f('args:[]string', "Arguments to the entrypoint. Replace the image's CMD; $(VAR) references to the environment are expanded."),
    f('command:[]string', "The entrypoint, run without a shell. Replaces the image's ENTRYPOINT; $(VAR) references are expanded."),
    f('env:[]EnvVar', 'Environment variables set in the container.'),
    f('envFrom:[]EnvFromSource', 'ConfigMaps and Secrets whose keys all become environment variables.'),
    f('image:string', 'The container image to run, e.g. nginx:1.27 or registry.example.com/app@sha256:...'),
    f('imagePullPolicy:string', 'When to pull the image. Defaults to Always for the :latest tag, IfNotPresent otherwise.', ['Always', 'IfNotPresent', 'Never']),
    f('lifecycle:Lifecycle', 'Hooks the kubelet runs right after the container starts and right before it stops.'),
    f('livenessProbe:Probe', 'A periodic check that the container is alive; the kubelet restarts it when the check fails.'),
    f('name!:string', 'The name of the container, unique within the pod (a DNS label).'),
    f('ports:[]ContainerPort', 'Ports the container exposes. Informational: a port not listed is still reachable.'),
    f('readinessProbe:Probe', 'A periodic check that the container can serve; while it fails, the pod is removed from Service endpoints.'),
    f('resizePolicy:[]ContainerResizePolicy', 'What happens to the container when its resources are resized in place.'),
    f('resources:ResourceRequirements', 'The compute resources (CPU, memory) the container requests and is limited to.'),
    f('restartPolicy:string', 'For init containers only: Always turns the init container into a sidecar that keeps running.'),
    f('securityContext:SecurityContext', 'Security settings for this container, overriding those of the pod.'),
    f('startupProbe:Probe', 'A check that the container has started; the other probes wait until it succeeds.'),
    f('stdin:boolean', 'Keep a stdin buffer open for the container.'),
    f('stdinOnce:boolean', 'Close stdin after the first attach session ends.'),
    f('terminationMessagePath:string', 'The file whose content becomes the termination message. Defaults to /dev/termination-log.'),
    f('terminationMessagePolicy:string', 'Where the termination message comes from: the file, or the end of the log if the file is empty.', ['FallbackToLogsOnError', 'File']),
    f('tty:boolean', 'Allocate a terminal for the container (needs stdin).'),
    f('volumeDevices:[]VolumeDevice', 'Block devices the container uses, from raw block PersistentVolumeClaims.'),
    f('volumeMounts:[]VolumeMount', "Volumes of the pod mounted into the container's filesystem."),
    f('workingDir:string', "The working directory. Defaults to the image's."),
  ]),
  t(CORE, 'ContainerPort', 'A network port of a container.', [
    f('containerPort!:integer', "The port number on the pod's IP address (1-65535)."),
    f('hostIP:string', 'The node address a host port binds to.'),
    f('hostPort:integer', 'A port on the node forwarded to the container port. Rarely needed.'),
    f('name:string', 'A name for the port (an IANA service name), which Services can refer to.'),
    f('protocol:string', 'The protocol: TCP (default), UDP or SCTP.', PROTOCOLS),
  ]),
  t(CORE, 'EnvVar', 'An environment variable of a container.', [
    f('name!:string', 'The name of the variable.'),
    f('value:string', 'The value; $(VAR) references to variables defined earlier are expanded. Defaults to "".'),
    f('valueFrom:EnvVarSource', 'Takes the value from a ConfigMap, a Secret or a field of the pod instead. Not allowed with value.'),
  ]),
  t(CORE, 'EnvVarSource', 'Where an environment variable gets its value.', [
    f('configMapKeyRef:ConfigMapKeySelector', 'A key of a ConfigMap.'),
    f('fieldRef:ObjectFieldSelector', 'A field of the pod, e.g. metadata.name or status.podIP.'),
    f('resourceFieldRef:ResourceFieldSelector', 'A resource request or limit of a container, e.g. limits.memory.'),
    f('secretKeyRef:SecretKeySelector', "A key of a Secret in the pod's namespace."),
  ]),
  t(CORE, 'ConfigMapKeySelector', 'One key of a ConfigMap.', [
    f('key!:string', 'The key to take.'),
    f('name:string', "The ConfigMap's name."),
    f('optional:boolean', 'Whether the ConfigMap or key may be missing.'),
  ]),
  t(CORE, 'SecretKeySelector', 'One key of a Secret.', [
    f('key!:string', 'The key to take.'),
    f('name:string', "The Secret's name."),
    f('optional:boolean', 'Whether the Secret or key may be missing.'),
  ]),
  t(CORE, 'ObjectFieldSelector', 'A field of the pod, by path.', [
    f('apiVersion:string', 'The version the path is written against. Defaults to v1.'),
    f('fieldPath!:string', 'The path of the field, e.g. metadata.namespace.'),
  ]),
  t(CORE, 'ResourceRequirements', 'Compute resources requested and allowed.', [
    f('claims:[]ResourceClaim', 'Which of the pod\'s resource claims this container uses.'),
    f('limits:map[string]Quantity', 'The most of each resource the container may use, e.g. cpu: 500m, memory: 256Mi. Memory over the limit gets it OOM-killed.'),
    f('requests:map[string]Quantity', 'The resources reserved for the container, used by the scheduler to place the pod. Defaults to the limits when only those are set.'),
  ]),
  t(CORE, 'Probe', 'A health check the kubelet runs against a container. Exactly one handler (exec, httpGet, tcpSocket or grpc) is set.', [
    f('exec:ExecAction', 'Runs a command in the container; exit status 0 counts as success.'),
    f('failureThreshold:integer', 'Consecutive failures after which the probe counts as failed. Defaults to 3.'),
    f('grpc:GRPCAction', 'Calls the gRPC health checking service.'),
    f('httpGet:HTTPGetAction', 'Sends an HTTP GET; a status from 200 to 399 counts as success.'),
    f('initialDelaySeconds:integer', 'Seconds after the container starts before the first probe.'),
    f('periodSeconds:integer', 'Seconds between probes. Defaults to 10.'),
    f('successThreshold:integer', 'Consecutive successes after a failure for the probe to count as successful again. Defaults to 1.'),
    f('tcpSocket:TCPSocketAction', 'Opens a TCP connection; connecting counts as success.'),
    f('terminationGracePeriodSeconds:integer', 'A grace period used instead of the pod\'s when a failing probe kills the container.'),
    f('timeoutSeconds:integer', 'Seconds before a probe attempt times out. Defaults to 1.'),
  ]),
  t(CORE, 'HTTPGetAction', 'An HTTP GET request a probe or hook sends.', [
    f('host:string', "The host to connect to. Defaults to the pod's IP."),
    f('httpHeaders:[]HTTPHeader', 'Extra request headers.'),
    f('path:string', 'The path to request.'),
    f('port!:IntOrString', 'The port, by number or by container port name.'),
    f('scheme:string', 'HTTP (default) or HTTPS.', ['HTTP', 'HTTPS']),
  ]),
  t(CORE, 'TCPSocketAction', 'A TCP connection a probe opens.', [
    f('host:string', "The host to connect to. Defaults to the pod's IP."),
    f('port!:IntOrString', 'The port, by number or by container port name.'),
  ]),
  t(CORE, 'ExecAction', 'A command run inside the container.', [
    f('command:[]string', 'The command and its arguments, run without a shell in the container\'s root directory.'),
  ]),
  t(CORE, 'VolumeMount', 'Where a volume appears in a container.', [
    f('mountPath!:string', 'The path in the container to mount the volume at. Must not contain a colon.'),
    f('mountPropagation:string', 'Whether mounts made on the host or in the container propagate to the other side. Defaults to None.', ['Bidirectional', 'HostToContainer', 'None']),
    f('name!:string', "The name of one of the pod's volumes."),
    f('readOnly:boolean', 'Mount the volume read-only. Defaults to false.'),
    f('recursiveReadOnly:string', 'Whether a read-only mount is also read-only for the mounts below it.'),
    f('subPath:string', "A path inside the volume to mount instead of the volume's root."),
    f('subPathExpr:string', 'Like subPath, with $(VAR) references to the environment expanded.'),
  ]),
  t(CORE, 'Volume', 'A named volume of a pod. Besides the name, exactly one source is set.', [
    f('awsElasticBlockStore:AWSElasticBlockStoreVolumeSource', 'Deprecated: an AWS EBS disk.'),
    f('azureDisk:AzureDiskVolumeSource', 'Deprecated: an Azure data disk.'),
    f('azureFile:AzureFileVolumeSource', 'Deprecated: an Azure File share.'),
    f('cephfs:CephFSVolumeSource', 'Deprecated: a CephFS mount.'),
    f('cinder:CinderVolumeSource', 'Deprecated: an OpenStack Cinder volume.'),
    f('configMap:ConfigMapVolumeSource', 'The keys of a ConfigMap, as files.'),
    f('csi:CSIVolumeSource', 'An ephemeral volume from a CSI driver.'),
    f('downwardAPI:DownwardAPIVolumeSource', 'Fields of the pod, as files.'),
    f('emptyDir:EmptyDirVolumeSource', 'An empty directory that lives as long as the pod.'),
    f('ephemeral:EphemeralVolumeSource', 'A volume from a PersistentVolumeClaim created and deleted with the pod.'),
    f('fc:FCVolumeSource', 'A Fibre Channel disk.'),
    f('flexVolume:FlexVolumeSource', 'Deprecated: a volume from a FlexVolume driver.'),
    f('flocker:FlockerVolumeSource', 'Deprecated: a Flocker dataset.'),
    f('gcePersistentDisk:GCEPersistentDiskVolumeSource', 'Deprecated: a GCE persistent disk.'),
    f('gitRepo:GitRepoVolumeSource', 'Deprecated: a git repository cloned into an empty directory.'),
    f('glusterfs:GlusterfsVolumeSource', 'Deprecated: a GlusterFS mount.'),
    f('hostPath:HostPathVolumeSource', "A file or directory of the node's filesystem."),
    f('image:ImageVolumeSource', "An OCI image's content, mounted read-only."),
    f('iscsi:ISCSIVolumeSource', 'An iSCSI disk.'),
    f('name!:string', 'The name of the volume, which volumeMounts refer to.'),
    f('nfs:NFSVolumeSource', 'An NFS export.'),
    f('persistentVolumeClaim:PersistentVolumeClaimVolumeSource', "A PersistentVolumeClaim in the pod's namespace."),
    f('photonPersistentDisk:PhotonPersistentDiskVolumeSource', 'Deprecated: a Photon Controller disk.'),
    f('portworxVolume:PortworxVolumeSource', 'Deprecated: a Portworx volume.'),
    f('projected:ProjectedVolumeSource', 'Several sources (secrets, configmaps, downward API, tokens) in one directory.'),
    f('quobyte:QuobyteVolumeSource', 'Deprecated: a Quobyte mount.'),
    f('rbd:RBDVolumeSource', 'Deprecated: a Rados block device.'),
    f('scaleIO:ScaleIOVolumeSource', 'Deprecated: a ScaleIO volume.'),
    f('secret:SecretVolumeSource', 'The keys of a Secret, as files.'),
    f('storageos:StorageOSVolumeSource', 'Deprecated: a StorageOS volume.'),
    f('vsphereVolume:VsphereVirtualDiskVolumeSource', 'Deprecated: a vSphere disk.'),
  ]),
  t(CORE, 'ConfigMapVolumeSource', 'Files made from the keys of a ConfigMap.', [
    f('defaultMode:integer', 'The permission bits of the files, e.g. 0644 (420 in decimal). Defaults to 0644.'),
    f('items:[]KeyToPath', 'Only these keys, at these paths; by default every key becomes a file named after it.'),
    f('name:string', "The ConfigMap's name."),
    f('optional:boolean', 'Whether the ConfigMap or its keys may be missing.'),
  ]),
  t(CORE, 'SecretVolumeSource', 'Files made from the keys of a Secret.', [
    f('defaultMode:integer', 'The permission bits of the files, e.g. 0644 (420 in decimal). Defaults to 0644.'),
    f('items:[]KeyToPath', 'Only these keys, at these paths; by default every key becomes a file named after it.'),
    f('optional:boolean', 'Whether the Secret or its keys may be missing.'),
    f('secretName:string', "The Secret's name, in the pod's namespace."),
  ]),
  t(CORE, 'KeyToPath', 'Maps one key to a file path.', [
    f('key!:string', 'The key.'),
    f('mode:integer', 'Permission bits of this file, overriding defaultMode.'),
    f('path!:string', 'The relative path of the file; must not contain "..".'),
  ]),
  t(CORE, 'EmptyDirVolumeSource', 'A scratch directory, empty when the pod starts and deleted with it.', [
    f('medium:string', 'The storage medium: "" for the node\'s disk, Memory for a tmpfs.'),
    f('sizeLimit:Quantity', 'The most the volume may hold; the pod is evicted beyond it.'),
  ]),
  t(CORE, 'PersistentVolumeClaimVolumeSource', 'A reference to a PersistentVolumeClaim.', [
    f('claimName!:string', "The claim's name, in the pod's namespace."),
    f('readOnly:boolean', 'Mount the volume read-only.'),
  ]),
  t(CORE, 'HostPathVolumeSource', "A path on the node's filesystem. Gives access to the node: use with care.", [
    f('path!:string', 'The path on the node; a symlink is followed.'),
    f('type:string', 'What must exist at the path before the pod starts. "" skips the check.', ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']),
  ]),
  t(CORE, 'Toleration', 'Lets a pod be scheduled on, and stay on, nodes with a matching taint.', [
    f('effect:string', 'The taint effect to match; empty matches every effect.', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
    f('key:string', 'The taint key to match; empty with operator Exists matches every taint.'),
    f('operator:string', 'How the value is compared: Equal (default) or Exists, which ignores the value.', ['Equal', 'Exists']),
    f('tolerationSeconds:integer', 'For NoExecute taints: how long the pod may stay after the taint appears. Unset means forever.'),
    f('value:string', 'The taint value to match, with operator Equal.'),
  ]),
  t(CORE, 'Affinity', 'Scheduling rules relative to node labels and to other pods.', [
    f('nodeAffinity:NodeAffinity', 'Rules on the labels of the node the pod runs on.'),
    f('podAffinity:PodAffinity', 'Rules that place the pod near other pods, e.g. in the same zone.'),
    f('podAntiAffinity:PodAntiAffinity', 'Rules that keep the pod away from other pods, e.g. one replica per node.'),
  ]),

  // --- Services, config, namespaces, nodes ---
  kind(CORE, '', 'v1', 'Service', 'A Service gives a set of pods, chosen by a label selector, one stable virtual IP address and DNS name, and load-balances connections across them.', [
    f('spec:ServiceSpec', 'The desired behaviour of the service.'),
    f('status:ServiceStatus', 'The observed state of the service, e.g. its load balancer. Read-only.'),
  ]),
  t(CORE, 'ServiceSpec', 'The desired behaviour of a service.', [
    f('allocateLoadBalancerNodePorts:boolean', 'For type LoadBalancer: whether node ports are allocated. Defaults to true.'),
    f('clusterIP:string', 'The virtual IP address of the service, allocated from the service CIDR unless given; "None" makes a headless service. Cannot be changed.'),
    f('clusterIPs:[]string', 'The virtual IP addresses, one per address family; the first equals clusterIP.'),
    f('externalIPs:[]string', 'Addresses not managed by Kubernetes on which the nodes also accept traffic for the service.'),
    f('externalName:string', 'For type ExternalName: the DNS name the service name is a CNAME for.'),
    f('externalTrafficPolicy:string', 'How traffic from outside reaches endpoints: Cluster (any node, source NAT) or Local (node-local endpoints only, client IP kept).', ['Cluster', 'Local']),
    f('healthCheckNodePort:integer', 'With externalTrafficPolicy Local: the node port load balancers use for health checks.'),
    f('internalTrafficPolicy:string', 'How traffic from inside the cluster reaches endpoints: Cluster (any) or Local (the same node only).', ['Cluster', 'Local']),
    f('ipFamilies:[]string', 'The IP families (IPv4, IPv6) the service uses.'),
    f('ipFamilyPolicy:string', 'Whether the service is single-stack or dual-stack.', ['PreferDualStack', 'RequireDualStack', 'SingleStack']),
    f('loadBalancerClass:string', 'The load balancer implementation for type LoadBalancer.'),
    f('loadBalancerIP:string', 'Deprecated: an address requested from the load balancer.'),
    f('loadBalancerSourceRanges:[]string', 'Client CIDRs the load balancer accepts.'),
    f('ports:[]ServicePort', 'The ports the service exposes and where each one is forwarded.'),
    f('publishNotReadyAddresses:boolean', 'List endpoints of pods even when they are not ready.'),
    f('selector:map[string]string', 'Labels of the pods traffic is sent to. Without a selector, endpoints are managed by hand.'),
    f('sessionAffinity:string', 'ClientIP sends each client to the same endpoint; None (default) balances every connection.', ['ClientIP', 'None']),
    f('sessionAffinityConfig:SessionAffinityConfig', 'Settings of session affinity, e.g. its timeout.'),
    f('trafficDistribution:string', 'A preference for how traffic is spread over endpoints, e.g. PreferClose.'),
    f('type:string', 'How the service is exposed: ClusterIP (default, inside the cluster), NodePort (also on a port of every node), LoadBalancer (also through an external load balancer) or ExternalName (a DNS alias).', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']),
  ]),
  t(CORE, 'ServicePort', 'One port of a service.', [
    f('appProtocol:string', 'The application protocol, a hint for implementations (e.g. http, kubernetes.io/h2c).'),
    f('name:string', 'The name of the port; required when the service has several ports.'),
    f('nodePort:integer', 'For NodePort and LoadBalancer services: the port opened on every node, allocated from 30000-32767 unless given.'),
    f('port!:integer', 'The port the service listens on.'),
    f('protocol:string', 'TCP (default), UDP or SCTP.', PROTOCOLS),
    f('targetPort:IntOrString', "The pods' port traffic is forwarded to, by number or container port name. Defaults to port."),
  ]),
  kind(CORE, '', 'v1', 'ConfigMap', 'A ConfigMap holds non-secret configuration as key/value pairs, for pods to consume as environment variables or files.', [
    f('binaryData:map[string]string', 'Binary values, base64-encoded. Keys must not repeat those of data.'),
    f('data:map[string]string', 'The configuration data, as UTF-8 strings.'),
    f('immutable:boolean', 'When true, the data can no longer be changed; only deleting the ConfigMap is allowed.'),
  ]),
  kind(CORE, '', 'v1', 'Secret', 'A Secret holds a small amount of sensitive data, such as a password, a token or a key.', [
    f('data:map[string]string', 'The secret data, each value base64-encoded.'),
    f('immutable:boolean', 'When true, the data can no longer be changed; only deleting the Secret is allowed.'),
    f('stringData:map[string]string', 'Write-only convenience: plain-text values, merged into data on write. Never returned on read.'),
    f('type:string', 'The kind of secret, which decides the keys it must have, e.g. Opaque or kubernetes.io/tls.'),
  ]),
  kind(CORE, '', 'v1', 'Namespace', 'A Namespace is a scope for names: most objects live in one, and deleting it deletes them.', [
    f('spec:NamespaceSpec', 'The desired state of the namespace.'),
    f('status:NamespaceStatus', 'The observed state of the namespace. Read-only.'),
  ]),
  t(CORE, 'NamespaceSpec', 'The desired state of a namespace.', [
    f('finalizers:[]string', 'Finalizers that must be done before the namespace is removed from storage.'),
  ]),
  t(CORE, 'NamespaceStatus', 'The observed state of a namespace.', [
    f('conditions:[]NamespaceCondition', 'The latest observations of the namespace, e.g. problems during deletion.'),
    f('phase:string', 'Active, or Terminating while its contents are being deleted.', ['Active', 'Terminating']),
  ]),
  kind(CORE, '', 'v1', 'Node', 'A Node is a worker machine that runs pods. The kubelet on it registers the node and reports its status.', [
    f('spec:NodeSpec', 'How the node is configured: its pod CIDRs, taints and whether it is schedulable.'),
    f('status:NodeStatus', 'The observed state of the node: conditions, addresses, capacity, system info. Read-only.'),
  ]),
  t(CORE, 'NodeSpec', 'How a node is configured.', [
    f('configSource:NodeConfigSource', 'Deprecated: no longer used.'),
    f('externalID:string', 'Deprecated: no longer used.'),
    f('podCIDR:string', 'The IP range assigned to the node for its pods.'),
    f('podCIDRs:[]string', 'The IP ranges assigned to the node for its pods, one per address family.'),
    f('providerID:string', "The node's ID at the cloud provider."),
    f('taints:[]Taint', 'Taints that keep pods without a matching toleration off the node.'),
    f('unschedulable:boolean', 'When true, no new pods are scheduled on the node (kubectl cordon).'),
  ]),
  t(CORE, 'Taint', 'Repels pods that do not tolerate it.', [
    f('effect!:string', 'What happens to pods that do not tolerate the taint.', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']),
    f('key!:string', 'The taint key.'),
    f('timeAdded:Time', 'When a NoExecute taint was added.'),
    f('value:string', 'The taint value.'),
  ]),

  // --- storage ---
  kind(CORE, '', 'v1', 'PersistentVolumeClaim', 'A PersistentVolumeClaim is a request for storage by a user, bound to a PersistentVolume that satisfies it.', [
    f('spec:PersistentVolumeClaimSpec', 'The storage requested.'),
    f('status:PersistentVolumeClaimStatus', 'The observed state of the claim, e.g. Bound. Read-only.'),
  ]),
  t(CORE, 'PersistentVolumeClaimSpec', 'The storage a claim requests.', [
    f('accessModes:[]string', 'How the volume may be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.'),
    f('dataSource:TypedLocalObjectReference', 'A snapshot or another claim to populate the new volume from.'),
    f('dataSourceRef:TypedObjectReference', 'Any object to populate the new volume from, possibly in another namespace.'),
    f('resources:VolumeResourceRequirements', 'The minimum (and maximum) size of the volume.'),
    f('selector:LabelSelector', 'Labels of the PersistentVolumes that may be bound.'),
    f('storageClassName:string', 'The StorageClass that provisions the volume; "" asks for a volume without a class.'),
    f('volumeAttributesClassName:string', 'The VolumeAttributesClass of the volume.'),
    f('volumeMode:string', 'Filesystem (default) or Block for a raw device.', ['Block', 'Filesystem']),
    f('volumeName:string', 'Bind to this PersistentVolume by name.'),
  ]),
  t(CORE, 'VolumeResourceRequirements', 'The size of a volume.', [
    f('limits:map[string]Quantity', 'The most storage allowed.'),
    f('requests:map[string]Quantity', 'The least storage required, e.g. storage: 10Gi.'),
  ]),
  kind(CORE, '', 'v1', 'PersistentVolume', 'A PersistentVolume is a piece of storage in the cluster, provisioned by an administrator or dynamically through a StorageClass.', [
    f('spec:PersistentVolumeSpec', 'The storage the volume provides.'),
    f('status:PersistentVolumeStatus', 'The observed state of the volume, e.g. Available or Bound. Read-only.'),
  ]),
  t(CORE, 'PersistentVolumeSpec', 'The storage a volume provides. Besides the common fields, exactly one source is set.', [
    f('accessModes:[]string', 'How the volume can be mounted.'),
    f('awsElasticBlockStore:AWSElasticBlockStoreVolumeSource', 'Deprecated: an AWS EBS disk.'),
    f('azureDisk:AzureDiskVolumeSource', 'Deprecated: an Azure data disk.'),
    f('azureFile:AzureFilePersistentVolumeSource', 'Deprecated: an Azure File share.'),
    f('capacity:map[string]Quantity', 'The size of the volume, e.g. storage: 10Gi.'),
    f('cephfs:CephFSPersistentVolumeSource', 'Deprecated: a CephFS mount.'),
    f('cinder:CinderPersistentVolumeSource', 'Deprecated: an OpenStack Cinder volume.'),
    f('claimRef:ObjectReference', 'The claim bound to the volume.'),
    f('csi:CSIPersistentVolumeSource', 'A volume of a CSI driver.'),
    f('fc:FCVolumeSource', 'A Fibre Channel disk.'),
    f('flexVolume:FlexPersistentVolumeSource', 'Deprecated: a volume from a FlexVolume driver.'),
    f('flocker:FlockerVolumeSource', 'Deprecated: a Flocker dataset.'),
    f('gcePersistentDisk:GCEPersistentDiskVolumeSource', 'Deprecated: a GCE persistent disk.'),
    f('glusterfs:GlusterfsPersistentVolumeSource', 'Deprecated: a GlusterFS mount.'),
    f('hostPath:HostPathVolumeSource', 'A directory on a node; for single-node testing only.'),
    f('iscsi:ISCSIPersistentVolumeSource', 'An iSCSI disk.'),
    f('local:LocalVolumeSource', 'A disk or directory local to one node (needs nodeAffinity).'),
    f('mountOptions:[]string', 'Mount options used when the volume is mounted.'),
    f('nfs:NFSVolumeSource', 'An NFS export.'),
    f('nodeAffinity:VolumeNodeAffinity', 'The nodes the volume can be used from.'),
    f('persistentVolumeReclaimPolicy:string', 'What happens to the volume when its claim is deleted: Retain, Delete or (deprecated) Recycle.', ['Delete', 'Recycle', 'Retain']),
    f('photonPersistentDisk:PhotonPersistentDiskVolumeSource', 'Deprecated: a Photon Controller disk.'),
    f('portworxVolume:PortworxVolumeSource', 'Deprecated: a Portworx volume.'),
    f('quobyte:QuobyteVolumeSource', 'Deprecated: a Quobyte mount.'),
    f('rbd:RBDPersistentVolumeSource', 'Deprecated: a Rados block device.'),
    f('scaleIO:ScaleIOPersistentVolumeSource', 'Deprecated: a ScaleIO volume.'),
    f('storageClassName:string', 'The StorageClass the volume belongs to.'),
    f('storageos:StorageOSPersistentVolumeSource', 'Deprecated: a StorageOS volume.'),
    f('volumeAttributesClassName:string', 'The VolumeAttributesClass of the volume.'),
    f('volumeMode:string', 'Filesystem (default) or Block.', ['Block', 'Filesystem']),
    f('vsphereVolume:VsphereVirtualDiskVolumeSource', 'Deprecated: a vSphere disk.'),
  ]),

  // --- apps ---
  kind(APPS, 'apps', 'v1', 'Deployment', 'A Deployment keeps a number of identical pods running and rolls out changes to them through ReplicaSets.', [
    f('spec:DeploymentSpec', 'The desired state of the deployment.'),
    f('status:DeploymentStatus', 'The observed state of the deployment, e.g. its ready and updated replicas. Read-only.'),
  ]),
  t(APPS, 'DeploymentSpec', 'The desired state of a deployment.', [
    f('minReadySeconds:integer', 'Seconds a new pod must be ready, with no container crashing, to count as available. Defaults to 0.'),
    f('paused:boolean', 'While true, changes to the template do not start a rollout.'),
    f('progressDeadlineSeconds:integer', 'Seconds a rollout may make no progress before it is reported as failed. Defaults to 600.'),
    f('replicas:integer', 'The number of pods wanted. Defaults to 1.'),
    f('revisionHistoryLimit:integer', 'How many old ReplicaSets are kept for rollbacks. Defaults to 10.'),
    f('selector!:LabelSelector', "Selects the deployment's pods; must match the template's labels and cannot change."),
    f('strategy:DeploymentStrategy', 'How old pods are replaced by new ones.'),
    f('template!:PodTemplateSpec', 'The pods to create.'),
  ]),
  t(APPS, 'DeploymentStrategy', 'How a deployment replaces its pods.', [
    f('rollingUpdate:RollingUpdateDeployment', 'Settings of a rolling update.'),
    f('type:string', 'Recreate (delete all old pods first) or RollingUpdate (default, replace them gradually).', ['Recreate', 'RollingUpdate']),
  ]),
  t(APPS, 'RollingUpdateDeployment', 'How fast a rolling update goes.', [
    f('maxSurge:IntOrString', 'How many pods, or what percentage, may exist above the desired count during the update. Defaults to 25%.'),
    f('maxUnavailable:IntOrString', 'How many pods, or what percentage, may be unavailable during the update. Defaults to 25%.'),
  ]),
  kind(APPS, 'apps', 'v1', 'ReplicaSet', 'A ReplicaSet keeps a given number of pods matching its selector running. Usually managed by a Deployment.', [
    f('spec:ReplicaSetSpec', 'The desired state of the replica set.'),
    f('status:ReplicaSetStatus', 'The observed state of the replica set. Read-only.'),
  ]),
  t(APPS, 'ReplicaSetSpec', 'The desired state of a replica set.', [
    f('minReadySeconds:integer', 'Seconds a new pod must be ready to count as available. Defaults to 0.'),
    f('replicas:integer', 'The number of pods wanted. Defaults to 1.'),
    f('selector!:LabelSelector', 'Selects the pods counted as replicas; must match the template\'s labels.'),
    f('template:PodTemplateSpec', 'The pods to create when there are too few.'),
  ]),
  kind(APPS, 'apps', 'v1', 'DaemonSet', 'A DaemonSet runs one copy of a pod on every node, or on every node its selectors and tolerations allow.', [
    f('spec:DaemonSetSpec', 'The desired state of the daemon set.'),
    f('status:DaemonSetStatus', 'The observed state of the daemon set. Read-only.'),
  ]),
  t(APPS, 'DaemonSetSpec', 'The desired state of a daemon set.', [
    f('minReadySeconds:integer', 'Seconds a new pod must be ready to count as available. Defaults to 0.'),
    f('revisionHistoryLimit:integer', 'How many old revisions are kept for rollbacks. Defaults to 10.'),
    f('selector!:LabelSelector', "Selects the daemon set's pods; must match the template's labels."),
    f('template!:PodTemplateSpec', 'The pod to run on each node.'),
    f('updateStrategy:DaemonSetUpdateStrategy', 'How pods are replaced when the template changes.'),
  ]),
  t(APPS, 'DaemonSetUpdateStrategy', 'How a daemon set replaces its pods.', [
    f('rollingUpdate:RollingUpdateDaemonSet', 'Settings of a rolling update.'),
    f('type:string', 'RollingUpdate (default) or OnDelete (new pods only replace deleted ones).', ['OnDelete', 'RollingUpdate']),
  ]),
  kind(APPS, 'apps', 'v1', 'StatefulSet', 'A StatefulSet runs pods with stable names (name-0, name-1, ...) and stable storage, created and updated in order.', [
    f('spec:StatefulSetSpec', 'The desired state of the stateful set.'),
    f('status:StatefulSetStatus', 'The observed state of the stateful set. Read-only.'),
  ]),
  t(APPS, 'StatefulSetSpec', 'The desired state of a stateful set.', [
    f('minReadySeconds:integer', 'Seconds a new pod must be ready to count as available. Defaults to 0.'),
    f('ordinals:StatefulSetOrdinals', 'The number the first replica is given. Defaults to 0.'),
    f('persistentVolumeClaimRetentionPolicy:StatefulSetPersistentVolumeClaimRetentionPolicy', 'Whether the claims from volumeClaimTemplates are deleted when the set is deleted or scaled down.'),
    f('podManagementPolicy:string', 'OrderedReady (default: one pod at a time, in order) or Parallel.', ['OrderedReady', 'Parallel']),
    f('replicas:integer', 'The number of pods wanted. Defaults to 1.'),
    f('revisionHistoryLimit:integer', 'How many old revisions are kept. Defaults to 10.'),
    f('selector!:LabelSelector', "Selects the set's pods; must match the template's labels."),
    f('serviceName!:string', 'The headless service that gives each pod its DNS name.'),
    f('template!:PodTemplateSpec', 'The pods to create; each gets a stable name and its own claims.'),
    f('updateStrategy:StatefulSetUpdateStrategy', 'How pods are replaced when the template changes.'),
    f('volumeClaimTemplates:[]PersistentVolumeClaim', 'Claims created for each pod, kept across restarts and rescheduling.'),
  ]),
  t(APPS, 'StatefulSetUpdateStrategy', 'How a stateful set replaces its pods.', [
    f('rollingUpdate:RollingUpdateStatefulSetStrategy', 'Settings of a rolling update.'),
    f('type:string', 'RollingUpdate (default, highest ordinal first) or OnDelete.', ['OnDelete', 'RollingUpdate']),
  ]),

  // --- networking ---
  kind(NET, 'networking.k8s.io', 'v1', 'Ingress', 'An Ingress routes external HTTP(S) traffic to services by host name and path. An ingress controller implements it.', [
    f('spec:IngressSpec', 'The routing rules.'),
    f('status:IngressStatus', 'The observed state of the ingress, e.g. its load balancer address. Read-only.'),
  ]),
  t(NET, 'IngressSpec', 'How an ingress routes traffic.', [
    f('defaultBackend:IngressBackend', 'Where requests no rule matches go.'),
    f('ingressClassName:string', 'The IngressClass, i.e. which controller implements this ingress.'),
    f('rules:[]IngressRule', 'Host and path rules; requests matching none go to the default backend.'),
    f('tls:[]IngressTLS', 'TLS settings: which hosts are served over HTTPS with which certificate.'),
  ]),
  t(NET, 'IngressRule', 'The routes of one host.', [
    f('host:string', 'The host name the rule applies to, possibly with a leading wildcard (*.example.com). Empty matches every host.'),
    f('http:HTTPIngressRuleValue', 'The HTTP paths of the host.'),
  ]),
  t(NET, 'HTTPIngressRuleValue', 'A list of HTTP paths and their backends.', [
    f('paths!:[]HTTPIngressPath', 'The paths, each sent to a backend.'),
  ]),
  t(NET, 'HTTPIngressPath', 'A path and the backend its requests go to.', [
    f('backend!:IngressBackend', 'Where matching requests go.'),
    f('path:string', 'The path to match, starting with /.'),
    f('pathType!:string', 'How the path is matched: Exact, Prefix (by path elements) or ImplementationSpecific.', ['Exact', 'ImplementationSpecific', 'Prefix']),
  ]),
  t(NET, 'IngressBackend', 'Where an ingress sends requests: a service or another resource.', [
    f('resource:TypedLocalObjectReference', 'Another object in the namespace, instead of a service.'),
    f('service:IngressServiceBackend', 'A service and port.'),
  ]),
  t(NET, 'IngressServiceBackend', 'A service of the ingress\'s namespace.', [
    f('name!:string', 'The name of the service.'),
    f('port:ServiceBackendPort', 'The port of the service.'),
  ]),
  t(NET, 'ServiceBackendPort', 'A service port, by number or by name.', [
    f('name:string', 'The name of the port.'),
    f('number:integer', 'The number of the port.'),
  ]),
  t(NET, 'IngressTLS', 'HTTPS settings for some hosts.', [
    f('hosts:[]string', 'The hosts the certificate is used for.'),
    f('secretName:string', 'The kubernetes.io/tls Secret holding the certificate and key.'),
  ]),
  kind(NET, 'networking.k8s.io', 'v1', 'NetworkPolicy', 'A NetworkPolicy restricts the traffic selected pods may receive and send. Once a pod is selected for a direction, only traffic some policy allows passes.', [
    f('spec:NetworkPolicySpec', 'Which pods the policy applies to and what it allows.'),
  ]),
  t(NET, 'NetworkPolicySpec', 'The rules of a network policy.', [
    f('egress:[]NetworkPolicyEgressRule', 'Outgoing traffic allowed from the selected pods.'),
    f('ingress:[]NetworkPolicyIngressRule', 'Incoming traffic allowed to the selected pods.'),
    f('podSelector!:LabelSelector', "The pods of the policy's namespace it applies to; an empty selector selects all of them."),
    f('policyTypes:[]string', 'The directions the policy restricts: Ingress, Egress or both. Defaults from which rules are present.'),
  ]),
  t(NET, 'NetworkPolicyIngressRule', 'Traffic allowed into the selected pods: from all of these peers, to all of these ports.', [
    f('from:[]NetworkPolicyPeer', 'The allowed sources; empty allows every source.'),
    f('ports:[]NetworkPolicyPort', 'The allowed destination ports; empty allows every port.'),
  ]),
  t(NET, 'NetworkPolicyEgressRule', 'Traffic allowed out of the selected pods: to all of these peers, on all of these ports.', [
    f('ports:[]NetworkPolicyPort', 'The allowed destination ports; empty allows every port.'),
    f('to:[]NetworkPolicyPeer', 'The allowed destinations; empty allows every destination.'),
  ]),
  t(NET, 'NetworkPolicyPeer', 'A set of peers: pods by labels (in namespaces by labels), or an IP block.', [
    f('ipBlock:IPBlock', 'A CIDR, with exceptions.'),
    f('namespaceSelector:LabelSelector', 'Namespaces by labels; with podSelector, only the matching pods in them.'),
    f('podSelector:LabelSelector', "Pods by labels, in the policy's namespace unless namespaceSelector is set."),
  ]),
  t(NET, 'NetworkPolicyPort', 'A port, or range of ports, and protocol.', [
    f('endPort:integer', 'With a numeric port: the last port of a range.'),
    f('port:IntOrString', 'The port, by number or named container port; empty means every port.'),
    f('protocol:string', 'TCP (default), UDP or SCTP.', PROTOCOLS),
  ]),
  t(NET, 'IPBlock', 'An IP range.', [
    f('cidr!:string', 'The range, e.g. 10.0.0.0/16.'),
    f('except:[]string', 'Sub-ranges excluded from it.'),
  ]),

  // --- autoscaling ---
  kind(HPA, 'autoscaling', 'v2', 'HorizontalPodAutoscaler', 'A HorizontalPodAutoscaler adjusts the replica count of a workload so that the observed metrics stay near their targets.', [
    f('spec:HorizontalPodAutoscalerSpec', 'What to scale, within which bounds, and on which metrics.'),
    f('status:HorizontalPodAutoscalerStatus', 'The observed state: current and desired replicas and metric values. Read-only.'),
  ]),
  t(HPA, 'HorizontalPodAutoscalerSpec', 'The desired behaviour of an autoscaler.', [
    f('behavior:HorizontalPodAutoscalerBehavior', 'How fast to scale up and down. Defaults apply when unset.'),
    f('maxReplicas!:integer', 'The most replicas the autoscaler may set.'),
    f('metrics:[]MetricSpec', 'The metrics and targets that decide the replica count; the highest proposal wins. Defaults to 80% average CPU utilization.'),
    f('minReplicas:integer', 'The fewest replicas the autoscaler may set. Defaults to 1.'),
    f('scaleTargetRef!:CrossVersionObjectReference', 'The workload to scale, e.g. a Deployment.'),
  ]),
  t(HPA, 'CrossVersionObjectReference', 'Names the object to scale.', [
    f('apiVersion:string', 'The API version of the object.'),
    f('kind!:string', 'The kind of the object, e.g. Deployment.'),
    f('name!:string', 'The name of the object.'),
  ]),
  t(HPA, 'MetricSpec', 'One metric the autoscaler scales on, and its target. Set type and the source of that name.', [
    f('containerResource:ContainerResourceMetricSource', 'A resource (CPU, memory) of one container in each pod.'),
    f('external:ExternalMetricSource', 'A metric from outside the cluster, e.g. a queue length.'),
    f('object:ObjectMetricSource', 'A metric of another object, e.g. requests per second of an Ingress.'),
    f('pods:PodsMetricSource', 'A custom metric averaged over the pods, e.g. transactions per second.'),
    f('resource:ResourceMetricSource', 'A resource (CPU, memory) of the pods, as the metrics server reports it.'),
    f('type!:string', 'Which source is used: ContainerResource, External, Object, Pods or Resource.'),
  ]),
  t(HPA, 'ResourceMetricSource', "A resource metric of the target's pods, summed over each pod's containers.", [
    f('name!:string', 'The resource, e.g. cpu or memory.'),
    f('target!:MetricTarget', 'The value to keep the metric at.'),
  ]),
  t(HPA, 'MetricTarget', 'The value a metric should be kept at.', [
    f('averageUtilization:integer', 'For type Utilization: the average use across pods, as a percentage of their requests.'),
    f('averageValue:Quantity', 'For type AverageValue: the average across pods, as a quantity.'),
    f('type!:string', 'Utilization, Value or AverageValue.'),
    f('value:Quantity', 'For type Value: the value of the metric, as a quantity.'),
  ]),
  t(HPA, 'HorizontalPodAutoscalerBehavior', 'How fast an autoscaler scales up and down.', [
    f('scaleDown:HPAScalingRules', 'Rules for scaling down. By default any number of pods may be removed, after a 300-second stabilization window.'),
    f('scaleUp:HPAScalingRules', 'Rules for scaling up. By default the count may double, or grow by 4 pods, every 15 seconds, with no stabilization window.'),
  ]),
  t(HPA, 'HPAScalingRules', 'Limits on how fast the replica count changes in one direction.', [
    f('policies:[]HPAScalingPolicy', 'How much the count may change per period; selectPolicy picks among them.'),
    f('selectPolicy:string', 'Which policy applies: Max (the largest change, default), Min, or Disabled (no scaling this way).'),
    f('stabilizationWindowSeconds:integer', 'Seconds of past recommendations considered, so that the count does not flap.'),
  ]),
  t(HPA, 'HPAScalingPolicy', 'One limit on change per period.', [
    f('periodSeconds!:integer', 'The length of the period, from 1 to 1800 seconds.'),
    f('type!:string', 'Pods (an absolute count) or Percent (of the current count).'),
    f('value!:integer', 'The most pods, or percent, that may change in the period.'),
  ]),
  t(HPA, 'HorizontalPodAutoscalerStatus', 'The observed state of an autoscaler.', [
    f('conditions:[]HorizontalPodAutoscalerCondition', 'Whether the autoscaler can scale and whether it is limited.'),
    f('currentMetrics:[]MetricStatus', 'The last observed values of the metrics.'),
    f('currentReplicas:integer', 'The replica count last seen.'),
    f('desiredReplicas!:integer', 'The replica count last computed.'),
    f('lastScaleTime:Time', 'When the autoscaler last changed the replica count.'),
    f('observedGeneration:integer', 'The generation of the spec last acted on.'),
  ]),

  // --- batch ---
  kind(BATCH, 'batch', 'v1', 'Job', 'A Job runs pods until a number of them complete successfully.', [
    f('spec:JobSpec', 'The desired behaviour of the job.'),
    f('status:JobStatus', 'The observed state of the job: active, succeeded and failed pods. Read-only.'),
  ]),
  t(BATCH, 'JobSpec', 'The desired behaviour of a job.', [
    f('activeDeadlineSeconds:integer', 'Seconds the job may run before its pods are stopped and it fails.'),
    f('backoffLimit:integer', 'Retries before the job is marked failed. Defaults to 6.'),
    f('backoffLimitPerIndex:integer', 'For Indexed jobs: retries allowed per index.'),
    f('completionMode:string', 'NonIndexed (default) or Indexed, where each pod gets a completion index.', ['Indexed', 'NonIndexed']),
    f('completions:integer', 'How many pods must succeed. Defaults to 1.'),
    f('managedBy:string', 'The controller that manages the job, if not the built-in one.'),
    f('manualSelector:boolean', 'Use the given selector instead of the generated one. Rarely needed.'),
    f('maxFailedIndexes:integer', 'For Indexed jobs: failed indexes allowed before the job fails.'),
    f('parallelism:integer', 'The most pods running at once. Defaults to 1.'),
    f('podFailurePolicy:PodFailurePolicy', 'Rules for handling pod failures by exit code or condition.'),
    f('podReplacementPolicy:string', 'When replacement pods are created: once old pods are TerminatingOrFailed, or only once they are Failed.', ['Failed', 'TerminatingOrFailed']),
    f('selector:LabelSelector', "Selects the job's pods. Normally generated."),
    f('successPolicy:SuccessPolicy', 'For Indexed jobs: when the job counts as succeeded before all indexes complete.'),
    f('suspend:boolean', 'While true, no pods are created and running ones are stopped.'),
    f('template!:PodTemplateSpec', 'The pods to run. Their restartPolicy must be Never or OnFailure.'),
    f('ttlSecondsAfterFinished:integer', 'Seconds after the job finishes before it is deleted automatically.'),
  ]),
  t(BATCH, 'JobTemplateSpec', 'The jobs a CronJob creates.', [
    f('metadata:ObjectMeta', 'Metadata of the created jobs.'),
    f('spec:JobSpec', 'The spec of the created jobs.'),
  ]),
  kind(BATCH, 'batch', 'v1', 'CronJob', 'A CronJob creates Jobs on a repeating schedule.', [
    f('spec:CronJobSpec', 'The schedule and the job to create.'),
    f('status:CronJobStatus', 'The observed state: active jobs and last schedule times. Read-only.'),
  ]),
  t(BATCH, 'CronJobSpec', 'The schedule of a cron job and the jobs it creates.', [
    f('concurrencyPolicy:string', 'What to do when a run is due while the previous one is still going: Allow (default), Forbid (skip) or Replace.', ['Allow', 'Forbid', 'Replace']),
    f('failedJobsHistoryLimit:integer', 'How many failed jobs are kept. Defaults to 1.'),
    f('jobTemplate!:JobTemplateSpec', 'The job to create at each run.'),
    f('schedule!:string', 'The schedule in cron format, e.g. "*/5 * * * *".'),
    f('startingDeadlineSeconds:integer', 'Seconds after a missed run time during which the job may still start.'),
    f('successfulJobsHistoryLimit:integer', 'How many successful jobs are kept. Defaults to 3.'),
    f('suspend:boolean', 'While true, no new runs start.'),
    f('timeZone:string', 'The time zone of the schedule, e.g. Europe/Paris. Defaults to that of the controller manager.'),
  ]),

  // --- other served kinds, top level ---
  kind(CORE, '', 'v1', 'Endpoints', 'Endpoints lists the addresses and ports that back a service. Superseded by EndpointSlices.', [
    f('subsets:[]EndpointSubset', 'Groups of addresses sharing the same ports.'),
  ]),
  kind(CORE, '', 'v1', 'ServiceAccount', 'A ServiceAccount is an identity for processes running in pods, used to authenticate to the API server.', [
    f('automountServiceAccountToken:boolean', "Whether pods using this account get its token mounted by default."),
    f('imagePullSecrets:[]LocalObjectReference', 'Registry credentials added to the pods that use this account.'),
    f('secrets:[]ObjectReference', 'Deprecated: secrets this account may use.'),
  ]),
  kind(CORE, '', 'v1', 'Event', 'An Event reports something that happened to an object, such as a pod being scheduled or an image failing to pull.', [
    f('action:string', 'What was done, or failed to be done, to the object.'),
    f('count:integer', 'How many times the event has occurred.'),
    f('eventTime:MicroTime', 'When the event was first observed, with microsecond precision.'),
    f('firstTimestamp:Time', 'When the event was first recorded.'),
    f('involvedObject!:ObjectReference', 'The object the event is about.'),
    f('lastTimestamp:Time', 'When the event last occurred.'),
    f('message:string', 'A human-readable description of what happened.'),
    f('reason:string', 'A short CamelCase reason, e.g. FailedScheduling.'),
    f('related:ObjectReference', 'A second object involved, if any.'),
    f('reportingComponent:string', 'The controller that emitted the event.'),
    f('reportingInstance:string', 'The instance of that controller.'),
    f('series:EventSeries', 'Data about a series of repeated events.'),
    f('source:EventSource', 'The component that reported the event.'),
    f('type:string', 'Normal or Warning.'),
  ]),
  kind(COORD, 'coordination.k8s.io', 'v1', 'Lease', 'A Lease is a lock with an expiry, used for leader election and node heartbeats.', [
    f('spec:LeaseSpec', 'The holder and timing of the lease.'),
  ]),
  kind(DISC, 'discovery.k8s.io', 'v1', 'EndpointSlice', 'An EndpointSlice lists part of the endpoints behind a service, with their readiness and location.', [
    f('addressType!:string', 'The kind of addresses: IPv4, IPv6 or FQDN.', ['FQDN', 'IPv4', 'IPv6']),
    f('endpoints!:[]Endpoint', 'The endpoints of the slice.'),
    f('ports:[]EndpointPort', 'The ports every endpoint of the slice exposes.'),
  ]),
  kind(STORAGE, 'storage.k8s.io', 'v1', 'StorageClass', 'A StorageClass describes a kind of storage and the provisioner that creates PersistentVolumes of it on demand.', [
    f('allowVolumeExpansion:boolean', 'Whether claims of this class may be resized.'),
    f('allowedTopologies:[]TopologySelectorTerm', 'Where volumes may be provisioned.'),
    f('mountOptions:[]string', 'Mount options of the provisioned volumes.'),
    f('parameters:map[string]string', 'Settings passed to the provisioner.'),
    f('provisioner!:string', 'The provisioner (volume plugin or CSI driver) that creates the volumes.'),
    f('reclaimPolicy:string', 'The reclaim policy of the provisioned volumes. Defaults to Delete.', ['Delete', 'Recycle', 'Retain']),
    f('volumeBindingMode:string', 'Immediate (default) or WaitForFirstConsumer, which provisions once a pod uses the claim.', ['Immediate', 'WaitForFirstConsumer']),
  ]),
];

const BY_NAME = new Map(EXPLAIN_TYPES.map((x) => [x.name, x]));

/** The table entry of a type name, if the table describes it. */
export const explainType = (name: string): TypeDef | undefined => BY_NAME.get(name);

/** The OpenAPI component name of a type (`io.k8s.api.core.v1.PodSpec`); `referrer` supplies the package of types not in the table. */
export function componentName(name: string, referrer: TypeDef): string {
  const known = BY_NAME.get(name);
  if (known) return `${known.pkg}.${name}`;
  return `${referrer.pkg}.${name}`;
}

export type OpenApiSchema = Record<string, unknown>;

const PRIMITIVES = new Set(['string', 'integer', 'boolean', 'number']);

/** The schema of a value of `type`: a primitive, a reference, an array or a map. */
function valueSchema(type: string, owner: TypeDef): OpenApiSchema {
  if (type.startsWith('[]')) return { type: 'array', items: { ...valueSchema(type.slice(2), owner), default: PRIMITIVES.has(type.slice(2)) ? '' : {} } };
  if (type.startsWith('map[string]')) return { type: 'object', additionalProperties: { ...valueSchema(type.slice(11), owner), default: PRIMITIVES.has(type.slice(11)) ? '' : {} } };
  if (PRIMITIVES.has(type)) return { type, ...(type === 'integer' ? { format: 'int32' } : {}) };
  return { allOf: [{ $ref: `#/components/schemas/${componentName(type, owner)}` }] };
}

function fieldSchema(field: FieldDef, owner: TypeDef): OpenApiSchema {
  const s = valueSchema(field.type, owner);
  const out: OpenApiSchema = { description: field.description, ...s };
  if (s.allOf) out.default = {};
  if (field.enum) out.enum = field.enum;
  return out;
}

function typeSchema(x: TypeDef): OpenApiSchema {
  if (x.scalar) {
    const { type, format, oneOf } = x.scalar;
    return { description: x.description, ...(type ? { type } : {}), ...(format ? { format } : {}), ...(oneOf ? { oneOf: oneOf.map((o) => ({ type: o })) } : {}) };
  }
  const required = x.fields.filter((fd) => fd.required).map((fd) => fd.name);
  return {
    description: x.description,
    type: 'object',
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(x.fields.map((fd) => [fd.name, fieldSchema(fd, x)])),
    ...(x.gvk ? { 'x-kubernetes-group-version-kind': [x.gvk] } : {}),
  };
}

let schemasCache: Record<string, OpenApiSchema> | undefined;

/** components.schemas of the published OpenAPI v3 documents: every type of the table. Built once; callers must not mutate it. */
export function openApiSchemas(): Record<string, OpenApiSchema> {
  schemasCache ??= Object.fromEntries(EXPLAIN_TYPES.map((x) => [`${x.pkg}.${x.name}`, typeSchema(x)]));
  return schemasCache;
}

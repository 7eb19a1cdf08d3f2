// What the simulated cluster's processes know that is not in the API: each node's
// containerd (images, containers, pod sandboxes and their network namespaces), the
// kubelet's per-container state machine and back-offs, kube-proxy's last applied rules,
// and the controllers' bookkeeping. Plain JSON in `world.cluster.runtime`; a cluster
// loaded from manifests alone (a static snapshot) has none, and no controller touches it.
import type { ImageSpec } from '../world/spec.js';
import type { World } from '../world/types.js';
import type { VpaRuntime } from './controllers/vpa.js';

export interface ClusterRuntime {
  /** Simulated time the controllers have run up to. */
  syncedTo: number;
  config: RuntimeConfig;
  nodes: Record<string, NodeRuntime>;
  /** Pods a kubelet has started a sandbox for, by pod uid. */
  pods: Record<string, PodRuntime>;
  /** Image repositories by normalised name (`docker.io/library/nginx`). */
  images: Record<string, ImageSpec>;
  /** Registry name (`registry.corp.internal`, `docker.io`) -> the host:port serving it. */
  registries: Record<string, { host: string; port: number }>;
  /** Counter for container and sandbox ids (mixed into their hashes). */
  seq: number;
  /** Warm-up before the world's clock starts: no events are recorded (they would have expired). */
  quiet?: boolean;
  /** The scheduler's last attempt at each pending pod (and the kubelet's FailedMount retries). */
  scheduler: Record<string, { at: number; fingerprint: string }>;
  /** The endpoints controller's view of each namespace (object count and newest resourceVersion). */
  endpoints: Record<string, string>;
  /** Each HPA's last run, last scale and recent recommendations (the scale-down window). */
  hpa: Record<string, { lastRun: number; lastScaleAt: number; recommendations: { at: number; replicas: number }[] }>;
  /** The volume controller's pending claims by uid: last event, and when provisioning ends. */
  volumes?: Record<string, { at: number; provisionAt?: number }>;
  /** Each CronJob's schedule checked up to this wall-clock minute (by uid). */
  cron?: Record<string, number>;
  /** A Job's next pod after a failure not before this time (the pod failure back-off), by uid. */
  jobBackoff?: Record<string, number>;
  /** The VerticalPodAutoscaler add-on's recommender history and loop times. */
  vpa?: VpaRuntime;
  /** When expired events were last removed. */
  gcAt?: number;
  /** The namespace controller's next look at each Terminating namespace, by uid. */
  namespaces?: Record<string, number>;
  proxy: ProxyState;
}

export interface RuntimeConfig {
  version: string;
  domain: string;
  podCidr: string;
  serviceCidr: string;
  dnsServiceIp: string;
  /** Hosts running the control-plane units (the first one serves the API). */
  controlPlane: string[];
  apiServer: { host: string; ip: string; port: number };
}

export interface NodeRuntime {
  host: string;
  ip: string;
  podCidr: string;
  /** Last pod address handed out (host-local IPAM continues after it, wrapping round). */
  lastIp: number;
  /** Pod addresses in use -> pod uid. */
  allocated: Record<string, string>;
  /** Whether the kubelet reached the API server at its last try (checked every 10 s). */
  api: { at: number; ok: boolean; error?: string };
  /** containerd's image store by reference (`registry.corp.internal/shop/api:2.4.1`). */
  images: Record<string, NodeImage>;
  leaseRenewedAt: number;
  statusPostedAt: number;
  /** Kubelet's view of its node conditions, to post transitions once. */
  conditions: Record<string, string>;
  /** kube-proxy: the rule snapshot version it last saw, and the one materialised in the nat table. */
  proxyDesired: number;
  proxyApplied: number;
  /** The kubelet's eviction manager: its next look at the node's resources. */
  evictionAt?: number;
}

export interface NodeImage {
  /** sha256 image id (config digest). */
  id: string;
  /** Manifest digest (`repo@sha256:...` is the image ID kubelet reports). */
  digest: string;
  size: number;
  pulledAt: number;
}

export type ContainerPhase =
  /** Waiting to pull (or check) its image. */
  | 'pull'
  /** A pull is under way; ends at `due`. */
  | 'pulling'
  /** A pull failed; retried at `retryAt`. */
  | 'pull-backoff'
  /** Image present: create and start at `due`. */
  | 'create'
  /** Its configuration cannot be built (a missing ConfigMap key); re-checked every sync. */
  | 'config-error'
  | 'running'
  /** Exited; restarted at `retryAt` (CrashLoopBackOff while waiting). */
  | 'crash-backoff'
  /** Exited for good (restartPolicy Never / OnFailure after success). */
  | 'done';

export interface ContainerRuntime {
  name: string;
  phase: ContainerPhase;
  /** When the current phase acts next. */
  due: number;
  /** Current back-off (ms) of image pulls and of restarts. */
  pullBackoff: number;
  crashBackoff: number;
  retryAt: number;
  /** Waiting reason and message the kubelet reports (ErrImagePull, CreateContainerConfigError, ...). */
  reason?: string;
  message?: string;
  restartCount: number;
  /** Current container (id, start) while one exists. */
  id?: string;
  createdAt?: number;
  startedAt?: number;
  /** What the running process uses: millicores (before any share of its owner's load) and bytes. */
  cpu?: number;
  memory?: number;
  /** When its sockets open (the image's start time). */
  listenAt?: number;
  /** The environment it was started with (from its spec). */
  env?: Record<string, string>;
  /** When the process exits by itself (crash, OOM kill) and how. */
  exitAt?: number;
  exit?: { code: number; reason: string };
  imageId?: string;
  /** A pull under way and what it will give. */
  pull?: { ok: true; ms: number; size: number } | { ok: false; ms: number; error: string };
  /** Readiness (and liveness) probe state; `probeAt`: when a probe runs next. */
  ready: boolean;
  /** Whether its startup probe has succeeded (liveness and readiness wait for it); unset: no startup probe. */
  started?: boolean;
  /** Since when the startup probe has passed (the other probes' schedule starts there). */
  startedProbeAt?: number;
  startFails?: number;
  probeAt: number;
  readyStreak: number;
  failStreak: number;
  liveFails: number;
  logs: LogLine[];
  /** The previous container instance (kubectl logs --previous, crictl ps -a, Last State). */
  previous?: { id: string; logs: LogLine[]; exitCode: number; reason: string; startedAt: number; finishedAt: number; attempt: number };
}

/**
 * One line a container wrote, without its newline, and the simulated time (world ms) it was
 * written. Lines written in the same ms keep their order: the runtime's nanosecond timestamp
 * of a line is its ms plus as many ns as earlier lines of the same log share that ms (logNanos).
 */
export interface LogLine {
  at: number;
  text: string;
}

/** Each line's nanoseconds past its ms (see LogLine). */
export function logNanos(lines: LogLine[]): number[] {
  const ns: number[] = [];
  for (let i = 0; i < lines.length; i++) ns.push(i > 0 && lines[i - 1].at === lines[i].at ? ns[i - 1] + 1 : 0);
  return ns;
}

export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  /** World host that is the pod's network namespace. */
  host: string;
  ip: string;
  sandboxId: string;
  createdAt: number;
  containers: ContainerRuntime[];
  /** Volumes that could not be mounted (FailedMount), re-tried at `mountRetryAt`. */
  mountRetryAt?: number;
  /** The pod has completed (Succeeded or Failed): sandbox removed, exited containers kept. */
  finished?: boolean;
  /** Terminating: containers stop at `killAt`. */
  killAt?: number;
  /** The pod's resourceVersion when the kubelet last synced its status (a change by anyone else means another look). */
  rv?: string;
}

export interface ProxyState {
  version: number;
  /** Fingerprint of the Services and Endpoints the current version was built from. */
  fingerprint: string;
  snapshots: Record<string, ProxyRule[]>;
}

/** One Service port as kube-proxy programs it. */
export interface ProxyRule {
  /** `shop/web:http` (namespace/name:port name). */
  name: string;
  clusterIp: string;
  port: number;
  proto: 'tcp' | 'udp';
  nodePort?: number;
  endpoints: { ip: string; port: number }[];
}

/** A time that never comes (JSON has no Infinity). */
export const NEVER = Number.MAX_SAFE_INTEGER;

export const runtimeOf = (world: World): ClusterRuntime | undefined => world.cluster?.runtime;

/**
 * The world host name for a new pod's network namespace: the pod's name (its hostname, what
 * a shell in it shows), qualified by namespace, then uid, when another host has it.
 */
export function podHostName(world: World, namespace: string, name: string, uid: string): string {
  for (const n of [name, `${name}.${namespace}`, `${name}.${namespace}.${uid.slice(0, 8)}`]) if (!world.hosts[n]) return n;
  return `${name}.${namespace}.${uid}`;
}

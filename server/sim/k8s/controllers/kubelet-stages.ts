// The kubelet's container lifecycle as data, kwok-style: every phase a container can be in
// has one stage that runs when the phase's time comes (`due`), records what the kubelet
// reports (events, waiting reason, journal lines) and names the next phase and when it acts.
// The timings are the kubelet's: image pull back-off 10 s doubling to 5 min, restart back-off
// (CrashLoopBackOff) 10 s, 20 s, 40 s ... capped at 5 min and forgotten after 10 min of
// running, a resync every 10 s while a container waits, probes at their periods.
import type { World } from '../../world/types.js';
import { exitLogs, resolveEnv, startContainer, stopContainer, openSockets } from '../container.js';
import { pullImage } from '../image-pull.js';
import { hex64, parseImageRef } from '../images.js';
import { runProbe } from '../probes.js';
import { NEVER, type ClusterRuntime, type ContainerPhase, type ContainerRuntime, type NodeRuntime, type PodRuntime } from '../runtime.js';
import type { Container, Pod, Probe } from '../types.js';
import { event, goDuration } from './common.js';
import { klog, q } from './klog.js';

export const TIMINGS = {
  /** The pod worker syncs again this soon after a container failed. */
  syncAfterErrorMs: 1000,
  /** A waiting container is looked at again at least this often. */
  resyncMs: 10_000,
  imagePullBackOff: { initialMs: 10_000, maxMs: 300_000 },
  crashLoopBackOff: { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 },
  /** Time a container takes to stop after SIGTERM (within the grace period). */
  stopMs: 1000,
} as const;

/** What a stage works on. */
export interface StageCtx {
  world: World;
  rt: ClusterRuntime;
  node: NodeRuntime;
  pod: Pod;
  p: PodRuntime;
  spec: Container;
  c: ContainerRuntime;
}

type Stage = (k: StageCtx) => void;

const now = (k: StageCtx) => k.world.now;

function enter(k: StageCtx, phase: ContainerPhase, dueInMs: number): void {
  k.c.phase = phase;
  k.c.due = now(k) + dueInMs;
}

function kev(k: StageCtx, type: 'Normal' | 'Warning', reason: string, message: string): void {
  event(k.world, k.pod, { type, reason, message, component: 'kubelet', host: k.node.host, fieldPath: `spec.containers{${k.spec.name}}` });
}

const podRef = (k: StageCtx) => `${k.pod.metadata.name}_${k.pod.metadata.namespace}(${k.pod.metadata.uid})`;

/** kubelet's pod worker error line, as `journalctl -u kubelet` shows it. */
function syncError(k: StageCtx, reason: string, message: string): void {
  const ns = k.pod.metadata.namespace;
  klog(k.world, k.world.hosts[k.node.host], 'kubelet', 'E', 'pod_workers.go:1301', `"Error syncing pod, skipping" err=${q(`failed to "StartContainer" for "${k.spec.name}" with ${reason}: "${message.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)} pod=${q(`${ns}/${k.pod.metadata.name}`)} podUID=${q(k.pod.metadata.uid!)}`);
}

/** Waiting for its image: already there (policy allowing), a pull, or the back-off before the next one. */
const pull: Stage = (k) => {
  const { c, spec, node } = k;
  const image = spec.image;
  const ref = parseImageRef(image);
  if (!ref) {
    const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
    c.reason = 'InvalidImageName';
    c.message = msg;
    kev(k, 'Warning', 'InspectFailed', msg);
    kev(k, 'Warning', 'Failed', 'Error: InvalidImageName');
    return enter(k, 'pull', TIMINGS.resyncMs);
  }
  const present = node.images[ref.full];
  const policy = spec.imagePullPolicy ?? 'IfNotPresent';
  if (present && policy !== 'Always') {
    kev(k, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    c.imageId = `${ref.repository}@${present.digest}`;
    return enter(k, 'create', 0);
  }
  if (policy === 'Never') {
    const msg = `Container image "${image}" is not present with pull policy of Never`;
    c.reason = 'ErrImageNeverPull';
    c.message = msg;
    kev(k, 'Warning', 'ErrImageNeverPull', msg);
    kev(k, 'Warning', 'Failed', 'Error: ErrImageNeverPull');
    return enter(k, 'pull', TIMINGS.resyncMs);
  }
  if (c.pullBackoff && now(k) < c.retryAt) return enter(k, 'pull-backoff', 0);
  kev(k, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const result = pullImage(k.world, k.rt, node, k.pod, ref);
  c.pull = result;
  enter(k, 'pulling', result.ms);
};

/** The pull finished: the image is in the store, or ErrImagePull and a longer back-off. */
const pulling: Stage = (k) => {
  const { c, spec, node } = k;
  const ref = parseImageRef(spec.image)!;
  const result = c.pull;
  c.pull = undefined;
  if (result?.ok) {
    const digest = `sha256:${hex64(`manifest:${ref.full}`)}`;
    node.images[ref.full] = { id: `sha256:${hex64(`config:${ref.full}`)}`, digest, size: result.size, pulledAt: now(k) };
    const d = goDuration(result.ms);
    kev(k, 'Normal', 'Pulled', `Successfully pulled image "${spec.image}" in ${d} (${d} including waiting). Image size: ${result.size} bytes.`);
    c.pullBackoff = 0;
    c.imageId = `${ref.repository}@${digest}`;
    return enter(k, 'create', 0);
  }
  const error = result?.ok === false ? result.error : 'rpc error: code = Unknown desc = pull interrupted';
  kev(k, 'Warning', 'Failed', `Failed to pull image "${spec.image}": ${error}`);
  kev(k, 'Warning', 'Failed', 'Error: ErrImagePull');
  klog(k.world, k.world.hosts[node.host], 'kubelet', 'E', 'log.go:32', `"PullImage from image service failed" err=${q(error)} image=${q(ref.full)}`);
  syncError(k, 'ErrImagePull', error);
  c.reason = 'ErrImagePull';
  c.message = error;
  const b = TIMINGS.imagePullBackOff;
  c.pullBackoff = c.pullBackoff ? Math.min(c.pullBackoff * 2, b.maxMs) : b.initialMs;
  c.retryAt = now(k) + c.pullBackoff;
  enter(k, 'pull-backoff', TIMINGS.syncAfterErrorMs);
};

/** Between pulls: ImagePullBackOff, reported at every sync until the back-off ends. */
const pullBackOff: Stage = (k) => {
  const { c, spec } = k;
  if (now(k) >= c.retryAt) return pull(k);
  const msg = `Back-off pulling image "${spec.image}"`;
  c.reason = 'ImagePullBackOff';
  c.message = msg;
  kev(k, 'Normal', 'BackOff', msg);
  kev(k, 'Warning', 'Failed', 'Error: ImagePullBackOff');
  syncError(k, 'ImagePullBackOff', msg);
  enter(k, 'pull-backoff', Math.min(c.retryAt - now(k), TIMINGS.resyncMs));
};

/** Build the container's configuration, create and start it. */
const create: Stage = (k) => {
  const { c, spec, world } = k;
  const env = resolveEnv(world, k.pod, spec);
  if (!env.ok) {
    c.reason = 'CreateContainerConfigError';
    c.message = env.message;
    kev(k, 'Warning', 'Failed', `Error: ${env.message}`);
    syncError(k, 'CreateContainerConfigError', env.message);
    return enter(k, 'config-error', TIMINGS.resyncMs);
  }
  k.rt.seq++;
  c.id = hex64(`container:${k.p.uid}:${spec.name}:${k.rt.seq}`);
  c.createdAt = now(k);
  c.env = env.env;
  c.reason = undefined;
  c.message = undefined;
  kev(k, 'Normal', 'Created', `Created container: ${spec.name}`);
  startContainer(world, k.rt, k.p, c, k.pod, spec, env.env);
  kev(k, 'Normal', 'Started', `Started container ${spec.name}`);
  c.ready = !spec.readinessProbe;
  c.started = spec.startupProbe ? false : undefined;
  c.startedProbeAt = undefined;
  c.startFails = 0;
  c.readyStreak = 0;
  c.failStreak = 0;
  c.liveFails = 0;
  c.probeAt = now(k);
  enter(k, 'running', 0);
  running(k);
};

/** When a probe runs next after `t`: initialDelaySeconds after the start, then every periodSeconds. */
function nextRun(pr: Probe | undefined, started: number, t: number): number {
  if (!pr) return NEVER;
  const first = started + (pr.initialDelaySeconds ?? 0) * 1000;
  if (t < first) return first;
  const period = (pr.periodSeconds ?? 10) * 1000;
  return first + (Math.floor((t - first) / period) + 1) * period;
}

/** Kills the container for a failed probe; it is restarted like a container that exited. */
function killForProbe(k: StageCtx, kind: 'liveness' | 'startup'): void {
  kev(k, 'Normal', 'Killing', `Container ${k.spec.name} failed ${kind} probe, will be restarted`);
  k.c.exitAt = now(k);
  k.c.exit = { code: 137, reason: 'Error' };
}

/** Runs one kind of probe; a liveness or startup probe failing failureThreshold times in a row kills the container. */
function probe(k: StageCtx, kind: 'readiness' | 'liveness' | 'startup'): void {
  const { c, spec } = k;
  const pr = kind === 'readiness' ? spec.readinessProbe : kind === 'liveness' ? spec.livenessProbe : spec.startupProbe;
  if (!pr) return;
  const out = runProbe(k.world, k.p, k.pod.spec.containers, pr);
  const label = kind === 'readiness' ? 'Readiness' : kind === 'liveness' ? 'Liveness' : 'Startup';
  if (!out.ok) {
    kev(k, 'Warning', 'Unhealthy', `${label} probe failed: ${out.output}`);
    klog(k.world, k.world.hosts[k.node.host], 'kubelet', 'I', 'prober.go:107', `"Probe failed" probeType=${q(label)} pod=${q(`${k.pod.metadata.namespace}/${k.pod.metadata.name}`)} podUID=${q(k.pod.metadata.uid!)} containerName=${q(spec.name)} probeResult="failure" output=${q(out.output)}`);
  }
  if (kind === 'startup') {
    if (out.ok) {
      c.started = true;
      c.startedProbeAt = now(k);
    } else if (++c.startFails! >= (pr.failureThreshold ?? 3)) killForProbe(k, 'startup');
    return;
  }
  if (kind === 'readiness') {
    if (out.ok) {
      c.failStreak = 0;
      if (++c.readyStreak >= (pr.successThreshold ?? 1)) c.ready = true;
    } else {
      c.readyStreak = 0;
      if (++c.failStreak >= (pr.failureThreshold ?? 3)) c.ready = false;
    }
    return;
  }
  if (out.ok) c.liveFails = 0;
  else if (++c.liveFails >= (pr.failureThreshold ?? 3)) killForProbe(k, 'liveness');
}

/** A running container: sockets open when it is up, probes at their periods, and its own exit. */
const running: Stage = (k) => {
  const { c, spec, world } = k;
  openSockets(world, k.p, c);
  const started = c.startedAt ?? now(k);
  if (c.exitAt === undefined || now(k) < c.exitAt) {
    if (now(k) >= c.probeAt) {
      if (c.started === false) {
        if (nextRun(spec.startupProbe, started, now(k) - 1) <= now(k)) probe(k, 'startup');
      } else {
        // After a startup probe, the others run from its success on their own periods.
        const from = c.startedProbeAt ?? started;
        if (nextRun(spec.readinessProbe, from, now(k) - 1) <= now(k)) probe(k, 'readiness');
        if (nextRun(spec.livenessProbe, from, now(k) - 1) <= now(k)) probe(k, 'liveness');
      }
    }
    const from = c.startedProbeAt ?? started;
    c.probeAt = c.started === false ? nextRun(spec.startupProbe, started, now(k)) : Math.min(nextRun(spec.readinessProbe, from, now(k)), nextRun(spec.livenessProbe, from, now(k)));
  }
  if (c.exitAt !== undefined && now(k) >= c.exitAt) return exited(k);
  const listen = c.listenAt !== undefined && c.listenAt > now(k) ? c.listenAt : NEVER;
  c.phase = 'running';
  c.due = Math.min(c.exitAt ?? NEVER, listen, c.probeAt);
};

/** The process ended: restart per restartPolicy after the back-off, or stay terminated. */
function exited(k: StageCtx): void {
  const { c, spec, world, pod } = k;
  const at = c.exitAt ?? now(k);
  const exit = c.exit ?? { code: 0, reason: 'Completed' };
  stopContainer(world, k.p, c);
  c.logs.push(...exitLogs(k.rt, spec, c.env ?? {}, exit.reason, at));
  c.previous = { id: c.id!, logs: c.logs, exitCode: exit.code, reason: exit.reason, startedAt: c.startedAt!, finishedAt: at, attempt: c.restartCount };
  c.ready = false;
  c.exitAt = undefined;
  c.exit = undefined;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Never' || (policy === 'OnFailure' && exit.code === 0)) {
    c.phase = 'done';
    c.due = NEVER;
    return;
  }
  const b = TIMINGS.crashLoopBackOff;
  if (at - (c.startedAt ?? at) > b.resetAfterMs) c.crashBackoff = 0;
  if (!c.crashBackoff) {
    c.retryAt = at + TIMINGS.syncAfterErrorMs;
    c.crashBackoff = b.initialMs;
  } else {
    c.retryAt = at + c.crashBackoff;
    c.crashBackoff = Math.min(c.crashBackoff * 2, b.maxMs);
  }
  enter(k, 'crash-backoff', TIMINGS.syncAfterErrorMs);
}

/** Between restarts: CrashLoopBackOff until the back-off ends, then a new container. */
const crashBackOff: Stage = (k) => {
  const { c, spec } = k;
  if (now(k) >= c.retryAt) {
    c.restartCount++;
    c.reason = undefined;
    c.message = undefined;
    return pull(k);
  }
  const wait = c.retryAt - (c.previous?.finishedAt ?? now(k));
  c.reason = 'CrashLoopBackOff';
  c.message = `back-off ${goDuration(wait)} restarting failed container=${spec.name} pod=${podRef(k)}`;
  kev(k, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${podRef(k)}`);
  syncError(k, 'CrashLoopBackOff', c.message);
  enter(k, 'crash-backoff', Math.min(c.retryAt - now(k), TIMINGS.resyncMs));
};

/** Phase -> what the kubelet does when the phase's time comes. */
export const STAGES: Record<ContainerPhase, Stage> = {
  pull,
  pulling,
  'pull-backoff': pullBackOff,
  create,
  'config-error': create,
  running,
  'crash-backoff': crashBackOff,
  done: () => undefined,
};

export function newContainer(name: string, at: number): ContainerRuntime {
  return { name, phase: 'pull', due: at, pullBackoff: 0, crashBackoff: 0, retryAt: 0, restartCount: 0, ready: false, probeAt: NEVER, readyStreak: 0, failStreak: 0, liveFails: 0, logs: [] };
}

// The kubelet of every node, one pass per tick: the node's lease and status (when it can
// reach the API server), its pods' sandboxes (network namespace, address), each
// container's stage (kubelet-stages.ts), graceful termination, and the pod status it
// writes back. A stopped kubelet does nothing: its containers keep running under
// containerd, its lease expires and the node controller takes over.
import { probe } from '../../net/engine.js';
import { L2View } from '../../net/l2.js';
import { parseIp } from '../../net/ip.js';
import { formatRfc3339, formatRfc3339Micro, wallMs } from '../../clock.js';
import type { Host, World } from '../../world/types.js';
import { missingVolume, stopContainer } from '../container.js';
import { ensureMirrorPods, hostUnitOf } from '../host-pods.js';
import { hex64 } from '../images.js';
import { missingPullSecrets } from '../image-pull.js';
import { allocatePodIp, createPodNetwork, removePodNetwork } from '../pod-network.js';
import type { ClusterRuntime, ContainerRuntime, NodeRuntime, PodRuntime } from '../runtime.js';
import { deleteObject, getObject, updateObject, writesTo } from '../store.js';
import type { Cluster, ContainerStatus, Node, NodeCondition, Pod, PodCondition } from '../types.js';
import { allPods, bytes, event, sameJson, stamp } from './common.js';
import type { ControlPlane } from './control-plane.js';
import { runEvictionManager } from './eviction.js';
import { klog, q } from './klog.js';
import { newContainer, STAGES, TIMINGS, type StageCtx } from './kubelet-stages.js';

const LEASE_RENEW_MS = 10_000;
const STATUS_REPORT_MS = 5 * 60_000;
const API_CHECK_MS = 10_000;
const FAILED_MOUNT_RETRY_MS = 2 * 60_000;
/** Memory the node's own processes use (systemd, containerd, kubelet). */
export const SYSTEM_MEMORY = 600 * 1024 * 1024;
export const SYSTEM_CPU = 120;

/** Whether the kubelet on `node` can talk to the API server (a TCP connect, checked every 10 s). */
function apiReachable(world: World, rt: ClusterRuntime, node: NodeRuntime, cp: ControlPlane, l2: () => L2View): boolean {
  if (world.now - node.api.at < API_CHECK_MS) return node.api.ok;
  const api = rt.config.apiServer;
  const r = probe(world, node.host, { dst: parseIp(api.ip)!, proto: 'tcp', dport: api.port }, { l2: l2() });
  const url = `https://${api.ip}:${api.port}/api/v1/nodes/${node.host}?timeout=10s`;
  let error: string | undefined;
  if (r.kind === 'reply' && r.tcp === 'syn-ack' && r.service) error = cp.etcd ? undefined : `Get ${q(url)}: context deadline exceeded`;
  else if (r.kind === 'timeout') error = `Get ${q(url)}: dial tcp ${api.ip}:${api.port}: i/o timeout`;
  else if (r.kind === 'icmp' && r.type !== 'port-unreachable') error = `Get ${q(url)}: dial tcp ${api.ip}:${api.port}: connect: no route to host`;
  else if (r.kind === 'local') error = `Get ${q(url)}: dial tcp ${api.ip}:${api.port}: connect: network is unreachable`;
  else error = `Get ${q(url)}: dial tcp ${api.ip}:${api.port}: connect: connection refused`;
  node.api = { at: world.now, ok: !error, ...(error ? { error } : {}) };
  if (error) klog(world, world.hosts[node.host], 'kubelet', 'E', 'kubelet_node_status.go:549', `"Error updating node status, will retry" err=${q(`error getting node "${node.host}": ${error}`)}`);
  return !error;
}

function condition(type: string, ok: boolean, reasons: [string, string, string, string]): [string, NodeCondition['status'], string, string] {
  return ok ? [type, 'False', reasons[0], reasons[1]] : [type, 'True', reasons[2], reasons[3]];
}

/** Memory each node's pods and system use, in bytes. */
export function memoryByNode(rt: ClusterRuntime): Map<string, number> {
  const used = new Map<string, number>();
  for (const n of Object.keys(rt.nodes)) used.set(n, SYSTEM_MEMORY);
  for (const p of Object.values(rt.pods)) {
    for (const c of p.containers) if (c.phase === 'running' && c.memory) used.set(p.node, (used.get(p.node) ?? 0) + c.memory);
  }
  return used;
}

/** The conditions the kubelet reports: pressure from the host's memory and disk, readiness from containerd. */
function nodeConditions(obj: Node, host: Host, memoryUsed: number): [string, NodeCondition['status'], string, string][] {
  const capacity = bytes(obj.status.capacity?.memory);
  const memoryOk = !capacity || capacity - memoryUsed >= 100 * 1024 * 1024;
  const diskOk = host.disk.usedMb < host.disk.sizeMb * 0.9;
  const runtimeOk = host.units.containerd?.state === 'active';
  return [
    condition('MemoryPressure', memoryOk, ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available']),
    condition('DiskPressure', diskOk, ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'KubeletHasDiskPressure', 'kubelet has disk pressure']),
    condition('PIDPressure', true, ['KubeletHasSufficientPID', 'kubelet has sufficient PID available', '', '']),
    runtimeOk ? ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'] : ['Ready', 'False', 'KubeletNotReady', 'container runtime is down'],
  ];
}

/** Every 10 s: renews the node's lease and posts its status when a condition changed (or every 5 min). */
function postNodeStatus(world: World, node: NodeRuntime, host: Host, memory: () => Map<string, number>): void {
  if (world.now - node.leaseRenewedAt < LEASE_RENEW_MS) return;
  const c = world.cluster!;
  const lease = getObject(c, 'Lease', 'kube-node-lease', node.host);
  if (lease) {
    lease.spec.renewTime = formatRfc3339Micro(wallMs(world.now));
    updateObject(world, lease);
  }
  node.leaseRenewedAt = world.now;
  const obj = getObject(c, 'Node', undefined, node.host);
  if (!obj) return;
  const wanted = nodeConditions(obj, host, memory().get(node.host) ?? SYSTEM_MEMORY);
  const current = obj.status.conditions ?? [];
  const changed = wanted.some(([type, status]) => current.find((x) => x.type === type)?.status !== status);
  if (!changed && world.now - node.statusPostedAt < STATUS_REPORT_MS) return;
  const now = stamp(world);
  const wasReady = current.find((x) => x.type === 'Ready')?.status === 'True';
  obj.status.conditions = wanted.map(([type, status, reason, message]) => {
    const old = current.find((x) => x.type === type);
    return { type, status, lastHeartbeatTime: now, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now, reason, message };
  });
  updateObject(world, obj);
  node.statusPostedAt = world.now;
  const ready = wanted.find(([type]) => type === 'Ready')![1] === 'True';
  if (ready && !wasReady) event(world, obj, { type: 'Normal', reason: 'NodeReady', message: `Node ${node.host} status is now: NodeReady`, component: 'kubelet', host: node.host });
  for (const [type, status, reason] of wanted) {
    if (type !== 'Ready' && status === 'True' && current.find((x) => x.type === type)?.status !== 'True') {
      event(world, obj, { type: 'Normal', reason: `NodeHas${reason.replace(/^KubeletHas/, '')}`, message: `Node ${node.host} status is now: NodeHas${reason.replace(/^KubeletHas/, '')}`, component: 'kubelet', host: node.host });
    }
  }
}

/** Stops every container of the pod and removes its sandbox. */
function teardown(world: World, rt: ClusterRuntime, node: NodeRuntime, p: PodRuntime): void {
  for (const c of p.containers) if (c.phase === 'running') stopContainer(world, p, c);
  removePodNetwork(world, p.host);
  if (node.allocated[p.ip] === p.uid) delete node.allocated[p.ip];
  delete rt.pods[p.uid];
}

function createSandbox(world: World, rt: ClusterRuntime, node: NodeRuntime, pod: Pod): PodRuntime | undefined {
  const uid = pod.metadata.uid!;
  const ip = allocatePodIp(node, uid);
  if (!ip) return undefined;
  rt.seq++;
  const host = createPodNetwork(world, rt, node, pod, ip);
  const p: PodRuntime = {
    uid, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, node: node.host, host, ip,
    sandboxId: `${(rt.seq * 2654435761 >>> 0).toString(16).padStart(8, '0')}${uid.replaceAll('-', '')}`.slice(0, 64).padEnd(64, '0'),
    createdAt: world.now, containers: pod.spec.containers.map((c) => newContainer(c.name, world.now)),
  };
  rt.pods[uid] = p;
  return p;
}

const at = (ms: number | undefined) => formatRfc3339(wallMs(ms ?? 0));

function containerStatus(world: World, rt: ClusterRuntime, pod: Pod, p: PodRuntime | undefined, name: string, image: string): ContainerStatus {
  const c = p?.containers.find((x) => x.name === name);
  const s: ContainerStatus = { name, image, imageID: '', ready: false, restartCount: c?.restartCount ?? 0, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} };
  if (!c) return s;
  if (c.imageId && c.id) s.imageID = c.imageId;
  if (c.previous) {
    s.lastState = { terminated: { exitCode: c.previous.exitCode, reason: c.previous.reason, startedAt: at(c.previous.startedAt), finishedAt: at(c.previous.finishedAt), containerID: `containerd://${c.previous.id}` } };
  }
  if (c.phase === 'running' && c.id) {
    s.containerID = `containerd://${c.id}`;
    s.state = { running: { startedAt: at(c.startedAt) } };
    s.ready = c.ready && c.started !== false;
    s.started = c.started !== false;
  } else if ((c.phase === 'crash-backoff' && !c.reason) || c.phase === 'done') {
    s.containerID = `containerd://${c.previous!.id}`;
    s.state = { terminated: { exitCode: c.previous!.exitCode, reason: c.previous!.reason, startedAt: at(c.previous!.startedAt), finishedAt: at(c.previous!.finishedAt), containerID: `containerd://${c.previous!.id}` } };
    if (c.phase === 'done' && c.restartCount === 0) s.lastState = {};
  } else {
    if (c.previous) s.containerID = `containerd://${c.previous.id}`;
    s.state = { waiting: c.reason ? { reason: c.reason, ...(c.message ? { message: c.message } : {}) } : { reason: 'ContainerCreating' } };
  }
  void world;
  void rt;
  void pod;
  return s;
}


/** A condition of the pod's new status: its transition time kept while its status stays. */
function podCondition(old: NonNullable<Pod['status']>, now: string, type: string, ok: boolean, reason?: string): PodCondition {
  const prev = old.conditions?.find((c) => c.type === type);
  const status = ok ? 'True' : 'False';
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : now };
  if (reason && !ok) c.reason = reason;
  return c;
}

/** The status the kubelet reports for a pod it runs. */
function podStatus(world: World, rt: ClusterRuntime, node: NodeRuntime, pod: Pod, p: PodRuntime | undefined): Pod['status'] {
  const old = pod.status ?? {};
  const statuses = pod.spec.containers.map((c) => containerStatus(world, rt, pod, p, c.name, c.image));
  const containers = p?.containers ?? [];
  const everStarted = containers.length > 0 && containers.every((c) => c.startedAt !== undefined || c.previous);
  const allDone = containers.length > 0 && containers.every((c) => c.phase === 'done');
  let phase: NonNullable<Pod['status']>['phase'] = everStarted ? 'Running' : 'Pending';
  if (allDone) phase = containers.every((c) => c.previous?.exitCode === 0) ? 'Succeeded' : 'Failed';
  const ready = statuses.every((s) => s.ready);
  const now = stamp(world);
  const conditions: PodCondition[] = [
    podCondition(old, now, 'PodReadyToStartContainers', !!p),
    podCondition(old, now, 'Initialized', true),
    podCondition(old, now, 'Ready', ready, allDone ? 'PodCompleted' : 'ContainersNotReady'),
    podCondition(old, now, 'ContainersReady', ready, allDone ? 'PodCompleted' : 'ContainersNotReady'),
    podCondition(old, now, 'PodScheduled', true),
  ];
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  for (const c of conditions) {
    if ((c.type === 'Ready' || c.type === 'ContainersReady') && c.status === 'False' && !allDone) c.message = `containers with unready status: [${notReady.join(' ')}]`;
  }
  const hostIP = node.ip;
  const status: NonNullable<Pod['status']> = { phase, conditions, hostIP, hostIPs: [{ ip: hostIP }] };
  if (p) {
    status.podIP = p.ip;
    status.podIPs = [{ ip: p.ip }];
  }
  status.startTime = old.startTime ?? now;
  if (old.qosClass) status.qosClass = old.qosClass;
  status.containerStatuses = statuses;
  return status;
}

function writeStatus(world: World, rt: ClusterRuntime, node: NodeRuntime, pod: Pod, p: PodRuntime | undefined): void {
  const status = podStatus(world, rt, node, pod, p);
  // Compared with the pod's status in the API, not with what this kubelet last wrote: a status
  // changed by another (the node controller marking the pod NotReady) is put right (needsReconcile).
  if (sameJson(pod.status, status)) return;
  pod.status = status;
  updateObject(world, pod);
}

/** What each unit-backed pod's status was last made from (a cache: not part of the world). */
const unitPodsSeen = new WeakMap<Pod, string>();

/** A pod whose container is a unit of the node (hostNetwork): Running and ready while the unit is active. */
function syncHostUnitPod(world: World, node: NodeRuntime, pod: Pod, unitName: string): void {
  const unit = world.hosts[node.host]?.units[unitName];
  const up = unit?.state === 'active';
  // Nothing to write while neither the unit nor the pod changed since the last look.
  const seen = `${up}|${unit?.activeAt}|${unit?.since}|${pod.metadata.resourceVersion}`;
  if (unitPodsSeen.get(pod) === seen) return;
  const at = formatRfc3339(wallMs(unit?.activeAt ?? unit?.since ?? 0));
  const old = pod.status ?? {};
  const now = stamp(world);
  const cond = (type: string, ok: boolean): PodCondition => {
    const prev = old.conditions?.find((c) => c.type === type);
    const status = ok ? 'True' : 'False';
    return { type, status, lastProbeTime: null, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : now, ...(ok || type === 'PodReadyToStartContainers' || type === 'Initialized' || type === 'PodScheduled' ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${unitName}]` }) };
  };
  const c = pod.spec.containers[0];
  const repo = c.image.replace(/:[^:/]+$/, '');
  const id = hex64(`unit:${node.host}:${unitName}:${unit?.activeAt ?? 0}`);
  const prev = old.containerStatuses?.[0];
  const restarts = (prev?.restartCount ?? 0) + (prev?.state.running && !up ? 1 : 0);
  const status: Pod['status'] = {
    phase: 'Running',
    conditions: [cond('PodReadyToStartContainers', true), cond('Initialized', true), cond('Ready', up), cond('ContainersReady', up), cond('PodScheduled', true)],
    hostIP: node.ip, hostIPs: [{ ip: node.ip }], podIP: node.ip, podIPs: [{ ip: node.ip }],
    startTime: old.startTime ?? at,
    qosClass: old.qosClass ?? 'Burstable',
    containerStatuses: [{
      name: c.name, image: c.image, imageID: `${repo}@sha256:${hex64(`manifest:${c.image}`)}`, containerID: `containerd://${id}`,
      ready: up, started: up, restartCount: restarts,
      state: up ? { running: { startedAt: at } } : { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` } },
      lastState: up ? (prev?.lastState ?? {}) : { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: formatRfc3339(wallMs(unit?.since ?? 0)), containerID: `containerd://${id}` } },
    }],
  };
  if (!sameJson(status, pod.status)) {
    pod.status = status;
    updateObject(world, pod);
  }
  unitPodsSeen.set(pod, `${up}|${unit?.activeAt}|${unit?.since}|${pod.metadata.resourceVersion}`);
}

/** What of a container's state its status in the API is made of. */
const STATUS_INPUTS = ['phase', 'reason', 'message', 'ready', 'started', 'restartCount', 'id', 'startedAt', 'imageId', 'previous'] as const;

const statusInputs = (c: ContainerRuntime) => STATUS_INPUTS.map((k) => c[k]);

/** Whether the container's status inputs are still `before` (a previous container is replaced, never changed). */
const sameInputs = (c: ContainerRuntime, before: unknown[]) => STATUS_INPUTS.every((k, i) => c[k] === before[i]);

function syncPod(world: World, rt: ClusterRuntime, node: NodeRuntime, pod: Pod, api: boolean, runtimeUp: boolean): void {
  const uid = pod.metadata.uid!;
  const unitName = hostUnitOf(pod);
  if (unitName) {
    if (!api) return;
    if (pod.metadata.deletionTimestamp) deleteObject(world, 'Pod', pod.metadata.namespace, pod.metadata.name);
    else syncHostUnitPod(world, node, pod, unitName);
    return;
  }
  let p: PodRuntime | undefined = rt.pods[uid];
  // The usual case: a running pod written as it is, none of its containers due.
  if (p && p.rv === pod.metadata.resourceVersion && !p.finished && !p.containers.some((c) => c.due <= world.now)) return;
  if (pod.metadata.deletionTimestamp) {
    if (!p) {
      if (api) deleteObject(world, 'Pod', pod.metadata.namespace, pod.metadata.name);
      return;
    }
    if (p.killAt === undefined) {
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
      p.killAt = world.now + Math.min(grace, TIMINGS.stopMs);
      for (const c of p.containers) {
        if (c.phase === 'running') event(world, pod, { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, component: 'kubelet', host: node.host, fieldPath: `spec.containers{${c.name}}` });
      }
    }
    if (world.now >= p.killAt && api) {
      teardown(world, rt, node, p);
      deleteObject(world, 'Pod', pod.metadata.namespace, pod.metadata.name);
    }
    return;
  }
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
    // Its sandbox goes; its exited containers (and their logs) stay until the pod is deleted.
    if (p && !p.finished) {
      for (const c of p.containers) if (c.phase === 'running') stopContainer(world, p, c);
      removePodNetwork(world, p.host);
      if (node.allocated[p.ip] === p.uid) delete node.allocated[p.ip];
      p.finished = true;
      // The host name is free for another pod's network namespace.
      p.host = '';
    }
    return;
  }
  if (!p) {
    if (!api || !runtimeUp) return;
    const mount = missingVolume(world, pod);
    if (mount) {
      const retry = (rt.scheduler[`mount:${uid}`]?.at ?? -Infinity) + FAILED_MOUNT_RETRY_MS;
      if (world.now >= retry) {
        event(world, pod, { type: 'Warning', reason: 'FailedMount', message: mount, component: 'kubelet', host: node.host });
        rt.scheduler[`mount:${uid}`] = { at: world.now, fingerprint: '' };
      }
      writeStatus(world, rt, node, pod, undefined);
      return;
    }
    delete rt.scheduler[`mount:${uid}`];
    const missing = missingPullSecrets(world, pod);
    if (missing.length) event(world, pod, { type: 'Warning', reason: 'FailedToRetrieveImagePullSecret', message: `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`, component: 'kubelet', host: node.host });
    p = createSandbox(world, rt, node, pod);
    if (!p) return;
  }
  let touched = p.rv !== pod.metadata.resourceVersion;
  if (runtimeUp) {
    for (let i = 0; i < pod.spec.containers.length; i++) {
      const spec = pod.spec.containers[i];
      const c = p.containers.find((x) => x.name === spec.name);
      if (!c) continue;
      const k: StageCtx = { world, rt, node, pod, p, spec, c };
      // Most stages (a probe that passes again) change nothing the status shows.
      const before = touched ? undefined : statusInputs(c);
      for (let guard = 0; guard < 8 && c.due <= world.now; guard++) STAGES[c.phase](k);
      if (before && !sameInputs(c, before)) touched = true;
    }
  }
  if (api && touched) {
    writeStatus(world, rt, node, pod, p);
    p.rv = pod.metadata.resourceVersion;
  }
}

interface PodIndex {
  writes: string;
  /** Per node, the pods whose containers the kubelet runs (not the host-unit ones). */
  byNode: Map<string, Pod[]>;
  /** Per node, the pods that are a view of one of its units (static pods, kube-proxy). */
  unitPods: Map<string, Pod[]>;
  uids: Set<string>;
  /** The API reachability per node when orphaned sandboxes were last looked for. */
  sweptWith?: string;
}

/** Pods by node, and every pod's uid: rebuilt after a pod was written (a cache, not part of the world). */
const podIndexes = new WeakMap<Cluster, PodIndex>();

function podIndex(world: World): PodIndex {
  const c = world.cluster!;
  const writes = writesTo(c, ['Pod']);
  let idx = podIndexes.get(c);
  if (idx?.writes === writes) return idx;
  idx = { writes, byNode: new Map(), unitPods: new Map(), uids: new Set() };
  for (const pod of allPods(world)) {
    idx.uids.add(pod.metadata.uid!);
    const n = pod.spec.nodeName;
    if (!n) continue;
    const lists = hostUnitOf(pod) ? idx.unitPods : idx.byNode;
    let list = lists.get(n);
    if (!list) lists.set(n, (list = []));
    list.push(pod);
  }
  podIndexes.set(c, idx);
  return idx;
}

/** When a node's pods next need the kubelet, and under which conditions that was worked out. */
interface NodeQuiet {
  writes: string;
  api: boolean;
  runtimeUp: boolean;
  until: number;
}

const quietNodes = new WeakMap<NodeRuntime, NodeQuiet>();

/**
 * The earliest a pod needs its kubelet again: now when it has no sandbox yet, is being deleted or
 * has a status to write; never once finished; else when its first container is due.
 */
function nextDue(rt: ClusterRuntime, pod: Pod): number {
  const p = rt.pods[pod.metadata.uid!];
  if (!p || pod.metadata.deletionTimestamp || p.rv !== pod.metadata.resourceVersion) return -Infinity;
  if (p.finished) return Infinity;
  let due = Infinity;
  for (const c of p.containers) due = Math.min(due, c.due);
  return due;
}

/** Runs every node's kubelet for this tick. */
export function runKubelets(world: World, rt: ClusterRuntime, cp: ControlPlane): void {
  const idx = podIndex(world);
  const { byNode, uids: byUid } = idx;
  let memory: Map<string, number> | undefined;
  const memoryUsed = () => (memory ??= memoryByNode(rt));
  const api = new Map<string, boolean>();
  // Every kubelet checks the API server at the same instant: one view of the wiring serves them all.
  let wiring: L2View | undefined;
  const l2 = () => (wiring ??= new L2View(world));
  for (const node of Object.values(rt.nodes)) {
    const host = world.hosts[node.host];
    if (!host || host.units.kubelet?.state !== 'active') continue;
    const ok = cp.apiServing && apiReachable(world, rt, node, cp, l2);
    api.set(node.host, ok);
    if (ok) postNodeStatus(world, node, host, memoryUsed);
  }
  // Sandboxes of pods deleted from the API (force-deleted, or gone with their namespace): only
  // a pod write or a kubelet reaching the API again can make one.
  const reach = [...api].join();
  if (idx.sweptWith !== reach) {
    for (const p of Object.values(rt.pods)) {
      if (!byUid.has(p.uid) && api.get(p.node)) teardown(world, rt, rt.nodes[p.node], p);
    }
    idx.sweptWith = reach;
  }
  for (const node of Object.values(rt.nodes)) {
    const ok = api.get(node.host);
    if (ok === undefined) continue;
    const runtimeUp = world.hosts[node.host].units.containerd?.state === 'active';
    for (const pod of idx.unitPods.get(node.host) ?? []) syncPod(world, rt, node, pod, ok, runtimeUp);
    // A node none of whose pods is due, with no pod written since that was worked out, has nothing to do.
    const quiet = quietNodes.get(node);
    const pods = byNode.get(node.host) ?? [];
    if (!(quiet && quiet.writes === idx.writes && quiet.api === ok && quiet.runtimeUp === runtimeUp && world.now < quiet.until)) {
      for (const pod of pods) syncPod(world, rt, node, pod, ok, runtimeUp);
      let until = Infinity;
      for (const pod of pods) until = Math.min(until, nextDue(rt, pod));
      quietNodes.set(node, { writes: idx.writes, api: ok, runtimeUp, until });
    }
    if (ok && rt.config.controlPlane.includes(node.host)) for (const pod of ensureMirrorPods(world, node.host, node.ip, rt.config.version)) syncPod(world, rt, node, pod, ok, runtimeUp);
    if (ok) runEvictionManager(world, rt, node);
  }
}

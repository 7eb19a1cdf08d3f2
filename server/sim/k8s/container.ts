// A container's process: its environment as the kubelet builds it (ConfigMap and Secret
// references fail the way kubelet reports them), the sockets it opens in the pod's network
// namespace (a unit on the pod host, so the packet engine, ss and curl find it), what it
// logs, and when it exits by itself: a missing variable, a crash, or the OOM killer when
// its working set is over the memory limit.
import { wallMs } from '../clock.js';
import { goFormatTime } from '../go-time.js';
import type { Ip } from '../net/ip.js';
import { parseResolvConf } from '../net/resolver.js';
import type { App, Host, Listener, Unit, World } from '../world/types.js';
import { bytes, containerLimit, milli } from './controllers/common.js';
import { behaviourOf, parseImageRef } from './images.js';
import { NEVER, type ClusterRuntime, type ContainerRuntime, type LogLine, type PodRuntime } from './runtime.js';
import { getObject } from './store.js';
import type { Container, Pod } from './types.js';

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; message: string };

function decode(b64: string): string {
  try {
    return atob(b64);
  } catch {
    return '';
  }
}

function fieldValue(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata[m[1] as 'labels' | 'annotations']?.[m[2]] ?? '';
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name, 'metadata.namespace': pod.metadata.namespace, 'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName, 'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': pod.status?.podIP, 'status.hostIP': pod.status?.hostIP,
  };
  return fields[path] ?? '';
}

/** The container's environment from its spec (kubelet's makeEnvironmentVariables), or the error that stops it. */
export function resolveEnv(world: World, pod: Pod, c: Container): EnvResult {
  const ns = pod.metadata.namespace ?? 'default';
  const cluster = world.cluster!;
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const isCm = !!from.configMapRef;
    const obj = isCm ? getObject(cluster, 'ConfigMap', ns, ref.name) : getObject(cluster, 'Secret', ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      return { ok: false, message: `${isCm ? 'configmap' : 'secret'} "${ref.name}" not found` };
    }
    const data = (obj as { data?: Record<string, string> }).data ?? {};
    for (const [k, v] of Object.entries(data)) env[(from.prefix ?? '') + k] = isCm ? v : decode(v);
  }
  for (const e of c.env ?? []) {
    const vf = e.valueFrom;
    if (!vf) {
      env[e.name] = e.value ?? '';
      continue;
    }
    if (vf.configMapKeyRef || vf.secretKeyRef) {
      const ref = (vf.configMapKeyRef ?? vf.secretKeyRef)!;
      const isCm = !!vf.configMapKeyRef;
      const obj = isCm ? getObject(cluster, 'ConfigMap', ns, ref.name) : getObject(cluster, 'Secret', ns, ref.name);
      if (!obj) {
        if (ref.optional) continue;
        return { ok: false, message: `${isCm ? 'configmap' : 'secret'} "${ref.name}" not found` };
      }
      const data = (obj as { data?: Record<string, string> }).data ?? {};
      if (!Object.hasOwn(data, ref.key)) {
        if (ref.optional) continue;
        return { ok: false, message: `couldn't find key ${ref.key} in ${isCm ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}` };
      }
      env[e.name] = isCm ? data[ref.key] : decode(data[ref.key]);
    } else if (vf.fieldRef) env[e.name] = fieldValue(pod, vf.fieldRef.fieldPath);
    else if (vf.resourceFieldRef) {
      const r = vf.resourceFieldRef.resource;
      env[e.name] = r.endsWith('cpu') ? String(Math.ceil((containerLimit(c, 'cpu') || 1000) / 1000)) : String(containerLimit(c, 'memory'));
    }
  }
  return { ok: true, env };
}

/** Volumes the pod cannot mount: a ConfigMap or Secret that is not there (FailedMount). */
export function missingVolume(world: World, pod: Pod): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const v of pod.spec.volumes ?? []) {
    if (v.configMap && !v.configMap.optional && !getObject(world.cluster!, 'ConfigMap', ns, v.configMap.name)) {
      return `MountVolume.SetUp failed for volume "${v.name}" : configmap "${v.configMap.name}" not found`;
    }
    if (v.secret && !v.secret.optional && !getObject(world.cluster!, 'Secret', ns, v.secret.secretName)) {
      return `MountVolume.SetUp failed for volume "${v.name}" : secret "${v.secret.secretName}" not found`;
    }
  }
  return undefined;
}

/** A log line of the image as the program writes it at world time `at`: `{env.NAME}` and `{time:GO_LAYOUT}` filled. */
const logLine = (line: string, env: Record<string, string>, at: number): LogLine => ({
  at,
  text: line.replace(/\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k: string) => env[k] ?? '').replace(/\{time:([^}]*)\}/g, (_, layout: string) => goFormatTime(layout, wallMs(at))),
});

function listenersOf(rt: ClusterRuntime, pod: Pod, c: Container, nodeHost: Host): Listener[] {
  const ref = parseImageRef(c.image);
  const b = ref ? behaviourOf(rt.images, ref) : {};
  const out: Listener[] = [];
  const process = c.command?.[0]?.split('/').pop() ?? ref?.path.split('/').pop() ?? c.name;
  for (const l of b.listen ?? []) {
    const m = /^(?:(tcp|udp)\s+)?(\d+)$/.exec(String(l).trim());
    if (!m) continue;
    const proto = (m[1] ?? 'tcp') as 'tcp' | 'udp';
    const port = Number(m[2]);
    let app: App;
    if (b.dns === 'cluster' && port === 53) {
      const forwarders: Ip[] = parseResolvConf(nodeHost.files['/etc/resolv.conf']).nameservers;
      app = { kind: 'dns', zones: [], forwarders, cluster: { domain: rt.config.domain } };
    } else if (b.http && proto === 'tcp') {
      const routes = Object.entries(b.http.routes ?? {}).map(([path, r]) => ({ path, status: r.status ?? 200, body: r.body ?? '', contentType: r.type }));
      app = { kind: 'http', server: b.http.server ?? 'nginx/1.27.3', routes };
    } else app = { kind: 'tcp', behaviour: 'open' };
    out.push({ proto, addr: 0, port, process, pid: 1, app });
  }
  void pod;
  return out;
}

/** Starts a new instance of the container: its unit on the pod host, its first log lines, its planned exit. */
export function startContainer(world: World, rt: ClusterRuntime, p: PodRuntime, c: ContainerRuntime, pod: Pod, spec: Container, env: Record<string, string>): void {
  const ref = parseImageRef(spec.image);
  const b = ref ? behaviourOf(rt.images, ref) : {};
  const now = world.now;
  c.startedAt = now;
  c.logs = (b.logs ?? []).map((l) => logLine(l, env, now));
  c.exitAt = undefined;
  c.exit = undefined;
  let listenAt = now + (b.startSeconds ?? 0) * 1000;
  const missing = Object.entries(b.requireEnv ?? {}).find(([name]) => !env[name]);
  const limit = containerLimit(spec, 'memory');
  if (missing) {
    // The app checks its configuration before anything else: the error is all it logs.
    c.logs = missing[1].map((l) => logLine(l, env, now));
    c.exitAt = now + 200;
    c.exit = { code: 1, reason: 'Error' };
    // It fails its configuration check before it opens a socket.
    listenAt = NEVER;
  } else if (limit && bytes(b.memory) > limit) {
    c.exitAt = listenAt + 3000;
    c.exit = { code: 137, reason: 'OOMKilled' };
  } else if (b.exit) {
    c.exitAt = now + (b.exit.after ?? 0) * 1000;
    c.exit = { code: b.exit.code ?? 1, reason: (b.exit.code ?? 1) === 0 ? 'Completed' : 'Error' };
  }
  const host = world.hosts[p.host];
  const nodeHost = world.hosts[p.node];
  const unit: Unit = {
    name: spec.name, description: spec.name, state: listenAt <= now ? 'active' : 'inactive', enabled: false, since: now, activeAt: now, mainPid: 1,
    execStart: [...(spec.command ?? []), ...(spec.args ?? [])].join(' ') || (ref?.path.split('/').pop() ?? spec.name),
    listeners: listenersOf(rt, pod, spec, nodeHost), journal: [],
  };
  c.listenAt = listenAt;
  const use = usageOf(rt, spec, 0);
  c.cpu = use.cpu;
  c.memory = use.memory;
  host.units[spec.name] = unit;
}

/** The process is gone (exited, killed): its sockets close. */
export function stopContainer(world: World, p: PodRuntime, c: ContainerRuntime): void {
  const unit = world.hosts[p.host]?.units[c.name];
  if (unit) {
    unit.state = 'inactive';
    unit.since = world.now;
  }
}

/** Opens the container's sockets once it has started listening. */
export function openSockets(world: World, p: PodRuntime, c: ContainerRuntime): void {
  const unit = world.hosts[p.host]?.units[c.name];
  if (unit && unit.state !== 'active' && c.phase === 'running' && c.listenAt !== undefined && world.now >= c.listenAt) {
    unit.state = 'active';
    unit.since = world.now;
  }
}

/** Logs written when the process exits by itself (the image's exit lines), at `at`. */
export function exitLogs(rt: ClusterRuntime, spec: Container, env: Record<string, string>, reason: string, at: number): LogLine[] {
  if (reason !== 'Error' && reason !== 'Completed') return [];
  const ref = parseImageRef(spec.image);
  const b = ref ? behaviourOf(rt.images, ref) : {};
  if (Object.keys(b.requireEnv ?? {}).some((name) => !env[name])) return [];
  return (b.exit?.logs ?? []).map((l) => logLine(l, env, at));
}

/** CPU (millicores) and memory (bytes) a running container uses; `share` is its part of the owner's load. */
export function usageOf(rt: ClusterRuntime, spec: Container, share: number): { cpu: number; memory: number } {
  const ref = parseImageRef(spec.image);
  const b = ref ? behaviourOf(rt.images, ref) : {};
  const limit = containerLimit(spec, 'memory');
  const memory = bytes(b.memory ?? '8Mi');
  return { cpu: milli(b.cpu ?? '1m') + Math.round(milli(b.load) * share), memory: limit ? Math.min(memory, limit) : memory };
}

// crictl (cri-tools 1.32) on a Kubernetes node, talking to the node's containerd: `ps [-a]`,
// `pods`, `images`, `logs [--tail N] [-p] [-t] [--since T] [--limit-bytes N] ID`, `version`. Tables use crictl's tabwriter
// (minwidth 20, padding 3), ids are truncated to 13 characters, ages are go-units'
// HumanDuration (`2 minutes ago`), sizes its HumanSizeWithPrecision (`48.2MB`).
// Besides the pods the kubelet started, containerd runs the node's own pods (hostUnitOf): the
// static control-plane pods from the node's manifests and the kube-proxy pod, whose containers
// are the node's units (running while the unit is active).
import { formatRfc3339Nano, parseRfc3339, wallMs } from '../../sim/clock.js';
import { goParseTime, GO_RFC3339, type NanoTime } from '../../sim/go-time.js';
import { parseGoDuration } from '../../sim/k8s/duration.js';
import { hostUnitOf, mirrorPods } from '../../sim/k8s/host-pods.js';
import { hex64 } from '../../sim/k8s/images.js';
import { logNanos, runtimeOf, type ClusterRuntime, type LogLine, type NodeRuntime } from '../../sim/k8s/runtime.js';
import { getObject, listObjects } from '../../sim/k8s/store.js';
import type { Pod } from '../../sim/k8s/types.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { getopt } from '../getopt.js';
import { tabwrite } from './kubectl-tabwriter.js';
import { verbOf } from './reads.js';

const TABLE = { minwidth: 20, padding: 3 };
const SOCKET = 'unix:///run/containerd/containerd.sock';

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.floor(ms / 3_600_000 + 0.5);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** go-units HumanSizeWithPrecision(size, 3): decimal units, 3 significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${parseFloat(size.toPrecision(3))}${units[i]}`;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 13);

interface Row {
  id: string;
  image: string;
  created: number;
  state: 'Running' | 'Exited';
  name: string;
  attempt: number;
  podId: string;
  pod: string;
  namespace: string;
  logs: LogLine[];
}

/** Image sizes of the control-plane and kube-proxy images (as `crictl images` reports them). */
const HOST_IMAGE_SIZES: Record<string, number> = {
  etcd: 57_680_541, 'kube-apiserver': 28_671_624, 'kube-controller-manager': 26_259_392, 'kube-scheduler': 20_657_536, 'kube-proxy': 30_908_485,
};

interface HostPod {
  pod: Pod;
  unit: string;
  sandboxId: string;
  /** When its sandbox was made (the kubelet first started it). */
  created: number;
}

/** The node's own pods: its static pods (from its manifests, whatever the API shows) and the kube-proxy pod. */
function hostPods(ctx: CommandContext, rt: ClusterRuntime, node: NodeRuntime): HostPod[] {
  const c = ctx.world.cluster!;
  const pods: Pod[] = [];
  const nodeObj = getObject(c, 'Node', undefined, node.host);
  if (nodeObj && rt.config.controlPlane.includes(node.host)) pods.push(...mirrorPods(nodeObj, node.ip, rt.config.version, nodeObj.metadata.creationTimestamp ?? ''));
  for (const p of listObjects(c, 'Pod', 'kube-system')) if (p.spec.nodeName === node.host && hostUnitOf(p) === 'kube-proxy') pods.push(p);
  const out: HostPod[] = [];
  for (const pod of pods) {
    const unit = hostUnitOf(pod);
    if (!unit || !ctx.world.hosts[node.host]?.units[unit]) continue;
    // A static pod's uid is its manifest's hash; a mirror pod in the API (which may be newer) says when it started.
    const uid = pod.metadata.annotations?.['kubernetes.io/config.hash'] ?? pod.metadata.uid ?? '';
    const api = getObject(c, 'Pod', 'kube-system', pod.metadata.name);
    const started = api?.status?.startTime ?? pod.metadata.creationTimestamp;
    const created = (started ? parseRfc3339(started) : undefined) ?? wallMs(0);
    out.push({ pod, unit, sandboxId: hex64(`sandbox:${node.host}:${uid}`), created: created - wallMs(0) });
  }
  return out;
}

/** The containers of the node's own pods: the unit's process (Exited while the unit is down). */
function hostContainers(ctx: CommandContext, rt: ClusterRuntime, node: NodeRuntime): Row[] {
  return hostPods(ctx, rt, node).map(({ pod, unit, sandboxId }) => {
    const u = ctx.world.hosts[node.host].units[unit];
    const status = getObject(ctx.world.cluster!, 'Pod', 'kube-system', pod.metadata.name)?.status?.containerStatuses?.[0];
    const up = u.state === 'active';
    // The kubelet counts the exit as a restart already; the exited container kept its attempt.
    const restarts = status?.restartCount ?? 0;
    return {
      id: hex64(`unit:${node.host}:${unit}:${u.activeAt ?? 0}`), image: short(hex64(`config:${pod.spec.containers[0].image}`)),
      created: u.activeAt ?? u.since, state: up ? 'Running' : 'Exited', name: pod.spec.containers[0].name,
      attempt: up ? restarts : Math.max(0, restarts - 1), podId: sandboxId, pod: pod.metadata.name, namespace: 'kube-system', logs: [],
    };
  });
}

/** Every container containerd has on the node: current instances and the previous ones it keeps. */
function containers(ctx: CommandContext, rt: ClusterRuntime, node: NodeRuntime): Row[] {
  const rows: Row[] = hostContainers(ctx, rt, node);
  for (const p of Object.values(rt.pods)) {
    if (p.node !== node.host) continue;
    const pod = getObject(ctx.world.cluster!, 'Pod', p.namespace, p.name);
    for (const c of p.containers) {
      const spec = pod?.spec.containers.find((x) => x.name === c.name);
      const ref = spec?.image ?? '';
      const img = Object.entries(node.images).find(([full]) => full === ref || full.endsWith(`/${ref}`) || full === `docker.io/library/${ref}`)?.[1];
      const image = img ? short(img.id) : '';
      const base = { image, podId: p.sandboxId, pod: p.name, namespace: p.namespace };
      if (c.previous && c.previous.id !== c.id) rows.push({ ...base, id: c.previous.id, created: c.previous.startedAt, state: 'Exited', name: c.name, attempt: c.previous.attempt, logs: c.previous.logs });
      if (c.id && c.createdAt !== undefined) {
        const running = c.phase === 'running';
        if (running || !c.previous || c.previous.id !== c.id) rows.push({ ...base, id: c.id, created: c.createdAt, state: running ? 'Running' : 'Exited', name: c.name, attempt: c.restartCount, logs: c.logs });
      }
    }
  }
  return rows.sort((a, b) => b.created - a.created);
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

/**
 * crictl's --since (docker's GetTimestamp, then ParseTimestamps): a Go duration back from now in
 * whole seconds, a date or RFC 3339 time (UTC, the node's zone, when it has none), or Unix seconds[.fraction].
 */
function crictlSince(value: string, nowMs: number): { ok: true; time: NanoTime } | { ok: false; error: string } {
  const d = parseGoDuration(value);
  if (value !== '0' && d.ok) return { ok: true, time: { ms: Math.floor((nowMs - d.ms) / 1000) * 1000, ns: 0 } };
  const zoned = /[zZ+]/.test(value) || count(value, '-') === 3;
  let layout: string;
  if (value.includes('.')) layout = zoned ? '2006-01-02T15:04:05.999999999Z07:00' : '2006-01-02T15:04:05.999999999';
  else if (value.includes('T')) {
    const colons = count(value, ':') - (zoned && !/[zZ]/.test(value) && value.includes(':') ? 1 : 0);
    layout = ['2006-01-02T15', '2006-01-02T15:04'][colons] ?? '2006-01-02T15:04:05';
    if (zoned) layout = colons > 1 ? GO_RFC3339 : `${layout}Z07:00`;
  } else layout = zoned ? '2006-01-02Z07:00' : '2006-01-02';
  const t = goParseTime(layout, value);
  if (t.ok) return t;
  if (value.includes('-')) return t;
  const m = /^([+-]?\d+)(?:\.([+-]?\d+))?$/.exec(value);
  if (!m) return { ok: false, error: `failed to parse value as time or duration: "${value}"` };
  const frac = m[2] ? Math.trunc(Number(m[2]) * 10 ** (9 - m[2].length)) : 0;
  const ms = Number(m[1]) * 1000 + Math.floor(frac / 1_000_000);
  return { ok: true, time: { ms, ns: frac - Math.floor(frac / 1_000_000) * 1_000_000 } };
}

function fatal(ctx: CommandContext, msg: string): number {
  ctx.err(`FATA[0000] ${msg}\n`);
  return 1;
}

const USAGE = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options]

VERSION:
   v1.32.0

COMMANDS:
   attach              Attach to a running container
   create              Create a new container
   exec                Run a command in a running container
   version             Display runtime version information
   images, image, img  List images
   inspect             Display the status of one or more containers
   inspecti            Return the status of one or more images
   imagefsinfo         Return image filesystem info
   inspectp            Display the status of one or more pods
   logs                Fetch the logs of a container
   port-forward        Forward local port to a pod
   ps                  List containers
   pull                Pull an image from a registry
   run                 Run a new container inside a sandbox
   runp                Run a new pod
   rm                  Remove one or more containers
   rmi                 Remove one or more images
   rmp                 Remove one or more pods
   pods                List pods
   start               Start one or more created containers
   info                Display information of the container runtime
   stop                Stop one or more running containers
   stopp               Stop one or more running pods
   update              Update one or more running containers
   config              Get, set and list crictl configuration options
   stats               List container(s) resource usage statistics
   statsp              List pod statistics. Stats represent a structured API that will fulfill the Kubelet's /stats/summary endpoint.
   metricsp            List pod metrics. Metrics are unstructured key/value pairs gathered by CRI meant to replace cAdvisor's /metrics/cadvisor endpoint.
   metricdescs         List metric descriptors. Returns a list of metric descriptors for all metrics returned by ListPodSandboxMetrics.
   completion          Output shell completion code
   checkpoint          Checkpoint one or more running containers
   runtime-config      Retrieve the container runtime configuration
   events, event       Stream the events of containers
   update-runtime-config  Update the runtime configuration
   help, h             Shows a list of commands or help for one command
`;

function run(ctx: CommandContext): number {
  const [sub, ...args] = ctx.argv.slice(1);
  if (sub === undefined || sub === 'help' || sub === 'h' || sub === '--help' || sub === '-h') {
    ctx.out(USAGE);
    return 0;
  }
  const rt = runtimeOf(ctx.world);
  const node = rt?.nodes[ctx.host.name];
  const up = node && ctx.host.units.containerd?.state === 'active';
  const unavailable = `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: no such file or directory"`;
  if (ctx.session.user !== 'root') return fatal(ctx, `validate service connection: validate CRI v1 runtime API for endpoint "${SOCKET}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: permission denied"`);
  switch (sub) {
    case 'version':
      if (!up) return fatal(ctx, `validate service connection: validate CRI v1 runtime API for endpoint "${SOCKET}": ${unavailable}`);
      ctx.out('Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  1.7.24\nRuntimeApiVersion:  v1\n');
      return 0;
    case 'ps':
    case 'pods':
    case 'images':
    case 'image':
    case 'img':
    case 'logs':
      break;
    default:
      ctx.err(`crictl: no help topic for '${sub}'\n`);
      return 3;
  }
  const logFlags = sub === 'logs' ? [{ name: 'timestamps', key: 't', arg: 'none' as const }, { name: 'since', key: 'S', arg: 'required' as const }, { name: 'limit-bytes', key: 'L', arg: 'required' as const }] : [];
  const o = getopt(`crictl ${sub}`, args, { short: sub === 'logs' ? 'aqpt' : 'aqp', long: [{ name: 'all', key: 'a', arg: 'none' }, { name: 'quiet', key: 'q', arg: 'none' }, { name: 'previous', key: 'p', arg: 'none' }, { name: 'tail', key: 'T', arg: 'required' }, { name: 'name', key: 'n', arg: 'required' }, { name: 'namespace', key: 'N', arg: 'required' }, ...logFlags] });
  if (!o.ok) {
    ctx.err(`FATA[0000] ${o.error.trim().replace(/^crictl \w+: /, 'flag provided but not defined: ')}\n`);
    return 1;
  }
  if (!up || !rt || !node) return fatal(ctx, `validate service connection: validate CRI v1 runtime API for endpoint "${SOCKET}": ${unavailable}`);
  const has = (k: string) => o.opts.some((x) => x.key === k);
  const value = (k: string) => o.opts.filter((x) => x.key === k).pop()?.value;
  const now = ctx.world.now;
  if (sub === 'ps') {
    const name = value('n');
    const ns = value('N');
    const rows = containers(ctx, rt, node).filter((r) => (has('a') || r.state === 'Running') && (!name || new RegExp(name).test(r.name)) && (!ns || new RegExp(ns).test(r.namespace)));
    if (has('q')) {
      ctx.out(rows.map((r) => r.id + '\n').join(''));
      return 0;
    }
    const lines = rows.map((r) => `${short(r.id)}\t${r.image}\t${humanDuration(now - r.created)} ago\t${r.state}\t${r.name}\t${r.attempt}\t${short(r.podId)}\t${r.pod}\t${r.namespace}\n`);
    ctx.out(tabwrite(`CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD\tNAMESPACE\n${lines.join('')}`, TABLE));
    return 0;
  }
  if (sub === 'pods') {
    const pods = [
      ...Object.values(rt.pods).filter((p) => p.node === node.host).map((p) => ({ id: p.sandboxId, createdAt: p.createdAt, ready: !(p.killAt !== undefined && now >= p.killAt), name: p.name, namespace: p.namespace })),
      ...hostPods(ctx, rt, node).map((h) => ({ id: h.sandboxId, createdAt: h.created, ready: true, name: h.pod.metadata.name, namespace: 'kube-system' })),
    ].sort((a, b) => b.createdAt - a.createdAt);
    if (has('q')) {
      ctx.out(pods.map((p) => p.id + '\n').join(''));
      return 0;
    }
    const lines = pods.map((p) => `${short(p.id)}\t${humanDuration(now - p.createdAt)} ago\t${p.ready ? 'Ready' : 'NotReady'}\t${p.name}\t${p.namespace}\t0\t(default)\n`);
    ctx.out(tabwrite(`POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME\n${lines.join('')}`, TABLE));
    return 0;
  }
  if (sub === 'logs') {
    const id = o.operands[0];
    if (!id) return fatal(ctx, 'ID cannot be empty');
    // Numbers are read as Go's flag package reads an int64 (the flag named as it names it).
    const numbers: Record<string, number> = {};
    for (const [key, name] of [['T', 'tail'], ['L', 'limit-bytes']] as const) {
      const raw = value(key);
      if (raw === undefined) continue;
      if (!/^[+-]?\d+$/.test(raw)) return fatal(ctx, `invalid value "${raw}" for flag -${name}: parse error`);
      numbers[name] = Number(raw);
    }
    const sinceFlag = value('S');
    const since = sinceFlag ? crictlSince(sinceFlag, wallMs(now)) : undefined;
    if (since && !since.ok) return fatal(ctx, since.error);
    const matches = containers(ctx, rt, node).filter((r) => r.id.startsWith(id));
    if (matches.length !== 1) return fatal(ctx, `rpc error: code = NotFound desc = an error occurred when try to find container "${id}": not found`);
    const n = numbers.tail ?? -1;
    const lines = matches[0].logs;
    const ns = logNanos(lines);
    let text = '';
    // The kubelet's log reader: the last --tail lines, those not before --since, each with its timestamp.
    for (let i = n >= 0 ? Math.max(0, lines.length - n) : 0; i < lines.length; i++) {
      const at = wallMs(lines[i].at);
      if (since?.ok && (at < since.time.ms || (at === since.time.ms && ns[i] < since.time.ns))) continue;
      text += `${has('t') ? `${formatRfc3339Nano(at, ns[i])} ` : ''}${lines[i].text}\n`;
    }
    const limit = numbers['limit-bytes'] ?? -1;
    ctx.out(limit >= 0 ? new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, limit)) : text);
    return 0;
  }
  const all = { ...node.images };
  for (const { pod } of hostPods(ctx, rt, node)) {
    const image = pod.spec.containers[0].image;
    all[image] ??= { id: `sha256:${hex64(`config:${image}`)}`, digest: `sha256:${hex64(`manifest:${image}`)}`, size: HOST_IMAGE_SIZES[pod.spec.containers[0].name] ?? 25_000_000, pulledAt: 0 };
  }
  const images = Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (has('q')) {
    ctx.out(images.map(([, i]) => i.id + '\n').join(''));
    return 0;
  }
  const lines = images.map(([full, i]) => {
    const colon = full.lastIndexOf(':');
    return `${full.slice(0, colon)}\t${full.slice(colon + 1)}\t${short(i.id)}\t${humanSize(i.size)}\n`;
  });
  ctx.out(tabwrite(`IMAGE\tTAG\tIMAGE ID\tSIZE\n${lines.join('')}`, TABLE));
  return 0;
}

export const crictlCommands: Record<string, CommandSpec> = {
  crictl: {
    reads: (argv) => ['ps', 'pods', 'images', 'img', 'logs', 'inspect', 'inspectp', 'inspecti', 'info', 'version', 'stats', 'statsp'].includes(verbOf(argv, ['-r', '--runtime-endpoint', '-i', '--image-endpoint', '-c', '--config', '-t', '--timeout']) ?? '-'),
    run,
    summary: 'CLI for the node\'s container runtime (ps, pods, images, logs)' },
};

// `kubectl logs (POD | TYPE/NAME | -l SELECTOR) [-c CONTAINER] [--all-containers] [-p] [--tail N] [-f]`:
// what the containers' processes wrote, fetched from the nodes' kubelets (a stopped kubelet is
// a dial error), with the kubelet's errors for a container that never ran (`is waiting to
// start: ...`) and for a missing previous instance. A selector or --all-pods reads every
// matching pod (last 10 lines each by default), `--prefix` tags lines `[pod/NAME/CONTAINER]`;
// `-f` follows the running containers as simulated time passes (several at once up to
// --max-log-requests). The kubelet takes the last --tail lines, drops those older than
// --since / --since-time, prefixes `--timestamps` (RFC3339NanoFixed) and cuts at --limit-bytes.
import { formatRfc3339Nano, wallMs } from '../../sim/clock.js';
import { goParseTime, GO_RFC3339 } from '../../sim/go-time.js';
import { resolveResource } from '../../sim/k8s/resources.js';
import { logNanos, type LogLine } from '../../sim/k8s/runtime.js';
import { labelSelectorString } from '../../sim/k8s/selectors.js';
import type { LabelSelector, Pod } from '../../sim/k8s/types.js';
import type { CommandContext } from '../types.js';
import type { KubeClient } from './kubectl-client.js';
import { commandFailed, plainError, reportErrors, usageError, type KubeError } from './kubectl-errors.js';
import { flagBool, flagDuration, flagString, GLOBAL_FLAGS, parseFlags, type FlagSpec } from './kubectl-flags.js';
import { printHelp } from './kubectl-help-commands.js';
import { containerRuntime, dialKubelet, noSelector, pickContainer, waitForPod } from './kubectl-pods.js';
import { apiError, apiPath, connectWith } from './kubectl-rest.js';
import { advance, canWait, waitBudget } from './kubectl-wait.js';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'all-pods', type: 'bool' },
  { name: 'prefix', type: 'bool' },
  { name: 'since', type: 'duration' },
  { name: 'since-time', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'pod-running-timeout', type: 'duration' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
  { name: 'limit-bytes', type: 'int' },
  { name: 'max-log-requests', type: 'int' },
];

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** kubectl logs' default --pod-running-timeout. */
const DEFAULT_POD_TIMEOUT_MS = 20_000;

/** How long `-f` keeps following in simulated time when nobody interrupts it. */
const FOLLOW_CAP_MS = 10 * 60_000;

/** The tail a selector gets when --tail is not given. */
const SELECTOR_TAIL = 10;

const WAITING: Record<string, string> = { ErrImagePull: "image can't be pulled", ImagePullBackOff: 'trying and failing to pull image' };

/** One log request: a container of a pod. */
interface Request {
  pod: Pod;
  container: string;
}

/** An opened log stream: the lines so far and, to follow it, the container instance it reads. */
type Stream = { ok: true; lines: LogLine[]; followId?: string } | { ok: false; error: KubeError };

function logsUsage(ctx: CommandContext, msg: string): number {
  ctx.err(`error: ${msg}\nSee 'kubectl logs -h' for help and examples\n`);
  return 1;
}

/** GET .../pods/NAME/log as the kubelet answers it. */
function openStream(ctx: CommandContext, { pod, container }: Request, previous: boolean): Stream {
  const name = pod.metadata.name;
  if (!pod.spec.nodeName) return { ok: true, lines: [] };
  const dial = dialKubelet(ctx, pod);
  if (dial) return { ok: false, error: { message: `Error from server: Get "https://${pod.status?.hostIP ?? ''}:10250/containerLogs/${pod.metadata.namespace}/${name}/${container}": ${dial}` } };
  const badRequest = (message: string): Stream => ({ ok: false, error: { status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 } } });
  const c = containerRuntime(ctx, pod, container);
  if (previous) {
    if (!c?.previous) return badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    return { ok: true, lines: c.previous.logs };
  }
  if (c && (c.phase === 'running' || c.phase === 'done' || (c.phase === 'crash-backoff' && c.previous))) {
    return c.phase === 'running' ? { ok: true, lines: c.logs, followId: c.id } : { ok: true, lines: c.previous!.logs };
  }
  if (c?.previous) return { ok: true, lines: c.previous.logs };
  const reason = c?.reason ?? 'ContainerCreating';
  return badRequest(`container "${container}" in pod "${name}" is waiting to start: ${WAITING[reason] ?? reason}`);
}

/** The lines the stream's container instance has written by now, if it still exists. */
function followed(ctx: CommandContext, req: Request, id: string): { lines?: LogLine[]; running: boolean } {
  const now = containerRuntime(ctx, req.pod, req.container);
  if (!now) return { running: false };
  if (now.id === id) return { lines: now.logs, running: now.phase === 'running' };
  return { lines: now.previous?.id === id ? now.previous.logs : undefined, running: false };
}

/** A pod's requests: every container (init, then regular) or the chosen/default one. */
function podRequests(ctx: CommandContext, pod: Pod, container: string | undefined, allContainers: boolean): Request[] | string {
  if (allContainers) return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => ({ pod, container: c.name }));
  const picked = pickContainer(ctx, pod, container);
  return picked.ok ? [{ pod, container: picked.container.name }] : picked.message;
}

/** The pods a controller (or service) selects, for --all-pods. */
function podsOf(client: KubeClient, arg: string): Pod[] | KubeError {
  const slash = arg.indexOf('/');
  const t = resolveResource(arg.slice(0, slash));
  if (!t) return { message: `error: the server doesn't have a resource type "${arg.slice(0, slash)}"` };
  const res = client.api({ path: apiPath(t, client.namespace, arg.slice(slash + 1)) });
  if (res.status !== 200) return apiError(res);
  const obj = res.body as { kind: string; spec?: { selector?: LabelSelector | Record<string, string> } };
  if (t.kind === 'Pod') return [obj as unknown as Pod];
  const sel = obj.spec?.selector;
  const why = noSelector(t, arg.slice(slash + 1), sel, 'get the logs from');
  if (why || !sel) return { message: why ?? '' };
  const selector = t.kind === 'Service' ? labelSelectorString({ matchLabels: sel as Record<string, string> }) : labelSelectorString(sel as LabelSelector);
  return listPods(client, selector);
}

/** How the logs builder reports a missing object: `error from server (NotFound): ... in namespace "shop"`. */
function builderError(e: KubeError, namespace: string): KubeError {
  if (!('status' in e) || e.status.reason !== 'NotFound') return e;
  return { message: `error: error from server (NotFound): ${e.status.message} in namespace "${namespace}"` };
}

function listPods(client: KubeClient, selector: string): Pod[] | KubeError {
  const res = client.api({ path: `/api/v1/namespaces/${client.namespace}/pods`, query: { labelSelector: selector } });
  return res.status === 200 ? ((res.body as { items: Pod[] }).items ?? []) : apiError(res);
}

export function runLogs(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...FLAGS]);
  if (!parsed.ok) return usageError(ctx, 'kubectl logs', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, 'logs');
  const selector = flagString(flags, 'selector') ?? '';
  const args = flags.args;
  if (args.length === 0 && !selector) return logsUsage(ctx, USAGE);
  if (args.length === 1 && selector) return logsUsage(ctx, 'only a selector (-l) or a POD name is allowed');
  if (args.length > 2) return commandFailed(ctx, USAGE);
  const podTimeout = flagDuration(flags, 'pod-running-timeout') ?? DEFAULT_POD_TIMEOUT_MS;
  if (podTimeout <= 0) return plainError(ctx, '--pod-running-timeout must be higher than zero');
  // --since-time is parsed before anything is fetched; it travels as whole seconds (metav1.Time in a query).
  const sinceTimeFlag = flagString(flags, 'since-time') ?? '';
  let sinceTime: number | undefined;
  if (sinceTimeFlag) {
    const t = goParseTime(GO_RFC3339, sinceTimeFlag);
    if (!t.ok) return plainError(ctx, t.error);
    sinceTime = Math.floor(t.time.ms / 1000) * 1000;
  }
  const opened = connectWith(ctx, flags, 4);
  if (typeof opened === 'number') return opened;
  const { client } = opened;

  // Complete: the object(s) the builder finds.
  const allPods = flagBool(flags, 'all-pods');
  let pods: Pod[] | undefined;
  let single: Pod | undefined;
  if (selector) {
    const listed = listPods(client, selector);
    if (!Array.isArray(listed)) {
      if ('status' in listed) listed.status.message = `Unable to find "/v1, Resource=pods" that match label selector "${selector}", field selector "": ${listed.status.message}`;
      return reportErrors(ctx, [listed]);
    }
    if (!listed.length) ctx.err(`No resources found in ${client.namespace} namespace.\n`);
    pods = listed;
  } else if (allPods && args[0].includes('/')) {
    const listed = podsOf(client, args[0]);
    if (!Array.isArray(listed)) return reportErrors(ctx, [builderError(listed, client.namespace)]);
    pods = listed;
  } else {
    const target = waitForPod(ctx, client, args[0], podTimeout, true);
    if (!target.ok) return reportErrors(ctx, [builderError(target.error, client.namespace)]);
    single = target.pod;
  }

  // Validate.
  const containerFlag = flagString(flags, 'container');
  const container = containerFlag ?? args[1];
  const allContainers = flagBool(flags, 'all-containers');
  const sinceMs = flagDuration(flags, 'since') ?? 0;
  if (sinceTimeFlag && sinceMs !== 0) return plainError(ctx, 'at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (allContainers && container) return plainError(ctx, `--all-containers=true should not be specified with container name ${container}`);
  if (containerFlag !== undefined && args.length === 2) return plainError(ctx, 'only one of -c or an inline [CONTAINER] arg is allowed');
  if (((flags.values.get('limit-bytes') as number | undefined) ?? 0) < 0) return plainError(ctx, '--limit-bytes must be greater than 0');
  // Rounded to whole seconds, halves away from zero (time.Duration.Round); 0 is not sent at all.
  const sinceSeconds = Math.sign(sinceMs) * Math.round(Math.abs(sinceMs) / 1000);
  if (sinceSeconds < 0) return plainError(ctx, '--since must be greater than 0');
  const tailFlag = flags.values.get('tail') as number | undefined;
  const tail = tailFlag ?? (selector ? SELECTOR_TAIL : -1);
  if (tail < -1) return plainError(ctx, '--tail must be greater than or equal to -1');

  // RunLogs: one request per container to read.
  const requests: Request[] = [];
  for (const pod of pods ?? [single!]) {
    const r = podRequests(ctx, pod, container, allContainers);
    if (typeof r === 'string') return plainError(ctx, r);
    requests.push(...r);
  }
  const follow = flagBool(flags, 'follow');
  const maxRequests = (flags.values.get('max-log-requests') as number | undefined) ?? 5;
  if (follow && requests.length > 1 && requests.length > maxRequests) {
    return plainError(ctx, `you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`);
  }
  const prefixed = flagBool(flags, 'prefix') || allPods;
  const previous = flagBool(flags, 'previous');
  const ignoreErrors = flagBool(flags, 'ignore-errors');
  // --limit-bytes: the kubelet sends at most that many bytes of each stream (the cut may split a line).
  const limit = (flags.values.get('limit-bytes') as number | undefined) ?? 0;
  const left = new Map<Request, number>();
  const timestamps = flagBool(flags, 'timestamps');
  // The kubelet's cut-off, taken when the stream opens: the later of now - sinceSeconds and sinceTime.
  const since = Math.max(sinceSeconds > 0 ? ctx.world.now - sinceSeconds * 1000 : -Infinity, sinceTime !== undefined ? sinceTime - wallMs(0) : -Infinity);
  /** Lines `from` on of a log as the kubelet sends them (a line at the cut-off itself is kept). */
  const render = (lines: LogLine[], from: number): string[] => {
    const ns = timestamps ? logNanos(lines) : [];
    const out: string[] = [];
    for (let i = from; i < lines.length; i++) {
      if (lines[i].at < since) continue;
      out.push(timestamps ? `${formatRfc3339Nano(wallMs(lines[i].at), ns[i])} ${lines[i].text}` : lines[i].text);
    }
    return out;
  };
  const write = (req: Request, lines: string[]) => {
    let text = lines.map((l) => `${l}\n`).join('');
    if (limit > 0) {
      const bytes = new TextEncoder().encode(text);
      const room = left.get(req) ?? limit;
      text = new TextDecoder().decode(bytes.subarray(0, room));
      left.set(req, room - Math.min(room, bytes.length));
    }
    // kubectl puts the prefix before each line it reads from the stream.
    const prefix = prefixed ? `[pod/${req.pod.metadata.name}/${req.container}] ` : '';
    ctx.out(prefix ? text.replace(/^(?=.)/gm, prefix) : text);
  };
  const parallel = follow && requests.length > 1;
  const open: { req: Request; id: string; printed: number }[] = [];
  for (const req of requests) {
    const s = openStream(ctx, req, previous);
    if (!s.ok) {
      if (!parallel || !ignoreErrors) return reportErrors(ctx, [s.error]);
      ctx.out(`error: ${'status' in s.error ? s.error.status.message : s.error.message.replace(/^error: /, '')}\n`);
      continue;
    }
    write(req, render(s.lines, tail >= 0 ? Math.max(0, s.lines.length - tail) : 0));
    if (follow && !previous && s.followId) open.push({ req, id: s.followId, printed: s.lines.length });
  }
  if (!open.length || !canWait(ctx.world)) return 0;
  const start = ctx.elapsed;
  const budget = waitBudget(ctx, FOLLOW_CAP_MS);
  while (open.length && ctx.elapsed - start < budget) {
    advance(ctx, Math.min(1000, budget - (ctx.elapsed - start)));
    for (let i = 0; i < open.length; i++) {
      const o = open[i];
      const now = followed(ctx, o.req, o.id);
      if (now.lines && now.lines.length > o.printed) {
        write(o.req, render(now.lines, o.printed));
        o.printed = now.lines.length;
      }
      if (!now.running) open.splice(i--, 1);
    }
  }
  return 0;
}

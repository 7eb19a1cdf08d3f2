// `kubectl logs (POD | TYPE/NAME) [-c CONTAINER] [-p] [--tail N] [-f]`: what the container's
// process wrote, fetched from the node's kubelet (so a stopped kubelet is a dial error), with
// the kubelet's errors for a container that never ran (`is waiting to start: ...`) and for a
// missing previous instance. `-f` follows the running container as simulated time passes.
import type { CommandContext } from '../types.js';
import { commandFailed, plainError, reportErrors } from './kubectl-errors.js';
import { flagBool, flagString, type FlagSpec } from './kubectl-flags.js';
import { containerRuntime, dialKubelet, findPod, pickContainer } from './kubectl-pods.js';
import { open } from './kubectl-rest.js';
import { advance, canWait, waitBudget } from './kubectl-wait.js';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'tail', type: 'int' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'prefix', type: 'bool' },
  { name: 'since', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'pod-running-timeout', type: 'string' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'limit-bytes', type: 'int' },
  { name: 'max-log-requests', type: 'int' },
];

/** How long `-f` keeps following in simulated time when nobody interrupts it. */
const FOLLOW_CAP_MS = 10 * 60_000;

const WAITING: Record<string, string> = { ErrImagePull: "image can't be pulled", ImagePullBackOff: 'trying and failing to pull image' };

export function runLogs(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'logs', FLAGS, 0);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  if (flags.args.length === 0) {
    ctx.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    return 1;
  }
  if (flags.args.length > 2) return commandFailed(ctx, "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
  const target = findPod(ctx, client, flags.args[0], true);
  if (!target.ok) return reportErrors(ctx, [target.error]);
  const pod = target.pod;
  const picked = pickContainer(ctx, pod, flagString(flags, 'container') ?? flags.args[1]);
  if (!picked.ok) return plainError(ctx, picked.message);
  const name = picked.container.name;
  if (!pod.spec.nodeName) return 0;
  const dial = dialKubelet(ctx, pod);
  if (dial) {
    ctx.err(`Error from server: Get "https://${pod.status?.hostIP ?? ''}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${name}": ${dial}\n`);
    return 1;
  }
  const badRequest = (msg: string) => {
    ctx.err(`Error from server (BadRequest): ${msg}\n`);
    return 1;
  };
  const c = containerRuntime(ctx, pod, name);
  const previous = flagBool(flags, 'previous');
  let lines: string[];
  if (previous) {
    if (!c?.previous) return badRequest(`previous terminated container "${name}" in pod "${pod.metadata.name}" not found`);
    lines = c.previous.logs;
  } else if (c && (c.phase === 'running' || c.phase === 'done' || (c.phase === 'crash-backoff' && c.previous))) {
    lines = c.phase === 'running' ? c.logs : c.previous!.logs;
  } else if (c?.previous) {
    lines = c.previous.logs;
  } else {
    const reason = c?.reason ?? 'ContainerCreating';
    return badRequest(`container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${WAITING[reason] ?? reason}`);
  }
  const tail = flags.values.get('tail') as number | undefined;
  const shown = tail !== undefined && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  ctx.out(shown.map((l) => l + '\n').join(''));
  if (!flagBool(flags, 'follow') || previous || !c || c.phase !== 'running' || !canWait(ctx.world)) return 0;
  const id = c.id;
  let printed = lines.length;
  const start = ctx.elapsed;
  const budget = waitBudget(ctx, FOLLOW_CAP_MS);
  while (ctx.elapsed - start < budget) {
    advance(ctx, Math.min(1000, budget - (ctx.elapsed - start)));
    const now = containerRuntime(ctx, pod, name);
    const current = !now ? undefined : now.id === id ? now.logs : now.previous?.id === id ? now.previous!.logs : undefined;
    if (current && current.length > printed) {
      ctx.out(current.slice(printed).map((l) => l + '\n').join(''));
      printed = current.length;
    }
    if (!now || now.id !== id || now.phase !== 'running') break;
  }
  return 0;
}

// `kubectl exec POD [-c CONTAINER] [-it] -- COMMAND [args...]`: runs the command inside the
// pod's network namespace (the pod's host in the world: its address, routes, resolv.conf)
// with the container's environment, so curl, nslookup, cat and env see what the app sees.
// `sh -c 'script'` runs the script through the shell; `-it sh` opens a shell in the pod that
// `exit` leaves. A non-zero status is reported like kubectl (`command terminated with exit code N`).
import { runtimeOf } from '../../sim/k8s/runtime.js';
import { listObjects } from '../../sim/k8s/store.js';
import type { Container, Pod } from '../../sim/k8s/types.js';
import { execLine, registryOf, runNested } from '../shell.js';
import type { CommandContext, Session } from '../types.js';
import { plainError, reportErrors } from './kubectl-errors.js';
import { flagBool, flagDuration, flagString, type FlagSpec } from './kubectl-flags.js';
import { containerRuntime, dialKubelet, pickContainer, podRuntime, waitForPod } from './kubectl-pods.js';
import { open } from './kubectl-rest.js';

const FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'pod-running-timeout', type: 'duration' },
];

/** kubectl exec's default --pod-running-timeout. */
const DEFAULT_POD_TIMEOUT_MS = 60_000;

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/bash']);

/** Docker-link style variables for the Services of the pod's namespace (enableServiceLinks). */
function serviceLinks(ctx: CommandContext, pod: Pod): Record<string, string> {
  const env: Record<string, string> = {};
  const c = ctx.world.cluster!;
  const services = [...listObjects(c, 'Service', pod.metadata.namespace), ...(pod.metadata.namespace === 'default' ? [] : listObjects(c, 'Service', 'default').filter((s) => s.metadata.name === 'kubernetes'))];
  for (const s of services) {
    if (pod.spec.enableServiceLinks === false && s.metadata.name !== 'kubernetes') continue;
    const ip = s.spec.clusterIP;
    const first = s.spec.ports?.[0];
    if (!ip || ip === 'None' || !first) continue;
    const n = s.metadata.name.toUpperCase().replace(/-/g, '_');
    env[`${n}_SERVICE_HOST`] = ip;
    env[`${n}_SERVICE_PORT`] = String(first.port);
    for (const p of s.spec.ports ?? []) {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      if (p.name) env[`${n}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
      const base = `${n}_PORT_${p.port}_${proto.toUpperCase()}`;
      env[base] = `${proto}://${ip}:${p.port}`;
      env[`${base}_PROTO`] = proto;
      env[`${base}_PORT`] = String(p.port);
      env[`${base}_ADDR`] = ip;
    }
    env[`${n}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
  }
  return env;
}

function containerEnv(ctx: CommandContext, pod: Pod, spec: Container, tty: boolean): Record<string, string> {
  const started = containerRuntime(ctx, pod, spec.name)?.env ?? {};
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.metadata.name,
    ...(tty ? { TERM: 'xterm' } : {}),
    ...serviceLinks(ctx, pod),
    ...started,
    HOME: '/root',
  };
}

export function runExec(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'exec', FLAGS, 0);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const dash = argv.indexOf('--');
  const command = dash >= 0 ? argv.slice(dash + 1) : flags.args.slice(1);
  const before = dash >= 0 ? flags.args.slice(0, flags.args.length - command.length) : flags.args.slice(0, 1);
  if (!before.length) {
    ctx.err("error: expected 'exec (POD | TYPE/NAME) COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD or TYPE/NAME is a required argument for the exec command\nSee 'kubectl exec -h' for help and examples\n");
    return 1;
  }
  if (dash < 0 && command.length) return plainError(ctx, 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee \'kubectl exec -h\' for help and examples');
  if (!command.length) return plainError(ctx, 'you must specify at least one command for the container');
  const timeout = flagDuration(flags, 'pod-running-timeout') ?? DEFAULT_POD_TIMEOUT_MS;
  if (timeout <= 0) return plainError(ctx, "--pod-running-timeout must be higher than zero\nSee 'kubectl exec -h' for help and examples");
  const target = waitForPod(ctx, client, before[0], timeout);
  if (!target.ok) return reportErrors(ctx, [target.error]);
  const pod = target.pod;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return plainError(ctx, `cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  const picked = pickContainer(ctx, pod, flagString(flags, 'container'), flagBool(flags, 'quiet'));
  if (!picked.ok) return plainError(ctx, picked.message);
  const spec = picked.container;
  const p = podRuntime(ctx, pod);
  const c = containerRuntime(ctx, pod, spec.name);
  if (!pod.spec.nodeName || !p || !runtimeOf(ctx.world)) return plainError(ctx, `unable to upgrade connection: container not found ("${spec.name}")`);
  const dial = dialKubelet(ctx, pod);
  if (dial) {
    ctx.err(`Error from server: error dialing backend: ${dial}\n`);
    return 1;
  }
  if (!c || c.phase !== 'running') return plainError(ctx, `Internal error occurred: error executing command in container: container is not created or running`);
  const tty = flagBool(flags, 'tty');
  const env = containerEnv(ctx, pod, spec, tty);
  const session = ctx.session;
  if (flagBool(flags, 'stdin') && command.length === 1 && SHELLS.has(command[0])) {
    session.stack.push({ user: session.user, host: session.host, cwd: session.cwd, env: session.env });
    Object.assign(session, { user: 'root', host: p.host, cwd: '/', env });
    return 0;
  }
  // The command runs in a shell of its own: the player's shell frames and jobs are not its.
  const saved: Pick<Session, 'user' | 'host' | 'cwd' | 'env' | 'stack' | 'jobs'> = { user: session.user, host: session.host, cwd: session.cwd, env: session.env, stack: session.stack, jobs: session.jobs };
  Object.assign(session, { user: 'root', host: p.host, cwd: '/', env: { ...env }, stack: [], jobs: [] });
  let status: number | undefined;
  try {
    if (SHELLS.has(command[0]) && command[1] === '-c' && command.length >= 3) {
      const registry = registryOf(ctx);
      if (registry) {
        const res = execLine(ctx.world, session, command[2], registry);
        if (command[2].trim()) session.history.pop();
        for (const chunk of res.chunks) (chunk.fd === 1 ? ctx.out : ctx.err)(chunk.text);
        ctx.wait(res.elapsedMs);
        status = res.exit;
      }
    } else if (SHELLS.has(command[0]) && command.length === 1) status = 0;
    else status = runNested(ctx, command);
  } finally {
    Object.assign(session, saved);
  }
  if (status === undefined) {
    ctx.err(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n`);
    return 126;
  }
  if (status !== 0) ctx.err(`command terminated with exit code ${status}\n`);
  return status;
}

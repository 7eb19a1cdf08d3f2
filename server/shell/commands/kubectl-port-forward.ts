// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: picks the pod (a Service's, a
// controller's, or the one named), turns named and Service ports into the container's port,
// checks that the pod runs and that the API server reaches its kubelet, then listens on the
// player's host (127.0.0.1 and [::1], or --address). In the foreground it holds the terminal
// until Ctrl-C; with `&` it is a background job (`jobs`, `kill %1`) that curl can reach.
// The tunnel itself is server/sim/k8s/port-forward.ts.
import { checkForward, forwardListener } from '../../sim/k8s/port-forward.js';
import { resolveResource } from '../../sim/k8s/resources.js';
import type { Pod, Service } from '../../sim/k8s/types.js';
import { parseIp } from '../../sim/net/ip.js';
import type { Host, Listener, Proc } from '../../sim/world/types.js';
import { newProc } from '../jobs.js';
import type { CommandContext } from '../types.js';
import { plainError, reportErrors } from './kubectl-errors.js';
import { flagDuration, type FlagSpec } from './kubectl-flags.js';
import { holdTerminal } from './jobs.js';
import { dialKubelet, waitForPod } from './kubectl-pods.js';
import { apiError, open } from './kubectl-rest.js';

const FLAGS: FlagSpec[] = [
  { name: 'address', type: 'stringArray' },
  { name: 'pod-running-timeout', type: 'duration' },
];

const DEFAULT_POD_TIMEOUT_MS = 60_000;
/** The kernel's ephemeral port range (a local port of 0 takes one from it). */
const EPHEMERAL = [32768, 60999];
const LOOPBACK = parseIp('127.0.0.1')!;

/** `[LOCAL:]REMOTE`, as kubectl splits it. */
function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

function containerPortByName(pod: Pod, name: string): number | string {
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    const p = c.ports?.find((x) => x.name === name);
    if (p) return p.containerPort;
  }
  return `Pod '${pod.metadata.name}' does not have a named port '${name}'`;
}

/** A Service's port (by number or name) turned into the pod's container port. */
function translateServicePorts(specs: string[], svc: Service, pod: Pod): string[] | string {
  const out: string[] = [];
  for (const spec of specs) {
    let [local, remote] = splitPort(spec);
    let port = /^-?\d+$/.test(remote) ? Number(remote) : NaN;
    if (Number.isNaN(port)) {
      const named = svc.spec.ports?.find((p) => p.name === remote);
      if (!named) return `Service '${svc.metadata.name}' does not have a named port '${remote}'`;
      port = named.port;
      if (local === remote) local = String(port);
    }
    let target: number | string = port;
    if (svc.spec.clusterIP !== 'None') {
      const sp = svc.spec.ports?.find((p) => p.port === port);
      if (!sp) return `Service ${svc.metadata.name} does not have a service port ${port}`;
      const tp = sp.targetPort;
      target = tp === undefined || tp === 0 ? sp.port : typeof tp === 'number' ? tp : /^\d+$/.test(tp) ? Number(tp) : containerPortByName(pod, tp);
      if (typeof target === 'string') return target;
    }
    out.push(local !== String(target) ? `${local}:${target}` : String(target));
  }
  return out;
}

/** A pod's named ports turned into numbers. */
function convertNamedPorts(specs: string[], pod: Pod): string[] | string {
  const out: string[] = [];
  for (const spec of specs) {
    const [local, remote] = splitPort(spec);
    if (remote === '') return 'remote port cannot be empty';
    let port = remote;
    if (!/^-?\d+$/.test(remote)) {
      const n = containerPortByName(pod, remote);
      if (typeof n === 'string') return n;
      port = String(n);
    }
    out.push(local !== remote ? `${local}:${port}` : port);
  }
  return out;
}

/** Go's strconv.ParseUint(s, 10, 16) error, or the number. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n > 65535 ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : n;
}

/** client-go's parsePorts: `[{local, remote}]` or its error. */
function parsePorts(specs: string[]): { local: number; remote: number }[] | string {
  const out: { local: number; remote: number }[] = [];
  for (const spec of specs) {
    const parts = spec.split(':');
    if (parts.length > 2) return `invalid port format '${spec}'`;
    const localText = parts.length === 1 ? parts[0] : parts[0] === '' ? '0' : parts[0];
    const remoteText = parts.length === 1 ? parts[0] : parts[1];
    const local = parseUint16(localText);
    if (typeof local === 'string') return `error parsing local port '${localText}': ${local}`;
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') return `error parsing remote port '${remoteText}': ${remote}`;
    if (remote === 0) return 'remote port must be > 0';
    out.push({ local, remote });
  }
  return out;
}

interface ListenAddress {
  /** As kubectl prints it. */
  text: string;
  /** The IPv4 address of the socket (0: all); undefined for [::1], which this world does not route. */
  ip?: number;
  /** `all`: localhost (one of its two addresses is enough); `any`: an address given with --address. */
  mode: 'all' | 'any';
}

/** --address values (`localhost`, IPv4 addresses), sorted as kubectl sorts them. */
function parseAddresses(values: string[]): ListenAddress[] | string {
  const out = new Map<string, ListenAddress>();
  for (const a of values) {
    if (a === 'localhost') {
      out.set('127.0.0.1', { text: '127.0.0.1', ip: LOOPBACK, mode: 'all' });
      out.set('::1', { text: '::1', mode: 'all' });
    } else if (parseIp(a) !== null) out.set(a, { text: a, ip: parseIp(a)!, mode: 'any' });
    else if (a === '::1' || a === '::') out.set(a, { text: a, mode: 'any' });
    else return `${a} is not a valid IP`;
  }
  return [...out.values()].sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
}

/** Whether a socket on `ip:port` (IPv4) is taken on the host, by a service or another player's process. */
function ipv4Taken(host: Host, ip: number, port: number): boolean {
  const clash = (l: Listener) => l.proto === 'tcp' && l.port === port && (l.addr === 0 || ip === 0 || l.addr === ip);
  return Object.values(host.units).some((u) => u.state === 'active' && u.listeners.some(clash)) || (host.procs ?? []).some((p) => !p.ended && p.listeners.some(clash));
}

/** [::1]:port is held by another port-forward listening on localhost (they take both). */
const ipv6Taken = (host: Host, port: number, self: Proc) => (host.procs ?? []).some((p) => p !== self && !p.ended && p.listeners.some((l) => l.port === port && l.addr === LOOPBACK));

/** A free ephemeral port on the host for a local port of 0. */
function freePort(ctx: CommandContext): number {
  for (;;) {
    const port = EPHEMERAL[0] + Math.floor(ctx.random() * (EPHEMERAL[1] - EPHEMERAL[0]));
    if (!ipv4Taken(ctx.host, 0, port)) return port;
  }
}

const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

export function runPortForward(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'port-forward', FLAGS, 0);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const args = flags.args;
  if (args.length < 2) {
    ctx.err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
    return 1;
  }
  const timeout = flagDuration(flags, 'pod-running-timeout') ?? DEFAULT_POD_TIMEOUT_MS;
  if (timeout <= 0) return plainError(ctx, "--pod-running-timeout must be higher than zero\nSee 'kubectl port-forward -h' for help and examples");

  const target = waitForPod(ctx, client, args[0], timeout);
  if (!target.ok) return reportErrors(ctx, [target.error]);
  const pod = target.pod;
  const slash = args[0].indexOf('/');
  const t = slash < 0 ? undefined : resolveResource(args[0].slice(0, slash));
  let ports: string[] | string;
  if (t?.kind === 'Service') {
    const res = client.api({ path: `/api/v1/namespaces/${client.namespace}/services/${encodeURIComponent(args[0].slice(slash + 1))}` });
    if (res.status !== 200) return reportErrors(ctx, [apiError(res)]);
    ports = translateServicePorts(args.slice(1), res.body as Service, pod);
  } else ports = convertNamedPorts(args.slice(1), pod);
  if (typeof ports === 'string') return plainError(ctx, ports);

  const current = client.api({ path: `/api/v1/namespaces/${client.namespace}/pods/${encodeURIComponent(pod.metadata.name)}` });
  if (current.status !== 200) return reportErrors(ctx, [apiError(current)]);
  const live = current.body as Pod;
  if (live.status?.phase !== 'Running') return plainError(ctx, `unable to forward port because pod is not running. Current status=${live.status?.phase ?? ''}`);
  const addresses = parseAddresses(((flags.values.get('address') as string[] | undefined) ?? ['localhost']).flatMap((a) => a.split(',')));
  if (typeof addresses === 'string') return plainError(ctx, addresses);
  const parsed = parsePorts(ports);
  if (typeof parsed === 'string') return plainError(ctx, parsed);
  const dial = dialKubelet(ctx, live);
  if (dial) return plainError(ctx, `error upgrading connection: error dialing backend: ${dial}`);

  const proc: Proc = ctx.job ?? newProc(ctx.world, ctx.session, ctx.host, ctx.argv.join(' '), ctx.random);
  const fw = { kind: 'port-forward' as const, namespace: client.namespace, pod: live.metadata.name, uid: live.metadata.uid ?? '' };
  let listening = false;
  const ipv6Bound = new Set<number>();
  for (const port of parsed) {
    if (port.local === 0) port.local = freePort(ctx);
    const errors: string[] = [];
    const counts = { ok: { all: 0, any: 0 }, failed: { all: 0, any: 0 } };
    for (const a of addresses) {
      const taken = a.ip === undefined ? a.text === '::1' && (ipv6Bound.has(port.local) || ipv6Taken(ctx.host, port.local, proc)) : ipv4Taken(ctx.host, a.ip, port.local);
      if (taken) {
        errors.push(`unable to create listener: Error listen tcp${a.ip === undefined ? 6 : 4} ${joinHostPort(a.text, port.local)}: bind: address already in use`);
        counts.failed[a.mode]++;
        continue;
      }
      counts.ok[a.mode]++;
      if (a.ip === undefined) ipv6Bound.add(port.local);
      else proc.listeners.push(forwardListener(a.ip, port.local, proc.pid, { ...fw, port: port.remote }, 8 + proc.listeners.length));
      ctx.out(`Forwarding from ${joinHostPort(a.text, port.local)} -> ${port.remote}\n`);
    }
    if ((counts.ok.all === 0 && counts.failed.all > 0) || counts.failed.any > 0) {
      ctx.err(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    } else listening = true;
  }
  if (!listening) {
    proc.listeners = [];
    return plainError(ctx, `unable to listen on any of the requested ports: [${parsed.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
  }
  if (ctx.job) return 0;
  // In the foreground kubectl holds the terminal until Ctrl-C, or until the pod goes.
  (ctx.host.procs ??= []).push(proc);
  return holdTerminal(ctx, proc, () => {
    checkForward(ctx.world, proc);
    return proc.output.splice(0);
  });
}

// kubectl port-forward's tunnel. kubectl listens on the player's host; each connection it
// accepts goes over its stream to the pod's kubelet, whose runtime dials localhost:PORT inside
// the pod's network namespace (loopback: NetworkPolicy, which filters the pod's interface,
// does not apply). What kubectl prints meanwhile (`Handling connection for 8080`, a failed
// dial, `error: lost connection to pod`) goes to its process's output, which the shell that
// started it shows. The forward ends when its pod's sandbox goes.
import { wallMs } from '../clock.js';
import { probe, type ServiceHit } from '../net/engine.js';
import { parseIp } from '../net/ip.js';
import type { App, Listener, Proc, World } from '../world/types.js';
import { klogHeader, q } from './controllers/klog.js';
import { hex64 } from './images.js';
import { runtimeOf, type PodRuntime } from './runtime.js';

type Forward = Extract<App, { kind: 'port-forward' }>;

const LOOPBACK = parseIp('127.0.0.1')!;

/** What a port-forward process forwards to (undefined for any other process). */
export function forwardOf(proc: Proc): Forward | undefined {
  const app = proc.listeners[0]?.app;
  return app?.kind === 'port-forward' ? app : undefined;
}

/** The pod's sandbox while it runs (gone or finished: the stream to it is closed). */
function runningSandbox(world: World, uid: string): PodRuntime | undefined {
  const p = runtimeOf(world)?.pods[uid];
  return p && !p.finished && p.host ? p : undefined;
}

/** Output of a background process: to its terminal, or appended to the file it was redirected to. */
function procPrint(world: World, proc: Proc, fd: 1 | 2, text: string): void {
  const file = proc.files?.[fd];
  const host = file && world.hosts[proc.host];
  if (!file) proc.output.push({ at: world.now, fd, text });
  else if (host && file !== '/dev/null') host.files[file] = (host.files[file] ?? '') + text;
}

/** kubectl's end when the stream to the pod closes: `error: lost connection to pod`, status 1. */
function loseConnection(world: World, proc: Proc): void {
  procPrint(world, proc, 2, 'error: lost connection to pod\n');
  proc.ended = { at: world.now, status: 1 };
}

/** Ends a port-forward whose pod has gone since it started. */
export function checkForward(world: World, proc: Proc): void {
  const fw = forwardOf(proc);
  if (fw && !proc.ended && !runningSandbox(world, fw.uid)) loseConnection(world, proc);
}

/** containerd's network namespace path for a sandbox (`/var/run/netns/cni-<uuid>`). */
function netnsPath(sandboxId: string): string {
  const h = hex64(`netns:${sandboxId}`);
  return `/var/run/netns/cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Where a connection to `hit` really ends: `hit` itself, or for a port-forward's socket the
 * pod's listener on localhost. Null when the forward could not dial it (kubectl then closes
 * the connection, reports the error and exits). `record`: a player's connection (kubectl
 * prints it and may exit); an objective's check changes nothing.
 */
export function throughTunnel(world: World, hit: ServiceHit, record: boolean): ServiceHit | null {
  const fw = hit.listener.app;
  if (fw.kind !== 'port-forward') return hit;
  const proc = world.hosts[hit.host]?.procs?.find((p) => p.listeners.includes(hit.listener));
  if (!proc) return null;
  if (record) procPrint(world, proc, 1, `Handling connection for ${hit.listener.port}\n`);
  const pod = runningSandbox(world, fw.uid);
  if (!pod) {
    if (record) loseConnection(world, proc);
    return null;
  }
  const r = probe(world, pod.host, { dst: LOOPBACK, proto: 'tcp', dport: fw.port }, { record });
  if (r.kind === 'reply' && r.tcp === 'syn-ack' && r.service) return r.service;
  if (record) {
    const err = `an error occurred forwarding ${hit.listener.port} -> ${fw.port}: error forwarding port ${fw.port} to pod ${pod.sandboxId}, uid : failed to execute portforward in network namespace "${netnsPath(pod.sandboxId)}": failed to connect to localhost:${fw.port} inside namespace "${pod.sandboxId}", IPv4: dial tcp4 127.0.0.1:${fw.port}: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found `;
    procPrint(world, proc, 2, `${klogHeader('E', wallMs(world.now) * 1000 + 412_000, proc.pid, 'portforward.go:413')}"Unhandled Error" err=${q(err)}\n`);
    loseConnection(world, proc);
  }
  return null;
}

/** The socket a port-forward listens on for one local address (0: all). */
export function forwardListener(addr: number, port: number, pid: number, fw: Forward, fd: number): Listener {
  return { proto: 'tcp', addr, port, process: 'kubectl', pid, fd, app: fw };
}

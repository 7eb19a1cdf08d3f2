// The kubelet's probes of a container, with the outputs the kubelet puts in its Unhealthy
// events. The kubelet reaches the pod over its own node's bridge, so a probe asks the pod's
// network namespace directly what listens on the port and what the server answers.
import { matchRoute } from '../net/http.js';
import type { World } from '../world/types.js';
import type { PodRuntime } from './runtime.js';
import type { Container, Probe } from './types.js';

export type ProbeOutcome = { ok: true } | { ok: false; output: string };

/** A named container port (`http`) as its number; undefined if the pod has no such port. */
export function portNumber(containers: Container[], port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  for (const c of containers) for (const p of c.ports ?? []) if (p.name === port) return p.containerPort;
  return undefined;
}

function listenerAt(world: World, p: PodRuntime, proto: 'tcp' | 'udp', port: number) {
  const host = world.hosts[p.host];
  for (const unit of Object.values(host?.units ?? {})) {
    if (unit.state !== 'active') continue;
    const l = unit.listeners.find((x) => x.proto === proto && x.port === port);
    if (l) return l;
  }
  return undefined;
}

export function runProbe(world: World, p: PodRuntime, containers: Container[], probe: Probe): ProbeOutcome {
  if (probe.httpGet) {
    const port = portNumber(containers, probe.httpGet.port);
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const path = probe.httpGet.path ?? '/';
    const url = `${scheme}://${probe.httpGet.host ?? p.ip}:${port ?? probe.httpGet.port}${path}`;
    if (port === undefined) return { ok: false, output: `Get "${url}": dial tcp: address ${probe.httpGet.port}: missing port in address` };
    const l = listenerAt(world, p, 'tcp', port);
    if (!l) return { ok: false, output: `Get "${url}": dial tcp ${p.ip}:${port}: connect: connection refused` };
    if (l.app.kind === 'tcp' && (l.app.behaviour === 'hang' || l.app.behaviour === 'open')) {
      return { ok: false, output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    }
    if (l.app.kind !== 'http') return { ok: false, output: `Get "${url}": EOF` };
    const route = matchRoute(l.app.routes, path);
    const status = route?.status ?? 404;
    return status >= 200 && status < 400 ? { ok: true } : { ok: false, output: `HTTP probe failed with statuscode: ${status}` };
  }
  if (probe.tcpSocket || probe.grpc) {
    const raw = probe.tcpSocket ? probe.tcpSocket.port : probe.grpc!.port;
    const port = portNumber(containers, raw);
    if (port === undefined || !listenerAt(world, p, 'tcp', port)) return { ok: false, output: `dial tcp ${p.ip}:${port ?? raw}: connect: connection refused` };
    return { ok: true };
  }
  return { ok: true };
}

// Collateral damage as the network sees it: which connections work between the hosts. The
// flows of a world are: from every host players can log in to, a ping to every address of
// every other host and a connect to every port listening there. A flow that worked (or was
// blocked) at the start and in the healthy world, and no longer does (or now passes), is
// damage the players did — a firewall flushed open, a route deleted by mistake.
import { probe } from '../sim/net/engine.js';
import { formatIp, isLoopback } from '../sim/net/ip.js';
import { openSockets } from '../sim/units.js';
import type { World } from '../sim/world/types.js';

/** `ws1 -> 10.10.30.10 tcp/5432`: open or not. */
export type Flows = Record<string, boolean>;

/** The flows to check in `world` (from the healthy world, so the list is the same at every point). */
export interface FlowTarget {
  from: string;
  dst: number;
  proto: 'tcp' | 'udp' | 'icmp';
  port: number;
}

export function flowTargets(world: World): FlowTarget[] {
  const sources = Object.values(world.hosts).filter((h) => h.login && h.kind !== 'appliance').map((h) => h.name);
  const out: FlowTarget[] = [];
  for (const host of Object.values(world.hosts)) {
    // A pod's address lives as long as the pod: a rollout replaces it without harm.
    if (host.kind === 'pod') continue;
    const addrs = host.ifaces.filter((i) => i.kind !== 'loopback').flatMap((i) => i.addrs.map((a) => a.ip)).filter((ip) => !isLoopback(ip));
    const sockets = openSockets(host).map((s) => s.listener);
    for (const from of sources) {
      if (from === host.name) continue;
      for (const dst of addrs) {
        out.push({ from, dst, proto: 'icmp', port: 0 });
        for (const l of sockets) if (l.addr === 0 || l.addr === dst) out.push({ from, dst, proto: l.proto, port: l.port });
      }
    }
  }
  return out;
}

const keyOf = (t: FlowTarget) => `${t.from} -> ${formatIp(t.dst)} ${t.proto}${t.proto === 'icmp' ? '' : `/${t.port}`}`;

export function measureFlows(world: World, targets: FlowTarget[]): Flows {
  const flows: Flows = {};
  for (const t of targets) {
    const r = probe(world, t.from, { dst: t.dst, proto: t.proto, dport: t.port }, { record: false });
    flows[keyOf(t)] = r.kind === 'reply' && (t.proto !== 'tcp' || r.tcp === 'syn-ack');
  }
  return flows;
}

export interface Drift {
  flow: string;
  /** What the healthy world does: the flow works (true) or is blocked (false). */
  healthy: boolean;
}

/** Flows that were as in the healthy world at the start and are not any more. */
export function driftedFlows(healthy: Flows, start: Flows, now: Flows): Drift[] {
  return Object.keys(healthy)
    .filter((k) => start[k] === healthy[k] && now[k] !== healthy[k])
    .map((flow) => ({ flow, healthy: healthy[flow] }));
}

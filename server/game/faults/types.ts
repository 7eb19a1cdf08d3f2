// The fault library's contract. A fault is a function of (world, params, rng) that breaks
// the world the way the real fault would — a unit stopped, a route deleted, an iptables
// rule inserted — and never by adding anything a player could read that names it.
import { z } from 'zod';
import { parseCidr, parseIp } from '../../sim/net/ip.js';
import type { Rng } from '../../sim/rng.js';
import type { Host, Iface, Unit, World } from '../../sim/world/types.js';

export type Layer = 'link' | 'network' | 'firewall' | 'nat' | 'cloud' | 'dns' | 'service' | 'host' | 'kubernetes';

/**
 * Where a player would see the faulty object: a command run on `host` ('*': any host, or
 * through `ssh HOST CMD`) whose line runs one of `programs`, and, when `words` is set,
 * contains one of them. The first such command is the moment of detection.
 */
export interface Touch {
  host: string;
  programs: string[];
  words?: string[];
}

export interface FaultType<P = unknown> {
  id: string;
  layer: Layer;
  /** What the fault models, for the catalogue of faults (README, `opsdrill lint`). */
  summary: string;
  params: z.ZodType<P>;
  /** Fills in what the author left to chance (e.g. which wrong gateway), from the seeded rng. */
  choose?(world: World, p: P, rng: Rng): P;
  /** One line for the after-action report: the root cause in this world. */
  describe(p: P): string;
  /** Breaks `world` in place; throws FaultError when the parameters do not fit the world. */
  apply(world: World, p: P, rng: Rng): Touch[];
}

/** Parameters that do not fit the world (an unknown host, a route that is not there). */
export class FaultError extends Error {}

export function hostOf(world: World, name: string): Host {
  const host = world.hosts[name];
  if (!host) throw new FaultError(`no host "${name}" in the world`);
  return host;
}

export function ifaceOf(host: Host, name: string): Iface {
  const iface = host.ifaces.find((i) => i.name === name);
  if (!iface) throw new FaultError(`host "${host.name}" has no interface "${name}"`);
  return iface;
}

export function unitOf(host: Host, name: string): Unit {
  const unit = host.units[name];
  if (!unit) throw new FaultError(`host "${host.name}" has no unit "${name}"`);
  return unit;
}

/** Defines a fault with its parameter type inferred from the schema. */
export function fault<S extends z.ZodType>(f: Omit<FaultType<z.infer<S>>, 'params'> & { params: S }): FaultType<z.infer<S>> {
  return f as FaultType<z.infer<S>>;
}

// Programs that show a host's state of each kind, for the touches.
export const LINK_TOOLS = ['ip', 'ifconfig', 'ethtool', 'networkctl', 'nmcli', 'ifup', 'ifdown'];
export const ROUTE_TOOLS = ['ip', 'route', 'netstat', 'traceroute', 'tracepath', 'mtr'];
export const FIREWALL_TOOLS = ['iptables', 'iptables-save', 'nft', 'ufw'];
export const SERVICE_TOOLS = ['systemctl', 'journalctl', 'service', 'ss', 'netstat', 'lsof', 'ps'];

export const ipv4 = z.string().refine((s) => parseIp(s) !== null, 'not an IPv4 address');
export const cidr = z.string().refine((s) => parseCidr(s) !== null, 'not an address or prefix like 10.0.2.0/24');

// Routing: the main table as `ip route` shows it (connected routes derived from
// addresses, plus static ones), policy rules, and the kernel's lookup with source
// address selection.
import { inPrefix, isLoopback, networkOf, type Ip } from './ip.js';
import { findIface, hasCarrier } from './l2.js';
import type { Host, Iface, Route, World } from '../world/types.js';

export interface RouteEntry extends Route {
  dev: string;
  scope: 'link' | 'global';
  /** Connected route of an address (`proto kernel scope link src ...`). */
  connected: boolean;
  /** Device has no carrier: the route is kept and flagged `linkdown`. */
  linkdown: boolean;
}

/** An interface whose addresses make connected routes, and an address that makes one. */
const routedIface = (iface: Iface) => iface.up && iface.kind !== 'loopback';
const routedAddr = (a: Iface['addrs'][number]) => a.prefix !== 32 && !a.routeDeleted;

/** Connected routes of every admin-up interface's addresses. */
export function connectedRoutes(world: World, host: Host): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const iface of host.ifaces) {
    if (!routedIface(iface)) continue;
    for (const a of iface.addrs) {
      if (!routedAddr(a)) continue;
      const dst = networkOf(a.ip, a.prefix);
      if (out.some((r) => r.dst === dst && r.prefix === a.prefix && r.dev === iface.name)) continue;
      out.push(connectedEntry(world, host, iface, a));
    }
  }
  return out;
}

function connectedEntry(world: World, host: Host, iface: Iface, a: Iface['addrs'][number]): RouteEntry {
  return {
    dst: networkOf(a.ip, a.prefix), prefix: a.prefix, dev: iface.name, src: a.ip, proto: 'kernel', scope: 'link',
    connected: true, linkdown: !hasCarrier(world, host, iface),
  };
}

/** blackhole/unreachable/prohibit routes have no device. */
const deviceless = (r: Route) => !r.dev && !!r.type && r.type !== 'unicast';

/** The admin-up device a unicast route goes out of, or undefined when the route is not in use. */
function routeIface(host: Host, r: Route): Iface | undefined {
  const iface = r.dev ? findIface(host, r.dev) : undefined;
  return iface?.up ? iface : undefined;
}

// (Object.assign, not a spread followed by fields: V8 builds a new hidden class for each such copy.)
function entryOf(world: World, host: Host, r: Route): RouteEntry | null {
  if (deviceless(r)) return Object.assign({}, r, { dev: '', scope: 'global' as const, connected: false, linkdown: false });
  const iface = routeIface(host, r);
  if (!iface) return null;
  return Object.assign({}, r, { dev: iface.name, scope: r.via === undefined ? ('link' as const) : ('global' as const), connected: false, linkdown: !hasCarrier(world, host, iface) });
}

/** Kernel FIB dump order: by destination, shorter prefix first, then metric. */
export function sortRoutes<T extends Route>(routes: T[]): T[] {
  return [...routes].sort((a, b) => a.dst - b.dst || a.prefix - b.prefix || (a.metric ?? 0) - (b.metric ?? 0));
}

/** Routes of a table as `ip route show [table T]` lists them. */
export function tableRoutes(world: World, host: Host, table = 'main'): RouteEntry[] {
  const statics = table === 'main' ? host.routes : host.tables[table] ?? [];
  const entries = statics.map((r) => entryOf(world, host, r)).filter((r): r is RouteEntry => r !== null);
  return sortRoutes(table === 'main' ? [...connectedRoutes(world, host), ...entries] : entries);
}

export function localAddresses(host: Host): Ip[] {
  return host.ifaces.flatMap((i) => i.addrs.map((a) => a.ip));
}

export function isLocalAddress(host: Host, ip: Ip): boolean {
  return isLoopback(ip) || host.ifaces.some((i) => i.addrs.some((a) => a.ip === ip));
}

export type Lookup =
  | { kind: 'local'; dev: string; src: Ip }
  | { kind: 'unicast'; route: RouteEntry; dev: string; via?: Ip; src: Ip | null; table: string }
  | { kind: 'blackhole' | 'unreachable' | 'prohibit'; table: string }
  | { kind: 'none' };

/** Whether a route of `prefix`/`metric` wins over the pick so far (none while pickPrefix < 0). */
const beats = (prefix: number, metric: number, pickPrefix: number, pickMetric: number) => pickPrefix < 0 || prefix > pickPrefix || (prefix === pickPrefix && metric < pickMetric);

/**
 * The longest-prefix, lowest-metric route of a table for `dst`; among equals the first in
 * `ip route` order (connected routes before static ones). Only the winner's entry is built.
 */
function best(world: World, host: Host, table: string, dst: Ip): RouteEntry | undefined {
  let prefix = -1;
  let metric = 0;
  let connected: { iface: Iface; addr: Iface['addrs'][number] } | undefined;
  let route: Route | undefined;
  if (table === 'main') {
    for (const iface of host.ifaces) {
      if (!routedIface(iface)) continue;
      for (const a of iface.addrs) {
        if (!routedAddr(a) || !inPrefix(dst, a.ip, a.prefix) || !beats(a.prefix, 0, prefix, metric)) continue;
        connected = { iface, addr: a };
        prefix = a.prefix;
        metric = 0;
      }
    }
  }
  for (const r of table === 'main' ? host.routes : host.tables[table] ?? []) {
    if (!inPrefix(dst, r.dst, r.prefix) || !beats(r.prefix, r.metric ?? 0, prefix, metric)) continue;
    if (!deviceless(r) && !routeIface(host, r)) continue;
    route = r;
    connected = undefined;
    prefix = r.prefix;
    metric = r.metric ?? 0;
  }
  if (route) return entryOf(world, host, route)!;
  return connected && connectedEntry(world, host, connected.iface, connected.addr);
}

/** Tables to try, in `ip rule` order, for a packet from `src` arriving on `iif`. */
export function tablesFor(host: Host, src: Ip | undefined, iif: string | undefined): string[] {
  if (!host.rules.length) return ['main'];
  const rules = [...host.rules].sort((a, b) => a.priority - b.priority);
  const tables = rules
    .filter((r) => (r.iif === undefined || r.iif === iif) && (r.from === undefined || (src !== undefined && inPrefix(src, r.from.ip, r.from.prefix))))
    .map((r) => r.table);
  return [...tables, 'main'];
}

/**
 * The kernel's route lookup. `iif` is the input device for forwarded packets (policy
 * rules may match it); `src` the packet's source if already known.
 */
export function lookupRoute(world: World, host: Host, dst: Ip, opts: { src?: Ip; iif?: string } = {}): Lookup {
  if (isLocalAddress(host, dst)) return { kind: 'local', dev: 'lo', src: isLoopback(dst) ? dst : dst };
  for (const table of tablesFor(host, opts.src, opts.iif)) {
    const r = best(world, host, table, dst);
    if (!r) continue;
    if (r.type && r.type !== 'unicast') return { kind: r.type, table };
    return { kind: 'unicast', route: r, dev: r.dev, via: r.via, src: r.src ?? selectSource(host, findIface(host, r.dev)!, r.via ?? dst), table };
  }
  return { kind: 'none' };
}

/**
 * Source address selection: an address of the output device in the same prefix as the
 * next hop, else the device's first address, else any global address of the host.
 */
export function selectSource(host: Host, dev: Iface, nextHop: Ip): Ip | null {
  const onLink = dev.addrs.find((a) => inPrefix(nextHop, a.ip, a.prefix));
  if (onLink) return onLink.ip;
  if (dev.addrs.length) return dev.addrs[0].ip;
  for (const i of host.ifaces) if (i.kind !== 'loopback' && i.addrs.length) return i.addrs[0].ip;
  return null;
}

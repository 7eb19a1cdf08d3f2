// Routing faults: routes missing or wrong, forwarding off.
import { z } from 'zod';
import { formatIp, inPrefix, networkOf, parseCidr, parseIp } from '../../sim/net/ip.js';
import type { Host, Route } from '../../sim/world/types.js';
import { FaultError, ROUTE_TOOLS, cidr, fault, hostOf, ipv4 } from './types.js';

const destination = z.union([z.literal('default'), cidr]);

function parseDst(text: string): { ip: number; prefix: number } {
  return text === 'default' ? { ip: 0, prefix: 0 } : parseCidr(text)!;
}

const same = (r: Route, d: { ip: number; prefix: number }) => r.dst === d.ip && r.prefix === d.prefix;

function routesOf(host: Host, table: string | undefined): Route[] {
  if (table === undefined || table === 'main') return host.routes;
  const routes = host.tables[table];
  if (!routes) throw new FaultError(`${host.name} has no routing table "${table}"`);
  return routes;
}

function removeRoutes(host: Host, dst: string, table: string | undefined): void {
  const d = parseDst(dst);
  const routes = routesOf(host, table);
  const kept = routes.filter((r) => !same(r, d));
  if (kept.length === routes.length) throw new FaultError(`${host.name} has no static route to ${dst}${table ? ` in table ${table}` : ''}`);
  if (table === undefined || table === 'main') host.routes = kept;
  else host.tables[table] = kept;
}

/** The interface whose connected network holds `via`. */
function onLinkDev(host: Host, via: number): string {
  const dev = host.ifaces.find((i) => i.addrs.some((a) => a.prefix < 32 && inPrefix(via, a.ip, a.prefix)));
  if (!dev) throw new FaultError(`${formatIp(via)} is not on a connected network of ${host.name}`);
  return dev.name;
}

const routeParams = z.strictObject({ host: z.string(), dst: destination, table: z.string().optional() });

export const missingRoute = fault({
  id: 'missing-route',
  layer: 'network',
  summary: 'A static route towards a destination network is missing.',
  params: routeParams,
  describe: (p) => `the static route to ${p.dst} on ${p.host}${p.table ? ` (table ${p.table})` : ''} was deleted`,
  apply(world, p) {
    removeRoutes(hostOf(world, p.host), p.dst, p.table);
    return [{ host: p.host, programs: ROUTE_TOOLS }];
  },
});

export const missingReturnRoute = fault({
  id: 'missing-return-route',
  layer: 'network',
  summary: 'The way there works but the answers have no way back: a route on the return path is missing.',
  params: routeParams,
  describe: (p) => `${p.host} lost its route back to ${p.dst}, so replies to that network go astray`,
  apply(world, p) {
    removeRoutes(hostOf(world, p.host), p.dst, p.table);
    return [{ host: p.host, programs: ROUTE_TOOLS }];
  },
});

export const wrongDefaultGateway = fault({
  id: 'wrong-default-gateway',
  layer: 'network',
  summary: 'The default route points to an address that is not the router (by default a random unused one on the link).',
  params: z.strictObject({ host: z.string(), via: ipv4.optional() }),
  choose(world, p, rng) {
    if (p.via) return p;
    const host = hostOf(world, p.host);
    const gw = host.routes.find((r) => r.dst === 0 && r.prefix === 0 && r.via !== undefined);
    if (!gw) throw new FaultError(`${p.host} has no default route via a gateway`);
    const addr = host.ifaces.flatMap((i) => i.addrs).find((a) => a.prefix < 32 && inPrefix(gw.via!, a.ip, a.prefix))!;
    const used = new Set(Object.values(world.hosts).flatMap((h) => h.ifaces.flatMap((i) => i.addrs.map((a) => a.ip))));
    const net = networkOf(addr.ip, addr.prefix);
    const size = 2 ** (32 - addr.prefix);
    const free = Array.from({ length: Math.min(size - 2, 254) }, (_, k) => net + size - 2 - k).filter((ip) => !used.has(ip));
    if (!free.length) throw new FaultError(`no unused address on ${p.host}'s gateway network`);
    return { ...p, via: formatIp(rng.pick(free.slice(0, 20))) };
  },
  describe: (p) => `the default route on ${p.host} points to ${p.via}, which is not a router`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const via = parseIp(p.via!)!;
    const gw = host.routes.find((r) => r.dst === 0 && r.prefix === 0);
    if (!gw) throw new FaultError(`${p.host} has no default route`);
    if (gw.via === via) throw new FaultError(`${p.host}'s default route already points to ${p.via}`);
    gw.dev = onLinkDev(host, via);
    gw.via = via;
    return [{ host: p.host, programs: ROUTE_TOOLS }];
  },
});

export const forwardingOff = fault({
  id: 'forwarding-off',
  layer: 'network',
  summary: 'IP forwarding is disabled on a router (net.ipv4.ip_forward=0).',
  params: z.strictObject({ host: z.string() }),
  describe: (p) => `net.ipv4.ip_forward was set to 0 on ${p.host}, so it stopped routing`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    if (host.sysctl['net.ipv4.ip_forward'] !== '1') throw new FaultError(`${p.host} does not forward packets in the first place`);
    host.sysctl['net.ipv4.ip_forward'] = '0';
    return [{ host: p.host, programs: ['sysctl', 'cat'], words: ['ip_forward', 'net.ipv4', '-a'] }];
  },
});

export const blackholeRoute = fault({
  id: 'blackhole-route',
  layer: 'network',
  summary: 'A blackhole route (left over from a null-routing during an incident) swallows traffic to a prefix.',
  params: z.strictObject({ host: z.string(), dst: cidr }),
  describe: (p) => `a blackhole route for ${p.dst} on ${p.host} silently discards that traffic`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const d = parseDst(p.dst);
    if (host.routes.some((r) => same(r, d) && r.type === 'blackhole')) throw new FaultError(`${p.host} already blackholes ${p.dst}`);
    host.routes.push({ dst: networkOf(d.ip, d.prefix), prefix: d.prefix, type: 'blackhole' });
    return [{ host: p.host, programs: ROUTE_TOOLS }];
  },
});

export const staleStaticRoute = fault({
  id: 'stale-static-route',
  layer: 'network',
  summary: 'A more specific static route sends a prefix to a gateway that no longer routes it.',
  params: z.strictObject({ host: z.string(), dst: cidr, via: ipv4 }),
  describe: (p) => `a stale static route on ${p.host} sends ${p.dst} to ${p.via}, which does not route it`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const d = parseDst(p.dst);
    const via = parseIp(p.via)!;
    if (host.routes.some((r) => same(r, d))) throw new FaultError(`${p.host} already has a route to ${p.dst}`);
    host.routes.push({ dst: networkOf(d.ip, d.prefix), prefix: d.prefix, via, dev: onLinkDev(host, via) });
    return [{ host: p.host, programs: ROUTE_TOOLS }];
  },
});

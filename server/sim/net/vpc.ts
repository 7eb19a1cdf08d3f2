// A cloud VPC seen through the provider's API, read from plain primitives (see
// scenarios/bases/vpc.yaml): subnets with a `vpc`, a router appliance whose policy rules
// `iif DEV table rtb-…` give each subnet its route table, gateways as appliances named by
// their ids (igw-…, nat-…), an internet gateway mapping public addresses with DNAT/SNAT,
// and security groups on NICs.
import { formatIp, inPrefix, networkOf, parseCidr, type Ip } from './ip.js';
import type { Host, Route, World } from '../world/types.js';

/** A stable id like `subnet-0a1b2c3d4e5f67890` for a name (FNV-1a, twice for 17 hex digits). */
export function awsId(prefix: string, name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const c of name) {
    h1 = Math.imul(h1 ^ c.charCodeAt(0), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c.charCodeAt(0), 0x811c9dc5) >>> 0;
  }
  return `${prefix}-0${(h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).slice(0, 16)}`;
}

export const subnetId = (name: string) => awsId('subnet', name);
export const instanceId = (host: string) => awsId('i', host);
export const vpcIdOf = (vpc: string) => (vpc.startsWith('vpc-') ? vpc : awsId('vpc', vpc));

/** The VPC's CIDR: the common prefix of its subnets, at most a /16. */
export function vpcCidr(world: World, vpc: string): { ip: Ip; prefix: number } {
  const nets = Object.values(world.subnets).filter((s) => s.vpc === vpc).map((s) => parseCidr(s.cidr)!);
  if (!nets.length) return { ip: 0, prefix: 0 };
  let prefix = Math.min(16, ...nets.map((n) => n.prefix));
  while (prefix > 0 && !nets.every((n) => networkOf(n.ip, prefix) === networkOf(nets[0].ip, prefix))) prefix--;
  return { ip: networkOf(nets[0].ip, prefix), prefix };
}

export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'gateway' | 'nat' | 'instance'; id: string }
  /** The target is gone (no host owns the next hop). */
  | { kind: 'blackhole' };

export interface VpcRoute {
  cidr: string;
  target: RouteTarget;
}

export interface RouteTable {
  id: string;
  router: Host;
  vpc: string;
  /** Names of the subnets associated with the table. */
  subnets: string[];
  routes: VpcRoute[];
}

const hostOwning = (world: World, ip: Ip) => Object.values(world.hosts).find((h) => h.ifaces.some((i) => i.addrs.some((a) => a.ip === ip)));

function targetOf(world: World, r: Route): RouteTarget {
  if (r.via === undefined) return { kind: 'local' };
  const gw = hostOwning(world, r.via);
  if (!gw) return { kind: 'blackhole' };
  if (gw.name.startsWith('igw-')) return { kind: 'gateway', id: gw.name };
  if (gw.name.startsWith('nat-')) return { kind: 'nat', id: gw.name };
  return { kind: 'instance', id: instanceId(gw.name) };
}

/** The subnet a router's device is on. */
function subnetOfDev(world: World, router: Host, dev: string): string | undefined {
  const iface = router.ifaces.find((i) => i.name === dev);
  const a = iface?.addrs[0];
  if (!a) return undefined;
  return Object.values(world.subnets).find((s) => {
    const c = parseCidr(s.cidr)!;
    return c.prefix === a.prefix && inPrefix(a.ip, c.ip, c.prefix);
  })?.name;
}

/** Every route table of every VPC router in the world. */
export function routeTables(world: World): RouteTable[] {
  const out: RouteTable[] = [];
  for (const router of Object.values(world.hosts)) {
    if (router.kind !== 'appliance') continue;
    for (const [id, routes] of Object.entries(router.tables)) {
      if (!id.startsWith('rtb-')) continue;
      const subnets = router.rules.filter((r) => r.table === id && r.iif).map((r) => subnetOfDev(world, router, r.iif!)).filter((s): s is string => !!s);
      const vpc = subnets.map((s) => world.subnets[s].vpc).find((v) => v) ?? '';
      const cidr = vpcCidr(world, vpc);
      const local = routes.filter((r) => r.via === undefined && r.dev && inPrefix(r.dst, cidr.ip, cidr.prefix));
      const others = routes.filter((r) => !local.includes(r)).map((r) => ({ cidr: `${formatIp(r.dst)}/${r.prefix}`, target: targetOf(world, r) }));
      out.push({ id, router, vpc, subnets, routes: [...(local.length ? [{ cidr: `${formatIp(cidr.ip)}/${cidr.prefix}`, target: { kind: 'local' as const } }] : []), ...others] });
    }
  }
  return out;
}

/** The router's next hop to a gateway named by its id: its address on a network they share, and the router's device there. */
export function gatewayHop(world: World, router: Host, gateway: string): { via: Ip; dev: string } | null {
  const gw = world.hosts[gateway];
  if (!gw) return null;
  for (const a of gw.ifaces.filter((i) => i.kind !== 'loopback').flatMap((i) => i.addrs)) {
    const dev = router.ifaces.find((i) => i.kind !== 'loopback' && i.addrs.some((m) => m.prefix < 32 && inPrefix(a.ip, m.ip, m.prefix)));
    if (dev) return { via: a.ip, dev: dev.name };
  }
  return null;
}

/** Public address -> private address, from the internet gateways' DNAT rules. */
export function publicAddresses(world: World): Map<Ip, Ip> {
  const out = new Map<Ip, Ip>();
  for (const h of Object.values(world.hosts)) {
    if (!h.name.startsWith('igw-')) continue;
    for (const r of h.iptables.nat.chains.PREROUTING?.rules ?? []) {
      if (r.target.kind === 'DNAT' && r.match.dst && r.match.dst.prefix === 32) out.set(r.match.dst.ip, r.target.to.ip);
    }
  }
  return out;
}

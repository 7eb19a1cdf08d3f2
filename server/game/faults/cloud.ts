// Cloud VPC faults. A VPC is built from plain primitives (see scenarios/bases/vpc.yaml): a
// router appliance with one route table (policy-routing table) per subnet, gateways as
// appliances, security groups on NICs. Players see and fix these with `aws ec2`.
import { z } from 'zod';
import { gatewayHop } from '../../sim/net/vpc.js';
import type { Host } from '../../sim/world/types.js';
import { FaultError, fault, hostOf } from './types.js';

function routeTable(host: Host, table: string) {
  const routes = host.tables[table];
  if (!routes) throw new FaultError(`${host.name} has no route table "${table}"`);
  return routes;
}

const awsTouch = (...words: string[]) => ({ host: '*', programs: ['aws'], words });

export const natGatewayRouteMissing = fault({
  id: 'nat-gateway-route-missing',
  layer: 'cloud',
  summary: "A private subnet's route table lost its 0.0.0.0/0 route to the NAT gateway.",
  params: z.strictObject({ host: z.string(), table: z.string() }),
  describe: (p) => `route table ${p.table} has no 0.0.0.0/0 route to the NAT gateway any more`,
  apply(world, p) {
    const router = hostOf(world, p.host);
    const routes = routeTable(router, p.table);
    if (!routes.some((r) => r.prefix === 0)) throw new FaultError(`route table ${p.table} has no default route`);
    router.tables[p.table] = routes.filter((r) => r.prefix !== 0);
    return [awsTouch('describe-route-tables', p.table)];
  },
});

export const routeTableWrongTarget = fault({
  id: 'route-table-wrong-target',
  layer: 'cloud',
  summary: "A route table's default route targets the wrong gateway (e.g. the internet gateway for a private subnet).",
  params: z.strictObject({ host: z.string(), table: z.string(), target: z.string() }),
  describe: (p) => `route table ${p.table} sends 0.0.0.0/0 to ${p.target}, the wrong gateway for that subnet`,
  apply(world, p) {
    const router = hostOf(world, p.host);
    const def = routeTable(router, p.table).find((r) => r.prefix === 0);
    if (!def) throw new FaultError(`route table ${p.table} has no default route`);
    hostOf(world, p.target);
    const hop = gatewayHop(world, router, p.target);
    if (!hop) throw new FaultError(`${p.target} shares no network with ${p.host}`);
    if (def.via === hop.via) throw new FaultError(`route table ${p.table} already targets ${p.target}`);
    Object.assign(def, hop);
    return [awsTouch('describe-route-tables', p.table)];
  },
});

export const securityGroupMissingPort = fault({
  id: 'security-group-missing-port',
  layer: 'cloud',
  summary: 'A security group lost the ingress rule for a port (new connections are silently dropped).',
  params: z.strictObject({ sg: z.string(), proto: z.enum(['tcp', 'udp']).default('tcp'), port: z.number().int().min(1).max(65535) }),
  describe: (p) => `security group ${p.sg} no longer allows ${p.proto}/${p.port} in`,
  apply(world, p) {
    const sg = world.securityGroups[p.sg];
    if (!sg) throw new FaultError(`no security group "${p.sg}"`);
    const covers = (r: (typeof sg.ingress)[number]) =>
      (r.proto === p.proto || r.proto === 'all') && (r.fromPort === undefined || (r.fromPort <= p.port && p.port <= (r.toPort ?? r.fromPort)));
    if (!sg.ingress.some(covers)) throw new FaultError(`security group ${p.sg} does not allow ${p.proto}/${p.port} in the first place`);
    sg.ingress = sg.ingress.filter((r) => !covers(r));
    return [awsTouch('describe-security-groups', p.sg)];
  },
});

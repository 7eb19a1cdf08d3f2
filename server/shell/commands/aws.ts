// `aws ec2` (AWS CLI v2): the subset a player needs to see and fix a VPC — route tables,
// security groups, instances. The API is reached over the simulated network: the host must
// resolve and connect to ec2.REGION.amazonaws.com:443, so an instance that lost its way out
// cannot call it (as in real life). The VPC is read from the world's primitives (vpc.ts).
import { probe } from '../../sim/net/engine.js';
import { formatIp, inPrefix, parseCidr } from '../../sim/net/ip.js';
import { resolveHost } from '../../sim/net/resolver.js';
import { gatewayHop, instanceId, publicAddresses, routeTables, subnetId, vpcIdOf, type RouteTable } from '../../sim/net/vpc.js';
import type { SgRule, World } from '../../sim/world/types.js';
import { readFile } from '../files.js';
import { homeOf } from '../session.js';
import type { CommandContext, CommandSpec } from '../types.js';

const OWNER = '123456789012';
const VERSION = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12 prompt/off\n';

const USAGE = `usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
To see help text, you can run:

  aws help
  aws <command> help
  aws <command> <subcommand> help

`;

const EXIT = { usage: 252, config: 253, service: 254, connect: 255 } as const;

class AwsExit {
  constructor(readonly code: number, readonly stderr: string) {}
}

const usageError = (msg: string) => new AwsExit(EXIT.usage, `${USAGE}aws: error: ${msg}\n`);
const clientError = (code: string, op: string, msg: string) => new AwsExit(EXIT.service, `\nAn error occurred (${code}) when calling the ${op} operation: ${msg}\n`);

type Params = Record<string, string[]>;

/** `--name value` / `--name=value` parameters after the operation. */
function parseParams(args: string[], known: Record<string, 'value' | 'list' | 'flag'>): Params {
  const out: Record<string, string[]> = {};
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      unknown.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s);
    const kind = known[name];
    if (!kind) {
      unknown.push(a);
      continue;
    }
    if (kind === 'flag') out[name] = [];
    else if (inline !== undefined) out[name] = [inline];
    else {
      const values: string[] = [];
      while (i + 1 < args.length && !args[i + 1].startsWith('--') && (kind === 'list' || values.length === 0)) values.push(args[++i]);
      if (!values.length) throw usageError(`argument --${name}: expected ${kind === 'list' ? 'at least one argument' : 'one argument'}`);
      out[name] = values;
    }
  }
  if (unknown.length) throw new AwsExit(EXIT.usage, `${USAGE}Unknown options: ${unknown.join(', ')}\n`);
  return out;
}

function required(params: Params, ...names: string[]): void {
  const missing = names.filter((n) => !params[n]);
  if (missing.length) throw usageError(`the following arguments are required: ${missing.map((n) => `--${n}`).join(', ')}`);
}

/** The region from --region, the environment or ~/.aws/config. */
function regionOf(ctx: CommandContext, global: Record<string, string>): string {
  const env = ctx.session.env;
  const region = global.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) return region;
  const config = readFile(ctx.host, `${homeOf(ctx.session.user)}/.aws/config`, ctx.session.user);
  const m = config.ok ? /^\s*region\s*=\s*(\S+)/m.exec(config.text) : null;
  if (m) return m[1];
  throw new AwsExit(EXIT.config, '\nYou must specify a region. You can also configure your region by running "aws configure".\n');
}

/** Reaches the EC2 endpoint over the network, as the SDK would (name lookup, TCP connect). */
function connect(ctx: CommandContext, region: string): void {
  const endpoint = `ec2.${region}.amazonaws.com`;
  const fail = new AwsExit(EXIT.connect, `\nCould not connect to the endpoint URL: "https://${endpoint}/"\n`);
  const r = resolveHost(ctx.world, ctx.host.name, endpoint, { record: true });
  if (r.kind !== 'ok' || !r.addrs.length) throw fail;
  const p = probe(ctx.world, ctx.host.name, { dst: r.addrs[0], proto: 'tcp', dport: 443 }, { record: true });
  if (p.kind === 'reply' && p.tcp === 'syn-ack') return;
  // The SDK's connect timeout is 60 s; a refusal or an ICMP error fails at once.
  if (p.kind === 'timeout') ctx.wait(60_000);
  throw fail;
}

const json = (v: unknown) => JSON.stringify(v, null, 4) + '\n';

// --- route tables ------------------------------------------------------------------------

function routeJson(t: RouteTable) {
  return t.routes.map((r) => {
    const base = { DestinationCidrBlock: r.cidr };
    switch (r.target.kind) {
      case 'local':
        return { ...base, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' };
      case 'gateway':
        return { ...base, GatewayId: r.target.id, Origin: 'CreateRoute', State: 'active' };
      case 'nat':
        return { ...base, NatGatewayId: r.target.id, Origin: 'CreateRoute', State: 'active' };
      case 'instance':
        return { ...base, InstanceId: r.target.id, InstanceOwnerId: OWNER, Origin: 'CreateRoute', State: 'active' };
      case 'blackhole':
        return { ...base, Origin: 'CreateRoute', State: 'blackhole' };
    }
  });
}

function tableJson(t: RouteTable) {
  return {
    Associations: t.subnets.map((s) => ({
      Main: false, RouteTableAssociationId: t.id.replace(/^rtb-/, 'rtbassoc-').slice(0, 26), RouteTableId: t.id, SubnetId: subnetId(s),
      AssociationState: { State: 'associated' },
    })),
    PropagatingVgws: [],
    RouteTableId: t.id,
    Routes: routeJson(t),
    Tags: [{ Key: 'Name', Value: t.subnets.join(',') || t.id }],
    VpcId: vpcIdOf(t.vpc),
    OwnerId: OWNER,
  };
}

function findTable(world: World, id: string, op: string): RouteTable {
  const t = routeTables(world).find((x) => x.id === id);
  if (!t) throw clientError('InvalidRouteTableID.NotFound', op, `The routeTable ID '${id}' does not exist`);
  return t;
}

function destination(text: string, op: string): { ip: number; prefix: number } {
  const c = parseCidr(text);
  if (!c || !text.includes('/')) throw clientError('InvalidParameterValue', op, `Value (${text}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  return c;
}

/** The route a create/replace-route asks for, on the table's router. */
function targetHop(ctx: CommandContext, t: RouteTable, params: Params, op: string): { via: number; dev: string } {
  const gateway = params['gateway-id']?.[0];
  const nat = params['nat-gateway-id']?.[0];
  if (!gateway && !nat) throw clientError('MissingParameter', op, 'The request must contain exactly one of gatewayId, natGatewayId, instanceId, networkInterfaceId, vpcPeeringConnectionId, transitGatewayId, localGatewayId or carrierGatewayId');
  const id = (gateway ?? nat)!;
  const ok = gateway ? id.startsWith('igw-') : id.startsWith('nat-');
  const hop = ok ? gatewayHop(ctx.world, t.router, id) : null;
  if (!hop) {
    if (gateway) throw clientError('InvalidGatewayID.NotFound', op, `The gateway ID '${id}' does not exist`);
    throw clientError('InvalidNatGatewayID.NotFound', op, `The natGateway ID '${id}' does not exist`);
  }
  return hop;
}

const ROUTE_PARAMS = { 'route-table-id': 'value', 'destination-cidr-block': 'value', 'gateway-id': 'value', 'nat-gateway-id': 'value' } as const;

function createRoute(ctx: CommandContext, params: Params, replace: boolean): string {
  const op = replace ? 'ReplaceRoute' : 'CreateRoute';
  const t = findTable(ctx.world, params['route-table-id'][0], op);
  const dst = destination(params['destination-cidr-block']?.[0] ?? '', op);
  const hop = targetHop(ctx, t, params, op);
  const routes = t.router.tables[t.id];
  const existing = routes.find((r) => r.dst === dst.ip && r.prefix === dst.prefix);
  const cidr = `${formatIp(dst.ip)}/${dst.prefix}`;
  if (replace && !existing) throw clientError('InvalidRoute.NotFound', op, `no route with destination-cidr-block ${cidr} in route table ${t.id}`);
  if (!replace && existing) throw clientError('RouteAlreadyExists', op, `The route identified by ${cidr} already exists.`);
  if (existing) Object.assign(existing, hop);
  else routes.push({ dst: dst.ip, prefix: dst.prefix, ...hop });
  return replace ? '' : json({ Return: true });
}

function deleteRoute(ctx: CommandContext, params: Params): string {
  const op = 'DeleteRoute';
  const t = findTable(ctx.world, params['route-table-id'][0], op);
  const dst = destination(params['destination-cidr-block']?.[0] ?? '', op);
  const routes = t.router.tables[t.id];
  const i = routes.findIndex((r) => r.dst === dst.ip && r.prefix === dst.prefix && r.via !== undefined);
  if (i < 0) throw clientError('InvalidRoute.NotFound', op, `no route with destination-cidr-block ${formatIp(dst.ip)}/${dst.prefix} in route table ${t.id}`);
  routes.splice(i, 1);
  return '';
}

function describeRouteTables(ctx: CommandContext, params: Params): string {
  const tables = routeTables(ctx.world);
  const ids = params['route-table-ids'];
  for (const id of ids ?? []) if (!tables.some((t) => t.id === id)) throw clientError('InvalidRouteTableID.NotFound', 'DescribeRouteTables', `The routeTable ID '${id}' does not exist`);
  return json({ RouteTables: tables.filter((t) => !ids || ids.includes(t.id)).map(tableJson) });
}

// --- security groups ---------------------------------------------------------------------

const protoName = (p: SgRule['proto']) => (p === 'all' ? '-1' : p);

function permissionsJson(rules: SgRule[]) {
  const groups = new Map<string, { rule: SgRule; cidrs: string[] }>();
  for (const r of rules) {
    const key = `${r.proto}/${r.fromPort}/${r.toPort}`;
    const g = groups.get(key) ?? { rule: r, cidrs: [] };
    g.cidrs.push(r.cidr);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ rule, cidrs }) => {
    const ports = rule.proto === 'all' ? {} : rule.proto === 'icmp' ? { FromPort: -1 } : { FromPort: rule.fromPort ?? 0 };
    const to = rule.proto === 'all' ? {} : rule.proto === 'icmp' ? { ToPort: -1 } : { ToPort: rule.toPort ?? 65535 };
    return { ...ports, IpProtocol: protoName(rule.proto), IpRanges: cidrs.map((c) => ({ CidrIp: c })), Ipv6Ranges: [], PrefixListIds: [], ...to, UserIdGroupPairs: [] };
  });
}

function sgVpc(world: World, id: string): string {
  for (const h of Object.values(world.hosts)) {
    for (const i of h.ifaces) {
      if (!i.securityGroups?.includes(id)) continue;
      const a = i.addrs[0];
      const subnet = a && Object.values(world.subnets).find((s) => {
        const c = parseCidr(s.cidr)!;
        return inPrefix(a.ip, c.ip, c.prefix);
      });
      if (subnet?.vpc) return vpcIdOf(subnet.vpc);
    }
  }
  return vpcIdOf(Object.values(world.subnets).find((s) => s.vpc)?.vpc ?? 'default');
}

function describeSecurityGroups(ctx: CommandContext, params: Params): string {
  const ids = params['group-ids'];
  const groups = ctx.world.securityGroups;
  const missing = (ids ?? []).filter((id) => !groups[id]);
  if (missing.length) throw clientError('InvalidGroup.NotFound', 'DescribeSecurityGroups', `The security group '${missing[0]}' does not exist`);
  const list = Object.values(groups).filter((g) => !ids || ids.includes(g.id));
  return json({
    SecurityGroups: list.map((g) => ({
      Description: g.name, GroupName: g.name, IpPermissions: permissionsJson(g.ingress), OwnerId: OWNER, GroupId: g.id,
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      VpcId: sgVpc(ctx.world, g.id),
    })),
  });
}

/** The rule an authorize/revoke asks for. */
function sgRuleOf(params: Params, op: string): SgRule {
  const protoText = params.protocol[0];
  const proto = protoText === '-1' ? 'all' : protoText;
  if (!['tcp', 'udp', 'icmp', 'all'].includes(proto)) throw clientError('InvalidParameterValue', op, `Invalid value '${protoText}' for IP protocol. Unknown protocol.`);
  const cidr = params.cidr?.[0] ?? '';
  const c = parseCidr(cidr);
  if (!c || !cidr.includes('/')) throw clientError('InvalidParameterValue', op, `CIDR block ${cidr} is malformed`);
  if (proto === 'all' || proto === 'icmp') return { proto: proto as SgRule['proto'], cidr };
  const m = /^(\d+)(?:-(\d+))?$/.exec(params.port?.[0] ?? '');
  if (!m || Number(m[1]) > 65535 || Number(m[2] ?? m[1]) > 65535) throw clientError('InvalidParameterValue', op, `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
  return { proto: proto as SgRule['proto'], fromPort: Number(m[1]), toPort: Number(m[2] ?? m[1]), cidr };
}

const sameRule = (a: SgRule, b: SgRule) => a.proto === b.proto && a.fromPort === b.fromPort && a.toPort === b.toPort && a.cidr === b.cidr;

const ruleText = (r: SgRule) =>
  `peer: ${r.cidr}, ${r.proto === 'all' ? 'ALL' : r.proto.toUpperCase()}, from port: ${r.fromPort ?? -1}, to port: ${r.toPort ?? -1}, ALLOW`;

function changeIngress(ctx: CommandContext, params: Params, revoke: boolean): string {
  const op = revoke ? 'RevokeSecurityGroupIngress' : 'AuthorizeSecurityGroupIngress';
  const sg = ctx.world.securityGroups[params['group-id'][0]];
  if (!sg) throw clientError('InvalidGroup.NotFound', op, `The security group '${params['group-id'][0]}' does not exist`);
  if (!params.protocol) throw clientError('MissingParameter', op, 'The request must contain the parameter ipPermissions');
  const rule = sgRuleOf(params, op);
  const existing = sg.ingress.find((r) => sameRule(r, rule));
  if (revoke) {
    if (!existing) return json({ Return: false, UnknownIpPermissions: permissionsJson([rule]) });
    sg.ingress = sg.ingress.filter((r) => r !== existing);
    return json({ Return: true });
  }
  if (existing) throw clientError('InvalidPermission.Duplicate', op, `the specified rule "${ruleText(rule)}" already exists`);
  sg.ingress.push(rule);
  const id = `sgr-0${Array.from({ length: 16 }, () => Math.floor(ctx.random() * 16).toString(16)).join('')}`;
  const ports = rule.proto === 'all' ? { FromPort: -1, ToPort: -1 } : rule.proto === 'icmp' ? { FromPort: -1, ToPort: -1 } : { FromPort: rule.fromPort, ToPort: rule.toPort };
  return json({
    Return: true,
    SecurityGroupRules: [{ SecurityGroupRuleId: id, GroupId: sg.id, GroupOwnerId: OWNER, IsEgress: false, IpProtocol: protoName(rule.proto), ...ports, CidrIpv4: rule.cidr }],
  });
}

// --- instances -----------------------------------------------------------------------------

function describeInstances(ctx: CommandContext): string {
  const world = ctx.world;
  const publicOf = new Map([...publicAddresses(world)].map(([pub, priv]) => [priv, pub]));
  const instances = Object.values(world.hosts).flatMap((h) => {
    if (h.kind !== 'vm' || !h.login) return [];
    const nic = h.ifaces.find((i) => i.addrs.length && i.kind !== 'loopback');
    const a = nic?.addrs[0];
    const subnet = a && Object.values(world.subnets).find((s) => {
      const c = parseCidr(s.cidr)!;
      return s.vpc && inPrefix(a.ip, c.ip, c.prefix);
    });
    if (!nic || !a || !subnet) return [];
    const pub = publicOf.get(a.ip);
    return [{
      InstanceId: instanceId(h.name), InstanceType: 't3.small', PrivateIpAddress: formatIp(a.ip), ...(pub !== undefined ? { PublicIpAddress: formatIp(pub) } : {}),
      State: { Code: 16, Name: 'running' }, SubnetId: subnetId(subnet.name), VpcId: vpcIdOf(subnet.vpc!),
      SecurityGroups: (nic.securityGroups ?? []).map((id) => ({ GroupName: world.securityGroups[id]?.name ?? id, GroupId: id })),
      Tags: [{ Key: 'Name', Value: h.name }],
    }];
  });
  return json({ Reservations: instances.map((i) => ({ Groups: [], Instances: [i], OwnerId: OWNER, ReservationId: i.InstanceId.replace(/^i-/, 'r-') })) });
}

interface Operation {
  params: Record<string, 'value' | 'list' | 'flag'>;
  required?: string[];
  run(ctx: CommandContext, params: Params): string;
}

const SG_PARAMS = { 'group-id': 'value', protocol: 'value', port: 'value', cidr: 'value' } as const;

const EC2: Record<string, Operation> = {
  'authorize-security-group-ingress': { params: SG_PARAMS, required: ['group-id'], run: (ctx, p) => changeIngress(ctx, p, false) },
  'create-route': { params: ROUTE_PARAMS, required: ['route-table-id'], run: (ctx, p) => createRoute(ctx, p, false) },
  'delete-route': { params: { 'route-table-id': 'value', 'destination-cidr-block': 'value' }, required: ['route-table-id'], run: deleteRoute },
  'describe-instances': { params: {}, run: describeInstances },
  'describe-route-tables': { params: { 'route-table-ids': 'list' }, run: describeRouteTables },
  'describe-security-groups': { params: { 'group-ids': 'list' }, run: describeSecurityGroups },
  'replace-route': { params: ROUTE_PARAMS, required: ['route-table-id'], run: (ctx, p) => createRoute(ctx, p, true) },
  'revoke-security-group-ingress': { params: SG_PARAMS, required: ['group-id'], run: (ctx, p) => changeIngress(ctx, p, true) },
};

/** Global options before or after the command: --region R, --output json. */
function splitGlobals(argv: string[]): { globals: Record<string, string>; rest: string[] } {
  const globals: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(region|output|profile)(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw usageError(`argument --${m[1]}: expected one argument`);
    globals[m[1]] = v;
  }
  return { globals, rest };
}

function run(ctx: CommandContext): number {
  try {
    if (ctx.argv[1] === '--version') {
      ctx.out(VERSION);
      return 0;
    }
    const { globals, rest } = splitGlobals(ctx.argv.slice(1));
    if (globals.output && globals.output !== 'json') throw usageError(`argument --output: invalid choice: '${globals.output}' (this aws only prints json)`);
    const [service, operation, ...args] = rest;
    if (!service) throw usageError('the following arguments are required: command');
    if (service !== 'ec2') throw usageError(`argument command: Invalid choice, valid choices are:\n\nec2`);
    if (!operation) throw usageError('the following arguments are required: operation');
    const op = EC2[operation];
    if (!op) throw usageError(`argument operation: Invalid choice, valid choices are:\n\n${Object.keys(EC2).join(' | ')}`);
    const params = parseParams(args, op.params);
    required(params, ...(op.required ?? []));
    const region = regionOf(ctx, globals);
    connect(ctx, region);
    ctx.out(op.run(ctx, params));
    return 0;
  } catch (e) {
    if (!(e instanceof AwsExit)) throw e;
    ctx.err(e.stderr);
    return e.code;
  }
}

export const awsCommands: Record<string, CommandSpec> = {
  aws: { run, summary: 'AWS command line interface (ec2 route tables, security groups, instances)' },
};

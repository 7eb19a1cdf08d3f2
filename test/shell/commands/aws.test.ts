import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newSession } from '../../../server/shell/shell.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { exec } from '../../helpers/run.js';

function vpc(host = 'bastion') {
  const world = loadWorldYaml(readFileSync('scenarios/bases/vpc.yaml', 'utf8'), 1, 'vpc.yaml');
  const session = newSession(world, host);
  return { world, run: (line: string) => exec(world, session, line) };
}

const PRIVATE = 'rtb-0b2e4d6f8a1c3e5a7';
const NAT = 'nat-0c4d5e6f7a8b9c0d1';

describe('aws ec2 route tables', () => {
  it('describes a route table: the local route, the target of the default route, the associated subnet', () => {
    const out = JSON.parse(vpc().run(`aws ec2 describe-route-tables --route-table-ids ${PRIVATE}`).out);
    expect(out.RouteTables).toHaveLength(1);
    expect(out.RouteTables[0]).toMatchObject({
      RouteTableId: PRIVATE,
      VpcId: 'vpc-0a9b8c7d6e5f40312',
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: NAT, Origin: 'CreateRoute', State: 'active' },
      ],
      Tags: [{ Key: 'Name', Value: 'private' }],
    });
  });

  it('prints JSON as the CLI does: four-space indents', () => {
    expect(vpc().run(`aws ec2 describe-route-tables --route-table-ids ${PRIVATE}`).out).toMatch(/^\{\n {4}"RouteTables": \[\n {8}\{\n {12}"Associations": \[/);
  });

  it('creates, replaces and deletes routes on the VPC router, with the API errors', () => {
    const { world, run } = vpc();
    const routes = () => world.hosts['vpc-router'].tables[PRIVATE];
    const create = `aws ec2 create-route --route-table-id ${PRIVATE} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id ${NAT}`;
    expect(run(create)).toMatchObject({ exit: 254, out: '', err: '\nAn error occurred (RouteAlreadyExists) when calling the CreateRoute operation: The route identified by 0.0.0.0/0 already exists.\n' });
    expect(run(`aws ec2 delete-route --route-table-id ${PRIVATE} --destination-cidr-block 0.0.0.0/0`)).toMatchObject({ exit: 0, out: '' });
    expect(routes().some((r) => r.prefix === 0)).toBe(false);
    expect(run(create)).toMatchObject({ exit: 0, out: '{\n    "Return": true\n}\n' });
    expect(routes().find((r) => r.prefix === 0)).toMatchObject({ dev: 'eth0' });
    expect(run(`aws ec2 replace-route --route-table-id ${PRIVATE} --destination-cidr-block 10.9.0.0/16 --gateway-id igw-0e5f6a7b8c9d0e1f2`).err)
      .toBe(`\nAn error occurred (InvalidRoute.NotFound) when calling the ReplaceRoute operation: no route with destination-cidr-block 10.9.0.0/16 in route table ${PRIVATE}\n`);
    expect(run('aws ec2 create-route --route-table-id rtb-0nope --destination-cidr-block 0.0.0.0/0 --gateway-id igw-x').err)
      .toBe("\nAn error occurred (InvalidRouteTableID.NotFound) when calling the CreateRoute operation: The routeTable ID 'rtb-0nope' does not exist\n");
    expect(run(`aws ec2 create-route --route-table-id ${PRIVATE} --destination-cidr-block 10.8.0.0/16 --nat-gateway-id nat-0nope`).err)
      .toBe("\nAn error occurred (InvalidNatGatewayID.NotFound) when calling the CreateRoute operation: The natGateway ID 'nat-0nope' does not exist\n");
  });
});

describe('aws ec2 security groups', () => {
  it('authorizes and revokes ingress rules; a duplicate is an error', () => {
    const { world, run } = vpc();
    const sg = 'sg-0e4d5f6a7b8c9102b';
    const args = `--group-id ${sg} --protocol tcp --port 6379 --cidr 10.0.2.0/24`;
    const r = run(`aws ec2 authorize-security-group-ingress ${args}`);
    expect(r.exit).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ Return: true, SecurityGroupRules: [{ GroupId: sg, IsEgress: false, IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, CidrIpv4: '10.0.2.0/24' }] });
    expect(world.securityGroups[sg].ingress).toContainEqual({ proto: 'tcp', fromPort: 6379, toPort: 6379, cidr: '10.0.2.0/24' });
    expect(run(`aws ec2 authorize-security-group-ingress ${args}`)).toMatchObject({
      exit: 254,
      err: '\nAn error occurred (InvalidPermission.Duplicate) when calling the AuthorizeSecurityGroupIngress operation: the specified rule "peer: 10.0.2.0/24, TCP, from port: 6379, to port: 6379, ALLOW" already exists\n',
    });
    expect(run(`aws ec2 revoke-security-group-ingress ${args}`).out).toBe('{\n    "Return": true\n}\n');
    expect(world.securityGroups[sg].ingress.some((x) => x.fromPort === 6379)).toBe(false);
  });

  it('describes groups and instances (which group is on which instance)', () => {
    const { run } = vpc();
    const groups = JSON.parse(run('aws ec2 describe-security-groups --group-ids sg-0c2b3d4e5f6a70819').out).SecurityGroups;
    expect(groups[0]).toMatchObject({ GroupName: 'web', IpPermissions: expect.arrayContaining([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] })]) });
    const instances = JSON.parse(run('aws ec2 describe-instances').out).Reservations.map((r: { Instances: { Tags: { Value: string }[]; PublicIpAddress?: string; SecurityGroups: { GroupName: string }[] }[] }) => r.Instances[0]);
    const web = instances.find((i: { Tags: { Value: string }[] }) => i.Tags[0].Value === 'web');
    expect(web).toMatchObject({ PrivateIpAddress: '10.0.1.20', PublicIpAddress: '203.0.113.20', SecurityGroups: [{ GroupName: 'web', GroupId: 'sg-0c2b3d4e5f6a70819' }] });
  });
});

describe('aws: the command line and the network', () => {
  it('checks its arguments before calling the API', () => {
    const { run } = vpc();
    const usage = 'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n';
    expect(run('aws ec2 create-route --destination-cidr-block 0.0.0.0/0')).toMatchObject({ exit: 252, err: `${usage}aws: error: the following arguments are required: --route-table-id\n` });
    expect(run('aws ec2 describe-route-tables --foo')).toMatchObject({ exit: 252, err: `${usage}Unknown options: --foo\n` });
  });

  it('needs a region', () => {
    const { run } = vpc('db');
    expect(run('aws ec2 describe-instances')).toMatchObject({ exit: 253, err: '\nYou must specify a region. You can also configure your region by running "aws configure".\n' });
  });

  it('cannot reach the API from an instance without a way out', () => {
    const { world, run } = vpc('app');
    world.hosts['vpc-router'].tables[PRIVATE] = world.hosts['vpc-router'].tables[PRIVATE].filter((r) => r.prefix !== 0);
    const r = run('aws ec2 describe-instances');
    expect(r).toMatchObject({ exit: 255, out: '', err: '\nCould not connect to the endpoint URL: "https://ec2.us-east-1.amazonaws.com/"\n' });
    expect(r.elapsedMs).toBeGreaterThanOrEqual(60_000);
  });
});

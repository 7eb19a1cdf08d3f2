import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../server/sim/net/ip.js';
import { buildWorld } from '../../../server/sim/world/build.js';
import type { WorldSpec } from '../../../server/sim/world/spec.js';
import type { World } from '../../../server/sim/world/types.js';
import { br0LinkLocal, expectStep, lab, shell, transcript, vm } from './lab.js';

const ip = (s: string) => parseIp(s)!;
const nic = (world: World, host: string, name: string) => world.hosts[host].ifaces.find((i) => i.name === name)!;

/** A hypervisor with a VLAN-aware bridge: a trunk uplink and two VMs on VLANs 10 and 20. */
const HYPERVISOR: WorldSpec = {
  subnets: {
    users: { cidr: '10.10.10.0/24', vlan: 10, fabric: 'office' },
    apps: { cidr: '10.10.20.0/24', vlan: 20, fabric: 'office' },
  },
  hosts: {
    hv1: {
      kind: 'physical',
      nics: [
        { name: 'eno1', trunk: [10, 20], tagged: [10, 20], fabric: 'office' },
        { name: 'br0', ports: ['eno1'], vlanFiltering: true, subnet: 'apps', ip: '10.10.20.2', pvid: 20 },
      ],
    },
    ws1: { on: 'hv1', nics: [{ name: 'eth0', network: 'br0', pvid: 10, subnet: 'users', ip: '10.10.10.50' }] },
    api1: { on: 'hv1', nics: [{ name: 'eth0', network: 'br0', pvid: 20, subnet: 'apps', ip: '10.10.20.21' }] },
  },
};

describe('bridge and brctl: golden capture', () => {
  it('bridge link, bridge fdb, brctl show/showmacs, ip link show master', () => {
    const world = lab();
    // Frames from web1 and web2 reached the bridge 20 ms ago (their ARP traffic).
    world.now = 1_000_000;
    world.hosts.rtr.neigh.push({ ip: ip('10.0.1.10'), dev: 'br0', mac: '22:c6:f0:bf:2f:ff', state: 'REACHABLE', at: world.now - 20 });
    world.hosts.web2.neigh.push({ ip: ip('10.0.1.10'), dev: 'eth0', mac: '22:c6:f0:bf:2f:ff', state: 'REACHABLE', at: world.now - 20 });
    const run = shell(world);
    // `veth-web1@br0` in the capture is the veth peer's ifindex (2) resolved in rtr, where 2 is br0.
    const fix = (s: string) => br0LinkLocal(vm(s)).replaceAll('@br0:', ':');
    for (const step of transcript('bridge-link-brctl.txt')) expectStep(run, step, fix);
  });
});

describe('bridge: ports, taps and the forwarding database', () => {
  it('VM taps are bridge ports with tun details and a 10 Mb/s path cost', () => {
    const world = buildWorld(HYPERVISOR, 7);
    const run = shell(world);
    const vnet0 = nic(world, 'hv1', 'vnet0');
    expect(vnet0.mac).toBe('fe' + nic(world, 'ws1', 'eth0').mac.slice(2));
    expect(run('hv1', 'bridge link').out).toBe(
      '2: eno1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n' +
        '4: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 100 \n' +
        '5: vnet1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 100 \n',
    );
    expect(run('hv1', 'ip link show vnet0').out).toBe(
      `4: vnet0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UNKNOWN mode DEFAULT group default qlen 1000\n    link/ether ${vnet0.mac} brd ff:ff:ff:ff:ff:ff\n`,
    );
    const details = run('hv1', 'ip -d link show vnet0').out.split('\n');
    expect(details[1]).toBe(`    link/ether ${vnet0.mac} brd ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 1 minmtu 68 maxmtu 65521 `);
    expect(details[2]).toBe('    tun type tap pi off vnet_hdr on persist off ');
    expect(details[3]).toMatch(/^ {4}bridge_slave state forwarding priority 32 cost 100 .* port_id 0x8002 port_no 0x2 .* addrgenmode eui64 numtxqueues 256 numrxqueues 256 /);
    expect(run('hv1', 'brctl show').out).toBe(`bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.${nic(world, 'hv1', 'br0').mac.replaceAll(':', '')}\tno\t\teno1\n\t\t\t\t\t\t\tvnet0\n\t\t\t\t\t\t\tvnet1\n`);
  });

  it('a tap taken down disables its port and the VM loses carrier', () => {
    const world = buildWorld(HYPERVISOR, 7);
    const run = shell(world);
    expect(run('hv1', 'ip link set vnet0 down').exit).toBe(0);
    expect(run('hv1', 'bridge link show dev vnet0').out).toBe('4: vnet0: <BROADCAST,MULTICAST> mtu 1500 master br0 state disabled priority 32 cost 100 \n');
    expect(run('ws1', 'ip -br link show eth0').out).toBe(`eth0             DOWN           ${nic(world, 'ws1', 'eth0').mac} <NO-CARRIER,BROADCAST,MULTICAST,UP> \n`);
  });

  it('the fdb learns a station from its traffic and forgets it after 300 s', () => {
    const world = buildWorld(HYPERVISOR, 7);
    const run = shell(world);
    const vmMac = nic(world, 'ws1', 'eth0').mac;
    expect(run('hv1', 'bridge fdb show dynamic').out).toBe('');
    world.now = 5_000;
    world.hosts.ws1.neigh.push({ ip: ip('10.10.10.1'), dev: 'eth0', state: 'FAILED', at: 4_000 });
    expect(run('hv1', 'bridge fdb show dynamic').out).toBe(`${vmMac} dev vnet0 master br0 \n`);
    expect(run('hv1', 'bridge fdb show dev vnet0').out).toBe(
      `${vmMac} master br0 \n${nic(world, 'hv1', 'vnet0').mac} master br0 permanent\n33:33:00:00:00:01 self permanent\n01:00:5e:00:00:01 self permanent\n33:33:ff:${nic(world, 'hv1', 'vnet0').mac.slice(9)} self permanent\n`,
    );
    expect(run('hv1', 'brctl showmacs br0').out).toContain(`  2\t${vmMac}\tno\t\t   1.00\n`);
    world.now = 304_000;
    expect(run('hv1', 'bridge fdb show dynamic').out).toBe('');
  });
});

describe('bridge vlan', () => {
  it('shows each member VLAN, PVID and untagged egress, by ifindex', () => {
    const run = shell(buildWorld(HYPERVISOR, 7));
    expect(run('hv1', 'bridge vlan show').out).toBe(
      'port              vlan-id  \n' +
        'eno1              10\n                  20\n' +
        'br0               20 PVID Egress Untagged\n' +
        'vnet0             10 PVID Egress Untagged\n' +
        'vnet1             20 PVID Egress Untagged\n',
    );
    expect(run('hv1', 'bridge vlan show dev vnet1').out).toBe('port              vlan-id  \nvnet1             20 PVID Egress Untagged\n');
    expect(run('hv1', 'bridge -compressvlans vlan show dev eno1').out).toBe('port              vlan-id  \neno1              10\n                  20\n');
    // In 6.1 `-c` is taken by `-color`, which is matched first.
    expect(run('hv1', 'bridge -c vlan show dev eno1')).toEqual(run('hv1', 'bridge vlan show dev eno1'));
  });

  it('add and del change the port membership', () => {
    const world = buildWorld(HYPERVISOR, 7);
    const run = shell(world);
    expect(run('hv1', 'bridge vlan add dev vnet0 vid 20 pvid untagged')).toEqual({ out: '', err: '', exit: 0 });
    expect(nic(world, 'hv1', 'vnet0').bridgeVlans).toEqual({ pvid: 20, tagged: [10] });
    expect(run('hv1', 'bridge vlan del dev vnet0 vid 10')).toEqual({ out: '', err: '', exit: 0 });
    expect(run('hv1', 'bridge vlan show dev vnet0').out).toBe('port              vlan-id  \nvnet0             20 PVID Egress Untagged\n');
    expect(run('hv1', 'bridge vlan add dev eno1 vid 30-32').exit).toBe(0);
    expect(run('hv1', 'bridge -compressvlans vlan show dev eno1').out).toBe('port              vlan-id  \neno1              10\n                  20\n                  30-32\n');
    expect(run('hv1', 'bridge vlan add dev br0 vid 10 self').exit).toBe(0);
    expect(nic(world, 'hv1', 'br0').bridgeVlans).toEqual({ pvid: 20, tagged: [10] });
  });

  it('errors', () => {
    const world = buildWorld(HYPERVISOR, 7);
    const run = shell(world);
    const err = (text: string) => ({ out: '', err: text, exit: 255 });
    expect(run('hv1', 'bridge vlan add vid 10')).toEqual(err('Device and VLAN ID are required arguments.\n'));
    expect(run('hv1', 'bridge vlan add dev eth9 vid 10')).toEqual(err('Cannot find bridge device "eth9"\n'));
    expect(run('hv1', 'bridge vlan add dev vnet0 vid 5000')).toEqual(err('Invalid VLAN ID "5000"\n'));
    expect(run('hv1', 'bridge vlan add dev vnet0 vid 10', 'alice')).toEqual(err('RTNETLINK answers: Operation not permitted\n'));
    expect(run('hv1', 'bridge vlan add dev lo vid 10')).toEqual(err('RTNETLINK answers: Operation not supported\n'));
    expect(run('hv1', 'bridge vlan add dev br0 vid 10')).toEqual(err('RTNETLINK answers: Operation not supported\n'));
    expect(run('hv1', 'bridge vlan del dev vnet0 vid 99')).toEqual(err('RTNETLINK answers: No such file or directory\n'));
    expect(nic(world, 'hv1', 'vnet0').bridgeVlans).toEqual({ pvid: 10, tagged: [] });
  });
});

describe('bridge and brctl: usage', () => {
  it('bridge objects, options and usage', () => {
    const run = shell(lab());
    expect(run('rtr', 'bridge foo')).toEqual({ out: '', err: 'Object "foo" is unknown, try "bridge help".\n', exit: 255 });
    expect(run('rtr', 'bridge').err).toMatch(/^Usage: bridge \[ OPTIONS \] OBJECT \{ COMMAND \| help \}\n/);
    expect(run('rtr', 'bridge').exit).toBe(255);
    expect(run('rtr', 'bridge link show dev eth9')).toEqual({ out: '', err: 'Cannot find device "eth9"\n', exit: 255 });
    expect(run('rtr', 'bridge fdb show br br9')).toEqual({ out: '', err: 'Cannot find bridge device "br9"\n', exit: 255 });
    expect(run('rtr', 'bridge -x link')).toEqual({ out: '', err: 'Option "-x" is unknown, try "bridge help".\n', exit: 255 });
    expect(run('rtr', 'bridge l')).toEqual(run('rtr', 'bridge link show'));
  });

  it('brctl help, unknown commands and missing arguments', () => {
    const run = shell(lab());
    const help = run('rtr', 'brctl');
    expect(help.exit).toBe(1);
    expect(help.out).toMatch(/^Usage: brctl \[commands\]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n/);
    expect(run('rtr', 'brctl foo')).toEqual({ out: help.out, err: 'never heard of command [foo]\n', exit: 1 });
    expect(run('rtr', 'brctl showmacs')).toEqual({ out: 'Incorrect number of arguments for command\nUsage: brctl showmacs <bridge>\t\tshow a list of mac addrs\n', err: '', exit: 1 });
    expect(run('rtr', 'brctl showmacs br9')).toEqual({ out: '', err: 'read of forward table failed: No such file or directory\n', exit: 1 });
  });

  it('a bridge without ports', () => {
    const world = lab();
    const run = shell(world);
    run('rtr', 'ip link add br1 type bridge');
    const mac = nic(world, 'rtr', 'br1').mac.replaceAll(':', '');
    expect(run('rtr', 'brctl show br1').out).toBe(`bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr1\t\t8000.${mac}\tno\t\t\n`);
  });
});

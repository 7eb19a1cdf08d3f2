import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../server/sim/net/ip.js';
import type { Neighbour, World } from '../../../server/sim/world/types.js';
import { br0LinkLocal, expectStep, lab, shell, transcript, vm } from './lab.js';

const ip = (s: string) => parseIp(s)!;
const nic = (world: World, host: string, name: string) => world.hosts[host].ifaces.find((i) => i.name === name)!;

/** Replays a capture on the lab; `skip` drops commands that are not ours (ping). */
function replay(name: string, world = lab(), fix: (s: string) => string = vm, hooks: Record<number, (w: World) => void> = {}) {
  const run = shell(world);
  transcript(name).forEach((step, i) => {
    hooks[i + 1]?.(world);
    if (/^(ping|curl|traceroute) /.test(step.cmd)) return;
    expectStep(run, step, fix);
  });
  return world;
}

describe('ip: golden captures (iproute2-6.1.0)', () => {
  it('ip a on a VM', () => {
    replay('ip-a.txt');
  });

  it('ip a on the router (bridge, ports with master br0)', () => {
    replay('ip-a-router.txt', lab(), (s) => br0LinkLocal(vm(s)));
  });

  it('ip addr show dev, -4, -6, unknown device', () => {
    replay('ip-addr-show-dev.txt');
  });

  it('ip -br a, ip -br -4 a, ip -br link', () => {
    replay('ip-br-a.txt', lab(), (s) => br0LinkLocal(vm(s)));
  });

  it('ip link, ip link show DEV, unknown device', () => {
    replay('ip-link.txt');
  });

  it('ip link set mtu', () => {
    const world = replay('ip-link-mtu.txt');
    expect(nic(world, 'web2', 'eth0').mtu).toBe(1500);
  });

  it('ip -s link show (counters from the interface)', () => {
    const world = lab();
    Object.assign(nic(world, 'web1', 'eth0').stats, { rxBytes: 3320, rxPackets: 42, txBytes: 1594, txPackets: 21 });
    replay('ip-link-stats.txt', world);
  });

  it('ip -d link show for a bridge and a bridge port', () => {
    const world = lab();
    world.now = 215_600; // gc_timer counts down the bridge's 300 s fdb sweep: 84.40 left
    // veth-web1 is a veth in the capture (its own "veth" kind line, 2 queues, 512 KiB TSO); here it is a NIC.
    const nicNotVeth = (s: string) => vm(s).replace('    veth \n', '').replace('numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280', 'numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536');
    const run = shell(world);
    const [bridge, port] = transcript('ip-d-link-bridge.txt');
    expectStep(run, bridge, vm);
    expectStep(run, port, nicNotVeth);
  });

  it('cable pulled on the far side: NO-CARRIER, state DOWN, routes kept with linkdown', () => {
    const world = lab();
    nic(world, 'rtr', 'eth1').carrier = false;
    replay('ip-link-peer-down-linkdown.txt', world, (s) => br0LinkLocal(vm(s)));
  });

  it('ip link set down: addresses stay, link-local and every route go, routes stay gone after up', () => {
    // web2's eth0 going down takes the carrier of its peer port on rtr (a veth pair in the capture).
    const world = replay('ip-link-set-down.txt', lab(), (s) => vm(s).replaceAll('@br0:', ':'), { 3: (w) => (nic(w, 'rtr', 'veth-web2').carrier = false) });
    expect(world.hosts.web2.routes).toEqual([]);
  });

  it('ip route, ip r, ip route show default', () => {
    replay('ip-route.txt');
  });

  it('ip route get: via a gateway, on-link, local', () => {
    replay('ip-route-get.txt');
  });

  it('ip route add/del/replace', () => {
    const world = replay('ip-route-add-del.txt');
    expect(world.hosts.rtr.routes).toEqual([]);
    expect(world.hosts.web2.routes).toEqual([{ dst: 0, prefix: 0, via: ip('10.0.1.1'), dev: 'eth0' }]);
  });

  it('ip route errors', () => {
    // The last command was captured while db1 had no default route (as in ping-network-unreachable-no-route.txt).
    const world = replay('ip-route-errors.txt', lab(), vm, { 11: (w) => (w.hosts.db1.routes = []) });
    expect(world.hosts.web1.routes).toHaveLength(1);
  });

  it('ip addr/link errors, route usage, unknown object, secondary address', () => {
    const world = replay('ip-addr-link-errors.txt');
    expect(nic(world, 'web1', 'eth0').addrs.map((a) => a.ip)).toEqual([ip('10.0.1.10')]);
  });

  it('ip neigh: REACHABLE, dev filter, FAILED and INCOMPLETE, -br', () => {
    const world = lab();
    const entry = (addr: string, dev: string, mac: string | undefined, state: Neighbour['state']): Neighbour => ({ ip: ip(addr), dev, mac, state, at: world.now });
    const reachable = () => [
      entry('10.0.3.53', 'eth2', 'ee:e4:b3:58:ab:8f', 'REACHABLE'),
      entry('10.0.1.10', 'br0', '22:c6:f0:bf:2f:ff', 'REACHABLE'),
    ];
    world.hosts.rtr.neigh = [...reachable(), entry('10.0.2.10', 'eth1', '6e:e7:dd:43:d1:eb', 'REACHABLE')];
    replay('ip-neigh.txt', world, vm, {
      2: (w) => w.hosts.rtr.neigh.splice(2, 0, entry('10.0.1.99', 'br0', undefined, 'INCOMPLETE')),
      3: (w) => (w.hosts.rtr.neigh[2].state = 'FAILED'),
    });
  });

  it('ip neigh: REACHABLE decays to STALE after 30 s', () => {
    const world = lab();
    const entry = (addr: string, dev: string, mac: string | undefined, state: Neighbour['state']): Neighbour => ({ ip: ip(addr), dev, mac, state, at: 0 });
    world.hosts.rtr.neigh = [
      entry('10.0.3.53', 'eth2', 'ee:e4:b3:58:ab:8f', 'REACHABLE'),
      entry('10.0.1.10', 'br0', '22:c6:f0:bf:2f:ff', 'REACHABLE'),
      entry('10.0.1.99', 'br0', undefined, 'FAILED'),
      entry('10.0.2.10', 'eth1', '6e:e7:dd:43:d1:eb', 'REACHABLE'),
    ];
    world.now = 60_000;
    replay('ip-neigh-stale.txt', world);
  });

  it('VLAN sub-interface: add, address, up, -d details, ip a, -br', () => {
    // The capture's parent is a veth (512 KiB TSO, inherited by the VLAN); here it is a NIC.
    const world = replay('ip-link-vlan-reconstructed.txt', lab(), (s) => vm(s).replace('tso_max_size 524280', 'tso_max_size 65536'), {
      2: (w) => (nic(w, 'db1', 'eth0.10').index = 4),
    });
    expect(nic(world, 'db1', 'eth0.10')).toMatchObject({ kind: 'vlan', vlan: { parent: 'eth0', id: 10 }, up: true, mac: '6e:e7:dd:43:d1:eb' });
  });

  it('VLAN errors for missing devices', () => {
    const run = shell(lab());
    // The first command of the capture shows a kernel without 8021q; the simulated kernel has it.
    for (const step of transcript('ip-link-vlan-unsupported-kernel.txt').slice(1)) expectStep(run, step);
  });
});

describe('ip: options, objects and usage', () => {
  it('accepts the abbreviations iproute2 accepts', () => {
    const run = shell(lab());
    const full = { a: run('web1', 'ip address').out, r: run('web1', 'ip route').out, l: run('web1', 'ip link').out, n: run('rtr', 'ip neighbour').out };
    for (const w of ['a', 'ad', 'addr', 'address']) expect(run('web1', `ip ${w}`).out).toBe(full.a);
    for (const w of ['r', 'ro', 'rout', 'route']) expect(run('web1', `ip ${w}`).out).toBe(full.r);
    for (const w of ['l', 'li', 'link']) expect(run('web1', `ip ${w}`).out).toBe(full.l);
    for (const w of ['n', 'neigh', 'neighbor']) expect(run('rtr', `ip ${w}`).out).toBe(full.n);
    expect(run('web1', 'ip a sh dev eth0').out).toBe(run('web1', 'ip address show dev eth0').out);
  });

  it('-c / -color is ignored', () => {
    const run = shell(lab());
    expect(run('web1', 'ip -c a')).toEqual(run('web1', 'ip a'));
    expect(run('web1', 'ip -color=always -br a')).toEqual(run('web1', 'ip -br a'));
  });

  it('usage and unknown options', () => {
    const run = shell(lab());
    const usage = run('web1', 'ip');
    expect(usage.exit).toBe(255);
    expect(usage.out).toBe('');
    expect(usage.err).toMatch(/^Usage: ip \[ OPTIONS \] OBJECT \{ COMMAND \| help \}\n/);
    expect(run('web1', 'ip help')).toEqual(usage);
    expect(run('web1', 'ip -x a')).toEqual({ out: '', err: 'Option "-x" is unknown, try "ip -help".\n', exit: 255 });
    expect(run('web1', 'ip route foo')).toEqual({ out: '', err: 'Command "foo" is unknown, try "ip route help".\n', exit: 255 });
    expect(run('web1', 'ip addr help').err).toMatch(/^Usage: ip address \{add\|change\|replace\} IFADDR dev IFNAME/);
    expect(run('web1', 'ip -V')).toEqual({ out: 'ip utility, iproute2-6.1.0, libbpf 1.1.0\n', err: '', exit: 0 });
    expect(run('web1', 'ip route add 10.0.5.0/24 via')).toEqual({ out: '', err: 'Command line is not complete. Try option "help"\n', exit: 255 });
  });

  it('ip -o prints one line per address', () => {
    const run = shell(lab());
    expect(run('web1', 'ip -o -4 a').out).toBe(
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n' +
        '2: eth0    inet 10.0.1.10/24 scope global eth0\\       valid_lft forever preferred_lft forever\n',
    );
  });

  it('ip -6 route and ip route show table all', () => {
    const run = shell(lab());
    expect(run('web1', 'ip -6 route').out).toBe('::1 dev lo proto kernel metric 256 pref medium \nfe80::/64 dev eth0 proto kernel metric 256 pref medium \n');
    expect(run('web1', 'ip route show table local').out).toBe(
      'local 10.0.1.10 dev eth0 proto kernel scope host src 10.0.1.10 \n' +
        'broadcast 10.0.1.255 dev eth0 proto kernel scope link src 10.0.1.10 \n' +
        'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n',
    );
    const all = run('web1', 'ip route show table all').out.split('\n');
    expect(all.slice(0, 3)).toEqual(['default via 10.0.1.1 dev eth0 ', '10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 ', 'local 10.0.1.10 dev eth0 table local proto kernel scope host src 10.0.1.10 ']);
    expect(all).toContain('local fe80::20c6:f0ff:febf:2fff dev eth0 table local proto kernel metric 0 pref medium ');
  });

  it('ip route show selectors hide what they pin', () => {
    const run = shell(lab());
    expect(run('web1', 'ip route show dev eth0').out).toBe('default via 10.0.1.1 \n10.0.1.0/24 proto kernel scope link src 10.0.1.10 \n');
    expect(run('web1', 'ip route show proto kernel').out).toBe('10.0.1.0/24 dev eth0 scope link src 10.0.1.10 \n');
    expect(run('web1', 'ip route show 10.0.1.0/24').out).toBe('10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 \n');
    expect(run('web1', 'ip route show match 10.0.1.77').out).toBe('default via 10.0.1.1 dev eth0 \n10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 \n');
    expect(run('web1', 'ip route show dev eth9')).toEqual({ out: '', err: 'Cannot find device "eth9"\n', exit: 1 });
    expect(run('web1', 'ip route show table foo')).toEqual({ out: '', err: 'Error: argument "foo" is wrong: table id value is invalid\n\n', exit: 255 });
  });

  it('ip rule shows the policy rules between the defaults', () => {
    const world = lab();
    world.hosts.rtr.rules.push({ priority: 1000, from: { ip: ip('10.0.1.0'), prefix: 24 }, table: '100' }, { priority: 1001, iif: 'eth1', table: '100' });
    expect(shell(world)('rtr', 'ip rule show').out).toBe('0:\tfrom all lookup local\n1000:\tfrom 10.0.1.0/24 lookup 100\n1001:\tfrom all iif eth1 lookup 100\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
  });
});

describe('ip: changes are kernel-like and checked', () => {
  it('refuses changes to a non-root user, after parsing', () => {
    const world = lab();
    const run = shell(world);
    const eperm = { out: '', err: 'RTNETLINK answers: Operation not permitted\n', exit: 2 };
    expect(run('web1', 'ip link set eth0 down', 'alice')).toEqual(eperm);
    expect(run('web1', 'ip addr add 10.0.1.50/24 dev eth0', 'alice')).toEqual(eperm);
    expect(run('web1', 'ip route del default', 'alice')).toEqual(eperm);
    expect(run('web1', 'ip link add br1 type bridge', 'alice')).toEqual(eperm);
    expect(run('web1', 'ip addr add 10.0.1.50/24 dev eth9', 'alice')).toEqual({ out: '', err: 'Cannot find device "eth9"\n', exit: 1 });
    expect(run('web1', 'ip addr flush dev eth0', 'alice')).toEqual({ out: '', err: 'Failed to send flush request: Operation not permitted\n', exit: 255 });
    expect(run('web1', 'ip -br a', 'alice').exit).toBe(0);
    expect(nic(world, 'web1', 'eth0')).toMatchObject({ up: true, addrs: [{ ip: ip('10.0.1.10') }] });
    expect(world.hosts.web1.routes).toHaveLength(1);
    expect(run('web1', 'ip route get 10.0.2.10', 'alice').out).toBe('10.0.2.10 via 10.0.1.1 dev eth0 src 10.0.1.10 uid 1000 \n    cache \n');
  });

  it('link down deletes static routes in every table and flushes neighbours', () => {
    const world = lab();
    const rtr = world.hosts.rtr;
    rtr.routes.push({ dst: ip('10.0.20.0'), prefix: 24, via: ip('10.0.2.10'), dev: 'eth1' }, { dst: ip('10.0.30.0'), prefix: 24, via: ip('10.0.3.53'), dev: 'eth2' });
    rtr.tables['100'] = [{ dst: 0, prefix: 0, via: ip('10.0.2.10'), dev: 'eth1' }];
    rtr.neigh.push({ ip: ip('10.0.2.10'), dev: 'eth1', mac: '6e:e7:dd:43:d1:eb', state: 'REACHABLE', at: 0 });
    const run = shell(world);
    run('rtr', 'ip link set eth1 down');
    expect(rtr.routes.map((r) => r.dev)).toEqual(['eth2']);
    expect(rtr.tables['100']).toEqual([]);
    expect(rtr.neigh).toEqual([]);
    run('rtr', 'ip link set eth1 up');
    expect(run('rtr', 'ip route').out).toBe(
      '10.0.1.0/24 dev br0 proto kernel scope link src 10.0.1.1 \n10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.1 \n' +
        '10.0.3.0/24 dev eth2 proto kernel scope link src 10.0.3.1 \n10.0.30.0/24 via 10.0.3.53 dev eth2 \n',
    );
  });

  it('a deleted connected route stays deleted until the link comes back up', () => {
    const world = lab();
    const run = shell(world);
    expect(run('web1', 'ip route del 10.0.1.0/24')).toEqual({ out: '', err: '', exit: 0 });
    expect(run('web1', 'ip route').out).toBe('default via 10.0.1.1 dev eth0 \n');
    expect(run('web1', 'ip route get 10.0.1.11').out).toBe('10.0.1.11 via 10.0.1.1 dev eth0 src 10.0.1.10 uid 0 \n    cache \n');
    expect(run('web1', 'ip route add default via 10.0.1.254').err).toBe('Error: Nexthop has invalid gateway.\n');
    run('web1', 'ip link set eth0 down');
    run('web1', 'ip link set eth0 up');
    expect(run('web1', 'ip route').out).toBe('10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.10 \n');
  });

  it('deleting the last address of a device takes its static routes', () => {
    const world = lab();
    const run = shell(world);
    expect(run('web1', 'ip addr flush dev eth0')).toEqual({ out: '', err: '', exit: 0 });
    expect(nic(world, 'web1', 'eth0').addrs).toEqual([]);
    expect(world.hosts.web1.routes).toEqual([]);
    expect(run('web1', 'ip -br a').out).toBe('lo               UNKNOWN        127.0.0.1/8 ::1/128 \neth0             UP             fe80::20c6:f0ff:febf:2fff/64 \n');
    expect(run('web1', 'ip route get 10.0.2.10')).toEqual({ out: '', err: 'RTNETLINK answers: Network is unreachable\n', exit: 2 });
  });

  it('new addresses are ordered after the world sequence and warn on wildcard deletion', () => {
    const world = lab();
    const run = shell(world);
    const seq = world.seq;
    run('web1', 'ip addr add 10.0.9.10/24 dev eth0');
    expect(nic(world, 'web1', 'eth0').addrs[1]).toEqual({ ip: ip('10.0.9.10'), prefix: 24, seq: seq + 1 });
    expect(run('web1', 'ip route').out).toContain('10.0.9.0/24 dev eth0 proto kernel scope link src 10.0.9.10 \n');
    const del = run('web1', 'ip addr del 10.0.9.10 dev eth0');
    expect(del.exit).toBe(0);
    expect(del.err).toMatch(/^Warning: Executing wildcard deletion to stay compatible with old scripts\.\n {9}Explicitly specify the prefix length \(10\.0\.9\.10\/32\)/);
    expect(nic(world, 'web1', 'eth0').addrs).toHaveLength(1);
  });

  it('route add checks the gateway per device and the route type', () => {
    const world = lab();
    const run = shell(world);
    expect(run('rtr', 'ip route add 10.0.20.0/24 via 10.0.2.10 dev eth2').err).toBe('Error: Nexthop has invalid gateway.\n');
    expect(run('rtr', 'ip route add 10.0.20.0/24 via 10.0.2.10 src 10.9.9.9').err).toBe('Error: Invalid prefsrc address.\n');
    expect(run('rtr', 'ip route add blackhole 10.0.50.0/24')).toEqual({ out: '', err: '', exit: 0 });
    expect(run('rtr', 'ip route add 10.0.60.0/24 dev eth1 metric 5 proto static')).toEqual({ out: '', err: '', exit: 0 });
    expect(run('rtr', 'ip route').out).toBe(
      '10.0.1.0/24 dev br0 proto kernel scope link src 10.0.1.1 \n10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.1 \n' +
        '10.0.3.0/24 dev eth2 proto kernel scope link src 10.0.3.1 \nblackhole 10.0.50.0/24 \n10.0.60.0/24 dev eth1 proto static scope link metric 5 \n',
    );
    expect(run('rtr', 'ip route get 10.0.50.1')).toEqual({ out: '', err: 'RTNETLINK answers: Invalid argument\n', exit: 2 });
    expect(run('rtr', 'ip route change 10.0.70.0/24 dev eth1')).toEqual({ out: '', err: 'RTNETLINK answers: No such file or directory\n', exit: 2 });
    run('rtr', 'ip link set eth2 down');
    expect(run('rtr', 'ip route add 10.0.80.0/24 dev eth2').err).toBe('Error: Device for nexthop is not up.\n');
  });

  it('policy routing: a table, a rule, and route get', () => {
    const world = lab();
    const run = shell(world);
    expect(run('rtr', 'ip route add default via 10.0.3.53 table 100').exit).toBe(0);
    expect(run('rtr', 'ip rule add from 10.0.1.0/24 table 100').exit).toBe(0);
    expect(run('rtr', 'ip rule').out).toBe('0:\tfrom all lookup local\n32765:\tfrom 10.0.1.0/24 lookup 100\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
    expect(run('rtr', 'ip route show table 100').out).toBe('default via 10.0.3.53 dev eth2 \n');
    expect(run('rtr', 'ip route get 8.8.8.8 from 10.0.1.10 iif br0').out).toBe('8.8.8.8 from 10.0.1.10 via 10.0.3.53 dev eth2 table 100 \n    cache iif br0 \n');
    expect(run('rtr', 'ip route get 8.8.8.8')).toEqual({ out: '', err: 'RTNETLINK answers: Network is unreachable\n', exit: 2 });
    expect(run('rtr', 'ip rule del from 10.0.1.0/24 table 100').exit).toBe(0);
    expect(world.hosts.rtr.rules).toEqual([]);
  });

  it('ip link add bridge, set master/nomaster, delete', () => {
    const world = lab();
    const run = shell(world);
    expect(run('rtr', 'ip link add br1 type bridge')).toEqual({ out: '', err: '', exit: 0 });
    const br1 = nic(world, 'rtr', 'br1');
    expect(br1).toMatchObject({ kind: 'bridge', up: false, index: 9, mtu: 1500 });
    expect(run('rtr', 'ip link show br1').out).toBe(`9: br1: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\n    link/ether ${br1.mac} brd ff:ff:ff:ff:ff:ff\n`);
    run('rtr', 'ip link set br1 up');
    expect(run('rtr', 'ip -br link show br1').out).toBe(`br1              DOWN           ${br1.mac} <NO-CARRIER,BROADCAST,MULTICAST,UP> \n`);
    expect(run('rtr', 'ip link set veth-web2 master br1').exit).toBe(0);
    expect(nic(world, 'rtr', 'veth-web2')).toMatchObject({ master: 'br1', bridgeVlans: { pvid: 1, tagged: [] } });
    expect(run('rtr', 'ip -br link show br1').out).toBe(`br1              UP             ${br1.mac} <BROADCAST,MULTICAST,UP,LOWER_UP> \n`);
    expect(run('rtr', 'ip link set eth1 master eth2')).toEqual({ out: '', err: 'RTNETLINK answers: Operation not supported\n', exit: 2 });
    expect(run('rtr', 'ip link set br0 master br1')).toEqual({ out: '', err: 'Error: Can not enslave a bridge to a bridge.\n', exit: 2 });
    expect(run('rtr', 'ip link set eth1 master br9')).toEqual({ out: '', err: 'Error: argument "br9" is wrong: Device does not exist\n\n', exit: 255 });
    expect(run('rtr', 'ip link del br1').exit).toBe(0);
    expect(nic(world, 'rtr', 'veth-web2').master).toBeUndefined();
    expect(run('rtr', 'ip link del eth1')).toEqual({ out: '', err: 'RTNETLINK answers: Operation not supported\n', exit: 2 });
    expect(run('rtr', 'ip link set veth-web1 nomaster').exit).toBe(0);
    expect(nic(world, 'rtr', 'veth-web1').master).toBeUndefined();
  });

  it('VLAN checks and deletion with the parent', () => {
    const world = lab();
    const run = shell(world);
    expect(run('db1', 'ip link add link eth0 name eth0.10 type vlan id 10').exit).toBe(0);
    expect(run('db1', 'ip link add link eth0 name v10 type vlan id 10')).toEqual({ out: '', err: 'Error: 8021q: VLAN device already exists.\n', exit: 2 });
    expect(run('db1', 'ip link add link eth0 name eth0.x type vlan id x')).toEqual({ out: '', err: 'Error: argument "x" is wrong: id is invalid\n', exit: 255 });
    expect(run('db1', 'ip link add foo type veth')).toEqual({ out: '', err: 'Error: Unknown device type.\n', exit: 2 });
    expect(run('db1', 'ip link set eth0.10 mtu 9000')).toEqual({ out: '', err: 'RTNETLINK answers: Numerical result out of range\n', exit: 2 });
    run('db1', 'ip link set eth0.10 up');
    run('db1', 'ip link set eth0 down');
    expect(run('db1', 'ip -br link show eth0.10').out).toBe('eth0.10@eth0     LOWERLAYERDOWN 6e:e7:dd:43:d1:eb <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n');
    expect(run('db1', 'ip link del eth0.10').exit).toBe(0);
    expect(world.hosts.db1.ifaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
  });

  it('ip neigh del and flush', () => {
    const world = lab();
    const run = shell(world);
    world.hosts.rtr.neigh = [
      { ip: ip('10.0.1.10'), dev: 'br0', mac: '22:c6:f0:bf:2f:ff', state: 'REACHABLE', at: 0 },
      { ip: ip('10.0.1.99'), dev: 'br0', state: 'FAILED', at: 0 },
      { ip: ip('10.0.2.10'), dev: 'eth1', mac: '6e:e7:dd:43:d1:eb', state: 'REACHABLE', at: 0 },
    ];
    expect(run('rtr', 'ip -br neigh show dev eth1').out).toBe('10.0.2.10                               6e:e7:dd:43:d1:eb\n');
    expect(run('rtr', 'ip neigh del 10.0.1.99 dev br0')).toEqual({ out: '', err: '', exit: 0 });
    expect(run('rtr', 'ip neigh del 10.0.1.99 dev br0')).toEqual({ out: '', err: 'RTNETLINK answers: No such file or directory\n', exit: 2 });
    expect(run('rtr', 'ip neigh del 10.0.1.10')).toEqual({ out: '', err: 'Device and destination are required arguments.\n', exit: 255 });
    expect(run('rtr', 'ip neigh flush')).toEqual({ out: '', err: 'Flush requires arguments.\n', exit: 1 });
    expect(run('rtr', 'ip neigh flush dev br0')).toEqual({ out: '', err: '', exit: 0 });
    expect(world.hosts.rtr.neigh.map((n) => n.dev)).toEqual(['eth1']);
    expect(run('rtr', 'ip neigh flush all')).toEqual({ out: '', err: '', exit: 0 });
    expect(world.hosts.rtr.neigh).toEqual([]);
  });

  it('ip link set type bridge vlan_filtering', () => {
    const world = lab();
    const run = shell(world);
    expect(run('rtr', 'ip link set br0 type bridge vlan_filtering 1')).toEqual({ out: '', err: '', exit: 0 });
    expect(nic(world, 'rtr', 'br0').vlanFiltering).toBe(true);
    expect(run('rtr', 'ip -d link show br0').out).toContain(' vlan_filtering 1 vlan_protocol 802.1Q bridge_id ');
  });

  it('mtu limits and invalid values', () => {
    const run = shell(lab());
    expect(run('web1', 'ip link set eth0 mtu 10')).toEqual({ out: '', err: 'Error: mtu less than device minimum.\n', exit: 2 });
    expect(run('web1', 'ip link set eth0 mtu abc')).toEqual({ out: '', err: 'Error: argument "abc" is wrong: Invalid "mtu" value\n\n', exit: 255 });
    expect(run('web1', 'ip link set eth0 mtu 65535').exit).toBe(0);
    expect(run('web1', 'ip link set dev eth0 mtu 9000 up').exit).toBe(0);
    expect(run('web1', 'ip link show eth0').out).toMatch(/ mtu 9000 /);
  });
});

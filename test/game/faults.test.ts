// Every fault of the library breaks a world the way the real fault would — the symptom shows
// — and the real fix, typed in a shell, repairs it.
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { FAULTS, FaultError, injectFault } from '../../server/game/faults/index.js';
import { K8S_FAULTS } from '../../server/game/faults/k8s.js';
import { CROSS_FAULTS } from '../../server/game/faults/cross.js';
import { evaluate, parseCheck, type Check } from '../../server/game/objectives.js';
import { Rng } from '../../server/sim/rng.js';
import { buildWorld } from '../../server/sim/world/build.js';
import type { WorldSpec } from '../../server/sim/world/spec.js';
import type { World } from '../../server/sim/world/types.js';
import { scenario } from './catalogue.js';

const check = (raw: unknown): Check => {
  const r = parseCheck(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.check;
};

/** The office world of shop-api-502 (api1 with a bind file), plus a port forward on rtr. */
function office(): WorldSpec {
  const spec = structuredClone(scenario('shop-api-502').world);
  spec.hosts!.rtr.iptables = spec.hosts!.rtr.iptables!.replace('-A FORWARD -p icmp -j ACCEPT', '-A FORWARD -p icmp -j ACCEPT\n-A FORWARD -p tcp --dport 8080 -j ACCEPT')
    + '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -i eth0.10 -p tcp --dport 8080 -j DNAT --to-destination 10.10.20.21:8080\nCOMMIT\n';
  return spec;
}
const vpc = (): WorldSpec => structuredClone(scenario('vpc-site-down').world);

interface Case {
  type: string;
  world: () => WorldSpec;
  params: Record<string, unknown>;
  symptom: unknown;
  fix: { host: string; lines: string[] };
}

const SHOP = { http: { from: 'ws1', url: 'http://shop.office.lan/' } };
const API = { http: { from: 'ws1', url: 'http://shop.office.lan/api/items' } };
const DB = { tcp: { from: 'api1', to: 'db1', port: 5432 } };

const CASES: Case[] = [
  { type: 'nic-down', world: office, params: { host: 'ws1', iface: 'eth0' }, symptom: SHOP, fix: { host: 'ws1', lines: ['ip link set eth0 up', 'ip route add default via 10.10.10.1'] } },
  { type: 'link-down', world: office, params: { host: 'api2', iface: 'eth0' }, symptom: { tcp: { from: 'gw', to: 'api2', port: 8080 } }, fix: { host: 'hv1', lines: ['ip link set vnet3 up'] } },
  { type: 'wrong-prefix', world: office, params: { host: 'ws1', iface: 'eth0', prefix: 28 }, symptom: SHOP, fix: { host: 'ws1', lines: ['ip addr del 10.10.10.50/28 dev eth0', 'ip addr add 10.10.10.50/24 dev eth0', 'ip route add default via 10.10.10.1'] } },
  { type: 'duplicate-ip', world: office, params: { host: 'ns1', iface: 'eth0', ip: '10.10.30.10' }, symptom: DB, fix: { host: 'ns1', lines: ['ip addr del 10.10.30.10/24 dev eth0'] } },
  { type: 'vlan-mismatch', world: office, params: { host: 'api2', iface: 'eth0', vlan: 10 }, symptom: { icmp: { from: 'gw', to: 'api2' } }, fix: { host: 'hv1', lines: ['bridge vlan del dev vnet3 vid 10', 'bridge vlan add dev vnet3 vid 20 pvid untagged'] } },
  { type: 'trunk-vlan-missing', world: office, params: { host: 'hv1', iface: 'eno1', vlan: 20 }, symptom: SHOP, fix: { host: 'hv1', lines: ['bridge vlan add dev eno1 vid 20'] } },
  { type: 'missing-route', world: office, params: { host: 'ws1', dst: 'default' }, symptom: SHOP, fix: { host: 'ws1', lines: ['ip route add default via 10.10.10.1'] } },
  { type: 'missing-return-route', world: vpc, params: { host: 'igw-0e5f6a7b8c9d0e1f2', dst: '10.0.0.0/16' }, symptom: { http: { from: 'probe', url: 'http://www.shop.example/' } }, fix: { host: 'igw-0e5f6a7b8c9d0e1f2', lines: ['ip route add 10.0.0.0/16 via 10.255.0.1'] } },
  { type: 'wrong-default-gateway', world: office, params: { host: 'ws1' }, symptom: SHOP, fix: { host: 'ws1', lines: ['ip route replace default via 10.10.10.1'] } },
  { type: 'forwarding-off', world: office, params: { host: 'rtr' }, symptom: SHOP, fix: { host: 'rtr', lines: ['sysctl -w net.ipv4.ip_forward=1'] } },
  { type: 'blackhole-route', world: office, params: { host: 'rtr', dst: '10.10.30.10/32' }, symptom: DB, fix: { host: 'rtr', lines: ['ip route del blackhole 10.10.30.10/32'] } },
  { type: 'stale-static-route', world: office, params: { host: 'ws1', dst: '10.10.20.0/24', via: '10.10.10.254' }, symptom: SHOP, fix: { host: 'ws1', lines: ['ip route del 10.10.20.0/24'] } },
  { type: 'iptables-drop', world: office, params: { host: 'rtr', chain: 'FORWARD', match: '-p tcp --dport 5432' }, symptom: DB, fix: { host: 'rtr', lines: ['iptables -D FORWARD 1'] } },
  { type: 'iptables-reject', world: office, params: { host: 'db1', chain: 'INPUT', match: '-p tcp --dport 5432', with: 'icmp-admin-prohibited' }, symptom: DB, fix: { host: 'db1', lines: ['iptables -D INPUT -p tcp --dport 5432 -j REJECT --reject-with icmp-admin-prohibited'] } },
  { type: 'dnat-wrong-port', world: office, params: { host: 'rtr', dport: 8080, toPort: 8081 }, symptom: { tcp: { from: 'ws1', to: '10.10.10.1', port: 8080 } }, fix: { host: 'rtr', lines: ['iptables -t nat -R PREROUTING 1 -i eth0.10 -p tcp --dport 8080 -j DNAT --to-destination 10.10.20.21:8080'] } },
  { type: 'snat-missing', world: vpc, params: { host: 'nat-0c4d5e6f7a8b9c0d1' }, symptom: { http: { from: 'app', url: 'http://api.payments.example/health' } }, fix: { host: 'nat-0c4d5e6f7a8b9c0d1', lines: ['iptables -t nat -A POSTROUTING -s 10.0.0.0/16 ! -d 10.0.0.0/16 -o eth0 -j MASQUERADE'] } },
  { type: 'nat-gateway-route-missing', world: vpc, params: { host: 'vpc-router', table: 'rtb-0b2e4d6f8a1c3e5a7' }, symptom: { http: { from: 'app', url: 'http://api.payments.example/health' } }, fix: { host: 'bastion', lines: ['aws ec2 create-route --route-table-id rtb-0b2e4d6f8a1c3e5a7 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0c4d5e6f7a8b9c0d1'] } },
  { type: 'route-table-wrong-target', world: vpc, params: { host: 'vpc-router', table: 'rtb-0b2e4d6f8a1c3e5a7', target: 'igw-0e5f6a7b8c9d0e1f2' }, symptom: { http: { from: 'app', url: 'http://api.payments.example/health' } }, fix: { host: 'bastion', lines: ['aws ec2 replace-route --route-table-id rtb-0b2e4d6f8a1c3e5a7 --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0c4d5e6f7a8b9c0d1'] } },
  { type: 'security-group-missing-port', world: vpc, params: { sg: 'sg-0e4d5f6a7b8c9102b', port: 5432 }, symptom: { tcp: { from: 'app', to: 'db', port: 5432 } }, fix: { host: 'bastion', lines: ['aws ec2 authorize-security-group-ingress --group-id sg-0e4d5f6a7b8c9102b --protocol tcp --port 5432 --cidr 10.0.2.0/24'] } },
  { type: 'dns-server-down', world: office, params: { host: 'ns1', unit: 'named' }, symptom: { dns: { from: 'ws1', name: 'shop.office.lan' } }, fix: { host: 'ns1', lines: ['systemctl start named'] } },
  { type: 'wrong-resolv-conf', world: office, params: { host: 'ws1', nameserver: '10.10.30.99' }, symptom: { dns: { from: 'ws1', name: 'shop.office.lan' } }, fix: { host: 'ws1', lines: [`printf 'search office.lan\\nnameserver 10.10.30.53\\n' > /etc/resolv.conf`] } },
  { type: 'stale-hosts-entry', world: office, params: { host: 'ws1', name: 'shop.office.lan', ip: '10.10.20.99' }, symptom: SHOP, fix: { host: 'ws1', lines: ['grep -v shop.office.lan /etc/hosts > /tmp/hosts', 'cat /tmp/hosts > /etc/hosts'] } },
  { type: 'service-stopped', world: office, params: { host: 'api1', unit: 'shop-api' }, symptom: API, fix: { host: 'api1', lines: ['systemctl start shop-api'] } },
  { type: 'service-crashed', world: office, params: { host: 'api1', unit: 'shop-api' }, symptom: API, fix: { host: 'api1', lines: ['systemctl restart shop-api'] } },
  { type: 'service-loopback-only', world: office, params: { host: 'api1', unit: 'shop-api' }, symptom: API, fix: { host: 'api1', lines: ['echo BIND=0.0.0.0:8080 > /etc/default/shop-api', 'systemctl restart shop-api'] } },
  { type: 'service-wrong-port', world: office, params: { host: 'api1', unit: 'shop-api', port: 8081 }, symptom: API, fix: { host: 'api1', lines: ['echo BIND=0.0.0.0:8080 > /etc/default/shop-api', 'systemctl restart shop-api'] } },
  { type: 'disk-full', world: office, params: { host: 'api1', unit: 'shop-api' }, symptom: API, fix: { host: 'api1', lines: ['rm /var/log/shop-api/debug.log', 'systemctl restart shop-api'] } },
];

function run(world: World, host: string, lines: string[]): string[] {
  const session = newSession(world, host);
  return lines.flatMap((l) => {
    const r = execLine(world, session, l, commands);
    world.now += r.elapsedMs;
    return r.exit === 0 ? [] : [`${l}: exit ${r.exit}: ${r.chunks.map((c) => c.text).join('').trim()}`];
  });
}

describe('the fault library', () => {
  it('has at least 17 network and host faults, each with a one-line description', () => {
    expect(Object.keys(FAULTS).length).toBeGreaterThanOrEqual(17);
    for (const c of CASES) expect(FAULTS[c.type].describe(c.params)).not.toContain('\n');
  });

  it('covers every network and host fault type in this table (the Kubernetes ones: k8s-faults.test.ts, the cross-layer ones: cross-layer.test.ts)', () => {
    const k8s = new Set([...K8S_FAULTS, ...CROSS_FAULTS].map((f) => f.id));
    expect(CASES.map((c) => c.type).sort()).toEqual(Object.keys(FAULTS).filter((t) => !k8s.has(t)).sort());
  });

  it.each(CASES.map((c) => [c.type, c] as const))('%s: breaks the world as the real fault does, and the real fix repairs it', (_, c) => {
    const world = buildWorld(c.world(), 3);
    const symptom = check(c.symptom);
    expect(evaluate(world, symptom).ok, 'healthy before').toBe(true);
    injectFault(world, c.type, c.params, new Rng(5), -60_000);
    expect(evaluate(world, symptom).ok, 'broken by the fault').toBe(false);
    expect(run(world, c.fix.host, c.fix.lines)).toEqual([]);
    expect(evaluate(world, symptom), 'repaired').toMatchObject({ ok: true });
  });

  it('refuses parameters that do not fit the world, naming what is wrong', () => {
    const world = buildWorld(office(), 1);
    const inject = (type: string, params: unknown) => () => injectFault(world, type, params, new Rng(1), 0);
    expect(inject('nic-down', { host: 'ws9', iface: 'eth0' })).toThrow(new FaultError('no host "ws9" in the world'));
    expect(inject('nic-down', { host: 'ws1', iface: 'eth7' })).toThrow(new FaultError('host "ws1" has no interface "eth7"'));
    expect(inject('missing-route', { host: 'rtr', dst: '10.9.0.0/16' })).toThrow(new FaultError('rtr has no static route to 10.9.0.0/16'));
    expect(inject('iptables-drop', { host: 'rtr', chain: 'FORWARD', match: '-p tcp --dport' })).toThrow(FaultError);
    expect(inject('dns-server-down', { host: 'api1', unit: 'shop-api' })).toThrow(new FaultError('shop-api on api1 is not a DNS server'));
    expect(inject('forwarding-off', { host: 'ws1' })).toThrow(new FaultError('ws1 does not forward packets in the first place'));
    expect(inject('nic-down', { host: 'ws1' })).toThrow(new FaultError('iface: missing (required)'));
  });

  it('draws what the author left to chance from the seeded rng', () => {
    const pick = (seed: number) => {
      const world = buildWorld(office(), 1);
      return injectFault(world, 'wrong-default-gateway', { host: 'ws1' }, new Rng(seed), 0).params.via;
    };
    expect(pick(1)).toBe(pick(1));
    expect(new Set([1, 2, 3, 4, 5, 6].map(pick)).size).toBeGreaterThan(1);
  });
});

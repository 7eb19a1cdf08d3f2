// A generated world for benchmarks: 50 subnets of 10 VMs behind 3 distribution
// routers joined by a core router, with 2,000 iptables rules on the routers.
import type { HostSpec, WorldSpec } from '../../server/sim/world/spec.js';

export function bigWorldSpec(): WorldSpec {
  const spec: WorldSpec = { subnets: {}, hosts: {} };
  const hosts = spec.hosts!;
  const subnets = spec.subnets!;
  const core: HostSpec = { kind: 'router', forwarding: true, nics: [], routes: [] };
  hosts.core = core;
  for (let d = 0; d < 3; d++) {
    const transit = `transit${d}`;
    subnets[transit] = { cidr: `192.168.${d}.0/24`, vlan: 900 + d };
    core.nics!.push({ name: `eth${d}`, subnet: transit, ip: `192.168.${d}.1` });
    hosts[`dist${d}`] = { kind: 'router', forwarding: true, nics: [{ name: 'eth0', subnet: transit, ip: `192.168.${d}.2` }], routes: ['default via 192.168.' + d + '.1'] };
  }
  for (let s = 0; s < 50; s++) {
    const d = s % 3;
    const name = `net${s}`;
    subnets[name] = { cidr: `10.${s}.0.0/24`, vlan: 100 + s };
    const dist = hosts[`dist${d}`];
    dist.nics!.push({ name: `eth${dist.nics!.length}`, subnet: name, ip: `10.${s}.0.1` });
    core.routes!.push(`10.${s}.0.0/24 via 192.168.${d}.2`);
    for (let v = 0; v < 10; v++) {
      hosts[`vm${s}-${v}`] = { nics: [{ name: 'eth0', subnet: name, ip: `10.${s}.0.${10 + v}` }], routes: [`default via 10.${s}.0.1`] };
    }
  }
  // 2,000 rules: 500 per router in FORWARD, none matching the benchmark's traffic until the end.
  for (const r of ['core', 'dist0', 'dist1', 'dist2']) {
    const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
    for (let i = 0; i < 499; i++) lines.push(`-A FORWARD -s 172.16.${i % 250}.${(i * 7) % 250}/32 -p tcp -m tcp --dport ${1000 + i} -j DROP`);
    lines.push('-A FORWARD -j ACCEPT', 'COMMIT', '');
    hosts[r].iptables = lines.join('\n');
  }
  return spec;
}

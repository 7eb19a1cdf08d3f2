// Stand-in for server/sim/net/resolver.ts while it is being written: the glibc answers of
// the lab (/etc/hosts, then the corp.internal zone of whatever DNS unit runs; names outside
// the zone REFUSED like dnsmasq without upstream), read straight from the world.
import { formatIp, parseIp, type Ip } from '../../../server/sim/net/ip.js';
import type { DnsZone, World } from '../../../server/sim/world/types.js';

type Answer = { kind: 'ok'; addrs: Ip[]; canonical?: string } | { kind: 'nxdomain' } | { kind: 'timeout' } | { kind: 'refused' } | { kind: 'servfail' };

function zones(world: World): DnsZone[] {
  return Object.values(world.hosts).flatMap((h) =>
    Object.values(h.units).filter((u) => u.state === 'active').flatMap((u) => u.listeners.flatMap((l) => (l.app.kind === 'dns' ? l.app.zones : []))),
  );
}

function query(world: World, name: string): Answer {
  const zone = zones(world).find((z) => name === z.origin || name.endsWith('.' + z.origin));
  if (!zone) return { kind: 'refused' };
  let n = name;
  for (let i = 0; i < 8; i++) {
    const a = zone.records.filter((r) => r.name === n && r.type === 'A');
    if (a.length) return { kind: 'ok', addrs: a.map((r) => parseIp(r.value)!), canonical: n };
    const c = zone.records.find((r) => r.name === n && r.type === 'CNAME');
    if (!c) return { kind: 'nxdomain' };
    n = c.value;
  }
  return { kind: 'servfail' };
}

export function resolveHost(world: World, hostName: string, name: string): Answer {
  const host = world.hosts[hostName];
  for (const line of (host.files['/etc/hosts'] ?? '').split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (names.includes(name)) return { kind: 'ok', addrs: [parseIp(addr)!], canonical: names[0] };
  }
  const search = /^search\s+(.*)$/m.exec(host.files['/etc/resolv.conf'] ?? '')?.[1].split(/\s+/) ?? [];
  const tries = name.includes('.') ? [name, ...search.map((s) => `${name}.${s}`)] : [...search.map((s) => `${name}.${s}`), name];
  let worst: Answer = { kind: 'nxdomain' };
  for (const t of tries) {
    const a = query(world, t);
    if (a.kind === 'ok') return a;
    if (a.kind !== 'nxdomain') worst = a;
  }
  return worst;
}

export function reverseName(world: World, _hostName: string, ip: Ip): string | undefined {
  const ptr = formatIp(ip).split('.').reverse().join('.') + '.in-addr.arpa';
  for (const z of zones(world)) {
    const r = z.records.find((x) => x.name === ptr && x.type === 'PTR');
    if (r) return r.value;
  }
  return undefined;
}

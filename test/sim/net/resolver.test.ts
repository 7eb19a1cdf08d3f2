import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from '../../../server/sim/net/ip.js';
import { queryDns, resolveHost, reverseName } from '../../../server/sim/net/resolver.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import type { World } from '../../../server/sim/world/types.js';
import { lab } from '../../shell/commands/lab.js';

const ip = (s: string) => parseIp(s)!;
const addrs = (r: ReturnType<typeof resolveHost>) => (r.kind === 'ok' ? r.addrs.map(formatIp) : r.kind);

/** Two DNS servers: dns1 authoritative for corp.internal and forwarding the rest to dns2 (example.com). */
const WORLD = `
dns: { nameservers: [10.0.3.53], search: [corp.internal] }
subnets:
  lan: { cidr: 10.0.1.0/24 }
  infra: { cidr: 10.0.3.0/24 }
hosts:
  rtr:
    kind: router
    forwarding: true
    nics: [{ name: eth0, subnet: lan, ip: 10.0.1.1 }, { name: eth1, subnet: infra, ip: 10.0.3.1 }]
  web1:
    nics: [{ name: eth0, subnet: lan, ip: 10.0.1.10 }]
    routes: [default via 10.0.1.1]
  dns1:
    nics: [{ name: eth0, subnet: infra, ip: 10.0.3.53 }]
    routes: [default via 10.0.3.1]
    services:
      - unit: dnsmasq
        listen: [udp 10.0.3.53:53]
        dns:
          forwarders: [10.0.3.54]
          zones:
            - origin: corp.internal
              records: [db1 A 10.0.2.10, api CNAME web1, web1 A 10.0.1.10, www CNAME www.example.com., 10.2.0.10.in-addr.arpa. PTR db1]
  dns2:
    nics: [{ name: eth0, subnet: infra, ip: 10.0.3.54 }]
    routes: [default via 10.0.3.1]
    services:
      - unit: named
        listen: [udp 0.0.0.0:53]
        dns: { zones: [{ origin: example.com, ttl: 300, records: [www A 93.184.216.34, mail A 93.184.216.35, mail A 93.184.216.36] }] }
`;

const world = (): World => loadWorldYaml(WORLD, 7);

describe('resolveHost (glibc getaddrinfo)', () => {
  it('passes address literals through without a query', () => {
    const w = world();
    w.hosts.dns1.units.dnsmasq.state = 'inactive';
    expect(resolveHost(w, 'web1', '10.0.2.10')).toEqual({ kind: 'ok', addrs: [ip('10.0.2.10')], ms: 0 });
  });

  it('reads /etc/hosts before DNS, and nsswitch.conf decides', () => {
    const w = world();
    w.hosts.web1.files['/etc/hosts'] += '10.9.9.9\tdb1.corp.internal db1\n';
    expect(resolveHost(w, 'web1', 'db1')).toMatchObject({ kind: 'ok', addrs: [ip('10.9.9.9')], canonical: 'db1.corp.internal', aliases: ['db1'] });
    w.hosts.web1.files['/etc/nsswitch.conf'] = 'passwd: files\nhosts:          dns files\n';
    expect(resolveHost(w, 'web1', 'db1')).toMatchObject({ kind: 'ok', addrs: [ip('10.0.2.10')], canonical: 'db1.corp.internal' });
  });

  it('applies the search list and follows CNAMEs, also through the forwarder', () => {
    const w = world();
    expect(resolveHost(w, 'web1', 'api')).toMatchObject({ kind: 'ok', addrs: [ip('10.0.1.10')], canonical: 'web1.corp.internal', aliases: ['api.corp.internal'], server: ip('10.0.3.53') });
    expect(addrs(resolveHost(w, 'web1', 'www.example.com'))).toEqual(['93.184.216.34']);
    expect(addrs(resolveHost(w, 'web1', 'mail.example.com'))).toEqual(['93.184.216.35', '93.184.216.36']);
    // A CNAME from dns1's zone into one it only reaches by forwarding.
    expect(resolveHost(w, 'web1', 'www')).toMatchObject({ kind: 'ok', addrs: [ip('93.184.216.34')], canonical: 'www.example.com' });
    expect(resolveHost(w, 'web1', 'nosuch.example.com').kind).toBe('nxdomain');
  });

  it('answers REFUSED without an upstream, SERVFAIL with a dead one', () => {
    const w = world();
    const app = w.hosts.dns1.units.dnsmasq.listeners[0].app;
    if (app.kind !== 'dns') throw new Error('no dns app');
    app.forwarders = [];
    expect(resolveHost(w, 'web1', 'www.example.com').kind).toBe('refused');
    w.hosts.dns2.units.named.state = 'inactive';
    app.forwarders = [ip('10.0.3.54')];
    expect(resolveHost(w, 'web1', 'www.example.com').kind).toBe('servfail');
  });

  it('takes glibc time on a silent server: timeout x attempts per name tried', () => {
    const w = world();
    w.hosts.dns1.iptables.filter.chains.INPUT.rules.push({ match: { proto: 'udp', dport: { from: 53, to: 53 } }, target: { kind: 'DROP' }, counters: { pkts: 0, bytes: 0 } });
    // As is, then with the search domain: 2 x 5 s each.
    expect(resolveHost(w, 'web1', 'db1.corp.internal')).toEqual({ kind: 'timeout', ms: 20000 });
    w.hosts.web1.files['/etc/resolv.conf'] = 'nameserver 10.0.3.53\noptions timeout:1 attempts:1\n';
    expect(resolveHost(w, 'web1', 'db1.corp.internal')).toEqual({ kind: 'timeout', ms: 1000 });
    // Another server by request: dns2 has no corp.internal and no upstream.
    expect(resolveHost(w, 'web1', 'db1.corp.internal', { server: ip('10.0.3.54'), timeoutMs: 3000, tries: 3 })).toEqual({ kind: 'refused', ms: 0 });
    // A second server answers after the first one's timeout.
    w.hosts.web1.files['/etc/resolv.conf'] = 'search corp.internal\nnameserver 10.0.3.53\nnameserver 10.0.3.54\n';
    expect(resolveHost(w, 'web1', 'www.example.com')).toMatchObject({ kind: 'ok', server: ip('10.0.3.54'), ms: 5000 });
  });

  it('fails at once when the server port is closed, and counts packets only when asked', () => {
    const w = world();
    w.hosts.dns1.units.dnsmasq.state = 'inactive';
    expect(resolveHost(w, 'web1', 'db1')).toEqual({ kind: 'refused', ms: 0 });
    const rules = w.hosts.dns1.iptables.filter.chains.INPUT.rules;
    rules.push({ match: { proto: 'udp' }, target: { kind: 'NONE' }, counters: { pkts: 0, bytes: 0 } });
    resolveHost(w, 'web1', 'db1.corp.internal');
    expect(rules[0].counters.pkts).toBe(0);
    resolveHost(w, 'web1', 'db1.corp.internal', { record: true });
    expect(rules[0].counters.pkts).toBeGreaterThan(0);
  });

  it('uses the local resolver when resolv.conf names none', () => {
    const w = world();
    w.hosts.web1.files['/etc/resolv.conf'] = 'search corp.internal\n';
    expect(resolveHost(w, 'web1', 'db1').kind).toBe('refused');
  });

  it('reports glibc errors the lab captured: NXDOMAIN for dotted names, temporary failure for bare ones', () => {
    const w = lab();
    expect(resolveHost(w, 'web1', 'nosuch.corp.internal').kind).toBe('nxdomain');
    expect(resolveHost(w, 'web1', 'nosuchhost').kind).toBe('refused');
    expect(resolveHost(w, 'web1', '10.0.1.300').kind).toBe('refused');
    expect(addrs(resolveHost(w, 'web1', 'db1'))).toEqual(['10.0.2.10']);
  });
});

describe('reverseName and queryDns', () => {
  it('maps addresses back through /etc/hosts, then PTR records', () => {
    const w = world();
    expect(reverseName(w, 'web1', ip('10.0.1.10'))).toBe('web1');
    expect(reverseName(w, 'web1', ip('10.0.2.10'))).toBe('db1.corp.internal');
    expect(reverseName(w, 'web1', ip('10.0.2.99'))).toBeNull();
  });

  it('returns the whole answer of one exchange', () => {
    const w = world();
    expect(queryDns(w, 'web1', ip('10.0.3.53'), 'api.corp.internal', 'A')).toEqual({
      kind: 'answer', from: ip('10.0.3.53'), size: 94, rcode: 'NOERROR', aa: true, ms: 0,
      answers: [
        { name: 'api.corp.internal', ttl: 30, type: 'CNAME', value: 'web1.corp.internal' },
        { name: 'web1.corp.internal', ttl: 30, type: 'A', value: '10.0.1.10' },
      ],
    });
    const fwd = queryDns(w, 'web1', ip('10.0.3.53'), 'www.example.com', 'A');
    expect(fwd).toMatchObject({ kind: 'answer', rcode: 'NOERROR', aa: false, answers: [{ name: 'www.example.com', ttl: 300, type: 'A', value: '93.184.216.34' }] });
    expect(queryDns(w, 'web1', ip('10.0.3.53'), 'nosuch.corp.internal', 'A')).toMatchObject({ rcode: 'NXDOMAIN', aa: false, answers: [] });
    expect(queryDns(w, 'web1', ip('10.0.3.53'), 'db1.corp.internal', 'MX')).toMatchObject({ rcode: 'NOERROR', aa: true, answers: [] });
  });

  it('tells hard ICMP errors (refused, prohibited) from soft ones (a timeout)', () => {
    const w = world();
    expect(queryDns(w, 'web1', ip('10.0.3.1'), 'db1', 'A')).toEqual({ kind: 'error', error: 'connection refused' });
    expect(queryDns(w, 'web1', ip('10.0.9.5'), 'db1', 'A')).toEqual({ kind: 'timeout' });
    w.hosts.rtr.iptables.filter.chains.FORWARD.rules.push({ match: { proto: 'udp' }, target: { kind: 'REJECT', with: 'icmp-admin-prohibited' }, counters: { pkts: 0, bytes: 0 } });
    expect(queryDns(w, 'web1', ip('10.0.3.53'), 'db1', 'A')).toEqual({ kind: 'error', error: 'host unreachable' });
    w.hosts.web1.routes = [];
    expect(queryDns(w, 'web1', ip('10.0.3.53'), 'db1', 'A')).toEqual({ kind: 'local', errno: 'ENETUNREACH' });
  });
});

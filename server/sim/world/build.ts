// Builds a World from a WorldSpec. Deterministic: the same spec and seed give the same
// world (MACs and PIDs come from the seeded PRNG). Throws WorldSpecError with a path
// to the offending field on a bad spec.
import { formatIp, inPrefix, networkOf, parseCidr, parseIp, type Ip } from '../net/ip.js';
import { parseRouteSpec, type RouteSpecResult } from '../net/route-spec.js';
import { emptyTables, parseIptablesSave } from '../net/iptables-rules.js';
import { makeCert } from '../net/tls.js';
import { parseRfc3339, wallMs } from '../clock.js';
import { relativeTime } from '../k8s/fixture.js';
import { Rng } from '../rng.js';
import { startUnit } from '../units.js';
import { buildCluster, ClusterSpecError, withClusterHosts } from '../k8s/cluster-build.js';
import type { App, DnsRecord, Host, HostKind, Iface, Listener, Route, RouteRule, SgRule, TlsServer, Unit, World } from './types.js';
import type { HostSpec, NicSpec, ServiceSpec, TlsSpec, WorldSpec } from './spec.js';

export class WorldSpecError extends Error {
  constructor(public path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

const DEFAULT_SYSCTL: Record<string, string> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv4.icmp_echo_ignore_all': '0',
  'net.ipv4.conf.all.rp_filter': '0',
};

export function buildWorld(input: WorldSpec, seed: number): World {
  const spec = clusterStep(() => withClusterHosts(input));
  const rng = new Rng(seed >>> 0);
  const world: World = { now: 0, rng: 0, subnets: {}, hosts: {}, securityGroups: {}, seq: 0 };

  for (const [name, s] of Object.entries(spec.subnets ?? {})) {
    const c = parseCidr(s.cidr);
    if (!c || networkOf(c.ip, c.prefix) !== c.ip) throw new WorldSpecError(`subnets.${name}.cidr`, `not a network address: ${s.cidr}`);
    world.subnets[name] = { name, cidr: s.cidr, vlan: s.vlan ?? 1, fabric: s.fabric ?? 'fabric0', vpc: s.vpc };
  }
  for (const [id, sg] of Object.entries(spec.securityGroups ?? {})) {
    world.securityGroups[id] = { id, name: sg.name ?? id, ingress: (sg.ingress ?? []).map((r, i) => parseSgRule(r, `securityGroups.${id}.ingress[${i}]`)) };
  }

  const hostSpecs = Object.entries(spec.hosts ?? {});
  // Physical hosts first: VM NICs plug into their bridges.
  hostSpecs.sort(([, a], [, b]) => Number(b.kind === 'physical') - Number(a.kind === 'physical'));
  for (const [name, h] of hostSpecs) world.hosts[name] = buildHost(world, spec, name, h, rng);
  for (const [name, h] of hostSpecs) finishHost(world, world.hosts[name], h, `hosts.${name}`, spec.dns);
  // Keep the author's order for listings.
  world.hosts = Object.fromEntries(Object.keys(spec.hosts ?? {}).map((n) => [n, world.hosts[n]]));
  world.rng = rng.state;
  clusterStep(() => buildCluster(world, spec));
  return world;
}

/** Runs a step of the cluster build, reporting a bad `cluster:` section like any other spec error. */
function clusterStep<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof ClusterSpecError) throw new WorldSpecError(e.path, e.message);
    throw e;
  }
}

function parseSize(v: string | number | undefined, dflt: number, path: string): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number') return v;
  const m = /^(\d+(?:\.\d+)?)\s*(Mi|M|Gi|G|Ti|T)?$/.exec(v);
  if (!m) throw new WorldSpecError(path, `bad size "${v}" (use e.g. 512Mi, 4Gi)`);
  const mult = { Mi: 1, M: 1, Gi: 1024, G: 1024, Ti: 1024 * 1024, T: 1024 * 1024 }[m[2] ?? 'Mi'] ?? 1;
  return Math.round(Number(m[1]) * mult);
}

function parseSgRule(text: string, path: string): SgRule {
  // "tcp 443 0.0.0.0/0", "tcp 8000-8080 10.0.0.0/16", "icmp 10.0.0.0/16", "all 10.0.0.0/16"
  const w = text.trim().split(/\s+/);
  const proto = w[0] as SgRule['proto'];
  if (!['tcp', 'udp', 'icmp', 'all'].includes(proto)) throw new WorldSpecError(path, `bad protocol in "${text}"`);
  const cidr = w[w.length - 1];
  if (!parseCidr(cidr)) throw new WorldSpecError(path, `bad CIDR in "${text}"`);
  if (w.length === 3) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(w[1]);
    if (!m) throw new WorldSpecError(path, `bad port range in "${text}"`);
    return { proto, fromPort: Number(m[1]), toPort: Number(m[2] ?? m[1]), cidr };
  }
  return { proto, cidr };
}

function randomMac(rng: Rng, kind: HostKind): string {
  const bytes = Array.from({ length: 6 }, () => rng.int(0, 255));
  if (kind === 'vm') bytes.splice(0, 3, 0x52, 0x54, 0x00);
  else bytes[0] = (bytes[0] & 0xfc) | 0x02; // locally administered, unicast
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function newIface(world: World, host: Host, name: string, kind: Iface['kind'], mac: string): Iface {
  return { name, index: host.ifaces.length + 1, kind, mac, mtu: kind === 'loopback' ? 65536 : 1500, up: true, addrs: [], stats: { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 } };
}

function buildHost(world: World, spec: WorldSpec, name: string, h: HostSpec, rng: Rng): Host {
  const kind = h.kind ?? 'vm';
  const path = `hosts.${name}`;
  const host: Host = {
    name, kind, parent: h.on, cpus: h.cpus ?? (kind === 'physical' ? 32 : 2),
    memoryMb: parseSize(h.memory, kind === 'physical' ? 131072 : 4096, `${path}.memory`),
    disk: { sizeMb: parseSize(h.disk?.size, 20480, `${path}.disk.size`), usedMb: parseSize(h.disk?.used, 4096, `${path}.disk.used`) },
    login: h.login ?? kind !== 'appliance', ifaces: [], routes: [], rules: [], tables: {},
    sysctl: { ...DEFAULT_SYSCTL }, iptables: emptyTables(), units: {}, files: {}, neigh: [], pmtu: {},
    ...(h.trustedCas ? { trustedCas: [...h.trustedCas] } : {}),
  };
  if (h.on && (!spec.hosts?.[h.on] || spec.hosts[h.on].kind !== 'physical')) throw new WorldSpecError(`${path}.on`, `"${h.on}" is not a physical host`);
  if (h.forwarding) host.sysctl['net.ipv4.ip_forward'] = '1';
  for (const [k, v] of Object.entries(h.sysctl ?? {})) host.sysctl[k] = String(v);

  const lo = newIface(world, host, 'lo', 'loopback', '00:00:00:00:00:00');
  lo.addrs.push({ ip: parseIp('127.0.0.1')!, prefix: 8, seq: 0 });
  host.ifaces.push(lo);
  (h.nics ?? []).forEach((nic, i) => addNic(world, spec, host, nic, `${path}.nics[${i}]`, rng));
  for (const [net, n] of Object.entries(h.networks ?? {})) addLibvirtNetwork(world, host, net, n, `${path}.networks.${net}`, rng);
  return host;
}

function nicAddresses(world: World, nic: NicSpec, path: string): { ip: Ip; prefix: number }[] {
  const list = nic.ip === undefined ? [] : Array.isArray(nic.ip) ? nic.ip : [nic.ip];
  const subnet = nic.subnet ? world.subnets[nic.subnet] : undefined;
  if (nic.subnet && !subnet) throw new WorldSpecError(`${path}.subnet`, `unknown subnet "${nic.subnet}"`);
  return list.map((text) => {
    const c = parseCidr(text, subnet ? parseCidr(subnet.cidr)!.prefix : 24);
    if (!c) throw new WorldSpecError(`${path}.ip`, `bad address "${text}"`);
    return c;
  });
}

function addNic(world: World, spec: WorldSpec, host: Host, nic: NicSpec, path: string, rng: Rng): void {
  const type = nic.type ?? (nic.parent ? 'vlan' : nic.ports ? 'bridge' : 'ether');
  if (host.ifaces.some((i) => i.name === nic.name)) throw new WorldSpecError(`${path}.name`, `duplicate interface "${nic.name}"`);
  const iface = newIface(world, host, nic.name, type, nic.mac ?? randomMac(rng, host.kind));
  if (nic.mtu) iface.mtu = nic.mtu;
  if (nic.up === false) iface.up = false;
  if (nic.carrier === false) iface.carrier = false;
  if (nic.securityGroups) {
    for (const sg of nic.securityGroups) if (!world.securityGroups[sg]) throw new WorldSpecError(`${path}.securityGroups`, `unknown security group "${sg}"`);
    iface.securityGroups = [...nic.securityGroups];
  }
  const subnet = nic.subnet ? world.subnets[nic.subnet] : undefined;
  if (type === 'vlan') {
    if (!nic.parent || nic.id === undefined) throw new WorldSpecError(path, 'a VLAN interface needs "parent" and "id"');
    iface.vlan = { parent: nic.parent, id: nic.id };
  } else if (type === 'bridge') {
    iface.vlanFiltering = nic.vlanFiltering;
  } else if (nic.network) {
    plugIntoHostBridge(world, host, iface, nic, path, host.parent ? spec.hosts?.[host.parent] : undefined);
  } else if (subnet || nic.fabric || nic.vlan !== undefined || nic.trunk) {
    const fabric = nic.fabric ?? subnet?.fabric ?? 'fabric0';
    iface.port = nic.trunk ? { fabric, trunk: [...nic.trunk], access: nic.vlan } : { fabric, access: nic.vlan ?? (nic.fabric ? 1 : subnet?.vlan ?? 1) };
  }
  // VLAN-aware bridge membership of this port (for a VM NIC it is set on the host's tap instead).
  if (!nic.network && (nic.pvid !== undefined || nic.tagged)) iface.bridgeVlans = { pvid: nic.pvid, tagged: nic.tagged ?? [] };
  for (const a of nicAddresses(world, nic, path)) iface.addrs.push({ ...a, seq: ++world.seq });
  host.ifaces.push(iface);
}

/** A VM NIC: a `vnetN` tap on the physical host, enslaved to the bridge of the named network. */
function plugIntoHostBridge(world: World, vm: Host, iface: Iface, nic: NicSpec, path: string, physSpec: HostSpec | undefined): void {
  const phys = vm.parent ? world.hosts[vm.parent] : undefined;
  if (!phys) throw new WorldSpecError(`${path}.network`, 'a NIC on a host network needs the VM to be "on" a physical host');
  const bridgeName = physSpec?.networks?.[nic.network!]?.bridge ?? nic.network;
  const bridge = phys.ifaces.find((i) => i.name === bridgeName && i.kind === 'bridge');
  if (!bridge) throw new WorldSpecError(`${path}.network`, `host "${phys.name}" has no bridge or network "${nic.network}"`);
  const tapName = `vnet${phys.ifaces.filter((i) => i.kind === 'tap').length}`;
  // libvirt gives the tap the guest MAC with the first byte set to fe.
  const tap = newIface(world, phys, tapName, 'tap', 'fe' + iface.mac.slice(2));
  tap.master = bridge.name;
  if (nic.pvid !== undefined || nic.tagged) tap.bridgeVlans = { pvid: nic.pvid, tagged: nic.tagged ?? [] };
  phys.ifaces.push(tap);
  iface.tapOf = { host: phys.name, bridge: bridge.name, tap: tapName };
}

/** A libvirt network: bridge with an address, dnsmasq for DHCP/DNS, and NAT via MASQUERADE. */
function addLibvirtNetwork(world: World, host: Host, name: string, n: { bridge: string; cidr: string; mode: 'nat' | 'hostonly' }, path: string, rng: Rng): void {
  const c = parseCidr(n.cidr);
  if (!c || c.prefix > 30) throw new WorldSpecError(`${path}.cidr`, `bad CIDR "${n.cidr}"`);
  const gw = networkOf(c.ip, c.prefix) + 1;
  const br = newIface(world, host, n.bridge, 'bridge', randomMac(rng, 'vm'));
  br.addrs.push({ ip: gw, prefix: c.prefix, seq: ++world.seq });
  host.ifaces.push(br);
  host.files[`/etc/libvirt/qemu/networks/${name}.xml`] =
    `<network>\n  <name>${name}</name>\n${n.mode === 'nat' ? "  <forward mode='nat'/>\n" : ''}  <bridge name='${n.bridge}' stp='on' delay='0'/>\n  <ip address='${formatIp(gw)}' netmask='${formatIp((0xffffffff << (32 - c.prefix)) >>> 0)}'>\n    <dhcp>\n      <range start='${formatIp(gw + 1)}' end='${formatIp(gw + 253)}'/>\n    </dhcp>\n  </ip>\n</network>\n`;
  const net = `${formatIp(networkOf(c.ip, c.prefix))}/${c.prefix}`;
  if (n.mode === 'nat') {
    host.sysctl['net.ipv4.ip_forward'] = '1';
    const save = `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s ${net} ! -d ${net} -j MASQUERADE\nCOMMIT\n`;
    const parsed = parseIptablesSave(save);
    if (!parsed.ok) throw new WorldSpecError(path, parsed.message);
    host.iptables.nat.chains.POSTROUTING.rules.push(...parsed.tables.nat.chains.POSTROUTING.rules);
  }
  const unit = `libvirt-dnsmasq-${name}`;
  addService(world, host, { unit, description: `libvirt dnsmasq for network ${name}`, process: 'dnsmasq', listen: [`udp ${formatIp(gw)}:53`, `tcp ${formatIp(gw)}:53`, 'udp 0.0.0.0:67'], dns: { zones: [] } }, `${path}`, rng, -3600_000);
}

function finishHost(world: World, host: Host, h: HostSpec, path: string, dns: WorldSpec['dns']): void {
  for (const iface of host.ifaces) {
    const nic = h.nics?.find((n) => n.name === iface.name);
    for (const port of nic?.ports ?? []) {
      const p = host.ifaces.find((i) => i.name === port);
      if (!p) throw new WorldSpecError(`${path}.nics`, `bridge "${iface.name}" port "${port}" is not an interface of this host`);
      p.master = iface.name;
    }
  }
  for (const iface of host.ifaces) {
    const nic = h.nics?.find((n) => n.name === iface.name);
    if (iface.vlan) {
      const parent = host.ifaces.find((i) => i.name === iface.vlan!.parent);
      if (!parent) throw new WorldSpecError(`${path}.nics`, `"${iface.name}": parent "${iface.vlan.parent}" is not an interface of this host`);
      // A VLAN device shares its parent's MAC.
      if (!nic?.mac) iface.mac = parent.mac;
    }
    // A bridge takes the lowest MAC of its ports.
    const ports = host.ifaces.filter((p) => p.master === iface.name).map((p) => p.mac).sort();
    if (iface.kind === 'bridge' && ports.length && !nic?.mac) iface.mac = ports[0];
  }
  (h.routes ?? []).forEach((text, i) => host.routes.push(routeFromText(host, text, `${path}.routes[${i}]`)));
  for (const [table, routes] of Object.entries(h.tables ?? {})) {
    host.tables[table] = routes.map((text, i) => routeFromText(host, text, `${path}.tables.${table}[${i}]`));
  }
  (h.rules ?? []).forEach((text, i) => host.rules.push(ruleFromText(text, `${path}.rules[${i}]`, 1000 + i)));
  if (h.iptables) {
    const parsed = parseIptablesSave(h.iptables);
    if (!parsed.ok) throw new WorldSpecError(`${path}.iptables`, parsed.message);
    host.iptables.filter = parsed.tables.filter;
    for (const [chain, c] of Object.entries(parsed.tables.nat.chains)) {
      const mine = host.iptables.nat.chains[chain];
      host.iptables.nat.chains[chain] = mine ? { ...c, rules: [...mine.rules, ...c.rules] } : c;
    }
  }
  const rng = new Rng(world.seq * 7919 + host.name.length);
  const bootAt = -rng.int(2 * 3600, 40 * 86400) * 1000;
  if (host.login && host.kind !== 'external') {
    addService(world, host, { unit: 'ssh', description: 'OpenBSD Secure Shell server', process: 'sshd', listen: ['tcp 0.0.0.0:22'], ssh: true }, path, rng, bootAt);
  }
  (h.services ?? []).forEach((s, i) => addService(world, host, s, `${path}.services[${i}]`, rng, bootAt + 2000 + i * 150));
  writeEtcFiles(host, h, dns);
}

/** Route texts already parsed (each node of a cluster lists the other nodes' pod routes): a parse is a pure function of the text. */
const parsedRoutes = new Map<string, RouteSpecResult>();

function parseRouteText(text: string): RouteSpecResult {
  let parsed = parsedRoutes.get(text);
  if (!parsed) {
    parsed = parseRouteSpec(text.trim().split(/\s+/));
    if (parsedRoutes.size >= 50_000) parsedRoutes.clear();
    parsedRoutes.set(text, parsed);
  }
  return parsed;
}

function routeFromText(host: Host, text: string, path: string): Route {
  const parsed = parseRouteText(text);
  if (!parsed.ok) throw new WorldSpecError(path, parsed.message.trim() || `bad route "${text}"`);
  // (a copy: the parse is shared; Object.assign, as a spread copy is slow to extend with dev)
  const r: Route = Object.assign({}, parsed.route);
  if (r.via !== undefined && !r.dev) {
    // The kernel puts the route on the device of the longest prefix that contains the gateway.
    let dev: Iface | undefined;
    let longest = -1;
    for (const i of host.ifaces) {
      for (const a of i.addrs) {
        if (a.prefix < 32 && a.prefix > longest && inPrefix(r.via, a.ip, a.prefix)) {
          dev = i;
          longest = a.prefix;
        }
      }
    }
    if (!dev) throw new WorldSpecError(path, `gateway ${formatIp(r.via)} is not on a connected network of ${host.name}`);
    r.dev = dev.name;
  }
  if (r.dev && !host.ifaces.some((i) => i.name === r.dev)) throw new WorldSpecError(path, `no device "${r.dev}" on ${host.name}`);
  if (!r.dev && (r.type ?? 'unicast') === 'unicast') throw new WorldSpecError(path, `route "${text}" needs "via" or "dev"`);
  return r;
}

function ruleFromText(text: string, path: string, dflt: number): RouteRule {
  const w = text.trim().split(/\s+/);
  const rule: Partial<RouteRule> = { priority: dflt };
  for (let i = 0; i < w.length; i += 2) {
    const v = w[i + 1];
    if (v === undefined) throw new WorldSpecError(path, `missing value after "${w[i]}"`);
    if (w[i] === 'iif') rule.iif = v;
    else if (w[i] === 'from') {
      const c = parseCidr(v);
      if (!c) throw new WorldSpecError(path, `bad prefix "${v}"`);
      rule.from = c;
    } else if (w[i] === 'table' || w[i] === 'lookup') rule.table = v;
    else if (w[i] === 'priority' || w[i] === 'pref') rule.priority = Number(v);
    else throw new WorldSpecError(path, `unknown rule selector "${w[i]}"`);
  }
  if (!rule.table) throw new WorldSpecError(path, 'a rule needs "table"');
  return rule as RouteRule;
}

function parseListen(text: string, path: string): { proto: 'tcp' | 'udp'; addr: Ip; port: number } {
  const m = /^(tcp|udp)\s+(\S+):(\d+)$/.exec(text.trim());
  const addr = m && parseIp(m[2]);
  if (!m || addr === null || Number(m[3]) > 65535) throw new WorldSpecError(path, `bad listen "${text}" (use "tcp 0.0.0.0:8080")`);
  return { proto: m[1] as 'tcp' | 'udp', addr, port: Number(m[3]) };
}

function tlsOf(world: World, t: TlsSpec, path: string): TlsServer {
  if (!t.cn) throw new WorldSpecError(path, 'a certificate needs "cn"');
  const text = t.notBefore ?? '-30d';
  const notBefore = relativeTime(text, wallMs(world.now)) ?? parseRfc3339(text);
  if (notBefore === undefined) throw new WorldSpecError(`${path}.notBefore`, `not a time: "${text}" (use e.g. -30d)`);
  const sans = t.sans?.map((n) => (/^(DNS|IP Address):/.test(n) ? n : parseIp(n) !== null ? `IP Address:${n}` : `DNS:${n}`));
  const cert = makeCert(t.cn, { sans, o: t.o, issuer: t.issuer ? [['CN', t.issuer]] : undefined, notBefore, days: t.days });
  return { cert, ...(t.alpn ? { alpn: t.alpn } : {}), ...(t.cipher ? { cipher: t.cipher } : {}) };
}

function appOf(world: World, s: ServiceSpec, path: string): App {
  if (s.http) {
    const routes = Object.entries(s.http.routes ?? {}).map(([p, r]) => ({ path: p, status: r.status ?? 200, body: r.body ?? '', contentType: r.type }));
    return { kind: 'http', server: s.http.server ?? 'nginx/1.22.1', routes };
  }
  if (s.proxy) {
    const upstreams = s.proxy.routes.map((r, i) => ({
      host: r.host ?? '*', prefix: r.prefix,
      backends: r.backends.map((b) => {
        const m = /^(\S+):(\d+)$/.exec(b);
        const ip = m && parseIp(m[1]);
        if (!m || ip === null) throw new WorldSpecError(`${path}.proxy.routes[${i}]`, `bad backend "${b}" (use IP:PORT)`);
        return { ip, port: Number(m[2]) };
      }),
    }));
    return { kind: 'proxy', server: s.proxy.server ?? 'nginx/1.22.1', upstreams, connectTimeoutMs: (s.proxy.connectTimeout ?? 60) * 1000 };
  }
  if (s.dns) {
    const zones = (s.dns.zones ?? []).map((z, i) => ({
      origin: z.origin, ttl: z.ttl ?? 30,
      records: [...(z.auto ? autoRecords(world, z.origin) : []), ...(z.records ?? []).map((r, j) => dnsRecord(r, z.origin, `${path}.dns.zones[${i}].records[${j}]`))],
    }));
    const forwarders = (s.dns.forwarders ?? []).map((f) => {
      const ip = parseIp(f);
      if (ip === null) throw new WorldSpecError(`${path}.dns.forwarders`, `bad address "${f}"`);
      return ip;
    });
    return { kind: 'dns', zones, forwarders };
  }
  if (s.ssh) return { kind: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' };
  return { kind: 'tcp', behaviour: s.tcp ?? 'open' };
}

/** A and PTR records for every host's first address, named HOST.ORIGIN. */
function autoRecords(world: World, origin: string): DnsRecord[] {
  const out: DnsRecord[] = [];
  for (const host of Object.values(world.hosts)) {
    const addr = host.ifaces.find((i) => i.kind !== 'loopback' && i.addrs.length)?.addrs[0];
    if (!addr) continue;
    const fqdn = `${host.name}.${origin}`;
    out.push({ name: fqdn, type: 'A', value: formatIp(addr.ip) });
    out.push({ name: formatIp(addr.ip).split('.').reverse().join('.') + '.in-addr.arpa', type: 'PTR', value: fqdn });
  }
  return out;
}

function dnsRecord(text: string, origin: string, path: string): DnsRecord {
  // "db1 A 10.0.2.10", "api CNAME web1", "10 PTR rtr"  (relative names get the origin)
  const m = /^(\S+)\s+(A|CNAME|PTR)\s+(\S+)$/.exec(text.trim());
  if (!m) throw new WorldSpecError(path, `bad record "${text}" (use "NAME A|CNAME|PTR VALUE")`);
  const abs = (n: string) => (n.endsWith('.') ? n.slice(0, -1) : `${n}.${origin}`);
  const type = m[2] as DnsRecord['type'];
  if (type === 'A' && parseIp(m[3]) === null) throw new WorldSpecError(path, `bad address "${m[3]}"`);
  return { name: abs(m[1]), type, value: type === 'A' ? m[3] : abs(m[3]) };
}

/**
 * A unit as systemd left it after boot: active units were started at `bootAt` (simulated
 * ms, before the world's clock starts), so their journal and `since` read like a real host's.
 */
function addService(world: World, host: Host, s: ServiceSpec, path: string, rng: Rng, bootAt: number): void {
  const pid = rng.int(300, 4000);
  const tls = s.tls && tlsOf(world, s.tls, `${path}.tls`);
  const listeners: Listener[] = (s.listen ?? []).map((l, i) => {
    const listener: Listener = Object.assign(parseListen(l, `${path}.listen[${i}]`), { process: s.process ?? s.unit, pid, app: appOf(world, s, path) });
    if (tls && listener.proto === 'tcp') listener.tls = tls;
    return listener;
  });
  const unit: Unit = {
    name: s.unit, description: s.description ?? s.unit, state: 'inactive', enabled: s.enabled ?? true, since: bootAt,
    mainPid: pid, execStart: `/usr/sbin/${s.process ?? s.unit}`, listeners, journal: [], failsWith: s.failsWith,
    startLog: s.journal,
  };
  host.units[s.unit] = unit;
  const tcp = listeners.find((l) => l.proto === 'tcp');
  if (s.bindFile) {
    if (!tcp) throw new WorldSpecError(`${path}.bindFile`, 'a bind file needs a tcp listener');
    unit.bindFrom = { file: s.bindFile, key: 'BIND' };
    host.files[s.bindFile] ??= `BIND=${formatIp(tcp.addr)}:${tcp.port}\n`;
  }
  const want = s.state ?? 'active';
  if (want === 'inactive') return;
  const now = world.now;
  world.now = bootAt;
  startUnit(world, host, unit, () => rng.next());
  world.now = now;
  if (want === 'failed') unit.state = 'failed';
}

function writeEtcFiles(host: Host, h: HostSpec, dns: WorldSpec['dns']): void {
  const f = host.files;
  f['/etc/hostname'] ??= `${host.name}\n`;
  const addr = host.ifaces.find((i) => i.kind !== 'loopback' && i.addrs.length)?.addrs[0];
  f['/etc/hosts'] ??= `127.0.0.1\tlocalhost\n${addr ? `${formatIp(addr.ip)}\t${host.name}\n` : `127.0.1.1\t${host.name}\n`}${(h.hosts ?? []).map((l) => l + '\n').join('')}`;
  const resolv = h.resolv ?? dns ?? {};
  const ns = resolv.nameservers ?? [];
  const search = resolv.search ?? [];
  if (ns.length || search.length) f['/etc/resolv.conf'] ??= `${search.length ? `search ${search.join(' ')}\n` : ''}${ns.map((n) => `nameserver ${n}\n`).join('')}`;
  for (const [p, content] of Object.entries(h.files ?? {})) f[p] = content;
}

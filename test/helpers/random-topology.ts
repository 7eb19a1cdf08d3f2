// Seeded random topologies for the kernel differential test: 2-4 subnets in 10.99.0.0/16,
// one or two routers, a few end hosts, and injected faults. Each topology is emitted twice:
// as a WorldSpec for the simulator and as a bash script that builds the same network out of
// Linux network namespaces (one per host, plus a "switch" namespace holding one bridge per
// subnet, veth pairs between them).
import { Rng } from '../../server/sim/rng.js';
import { formatIp, inPrefix, parseIp } from '../../server/sim/net/ip.js';
import type { HostSpec, WorldSpec } from '../../server/sim/world/spec.js';

export const LISTEN_PORT = 8080;
/** Routed nowhere (outside every subnet unless one is the 10.99.0.0/16). */
export const OUTSIDE_IP = '10.99.251.1';

export const FAULT_KINDS = [
  'iptables',
  'stateful',
  'nic-down',
  'no-default-route',
  'no-return-route',
  'forwarding-off',
  'wrong-prefix',
  'echo-ignore',
  'route-type',
  'no-carrier',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface GenSubnet {
  name: string;
  net: number;
  prefix: number;
  /** Index of the bridge in the switch namespace and of the VLAN in the simulator. */
  index: number;
}

export interface GenNic {
  name: string;
  subnet: string;
  ip: number;
  /** Configured prefix (the wrong-prefix fault makes it differ from the subnet's). */
  prefix: number;
  up: boolean;
  /** The cable is pulled: the switch side of the link is down (NO-CARRIER). */
  carrier: boolean;
}

type FilterChain = 'INPUT' | 'FORWARD' | 'OUTPUT';

export interface GenHost {
  name: string;
  router: boolean;
  nics: GenNic[];
  /** `ip route add` arguments. */
  routes: string[];
  forwarding: boolean;
  echoIgnore: boolean;
  /** `-A CHAIN ...` lines of the filter table, in order. */
  rules: string[];
  policies: Partial<Record<FilterChain, 'DROP'>>;
  /** Address the TCP listener on LISTEN_PORT binds to, if there is one. */
  listen?: string;
}

export interface Target {
  ip: string;
  /** Who owns it: a host name, `unused:<subnet>`, `outside` or `loopback`. */
  label: string;
}

export interface Topology {
  seed: number;
  /** Namespace name prefix. */
  prefix: string;
  subnets: GenSubnet[];
  hosts: GenHost[];
  faults: string[];
  spec: WorldSpec;
  targets: Target[];
}

const ip = (text: string): number => parseIp(text)!;
const cidrOf = (s: GenSubnet): string => `${formatIp(s.net)}/${s.prefix}`;

/**
 * Generates topology number `seed`; `fault` forces one fault kind in (others are random).
 * Namespace names start with `prefix` (default `odt<seed>-`).
 */
export function randomTopology(seed: number, fault?: FaultKind, prefix = `odt${seed}-`): Topology {
  const rng = new Rng((seed * 2654435761) >>> 0);
  const chance = (p: number) => rng.next() < p;
  const faults: string[] = [];

  // --- subnets and routers -----------------------------------------------------------
  const twoRouters = chance(0.5);
  const lanCount = rng.int(2, 3);
  const used = new Set<number>();
  let wide = false;
  const subnets: GenSubnet[] = [];
  const newSubnet = (name: string, lan: boolean): GenSubnet => {
    let x: number;
    do x = rng.int(1, 200);
    while (used.has(x));
    used.add(x);
    const roll = rng.next();
    let s: GenSubnet;
    if (lan && !wide && roll < 0.1) {
      wide = true;
      s = { name, net: ip('10.99.0.0'), prefix: 16, index: subnets.length + 1 };
    } else if (roll < 0.3) s = { name, net: ip(`10.99.${x}.128`), prefix: 25, index: subnets.length + 1 };
    else s = { name, net: ip(`10.99.${x}.0`), prefix: 24, index: subnets.length + 1 };
    subnets.push(s);
    return s;
  };
  const lans = Array.from({ length: lanCount }, (_, i) => newSubnet(`lan${i + 1}`, true));
  const transit = twoRouters ? newSubnet('transit', false) : undefined;

  const hosts: GenHost[] = [];
  const newHost = (name: string, router: boolean): GenHost => {
    const h: GenHost = { name, router, nics: [], routes: [], forwarding: router, echoIgnore: false, rules: [], policies: {} };
    hosts.push(h);
    return h;
  };
  const addNic = (h: GenHost, s: GenSubnet, offset: number): GenNic => {
    const nic: GenNic = { name: `eth${h.nics.length}`, subnet: s.name, ip: s.net + offset, prefix: s.prefix, up: true, carrier: true };
    h.nics.push(nic);
    return nic;
  };
  const r1 = newHost('r1', true);
  const r2 = twoRouters ? newHost('r2', true) : undefined;
  // With two routers, r2 takes the last LAN (or two when there are three).
  const r2Lans = r2 ? lans.slice(lanCount === 3 && chance(0.5) ? 1 : lanCount - 1) : [];
  const r1Lans = lans.filter((s) => !r2Lans.includes(s));
  const gateway = new Map<string, number>();
  for (const s of r1Lans) gateway.set(s.name, addNic(r1, s, 1).ip);
  for (const s of r2Lans) gateway.set(s.name, addNic(r2!, s, 1).ip);
  if (transit && r2) {
    const a = addNic(r1, transit, 1);
    const b = addNic(r2, transit, 2);
    gateway.set(transit.name, chance(0.5) ? a.ip : b.ip);
    for (const s of r2Lans) r1.routes.push(`${cidrOf(s)} via ${formatIp(b.ip)}`);
    if (chance(0.5)) r2.routes.push(`default via ${formatIp(a.ip)}`);
    else for (const s of r1Lans) r2.routes.push(`${cidrOf(s)} via ${formatIp(a.ip)}`);
  }

  // --- end hosts -----------------------------------------------------------------------
  let n = 0;
  for (const s of [...lans, ...(transit && chance(0.4) ? [transit] : [])]) {
    const count = s === transit ? 1 : rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const h = newHost(`h${++n}`, false);
      const nic = addNic(h, s, 10 + i);
      h.routes.push(`default via ${formatIp(gateway.get(s.name)!)}`);
      const roll = rng.next();
      h.listen = roll < 0.5 ? '0.0.0.0' : roll < 0.65 ? '127.0.0.1' : roll < 0.75 ? formatIp(nic.ip) : undefined;
    }
  }
  for (const r of hosts.filter((h) => h.router)) if (chance(0.3)) r.listen = '0.0.0.0';
  const ends = hosts.filter((h) => !h.router);
  const routers = hosts.filter((h) => h.router);

  // --- faults --------------------------------------------------------------------------
  const inject = (kind: FaultKind): void => {
    switch (kind) {
      case 'iptables': {
        for (let i = rng.int(1, 3); i > 0; i--) {
          const h = rng.pick(chance(0.4) ? routers : ends);
          const rule = randomRule(rng, h, hosts, subnets);
          h.rules.push(rule);
          faults.push(`${h.name}: iptables ${rule}`);
        }
        return;
      }
      case 'stateful': {
        const h = rng.pick(chance(0.5) ? routers : ends);
        const chain: FilterChain = h.router && chance(0.7) ? 'FORWARD' : chance(0.7) ? 'INPUT' : 'OUTPUT';
        if (chain !== 'FORWARD' && chance(0.5)) h.rules.push(`-A ${chain} ${chain === 'INPUT' ? '-i' : '-o'} lo -j ACCEPT`);
        h.rules.push(`-A ${chain} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
        if (chance(0.5)) h.rules.push(`-A ${chain} -p tcp -m tcp --dport ${LISTEN_PORT} -j ACCEPT`);
        if (chance(0.5)) h.rules.push(`-A ${chain} -p icmp -m icmp --icmp-type 8 -j ACCEPT`);
        if (chain === 'FORWARD' && chance(0.5)) h.rules.push(`-A ${chain} -s ${cidrOf(rng.pick(subnets))} -j ACCEPT`);
        const end = rng.int(0, 2);
        if (end === 0) h.policies[chain] = 'DROP';
        else h.rules.push(end === 1 ? `-A ${chain} -j DROP` : `-A ${chain} -j REJECT --reject-with icmp-host-prohibited`);
        faults.push(`${h.name}: stateful ${chain} (${end === 0 ? 'policy DROP' : end === 1 ? 'DROP' : 'REJECT'})`);
        return;
      }
      case 'route-type': {
        const h = rng.pick(chance(0.5) ? routers : ends);
        const own = (a: number) => h.nics.some((n) => inPrefix(a, n.ip, n.prefix));
        const remote = subnets.filter((x) => !h.nics.some((n) => n.subnet === x.name) && !own(x.net));
        const addrs = hosts.flatMap((o) => o.nics.map((n) => n.ip)).filter((a) => !h.nics.some((n) => n.ip === a));
        const roll = rng.next();
        const dst = roll < 0.5 && remote.length ? cidrOf(rng.pick(remote)) : roll < 0.8 && addrs.length ? `${formatIp(rng.pick(addrs))}/32` : '10.99.251.0/24';
        // The kernel refuses a second route to the same prefix (File exists).
        if (h.routes.some((r) => r.split(' ').includes(dst))) return;
        const route = `${rng.pick(['unreachable', 'prohibit', 'blackhole'])} ${dst}`;
        h.routes.push(route);
        faults.push(`${h.name}: route "${route}"`);
        return;
      }
      case 'nic-down': {
        const h = rng.pick(chance(0.5) ? routers : ends);
        const nic = rng.pick(h.nics);
        nic.up = false;
        faults.push(`${h.name}: ${nic.name} down`);
        return;
      }
      case 'no-carrier': {
        const h = rng.pick(chance(0.5) ? routers : ends);
        const nic = rng.pick(h.nics);
        nic.carrier = false;
        faults.push(`${h.name}: ${nic.name} has no carrier`);
        return;
      }
      case 'no-default-route': {
        const h = rng.pick(ends);
        h.routes = h.routes.filter((r) => !r.startsWith('default'));
        faults.push(`${h.name}: no default route`);
        return;
      }
      case 'no-return-route': {
        const withRoutes = routers.filter((r) => r.routes.length);
        if (!withRoutes.length) return inject('no-default-route');
        const r = rng.pick(withRoutes);
        const gone = r.routes.splice(rng.int(0, r.routes.length - 1), 1)[0];
        faults.push(`${r.name}: route "${gone}" missing`);
        return;
      }
      case 'forwarding-off': {
        const r = rng.pick(routers);
        r.forwarding = false;
        faults.push(`${r.name}: ip_forward=0`);
        return;
      }
      case 'wrong-prefix': {
        const h = rng.pick(ends);
        const nic = h.nics[0];
        nic.prefix = rng.pick([28, 16, 26, 23].filter((p) => p !== nic.prefix));
        const gw = gateway.get(nic.subnet)!;
        // The kernel refuses a gateway that is not on a connected network.
        if (!inPrefix(gw, nic.ip, nic.prefix)) h.routes = h.routes.filter((r) => !r.startsWith('default'));
        faults.push(`${h.name}: ${nic.name} has /${nic.prefix}`);
        return;
      }
      case 'echo-ignore': {
        const h = rng.pick(hosts);
        h.echoIgnore = true;
        faults.push(`${h.name}: icmp_echo_ignore_all=1`);
        return;
      }
    }
  };
  if (fault) inject(fault);
  // Firewall rules are the richest source of outcomes (every REJECT type), so they come up most.
  for (let i = rng.int(1, 2); i > 0; i--) inject(rng.pick([...FAULT_KINDS, 'iptables', 'iptables'] as const));

  const targets: Target[] = [];
  for (const h of hosts) for (const nic of h.nics) targets.push({ ip: formatIp(nic.ip), label: h.name });
  for (const s of subnets) targets.push({ ip: formatIp(s.net + 99), label: `unused:${s.name}` });
  targets.push({ ip: OUTSIDE_IP, label: 'outside' }, { ip: '127.0.0.1', label: 'loopback' });

  const t: Topology = { seed, prefix, subnets, hosts, faults, spec: { subnets: {}, hosts: {} }, targets };
  t.spec = worldSpec(t);
  return t;
}

/** A random DROP or REJECT rule for `h`, matching on protocol, addresses and port. */
function randomRule(rng: Rng, h: GenHost, hosts: GenHost[], subnets: GenSubnet[]): string {
  const chance = (p: number) => rng.next() < p;
  const chain: FilterChain = h.router && chance(0.6) ? 'FORWARD' : chance(0.6) ? 'INPUT' : 'OUTPUT';
  const own = (): string => `${formatIp(rng.pick(h.nics).ip)}/32`;
  const other = (): string => (chance(0.4) ? cidrOf(rng.pick(subnets)) : `${formatIp(rng.pick(rng.pick(hosts).nics).ip)}/32`);
  const parts = [`-A ${chain}`];
  // INPUT sees the host's own addresses as destination, OUTPUT as source.
  if (chance(0.4)) parts.push(`-s ${chain === 'OUTPUT' && chance(0.7) ? own() : other()}`);
  if (chance(0.4)) parts.push(`-d ${chain === 'INPUT' && chance(0.7) ? own() : other()}`);
  const proto = rng.pick(['', 'icmp', 'tcp', 'tcp'] as const);
  if (proto === 'icmp') parts.push(chance(0.3) ? '-p icmp -m icmp --icmp-type 8' : '-p icmp');
  if (proto === 'tcp') parts.push(chance(0.6) ? `-p tcp -m tcp --dport ${chance(0.8) ? LISTEN_PORT : 22}` : '-p tcp');
  if (chance(0.35)) parts.push('-j DROP');
  else {
    const withs = ['icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-port-unreachable', 'icmp-proto-unreachable', 'icmp-net-prohibited', 'icmp-host-prohibited', 'icmp-admin-prohibited'];
    if (proto === 'tcp') withs.push('tcp-reset', 'tcp-reset');
    parts.push(`-j REJECT --reject-with ${rng.pick(withs)}`);
  }
  return parts.join(' ');
}

/** iptables-save text of a host's filter table, or undefined when it has no rules. */
export function iptablesSave(h: GenHost): string | undefined {
  if (!h.rules.length && !Object.keys(h.policies).length) return undefined;
  const chains = (['INPUT', 'FORWARD', 'OUTPUT'] as const).map((c) => `:${c} ${h.policies[c] ?? 'ACCEPT'} [0:0]\n`).join('');
  return `*filter\n${chains}${h.rules.map((r) => r + '\n').join('')}COMMIT\n`;
}

function worldSpec(t: Topology): WorldSpec {
  const spec: WorldSpec = { subnets: {}, hosts: {} };
  for (const s of t.subnets) spec.subnets![s.name] = { cidr: cidrOf(s), vlan: 10 + s.index, fabric: 'odt-switch' };
  for (const h of t.hosts) {
    const hs: HostSpec = {
      kind: h.router ? 'router' : 'vm',
      forwarding: h.forwarding,
      nics: h.nics.map((nic) => ({ name: nic.name, subnet: nic.subnet, ip: `${formatIp(nic.ip)}/${nic.prefix}`, ...(nic.up ? {} : { up: false }), ...(nic.carrier ? {} : { carrier: false }) })),
      routes: [...h.routes],
    };
    if (h.echoIgnore) hs.sysctl = { 'net.ipv4.icmp_echo_ignore_all': 1 };
    const save = iptablesSave(h);
    if (save) hs.iptables = save;
    if (h.listen) hs.services = [{ unit: 'listener', process: 'python3', listen: [`tcp ${h.listen}:${LISTEN_PORT}`] }];
    spec.hosts![h.name] = hs;
  }
  return spec;
}

// --- the same topology in network namespaces --------------------------------------------

export const nsName = (t: Topology, host: string): string => `${t.prefix}${host}`;
export const switchNs = (t: Topology): string => `${t.prefix}sw`;

/** Every namespace the setup script creates. */
export function namespaces(t: Topology): string[] {
  return [switchNs(t), ...t.hosts.map((h) => nsName(t, h.name))];
}

/** Per-namespace settings: the simulator has no rp_filter, redirects, ICMP rate limits or IPv6. */
const NS_SYSCTLS = [
  ...['rp_filter', 'send_redirects', 'accept_redirects', 'arp_ignore', 'arp_announce', 'arp_filter', 'proxy_arp'].flatMap((k) => [
    `net.ipv4.conf.all.${k}=0`,
    `net.ipv4.conf.default.${k}=0`,
  ]),
  'net.ipv4.icmp_ratelimit=0',
  // Rate-limited ICMP types also pass through a global token bucket; mask 0 exempts all of them.
  'net.ipv4.icmp_ratemask=0',
  'net.ipv6.conf.all.disable_ipv6=1',
  'net.ipv6.conf.default.disable_ipv6=1',
];

/**
 * Bash that builds the topology. ARP gives up after 3 x 100 ms instead of 3 x 1 s, so that a
 * "Destination Host Unreachable" arrives within the probes' 1-second timeouts. Listeners are
 * small Python programs (`python` is the interpreter to run).
 */
export function setupScript(t: Topology, python = 'python3'): string {
  const sw = switchNs(t);
  const out = ['set -e', `ip netns add ${sw}`, `ip netns exec ${sw} sysctl -qw ${NS_SYSCTLS.join(' ')}`];
  for (const s of t.subnets) out.push(`ip -n ${sw} link add br${s.index} type bridge`, `ip -n ${sw} link set br${s.index} up`);
  const listeners: string[] = [];
  const downs: string[] = [];
  t.hosts.forEach((h, hi) => {
    const ns = nsName(t, h.name);
    out.push(`ip netns add ${ns}`, `ip netns exec ${ns} sysctl -qw ${NS_SYSCTLS.join(' ')}`, `ip -n ${ns} link set lo up`);
    const perDev: string[] = [];
    h.nics.forEach((nic, ni) => {
      const s = t.subnets.find((x) => x.name === nic.subnet)!;
      const peer = `v${hi}-${ni}`;
      out.push(
        `ip -n ${ns} link add ${nic.name} type veth peer name ${peer} netns ${sw}`,
        `ip -n ${sw} link set ${peer} master br${s.index} up`,
        `ip -n ${ns} addr add ${formatIp(nic.ip)}/${nic.prefix} dev ${nic.name}`,
        `ip -n ${ns} link set ${nic.name} up`,
      );
      perDev.push(`net.ipv4.neigh.${nic.name}.retrans_time_ms=100`, `net.ipv4.neigh.${nic.name}.mcast_solicit=3`, `net.ipv4.neigh.${nic.name}.ucast_solicit=3`);
      if (!nic.up) downs.push(`ip -n ${ns} link set ${nic.name} down`);
      if (!nic.carrier) downs.push(`ip -n ${sw} link set ${peer} down`);
    });
    out.push(`ip netns exec ${ns} sysctl -qw ${[...perDev, `net.ipv4.ip_forward=${h.forwarding ? 1 : 0}`, `net.ipv4.icmp_echo_ignore_all=${h.echoIgnore ? 1 : 0}`].join(' ')}`);
    for (const r of h.routes) out.push(`ip -n ${ns} route add ${r}`);
    const save = iptablesSave(h);
    if (save) out.push(`ip netns exec ${ns} iptables-restore <<'EOF'\n${save}EOF`);
    if (h.listen) {
      // A listen backlog big enough that all probes' handshakes complete without accept().
      out.push(`ip netns exec ${ns} ${python} -I -S -c 'import socket, time; s = socket.socket(); s.bind(("${h.listen}", ${LISTEN_PORT})); s.listen(4096); time.sleep(1e6)' </dev/null >/dev/null 2>&1 &`);
      listeners.push(ns);
    }
  });
  // Taking a NIC down last also flushes the routes through it, as `ip link set down` does
  // (losing the carrier does not).
  out.push(...downs);
  for (const ns of listeners) {
    out.push(`for i in $(seq 100); do ip netns exec ${ns} ss -Hltn 'sport = :${LISTEN_PORT}' | grep -q . && break; sleep 0.02; done`);
  }
  return out.join('\n') + '\n';
}

/** Bash that kills whatever runs in the topology's namespaces and deletes them (idempotent). */
export function teardownScript(t: Topology): string {
  return teardownNamespaces(namespaces(t));
}

export function teardownNamespaces(names: string[]): string {
  return (
    names
      .map((ns) => `if [ -e /run/netns/${ns} ]; then pids=$(ip netns pids ${ns}); [ -z "$pids" ] || kill -9 $pids 2>/dev/null; ip netns del ${ns}; fi`)
      .join('\n') + '\n'
  );
}

// `ip address` (show, add, del, flush) and the device listing it shares with `ip link show`.
import { formatIp, inPrefix, isLoopback, networkOf, parseCidr, type Ip } from '../../sim/net/ip.js';
import { findIface } from '../../sim/net/l2.js';
import type { Addr, Host, Iface, World } from '../../sim/world/types.js';
import { isRoot } from '../privileges.js';
import { Args, deviceOrDie, die, duparg2, invarg, matches, needRoot, nodev, type IpEnv } from './ip-common.js';
import { bridgeId, bridgeTimer, displayName, ipv6Addrs, linkFlags, operState, portCost, portNumber, portState } from './ip-iface.js';
import { IP_ADDR_USAGE, IP_LINK_USAGE } from './ip-usage.js';

type Scope = 'host' | 'link' | 'global';

/** One address as the kernel reports it. */
export interface ShownAddr {
  family: 'inet' | 'inet6';
  text: string;
  prefix: number;
  scope: Scope;
  secondary: boolean;
  /** IPv4 only (for `to PREFIX` filters and deletion). */
  addr?: Addr;
}

/** IPv4 primaries, then IPv4 secondaries (same subnet as an earlier primary), then IPv6. */
export function shownAddrs(iface: Iface): ShownAddr[] {
  const primaries: Addr[] = [];
  const secondaries: Addr[] = [];
  for (const a of iface.addrs) {
    const same = primaries.some((p) => p.prefix === a.prefix && networkOf(p.ip, p.prefix) === networkOf(a.ip, a.prefix));
    (same ? secondaries : primaries).push(a);
  }
  const v4 = (a: Addr, secondary: boolean): ShownAddr => ({
    family: 'inet', text: formatIp(a.ip), prefix: a.prefix, scope: isLoopback(a.ip) ? 'host' : 'global', secondary, addr: a,
  });
  return [
    ...primaries.map((a) => v4(a, false)),
    ...secondaries.map((a) => v4(a, true)),
    ...ipv6Addrs(iface).map((a): ShownAddr => ({ family: 'inet6', text: a.addr, prefix: a.prefix, scope: a.scope, secondary: false })),
  ];
}

// --- link line --------------------------------------------------------------

/** The bridge's fdb garbage collection runs every 300 s. */
const gcTimer = (world: World) => bridgeTimer(300_000 - (world.now % 300_000));

function bridgeDetails(world: World, br: Iface): string {
  const id = bridgeId(br);
  const vf = br.vlanFiltering ? 1 : 0;
  return (
    `bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering ${vf} ` +
    (vf ? 'vlan_protocol 802.1Q ' : '') +
    `bridge_id ${id} designated_root ${id} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 ` +
    `hello_timer ${bridgeTimer(0)} tcn_timer ${bridgeTimer(0)} topology_change_timer ${bridgeTimer(0)} gc_timer ${gcTimer(world)} ` +
    (vf ? `vlan_default_pvid 1 vlan_stats_enabled 0 vlan_stats_per_port 0 ` : '') +
    'group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 ' +
    'mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 ' +
    'mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 ' +
    'mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 ' +
    'mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 '
  );
}

function bridgeSlaveDetails(world: World, host: Host, port: Iface): string {
  const br = findIface(host, port.master!)!;
  const no = portNumber(host, port);
  const id = bridgeId(br);
  return (
    `bridge_slave state ${portState(world, host, port)} priority 32 cost ${portCost(port)} hairpin off guard off root_block off ` +
    `fastleave off learning on flood on port_id 0x${(0x8000 + no).toString(16)} port_no 0x${no.toString(16)} ` +
    `designated_port ${0x8000 + no} designated_cost 0 designated_bridge ${id} designated_root ${id} ` +
    `hold_timer ${bridgeTimer(0)} message_age_timer ${bridgeTimer(0)} forward_delay_timer ${bridgeTimer(0)} topology_change_ack 0 config_pending 0 ` +
    'proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off ' +
    'neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off '
  );
}

/** GSO/TSO limits: veth-like virtual devices allow 512 KiB TSO, NIC drivers the legacy 64 KiB. */
function tsoMax(host: Host, iface: Iface, depth = 0): number {
  if (iface.kind === 'vlan' && depth < 8) {
    const parent = findIface(host, iface.vlan!.parent);
    return parent ? tsoMax(host, parent, depth + 1) : 65536;
  }
  return iface.kind === 'loopback' || iface.kind === 'bridge' ? 524280 : 65536;
}

/** `-d`: everything after the link-layer address. */
function details(env: IpEnv, iface: Iface, doLink: boolean, sl: string): string {
  const { world, host } = env;
  const port = !!iface.master;
  const mtuRange = iface.kind === 'loopback' ? [0, 0] : iface.kind === 'vlan' ? [0, 65535] : iface.kind === 'tap' ? [68, 65521] : [68, 65535];
  let s = ` promiscuity ${port ? 1 : 0}  allmulti ${port ? 1 : 0} minmtu ${mtuRange[0]} maxmtu ${mtuRange[1]} `;
  if (iface.kind === 'bridge') s += `${sl}    ${bridgeDetails(world, iface)}`;
  else if (iface.kind === 'vlan') s += `${sl}    vlan protocol 802.1Q id ${iface.vlan!.id} <REORDER_HDR> `;
  else if (iface.kind === 'tap') s += `${sl}    tun type tap pi off vnet_hdr on persist off `;
  if (port) s += `${sl}    ${bridgeSlaveDetails(world, host, iface)}`;
  if (doLink) s += 'addrgenmode eui64 ';
  const queues = iface.kind === 'tap' ? 256 : 1;
  return s + `numtxqueues ${queues} numrxqueues ${queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size ${tsoMax(host, iface)} tso_max_segs 65535 gro_max_size 65536 `;
}

/** print_num: right-aligned, or with a k/M/G suffix under `-h`. */
function num(env: IpEnv, width: number, n: number): string {
  const base = env.opts.iec ? 1024 : 1000;
  if (!env.opts.human || n < base) return `${String(n).padStart(width)} `;
  const prefixes = 'kMGTPE';
  let p = 0;
  let pow = 1;
  for (;;) {
    pow *= base;
    if (n / base < pow || p === prefixes.length - 1) break;
    p++;
  }
  let precision = 2;
  for (let powj = 10; precision > 0; precision--, powj *= 10) if (n / pow < powj) break;
  return `${`${(n / pow).toFixed(precision)}${prefixes[p]}${env.opts.iec ? 'i' : ''}`.padStart(width)} `;
}

/** `-s`: the RX/TX counter table (no final newline). */
function statsBlock(env: IpEnv, iface: Iface, sl: string): string {
  const s = iface.stats;
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  if (!env.opts.human) {
    for (const [i, v] of [s.rxBytes, s.rxPackets, s.txBytes, s.txPackets].entries()) cols[i % 2] = Math.max(cols[i % 2], String(v).length);
  }
  const z = (i: number) => num(env, cols[i], 0);
  let out = `    RX: ${'bytes'.padStart(cols[0] - 4)} ${'packets'.padStart(cols[1])} ${'errors'.padStart(cols[2])} ${'dropped'.padStart(cols[3])} ${'missed'.padStart(cols[4])} ${'mcast'.padStart(cols[5])} ${''.padStart(cols[6])}${sl}`;
  out += `    ${num(env, cols[0], s.rxBytes)}${num(env, cols[1], s.rxPackets)}${z(2)}${z(3)}${z(4)}${z(5)}`;
  if (env.opts.stats > 1) {
    out += `${sl}    RX errors:${''.padStart(cols[0] - 10)} ${'length'.padStart(cols[1])} ${'crc'.padStart(cols[2])} ${'frame'.padStart(cols[3])} ${'fifo'.padStart(cols[4])} ${'overrun'.padStart(cols[5])}${sl}`;
    out += `${''.padStart(cols[0] + 5)}${z(1)}${z(2)}${z(3)}${z(4)}${z(5)}`;
  }
  out += sl;
  out += `    TX: ${'bytes'.padStart(cols[0] - 4)} ${'packets'.padStart(cols[1])} ${'errors'.padStart(cols[2])} ${'dropped'.padStart(cols[3])} ${'carrier'.padStart(cols[4])} ${'collsns'.padStart(cols[5])} ${''.padStart(cols[6])}${sl}`;
  out += `    ${num(env, cols[0], s.txBytes)}${num(env, cols[1], s.txPackets)}${z(2)}${z(3)}${z(4)}${z(5)}`;
  if (env.opts.stats > 1) {
    out += `${sl}    TX errors:${''.padStart(cols[0] - 10)} ${'aborted'.padStart(cols[1])} ${'fifo'.padStart(cols[2])} ${'window'.padStart(cols[3])} ${'heartbt'.padStart(cols[4])} ${'transns'.padStart(cols[5])}${sl}`;
    out += `${''.padStart(cols[0] + 5)}${z(1)}${z(2)}${z(3)}${z(4)}${z(5)}`;
  }
  return out;
}

/** print_linkinfo: the `N: name: <flags> ...` block (with `link/ether`, details, stats). */
function linkInfo(env: IpEnv, iface: Iface, doLink: boolean): string {
  const { world, host, opts } = env;
  const sl = opts.oneline ? '\\' : '\n';
  if (opts.brief) {
    const head = `${displayName(iface).padEnd(16)} ${operState(world, host, iface).padEnd(14)} `;
    return doLink ? `${head}${iface.mac} <${linkFlags(world, host, iface)}> \n` : head;
  }
  let s = `${iface.index}: ${displayName(iface)}: <${linkFlags(world, host, iface)}> mtu ${iface.mtu} qdisc noqueue `;
  if (iface.master) s += `master ${iface.master} `;
  s += `state ${operState(world, host, iface)} `;
  if (doLink) s += 'mode DEFAULT ';
  s += 'group default qlen 1000';
  if (opts.family === 'any' || opts.family === 'link' || opts.details) {
    s += iface.kind === 'loopback' ? `${sl}    link/loopback ${iface.mac} brd 00:00:00:00:00:00` : `${sl}    link/ether ${iface.mac} brd ff:ff:ff:ff:ff:ff`;
  }
  if (opts.details) s += details(env, iface, doLink, sl);
  if (doLink && opts.stats) s += sl + statsBlock(env, iface, sl);
  return s + '\n';
}

function addrLine(env: IpEnv, iface: Iface, a: ShownAddr): string {
  if (env.opts.brief) return `${a.text}/${a.prefix} `;
  const sl = env.opts.oneline ? '\\' : '\n';
  let s = env.opts.oneline ? `${iface.index}: ${iface.name}` : '';
  s += `    ${a.family} ${a.text}/${a.prefix} scope ${a.scope} ${a.secondary ? 'secondary ' : ''}`;
  if (a.family === 'inet') s += iface.name;
  return `${s}${sl}       valid_lft forever preferred_lft forever\n`;
}

// --- listing (ip address show / ip link show) --------------------------------

interface ListFilter {
  dev?: string;
  up: boolean;
  to?: { ip: Ip; prefix: number };
  scope?: Scope;
  /** `secondary` / `primary` (and `temporary`, the IPv6 name of the same flag). */
  secondary?: boolean;
  label?: string;
  master?: string | null;
  kind?: string;
  slaveKind?: string;
  /** An address flag no address here has. */
  nothing: boolean;
  /** A device group other than `default` (every device is in it). */
  otherGroup: boolean;
}

const FLAG_WORDS = new Set(['secondary', 'temporary', 'primary', 'permanent', 'dynamic', 'tentative', 'deprecated', 'dadfailed', 'home', 'nodad', 'optimistic', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'stable-privacy']);

function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text);
}

/** `type TYPE` of `ip link show`: the rtnl link kind of a device. */
function linkKind(iface: Iface): string {
  return iface.kind === 'tap' ? 'tun' : iface.kind === 'bridge' || iface.kind === 'vlan' ? iface.kind : '';
}

function parseListFilter(env: IpEnv, args: Args, flush: boolean, doLink: boolean): ListFilter {
  const f: ListFilter = { up: false, nothing: false, otherGroup: false };
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'to') {
      const v = args.value();
      const c = parseCidr(v);
      if (!c) die(`Error: ${env.opts.family === 'inet' ? 'inet' : 'any valid'} prefix is expected rather than "${v}".\n`, 1);
      f.to = c;
      if (env.opts.family === 'any') env.opts.family = 'inet';
    } else if (w === 'scope') {
      const v = args.value();
      if (v === 'host' || v === 'link' || v === 'global') f.scope = v;
      else if (v !== 'all') invarg('invalid "scope"\n', v);
    } else if (w === 'up') {
      f.up = true;
    } else if (FLAG_WORDS.has(w.replace(/^-/, ''))) {
      // Every address here is permanent and none has the IPv6 DAD or mobility flags.
      const neg = w.startsWith('-');
      const name = w.replace(/^-/, '');
      if (name === 'secondary' || name === 'temporary' || name === 'primary') f.secondary = (name === 'primary') === neg;
      else if ((name === 'permanent') === neg) f.nothing = true;
    } else if (w === 'label') {
      f.label = args.value();
    } else if (w === 'group') {
      const v = args.value();
      if (v !== 'default' && !/^\d+$/.test(v)) invarg('Invalid "group" value\n', v);
      if (v !== 'default' && v !== '0') f.otherGroup = true;
    } else if (w === 'master') {
      const v = args.value();
      if (!findIface(env.host, v)) invarg('Device does not exist\n', v);
      f.master = v;
    } else if (w === 'vrf') {
      invarg('Not a valid VRF name\n', args.value());
    } else if (w === 'nomaster') {
      f.master = null;
    } else if (w === 'type') {
      const v = args.value();
      if (v.endsWith('_slave')) f.slaveKind = v.slice(0, -'_slave'.length);
      else f.kind = v;
    } else {
      let dev = w;
      if (w === 'dev') dev = args.value();
      else if (matches(w, 'help')) die(doLink ? IP_LINK_USAGE : IP_ADDR_USAGE, 255);
      if (f.dev !== undefined) duparg2('dev', dev);
      f.dev = dev;
    }
  }
  if (flush && env.opts.family === 'link') die('Cannot flush link addresses.\n', 1);
  if (f.dev !== undefined) deviceOrDie(env.host, f.dev);
  return f;
}

function addrPasses(f: ListFilter, family: IpEnv['opts']['family'], a: ShownAddr): boolean {
  if (family !== 'any' && family !== a.family) return false;
  if (f.scope && a.scope !== f.scope) return false;
  if (f.secondary !== undefined && a.secondary !== f.secondary) return false;
  if (f.to && (!a.addr || !inPrefix(a.addr.ip, f.to.ip, f.to.prefix))) return false;
  return !f.nothing;
}

function linkPasses(env: IpEnv, f: ListFilter, iface: Iface): boolean {
  if (f.dev !== undefined && iface.name !== f.dev) return false;
  if (f.up && !iface.up) return false;
  if (f.otherGroup) return false;
  if (f.master === null && iface.master) return false;
  if (f.master && iface.master !== f.master) return false;
  if (f.kind !== undefined && linkKind(iface) !== f.kind) return false;
  if (f.slaveKind !== undefined && (f.slaveKind !== 'bridge' || !iface.master)) return false;
  return true;
}

/** ipaddr_list: devices (and, unless listing links, their addresses) matching the filter. */
export function listDevices(env: IpEnv, argv: string[], doLink: boolean): number {
  const { host, opts, ctx } = env;
  if (doLink) opts.family = 'link';
  const f = parseListFilter(env, new Args(argv), false, doLink);
  const ifaces = [...host.ifaces].sort((a, b) => a.index - b.index).filter((i) => linkPasses(env, f, i));
  for (const iface of ifaces) {
    const all = shownAddrs(iface);
    const addrs = all.filter((a) => addrPasses(f, opts.family, a) && (f.label === undefined || globMatch(f.label, iface.name)));
    if (opts.family !== 'link') {
      // A device is listed when one of its addresses passes, or when it has none at all.
      const keep = addrs.length > 0 || (all.length === 0 && opts.family === 'any' && !f.to && f.label === undefined);
      if (!keep) continue;
    }
    if (opts.oneline && opts.family !== 'link' && !opts.brief) {
      ctx.out(addrs.map((a) => addrLine(env, iface, a)).join(''));
      continue;
    }
    // With a `label` filter iproute2 prints the matching address lines alone.
    let s = f.label === undefined ? linkInfo(env, iface, doLink) : '';
    if (opts.family !== 'link') {
      s += addrs.map((a) => addrLine(env, iface, a)).join('');
      if (opts.brief) s += '\n';
      else if (opts.stats) s += statsBlock(env, iface, opts.oneline ? '\\' : '\n') + '\n';
    }
    ctx.out(s);
  }
  return 0;
}

// --- changes -----------------------------------------------------------------

/** Routes through `dev` die with its last IPv4 address; those using a removed source address die with it. */
function dropRoutesAfterAddrLoss(host: Host, iface: Iface, removed: Ip[]): void {
  const lastGone = iface.addrs.length === 0;
  const dead = (r: { dev?: string; src?: Ip }) => (lastGone && r.dev === iface.name) || (r.src !== undefined && removed.includes(r.src));
  host.routes = host.routes.filter((r) => !dead(r));
  for (const t of Object.keys(host.tables)) host.tables[t] = host.tables[t].filter((r) => !dead(r));
}

function modify(env: IpEnv, verb: 'add' | 'change' | 'replace' | 'del', argv: string[]): number {
  const { host, world, ctx } = env;
  const args = new Args(argv);
  let dev: string | undefined;
  let local: { ip: Ip; prefix: number; text: string; explicit: boolean } | undefined;
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'dev') dev = args.value();
    else if (w === 'peer' || w === 'remote' || w === 'anycast' || w === 'label') args.value();
    else if (matches(w, 'broadcast') || w === 'brd' || w === 'scope' || matches(w, 'metric') || matches(w, 'priority') || matches(w, 'preference')) args.value();
    else if (matches(w, 'valid_lft') || matches(w, 'preferred_lft')) {
      const v = args.value();
      if (v !== 'forever') die('ip: address lifetimes are not supported by this simulated shell\n', 1);
    } else if (FLAG_WORDS.has(w)) continue;
    else {
      let text = w;
      if (w === 'local') text = args.value();
      if (matches(text, 'help')) die(IP_ADDR_USAGE, 255);
      if (local) duparg2('local', text);
      if (text.includes(':')) die('ip: IPv6 addresses are not supported by this simulated shell\n', 1);
      const c = parseCidr(text);
      if (!c) die(`Error: ${env.opts.family === 'inet' ? 'inet' : 'any valid'} prefix is expected rather than "${text}".\n`, 1);
      local = { ...c, text, explicit: text.includes('/') };
    }
  }
  if (dev === undefined) die('Not enough information: "dev" argument is required.\n', 1);
  if (local && verb === 'del' && !local.explicit) {
    ctx.err(
      'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
        `         Explicitly specify the prefix length (${local.text}/32) to avoid this warning.\n` +
        '         This special behaviour is likely to disappear in further releases,\n' +
        '         fix your scripts!\n',
    );
  }
  const iface = findIface(host, dev) ?? nodev(dev);
  needRoot(env);
  if (!local) return die('RTNETLINK answers: Address family not supported by protocol\n', 2);
  const idx = iface.addrs.findIndex((a) => a.ip === local!.ip && (a.prefix === local!.prefix || (verb === 'del' && !local!.explicit)));
  if (verb === 'del') {
    if (idx < 0) die('Error: ipv4: Address not found.\n', 2);
    const [gone] = iface.addrs.splice(idx, 1);
    dropRoutesAfterAddrLoss(host, iface, [gone.ip]);
    return 0;
  }
  if (idx >= 0) {
    if (verb === 'add') die('Error: ipv4: Address already assigned.\n', 2);
    return 0;
  }
  if (verb === 'change') die('RTNETLINK answers: No such file or directory\n', 2);
  iface.addrs.push({ ip: local.ip, prefix: local.prefix, seq: ++world.seq });
  return 0;
}

function flush(env: IpEnv, argv: string[]): number {
  if (argv.length === 0) die('Flush requires arguments.\n', 1);
  const f = parseListFilter(env, new Args(argv), true, false);
  const doomed = new Map<Iface, Addr[]>();
  for (const iface of env.host.ifaces) {
    if (!linkPasses(env, f, iface)) continue;
    const addrs = shownAddrs(iface).filter((a) => a.addr && addrPasses(f, env.opts.family, a) && (f.label === undefined || globMatch(f.label, iface.name)));
    if (addrs.length) doomed.set(iface, addrs.map((a) => a.addr!));
  }
  if (doomed.size === 0) return 0;
  if (!isRoot(env.ctx)) die('Failed to send flush request: Operation not permitted\n', 255);
  for (const [iface, addrs] of doomed) {
    iface.addrs = iface.addrs.filter((a) => !addrs.includes(a));
    dropRoutesAfterAddrLoss(env.host, iface, addrs.map((a) => a.ip));
  }
  return 0;
}

export function ipAddress(env: IpEnv, argv: string[]): number {
  if (argv.length === 0) return listDevices(env, [], false);
  const [sub, ...rest] = argv;
  if (matches(sub, 'add')) return modify(env, 'add', rest);
  if (matches(sub, 'change') || sub === 'chg') return modify(env, 'change', rest);
  if (matches(sub, 'replace')) return modify(env, 'replace', rest);
  if (matches(sub, 'delete')) return modify(env, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return listDevices(env, rest, false);
  if (matches(sub, 'flush')) return flush(env, rest);
  if (matches(sub, 'save') || matches(sub, 'showdump') || matches(sub, 'restore')) die(`ip: "ip address ${sub}" is not supported by this simulated shell\n`, 1);
  if (matches(sub, 'help')) die(IP_ADDR_USAGE, 255);
  return die(`Command "${sub}" is unknown, try "ip address help".\n`, 255);
}

// `ip route` (show, get, add/del/replace/change/append/prepend/test, flush) and `ip rule`.
import { broadcastOf, formatIp, inPrefix, isLoopback, maskOf, parseCidr, parseIp, type Ip } from '../../sim/net/ip.js';
import { findIface } from '../../sim/net/l2.js';
import { connectedRoutes, lookupRoute, selectSource, sortRoutes, tableRoutes, tablesFor, type RouteEntry } from '../../sim/net/route.js';
import { parseRouteSpec } from '../../sim/net/route-spec.js';
import type { Host, Iface, Route, RouteRule } from '../../sim/world/types.js';
import { isRoot } from '../privileges.js';
import { Args, die, extack, incomplete, invarg, matches, needRoot, nodev, rtnl, tableId, unsupported, type IpEnv } from './ip-common.js';
import { shownAddrs } from './ip-addr.js';
import { ipv6Addrs } from './ip-iface.js';
import { IP_ROUTE_USAGE, IP_RULE_USAGE } from './ip-usage.js';

/** A route as the kernel dumps it, IPv4 or IPv6, in any table. */
interface Shown {
  family: 'inet' | 'inet6';
  type: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'local' | 'broadcast' | 'multicast';
  /** Destination text without the prefix length, and the length. */
  dst: string;
  dstIp?: Ip;
  prefix: number;
  via?: Ip;
  dev?: string;
  table: string;
  proto: string;
  scope: 'global' | 'link' | 'host';
  src?: Ip;
  metric?: number;
  linkdown?: boolean;
  /** IPv6 routes carry a router preference. */
  pref?: string;
}

function ipv4Shown(r: RouteEntry, table: string): Shown {
  const type = r.type ?? 'unicast';
  return {
    family: 'inet', type, dst: formatIp(r.dst), dstIp: r.dst, prefix: r.prefix, via: r.via, dev: r.dev || undefined, table,
    proto: r.proto ?? 'boot', scope: type === 'unicast' ? r.scope : 'global', src: r.src, metric: r.metric || undefined, linkdown: r.linkdown,
  };
}

/** The kernel's local table: a `local` route per address and the subnet broadcast of each primary. */
function localTable(host: Host): Shown[] {
  const out: Shown[] = [];
  const add = (s: Omit<Shown, 'family' | 'table' | 'proto' | 'dst'>) => {
    if (out.some((o) => o.dstIp === s.dstIp && o.prefix === s.prefix && o.type === s.type && o.dev === s.dev)) return;
    out.push({ ...s, family: 'inet', table: 'local', proto: 'kernel', dst: formatIp(s.dstIp!) });
  };
  for (const iface of host.ifaces) {
    if (!iface.up) continue;
    const addrs = shownAddrs(iface).filter((a) => a.addr);
    for (const a of addrs) {
      const ip = a.addr!.ip;
      const prim = addrs.find((p) => !p.secondary && inPrefix(ip, p.addr!.ip, a.prefix))?.addr!.ip ?? ip;
      add({ type: 'local', dstIp: ip, prefix: 32, dev: iface.name, scope: 'host', src: prim });
      if (a.secondary || a.prefix === 32) continue;
      if (iface.kind === 'loopback') add({ type: 'local', dstIp: (ip & maskOf(a.prefix)) >>> 0, prefix: a.prefix, dev: iface.name, scope: 'host', src: ip });
      if (a.prefix < 31) add({ type: 'broadcast', dstIp: broadcastOf(ip, a.prefix), prefix: 32, dev: iface.name, scope: 'link', src: ip });
    }
  }
  return out.sort((a, b) => a.dstIp! - b.dstIp! || a.prefix - b.prefix);
}

function compareGroups(a: number[], b: number[]): number {
  const k = a.findIndex((g, i) => g !== b[i]);
  return k < 0 ? 0 : a[k] - b[k];
}

/** IPv6 routes of the link-local and loopback addresses (main, then local table). */
function ipv6Routes(host: Host): Shown[] {
  const up = host.ifaces.filter((i) => i.up);
  const lo = up.filter((i) => i.kind === 'loopback');
  const nics = up.filter((i) => i.kind !== 'loopback');
  const base = { family: 'inet6' as const, proto: 'kernel', scope: 'global' as const, pref: 'medium' };
  return [
    ...lo.map((i): Shown => ({ ...base, type: 'unicast', dst: '::1', prefix: 128, dev: i.name, table: 'main', metric: 256 })),
    ...nics.map((i): Shown => ({ ...base, type: 'unicast', dst: 'fe80::', prefix: 64, dev: i.name, table: 'main', metric: 256 })),
    ...lo.map((i): Shown => ({ ...base, type: 'local', dst: '::1', prefix: 128, dev: i.name, table: 'local', metric: 0 })),
    ...nics
      .map((i) => ({ i, a: ipv6Addrs(i)[0] }))
      .sort((x, y) => compareGroups(x.a.groups, y.a.groups))
      .map(({ i, a }): Shown => ({ ...base, type: 'local', dst: a.addr, prefix: 128, dev: i.name, table: 'local', metric: 0 })),
    ...nics.map((i): Shown => ({ ...base, type: 'multicast', dst: 'ff00::', prefix: 8, dev: i.name, table: 'local', metric: 256 })),
  ];
}

/** Policy tables by the kernel's hash order (id mod 256), then main and local. */
function ipv4Routes(env: IpEnv): Shown[] {
  const { world, host } = env;
  const ids = Object.keys(host.tables).sort((a, b) => (Number(a) & 255) - (Number(b) & 255) || Number(a) - Number(b));
  return [
    ...ids.flatMap((t) => tableRoutes(world, host, t).map((r) => ipv4Shown(r, t))),
    ...tableRoutes(world, host, 'main').map((r) => ipv4Shown(r, 'main')),
    ...localTable(host),
  ];
}

// --- listing ----------------------------------------------------------------

interface Selector {
  ip: Ip;
  prefix: number;
}

interface RouteFilter {
  /** Table to list, or `all`. */
  table: string;
  dev?: string;
  proto?: string;
  scope?: string;
  type?: string;
  metric?: number;
  via?: Selector;
  src?: Selector;
  root?: Selector;
  match?: Selector;
  cloned: boolean;
}

const SCOPES = ['global', 'universe', 'link', 'host', 'site', 'nowhere'];
const PROTOS = ['kernel', 'boot', 'static', 'dhcp', 'redirect', 'ra', 'bird', 'zebra', 'babel', 'bgp', 'ospf', 'rip', 'isis'];
const TYPES = ['unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];

/** get_prefix for listings: `default`/`all`/`any` is 0/0. */
function selector(env: IpEnv, text: string): Selector {
  if (text === 'default' || text === 'all' || text === 'any') return { ip: 0, prefix: 0 };
  const c = parseCidr(text);
  if (!c) die(`Error: ${env.opts.family === 'inet6' ? 'inet6' : env.opts.family === 'inet' ? 'inet' : 'any valid'} prefix is expected rather than "${text}".\n`, 1);
  return c;
}

function parseRouteFilter(env: IpEnv, argv: string[], flush: boolean): RouteFilter {
  const f: RouteFilter = { table: 'main', cloned: false };
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (matches(w, 'table')) {
      const v = args.value();
      const id = tableId(v);
      if (id) f.table = id;
      else if (v === 'all') f.table = 'all';
      else if (v === 'cache') f.cloned = true;
      else if (v === 'help') die(IP_ROUTE_USAGE, 255);
      else invarg('table id value is invalid\n', v);
    } else if (matches(w, 'cached') || matches(w, 'cloned')) {
      f.cloned = true;
    } else if (matches(w, 'protocol')) {
      const v = args.value();
      if (v !== 'all' && !PROTOS.includes(v) && !/^\d+$/.test(v)) invarg('invalid "protocol"\n', v);
      if (v !== 'all') f.proto = v;
    } else if (matches(w, 'scope')) {
      const v = args.value();
      if (v !== 'all' && !SCOPES.includes(v)) invarg('invalid "scope"\n', v);
      if (v !== 'all') f.scope = v === 'universe' ? 'global' : v;
    } else if (matches(w, 'type')) {
      const v = args.value();
      if (!TYPES.includes(v)) invarg('node type value is invalid\n', v);
      f.type = v;
    } else if (w === 'dev' || w === 'oif') {
      f.dev = args.value();
    } else if (w === 'iif' || w === 'mark' || matches(w, 'realms') || matches(w, 'vrf') || w === 'tos' || matches(w, 'dsfield')) {
      unsupported(`"ip route show ${w}"`);
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      const v = args.value();
      if (!/^\d+$/.test(v)) invarg('"metric" value is invalid\n', v);
      f.metric = Number(v);
    } else if (w === 'via') {
      f.via = selector(env, args.value());
    } else if (w === 'src') {
      f.src = selector(env, args.value());
    } else if (matches(w, 'from')) {
      unsupported('source-specific routes');
    } else {
      let v = w;
      if (matches(v, 'to')) v = args.value();
      if (matches(v, 'root')) f.root = selector(env, args.value());
      else if (matches(v, 'match')) f.match = selector(env, args.value());
      else {
        if (matches(v, 'exact')) v = args.value();
        f.root = f.match = selector(env, v);
      }
    }
  }
  if (flush && argv.length === 0) die('"ip route flush" requires arguments.\n', 1);
  if (f.dev !== undefined && !findIface(env.host, f.dev)) nodev(f.dev);
  return f;
}

function routePasses(env: IpEnv, f: RouteFilter, r: Shown): boolean {
  const fam = env.opts.family;
  if (fam === 'inet' || fam === 'inet6' ? r.family !== fam : f.table !== 'all' && r.family === 'inet6') return false;
  if (f.table !== 'all' && f.table !== r.table) return false;
  if (f.cloned) return false;
  if (f.proto !== undefined && r.proto !== f.proto) return false;
  if (f.scope !== undefined && r.scope !== f.scope) return false;
  if (f.type !== undefined && r.type !== f.type) return false;
  if (f.metric !== undefined && (r.metric ?? 0) !== f.metric) return false;
  if (f.dev !== undefined && r.dev !== f.dev) return false;
  if (r.family === 'inet6') return !f.root && !f.match && !f.via && !f.src;
  const dst = r.dstIp!;
  if (f.root && (f.root.prefix > r.prefix || !inPrefix(dst, f.root.ip, f.root.prefix))) return false;
  if (f.match && (f.match.prefix < r.prefix || !inPrefix(f.match.ip, dst, r.prefix))) return false;
  if (f.via && (r.via === undefined || !inPrefix(r.via, f.via.ip, f.via.prefix))) return false;
  if (f.src && (r.src === undefined || !inPrefix(r.src, f.src.ip, f.src.prefix))) return false;
  return true;
}

/** print_route; selectors that pin a field (dev, exact via, ...) hide it, as iproute2 does. */
function formatRoute(env: IpEnv, f: RouteFilter, r: Shown): string {
  const d = env.opts.details > 0;
  const hostLen = r.family === 'inet' ? 32 : 128;
  let s = r.type !== 'unicast' || d ? `${r.type} ` : '';
  s += r.prefix === 0 ? 'default ' : r.prefix === hostLen ? `${r.dst} ` : `${r.dst}/${r.prefix} `;
  if (r.via !== undefined && f.via?.prefix !== 32) s += `via ${formatIp(r.via)} `;
  if (r.dev && f.dev === undefined) s += `dev ${r.dev} `;
  if ((r.table !== 'main' || d) && f.table === 'all') s += `table ${r.table} `;
  if ((r.proto !== 'boot' || d) && f.proto === undefined) s += `proto ${r.proto} `;
  if ((r.scope !== 'global' || d) && f.scope === undefined) s += `scope ${r.scope} `;
  if (r.src !== undefined && f.src?.prefix !== 32) s += `src ${formatIp(r.src)} `;
  if (r.metric !== undefined && f.metric === undefined) s += `metric ${r.metric} `;
  if (r.linkdown) s += 'linkdown ';
  if (r.pref) s += `pref ${r.pref} `;
  return s + '\n';
}

function listRoutes(env: IpEnv, argv: string[]): number {
  const f = parseRouteFilter(env, argv, false);
  const routes = [...ipv4Routes(env), ...ipv6Routes(env.host)].filter((r) => routePasses(env, f, r));
  env.ctx.out(routes.map((r) => formatRoute(env, f, r)).join(''));
  return 0;
}

// --- get ----------------------------------------------------------------------

function uidOf(env: IpEnv): number {
  return isRoot(env.ctx) ? 0 : 1000;
}

function routeGet(env: IpEnv, argv: string[]): number {
  const { world, host } = env;
  let dst: Ip | undefined;
  let from: Ip | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (matches(w, 'from')) {
      const v = args.value();
      if (matches(v, 'help')) die(IP_ROUTE_USAGE, 255);
      from = selector(env, v).ip;
    } else if (matches(w, 'iif')) iif = args.value();
    else if (matches(w, 'oif') || w === 'dev') oif = args.value();
    else if (matches(w, 'connected') || matches(w, 'fibmatch') || matches(w, 'notify')) unsupported(`"ip route get ${w}"`);
    else if (w === 'tos' || matches(w, 'mark') || matches(w, 'uid') || matches(w, 'sport') || matches(w, 'dport') || matches(w, 'ipproto') || matches(w, 'vrf')) args.value();
    else {
      let v = w;
      if (v === 'to') v = args.value();
      if (matches(v, 'help')) die(IP_ROUTE_USAGE, 255);
      if (v.includes(':')) unsupported('IPv6 route lookups');
      const c = selector(env, v);
      if (c.prefix !== 32 && v.includes('/')) env.ctx.err(`Warning: /${c.prefix} as prefix is invalid, only /32 (or none) is supported.\n`);
      dst = c.ip;
    }
  }
  if (dst === undefined) die('need at least a destination address\n', 1);
  if (iif !== undefined && !findIface(host, iif)) nodev(iif);
  const out = oif === undefined ? undefined : findIface(host, oif) ?? nodev(oif);
  const fromText = from !== undefined ? `from ${formatIp(from)} ` : '';
  if (iif !== undefined) {
    // A forwarded packet: the input route needs forwarding on and an up input device.
    const res = lookupRoute(world, host, dst, { src: from, iif });
    if (res.kind === 'local') {
      env.ctx.out(`local ${formatIp(dst)} ${fromText}dev lo table local \n    cache <local> iif ${iif} \n`);
      return 0;
    }
    if (res.kind !== 'unicast' || host.sysctl['net.ipv4.ip_forward'] !== '1') return lookupError(res.kind === 'unicast' ? 'unreachable' : res.kind);
    const via = res.via !== undefined ? `via ${formatIp(res.via)} ` : '';
    const table = res.table !== 'main' ? `table ${res.table} ` : '';
    env.ctx.out(`${formatIp(dst)} ${fromText}${via}dev ${res.dev} ${table}\n    cache iif ${iif} \n`);
    return 0;
  }
  const res = out ? lookupVia(env, dst, from, out) : lookupRoute(world, host, dst, { src: from });
  const tail = `uid ${uidOf(env)} \n`;
  if (res.kind === 'local') {
    const src = from !== undefined ? '' : `src ${formatIp(isLoopback(dst) && !host.ifaces.some((i) => i.addrs.some((a) => a.ip === dst)) ? parseIp('127.0.0.1')! : dst)} `;
    env.ctx.out(`local ${formatIp(dst)} ${fromText}dev lo ${src}${tail}    cache <local> \n`);
    return 0;
  }
  if (res.kind !== 'unicast') return lookupError(res.kind);
  const via = res.via !== undefined ? `via ${formatIp(res.via)} ` : '';
  const table = res.table !== 'main' ? `table ${res.table} ` : '';
  const src = from === undefined && res.src !== null ? `src ${formatIp(res.src)} ` : '';
  env.ctx.out(`${formatIp(dst)} ${fromText}${via}dev ${res.dev} ${table}${src}${tail}    cache \n`);
  return 0;
}

function lookupError(kind: 'blackhole' | 'unreachable' | 'prohibit' | 'none'): number {
  const msg = { blackhole: 'Invalid argument', unreachable: 'No route to host', prohibit: 'Permission denied', none: 'Network is unreachable' }[kind];
  return rtnl(msg);
}

/** A lookup bound to an output device (`oif`): only routes through it count, else it is taken as on-link. */
function lookupVia(env: IpEnv, dst: Ip, from: Ip | undefined, dev: Iface): ReturnType<typeof lookupRoute> {
  const { world, host } = env;
  if (host.ifaces.some((i) => i.addrs.some((a) => a.ip === dst)) || isLoopback(dst)) return lookupRoute(world, host, dst);
  if (!dev.up) return { kind: 'none' };
  for (const table of tablesFor(host, from, undefined)) {
    const hits = tableRoutes(world, host, table).filter((r) => r.dev === dev.name && inPrefix(dst, r.dst, r.prefix));
    const r = hits.sort((a, b) => b.prefix - a.prefix || (a.metric ?? 0) - (b.metric ?? 0))[0];
    if (r) return { kind: 'unicast', route: r, dev: r.dev, via: r.via, src: r.src ?? selectSource(host, dev, r.via ?? dst), table };
  }
  const onLink: RouteEntry = { dst, prefix: 32, dev: dev.name, scope: 'link', connected: false, linkdown: false };
  return { kind: 'unicast', route: onLink, dev: dev.name, src: selectSource(host, dev, dst), table: 'main' };
}

// --- changes ------------------------------------------------------------------

type Verb = 'add' | 'change' | 'replace' | 'prepend' | 'append' | 'test' | 'del';

const NEEDS_VALUE = ['via', 'dev', 'oif', 'metric', 'priority', 'preference', 'src', 'proto', 'protocol', 'table', 'scope', 'mtu', 'to', 'tos', 'realms', 'expires', 'advmss', 'window', 'rtt', 'hoplimit'];

/** The routes a change applies to: the main table's static list, or a policy table's. */
function staticsOf(host: Host, table: string, create: boolean): Route[] {
  if (table === 'main') return host.routes;
  if (create) host.tables[table] ??= [];
  return host.tables[table] ?? [];
}

/** fib_check_nh: where the gateway is reachable through a link-scope route (the kernel's nexthop check). */
function checkNexthop(env: IpEnv, route: Route, table: string, onlink: boolean): void {
  const { world, host } = env;
  const type = route.type ?? 'unicast';
  if (type !== 'unicast') {
    if (route.via !== undefined || route.dev) extack('Gateway, device and multipath can not be specified for this route type.');
    return;
  }
  if (route.via !== undefined && onlink) {
    // `onlink`: the gateway is taken to be on the device's link whatever its subnets.
    if (!route.dev) extack('Nexthop device required for onlink.');
    if (!findIface(host, route.dev)!.up) extack('Nexthop device is not up.');
  } else if (route.via !== undefined) {
    const candidates = [...(table !== 'main' ? tableRoutes(world, host, table) : []), ...tableRoutes(world, host, 'main')];
    const hit = candidates
      .filter((r) => r.scope === 'link' && (r.type ?? 'unicast') === 'unicast' && (!route.dev || r.dev === route.dev) && inPrefix(route.via!, r.dst, r.prefix))
      .sort((a, b) => b.prefix - a.prefix)[0];
    if (!hit) extack('Nexthop has invalid gateway.');
    route.dev = hit.dev;
  } else {
    if (!route.dev) rtnl('No such device');
    if (!findIface(host, route.dev)!.up) extack('Device for nexthop is not up.');
  }
  if (route.src !== undefined && !host.ifaces.some((i) => i.addrs.some((a) => a.ip === route.src))) extack('Invalid prefsrc address.');
}

/** A main-table entry a change can hit: a static route (by reference) or a connected one. */
type Target = { kind: 'static'; list: Route[]; route: Route } | { kind: 'connected'; route: RouteEntry };

function targets(env: IpEnv, table: string): Target[] {
  const list = staticsOf(env.host, table, false);
  const out: Target[] = list.map((route) => ({ kind: 'static', list, route }));
  if (table === 'main') out.push(...connectedRoutes(env.world, env.host).map((route): Target => ({ kind: 'connected', route })));
  return sortRoutes(out.map((t) => t.route)).map((r) => out.find((t) => t.route === r)!);
}

function asEntry(t: Target): RouteEntry {
  if (t.kind === 'connected') return t.route;
  const r = t.route;
  return { ...r, dev: r.dev ?? '', scope: r.via === undefined && (r.type ?? 'unicast') === 'unicast' ? 'link' : 'global', connected: false, linkdown: false };
}

function removeTarget(host: Host, t: Target): void {
  if (t.kind === 'static') {
    t.list.splice(t.list.indexOf(t.route), 1);
    return;
  }
  const iface = findIface(host, t.route.dev);
  for (const a of iface?.addrs ?? []) if (a.prefix === t.route.prefix && inPrefix(a.ip, t.route.dst, t.route.prefix)) a.routeDeleted = true;
}

function clean(route: Route): Route {
  return Object.fromEntries(Object.entries(route).filter(([, v]) => v !== undefined)) as unknown as Route;
}

function modify(env: IpEnv, verb: Verb, argv: string[]): number {
  const { host } = env;
  const last = argv[argv.length - 1];
  if (last !== undefined && (NEEDS_VALUE.includes(last) || ['blackhole', 'unreachable', 'prohibit', 'unicast'].includes(last))) incomplete();
  if (argv.includes('help')) die(IP_ROUTE_USAGE, 255);
  if (argv.includes('nexthop') || argv.includes('nhid') || argv.includes('encap')) unsupported('multipath and encapsulated routes');
  const parsed = parseRouteSpec(argv);
  if (!parsed.ok) {
    if (parsed.message === '') die(IP_ROUTE_USAGE, 255);
    // The one kernel-side complaint among the parser's: root is checked first.
    if (parsed.exit === 2) needRoot(env);
    die(parsed.message + '\n', parsed.exit);
  }
  const table = parsed.table === undefined ? 'main' : tableId(parsed.table) ?? invarg('"table" value is invalid\n', parsed.table);
  const route = parsed.route;
  if (route.dev !== undefined && !findIface(host, route.dev)) nodev(route.dev);
  needRoot(env);
  if (table === 'local') unsupported('changing the local routing table');
  if (verb === 'del') {
    const hit = targets(env, table).find(({ route: r }) => {
      if (r.dst !== route.dst || r.prefix !== route.prefix) return false;
      if (route.metric !== undefined && route.metric !== 0 && (r.metric ?? 0) !== route.metric) return false;
      if (route.type !== undefined && (r.type ?? 'unicast') !== route.type) return false;
      if (route.proto !== undefined && (r.proto ?? 'boot') !== route.proto) return false;
      if (route.src !== undefined && r.src !== route.src) return false;
      if (route.via !== undefined && r.via !== route.via) return false;
      return route.dev === undefined || r.dev === route.dev;
    });
    if (!hit) rtnl('No such process');
    removeTarget(host, hit);
    return 0;
  }
  checkNexthop(env, route, table, argv.includes('onlink'));
  const same = targets(env, table).filter(({ route: r }) => r.dst === route.dst && r.prefix === route.prefix && (r.metric ?? 0) === (route.metric ?? 0));
  const exact = same.find(({ route: r }) => (r.type ?? 'unicast') === (route.type ?? 'unicast') && r.via === route.via && r.dev === route.dev);
  const stored = clean(route);
  if (verb === 'add' || verb === 'test') {
    if (same.length) rtnl('File exists');
    if (verb === 'test') rtnl('No such file or directory');
  } else if (verb === 'change' || verb === 'replace') {
    if (!same.length && verb === 'change') rtnl('No such file or directory');
    if (same.length) {
      const t = same[0];
      if (t.kind === 'static') {
        t.list[t.list.indexOf(t.route)] = stored;
        return 0;
      }
      removeTarget(host, t);
    }
  } else if (exact) {
    rtnl('File exists');
  }
  staticsOf(host, table, true).push(stored);
  return 0;
}

function flushRoutes(env: IpEnv, argv: string[]): number {
  const f = parseRouteFilter(env, argv, true);
  if (f.cloned) {
    if (!isRoot(env.ctx)) env.ctx.err('Cannot open "/proc/sys/net/ipv4/route/flush": Permission denied\n');
    return 0;
  }
  const tables = f.table === 'all' ? ['main', ...Object.keys(env.host.tables)] : f.table === 'local' ? [] : [f.table];
  const doomed = tables.flatMap((table) => targets(env, table).filter((t) => routePasses(env, f, ipv4Shown(asEntry(t), table))));
  if (doomed.length === 0) return 0;
  if (!isRoot(env.ctx)) die('Failed to send flush request: Operation not permitted\n', 1);
  for (const t of doomed) removeTarget(env.host, t);
  return 0;
}

export function ipRoute(env: IpEnv, argv: string[]): number {
  if (env.opts.family === 'link') die('ip: "ip -0 route" is not supported by this simulated shell\n', 1);
  if (argv.length === 0) return listRoutes(env, []);
  const [sub, ...rest] = argv;
  if (matches(sub, 'add')) return modify(env, 'add', rest);
  if (matches(sub, 'change') || sub === 'chg') return modify(env, 'change', rest);
  if (matches(sub, 'replace')) return modify(env, 'replace', rest);
  if (matches(sub, 'prepend')) return modify(env, 'prepend', rest);
  if (matches(sub, 'append')) return modify(env, 'append', rest);
  if (matches(sub, 'test')) return modify(env, 'test', rest);
  if (matches(sub, 'delete')) return modify(env, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return listRoutes(env, rest);
  if (matches(sub, 'get')) return routeGet(env, rest);
  if (matches(sub, 'flush')) return flushRoutes(env, rest);
  if (matches(sub, 'save') || matches(sub, 'restore') || matches(sub, 'showdump')) return unsupported(`"ip route ${sub}"`);
  if (matches(sub, 'help')) die(IP_ROUTE_USAGE, 255);
  return die(`Command "${sub}" is unknown, try "ip route help".\n`, 255);
}

// --- ip rule ------------------------------------------------------------------

interface ShownRule {
  priority: number;
  from?: { ip: Ip; prefix: number };
  iif?: string;
  table: string;
  builtin: boolean;
}

function rulesOf(env: IpEnv): ShownRule[] {
  const custom = env.host.rules.map((r): ShownRule => ({ ...r, builtin: false }));
  const defaults: ShownRule[] = [
    { priority: 0, table: 'local', builtin: true },
    { priority: 32766, table: 'main', builtin: true },
    ...(env.opts.family === 'inet6' ? [] : [{ priority: 32767, table: 'default', builtin: true }]),
  ];
  return [...defaults, ...custom].sort((a, b) => a.priority - b.priority);
}

function formatRule(r: ShownRule): string {
  const from = r.from ? (r.from.prefix === 32 ? formatIp(r.from.ip) : `${formatIp(r.from.ip)}/${r.from.prefix}`) : 'all';
  return `${r.priority}:\tfrom ${from}${r.iif ? ` iif ${r.iif}` : ''} lookup ${r.table}\n`;
}

interface RuleSpec {
  priority?: number;
  from?: { ip: Ip; prefix: number };
  iif?: string;
  table?: string;
}

function parseRule(env: IpEnv, argv: string[]): RuleSpec {
  const spec: RuleSpec = {};
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      const v = args.value();
      if (!/^\d+$/.test(v) || Number(v) >= 2 ** 32) invarg('preference value is invalid\n', v);
      spec.priority = Number(v);
    } else if (matches(w, 'table') || w === 'lookup') {
      const v = args.value();
      spec.table = tableId(v) ?? invarg('invalid table ID\n', v);
    } else if (w === 'dev' || w === 'iif') {
      spec.iif = args.value();
    } else if (w === 'from') {
      const v = args.value();
      spec.from = selector(env, v);
      if (v === 'all' || v === 'default' || v === 'any') delete spec.from;
    } else if (matches(w, 'help')) {
      die(IP_RULE_USAGE, 255);
    } else {
      unsupported(`"ip rule ... ${w}"`);
    }
  }
  return spec;
}

function ruleMatches(spec: RuleSpec, r: ShownRule): boolean {
  if (spec.priority !== undefined && r.priority !== spec.priority) return false;
  if (spec.table !== undefined && r.table !== spec.table) return false;
  if (spec.iif !== undefined && r.iif !== spec.iif) return false;
  if (spec.from !== undefined && (r.from?.ip !== spec.from.ip || r.from?.prefix !== spec.from.prefix)) return false;
  return true;
}

export function ipRule(env: IpEnv, argv: string[]): number {
  const { host } = env;
  const [sub, ...rest] = argv;
  if (sub === undefined || matches(sub, 'list') || matches(sub, 'lst') || matches(sub, 'show')) {
    const spec = parseRule(env, rest);
    env.ctx.out(rulesOf(env).filter((r) => ruleMatches(spec, r)).map(formatRule).join(''));
    return 0;
  }
  if (matches(sub, 'add') || matches(sub, 'delete')) {
    const del = !matches(sub, 'add');
    if (del && rest.length === 0) die('"ip rule del" requires arguments.\n', 255);
    const spec = parseRule(env, rest);
    needRoot(env);
    if (del) {
      const hit = rulesOf(env).find((r) => ruleMatches(spec, r));
      if (!hit) rtnl('No such file or directory');
      if (hit.builtin) unsupported('deleting the default rules');
      host.rules = host.rules.filter((r) => !(r.priority === hit.priority && r.table === hit.table && r.iif === hit.iif && r.from?.ip === hit.from?.ip && r.from?.prefix === hit.from?.prefix));
      return 0;
    }
    // Without a preference the kernel picks one below the first non-zero rule.
    const firstPref = rulesOf(env).find((r) => r.priority > 0)?.priority ?? 32767;
    const rule: RouteRule = { priority: spec.priority ?? Math.max(firstPref - 1, 0), table: spec.table ?? 'main' };
    if (spec.from) rule.from = spec.from;
    if (spec.iif) rule.iif = spec.iif;
    host.rules.push(rule);
    return 0;
  }
  if (matches(sub, 'flush')) {
    needRoot(env);
    host.rules = [];
    return 0;
  }
  if (matches(sub, 'save') || matches(sub, 'restore')) return unsupported(`"ip rule ${sub}"`);
  if (matches(sub, 'help')) die(IP_RULE_USAGE, 255);
  return die(`Command "${sub}" is unknown, try "ip rule help".\n`, 255);
}

// `ip link`: show, set (up/down, mtu, address, master), add (vlan, bridge) and delete.
import { findIface, noteBridge } from '../../sim/net/l2.js';
import type { Host, Iface } from '../../sim/world/types.js';
import { listDevices } from './ip-addr.js';
import { Args, die, duparg2, extack, invarg, matches, needRoot, nodev, rtnl, unsupported, type IpEnv } from './ip-common.js';
import { bridgePorts, macBytes, nextIfindex, randomMac } from './ip-iface.js';
import { IP_LINK_USAGE } from './ip-usage.js';

interface LinkRequest {
  dev?: string;
  name?: string;
  up?: boolean;
  mtu?: string;
  address?: string;
  link?: string;
  /** `master DEV`, or null for `nomaster`. */
  master?: string | null;
  type?: string;
  /** Words after `type TYPE`. */
  typeArgs: string[];
}

/** Options iproute2 accepts that this model has no state for. */
const UNMODELLED = new Set(['txqueuelen', 'qlen', 'txqlen', 'netns', 'multicast', 'allmulticast', 'promisc', 'trailers', 'arp', 'carrier', 'vf', 'dynamic', 'alias', 'mode', 'state', 'numtxqueues', 'numrxqueues', 'addrgenmode', 'link-netns', 'link-netnsid', 'protodown', 'protodown_reason', 'gso_max_size', 'gso_max_segs', 'gro_max_size', 'parentdev', 'index', 'xdp', 'xdpgeneric', 'xdpdrv', 'xdpoffload', 'vrf', 'group']);

/** iplink_parse: the generic part of `ip link add|set|delete`. */
function parseLink(argv: string[]): LinkRequest {
  const req: LinkRequest = { typeArgs: [] };
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'up') req.up = true;
    else if (w === 'down') req.up = false;
    else if (w === 'name') {
      const v = args.value();
      if (req.name !== undefined) die(`Error: duplicate "name": "${v}" is the second value.\n`, 255);
      if (!/^[^\s/:]{1,15}$/.test(v)) invarg('"name" not a valid ifname', v);
      req.name = v;
    } else if (matches(w, 'link')) req.link = args.value();
    else if (matches(w, 'address')) req.address = args.value();
    else if (matches(w, 'broadcast') || w === 'brd') unsupported('"ip link set broadcast"');
    else if (w === 'mtu') {
      const v = args.value();
      if (req.mtu !== undefined) die(`Error: duplicate "mtu": "${v}" is the second value.\n`, 255);
      req.mtu = v;
    } else if (matches(w, 'master')) req.master = args.value();
    else if (matches(w, 'nomaster')) req.master = null;
    else if (matches(w, 'type')) {
      req.type = args.value();
      args.advance();
      while (!args.done) {
        req.typeArgs.push(args.cur);
        args.advance();
      }
      break;
    } else if (UNMODELLED.has(w)) unsupported(`"ip link ${w}"`);
    else {
      if (matches(w, 'help')) die(IP_LINK_USAGE, 255);
      const dev = w === 'dev' ? args.value() : w;
      if (req.dev !== undefined && req.dev !== req.name) duparg2('dev', dev);
      req.dev = dev;
    }
  }
  return req;
}

/** `get_integer()`: decimal, 0x hex or 0 octal, possibly negative. */
function parseInteger(text: string): number | null {
  const m = /^([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.exec(text);
  if (!m) return null;
  const v = m[2].startsWith('0x') || m[2].startsWith('0X') ? parseInt(m[2], 16) : m[2].length > 1 && m[2][0] === '0' ? parseInt(m[2], 8) : Number(m[2]);
  return m[1] === '-' ? -v : v;
}

/** ll_addr_a2n for an Ethernet address: colon-separated hex bytes. */
function parseMac(text: string): string {
  const parts = text.split(':');
  for (const p of parts) {
    if (!/^[0-9a-f]{1,2}$/i.test(p)) die(`"${p}" is invalid lladdr.\n`, 1);
  }
  if (parts.length !== 6) die(`Invalid address length ${parts.length} - must be 6 bytes\n`, 1);
  return parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':');
}

/** Device MTU limits the kernel enforces (loopback has none). */
function mtuRange(iface: Iface): [number, number] | null {
  if (iface.kind === 'loopback') return null;
  if (iface.kind === 'vlan') return [0, 65535];
  if (iface.kind === 'tap') return [68, 65521];
  return [68, 65535];
}

/** Removes every route through `dev` from the main and policy tables. */
function dropRoutesVia(host: Host, dev: string): void {
  host.routes = host.routes.filter((r) => r.dev !== dev);
  for (const t of Object.keys(host.tables)) host.tables[t] = host.tables[t].filter((r) => r.dev !== dev);
}

/** Admin down: the kernel flushes the device's routes and neighbours; they do not come back on up. */
function setDown(host: Host, iface: Iface): void {
  iface.up = false;
  dropRoutesVia(host, iface.name);
  host.neigh = host.neigh.filter((n) => n.dev !== iface.name);
}

/** Admin up: connected routes return with the addresses' prefixes. */
function setUp(iface: Iface): void {
  iface.up = true;
  for (const a of iface.addrs) delete a.routeDeleted;
}

function enslave(port: Iface, bridge: Iface): void {
  if (port.master === bridge.name) return;
  port.master = bridge.name;
  // A new port joins the bridge's default VLAN (pvid 1, egress untagged).
  port.bridgeVlans = { pvid: 1, tagged: [] };
}

function release(port: Iface): void {
  delete port.master;
  delete port.bridgeVlans;
}

/** Bridge options of `ip link add|set ... type bridge`. */
function bridgeOptions(args: string[]): { vlanFiltering?: boolean } {
  const out: { vlanFiltering?: boolean } = {};
  const a = new Args(args);
  for (; !a.done; a.advance()) {
    if (a.cur === 'vlan_filtering') {
      const v = a.value();
      if (!/^\d+$/.test(v) || Number(v) > 255) invarg('invalid vlan_filtering', v);
      out.vlanFiltering = Number(v) !== 0;
    } else unsupported(`bridge option "${a.cur}"`);
  }
  return out;
}

/** The attribute changes of a request, parsed as iproute2 does before it talks to the kernel. */
interface Changes {
  mtu?: number;
  mac?: string;
  master?: Iface | null;
}

function parseChanges(host: Host, req: LinkRequest): Changes {
  const c: Changes = {};
  if (typeof req.master === 'string') c.master = findIface(host, req.master) ?? invarg('Device does not exist\n', req.master);
  else if (req.master === null) c.master = null;
  if (req.mtu !== undefined) {
    const v = parseInteger(req.mtu);
    if (v === null) invarg('Invalid "mtu" value\n', req.mtu);
    c.mtu = v >>> 0;
  }
  if (req.address !== undefined) c.mac = parseMac(req.address);
  return c;
}

/** The kernel's checks, in do_setlink order (address, mtu, master); nothing changes on failure. */
function checkChanges(host: Host, iface: Iface, c: Changes): void {
  if (c.mac !== undefined && (macBytes(c.mac)[0] & 1 || c.mac === '00:00:00:00:00:00')) rtnl('Cannot assign requested address');
  if (c.mtu !== undefined) {
    const range = mtuRange(iface);
    if (range && c.mtu < range[0]) extack('mtu less than device minimum.');
    if (range && c.mtu > range[1]) extack('mtu greater than device maximum.');
    const parent = iface.vlan && findIface(host, iface.vlan.parent);
    if (parent && c.mtu > parent.mtu) rtnl('Numerical result out of range');
  }
  if (c.master) {
    if (c.master.kind !== 'bridge') rtnl('Operation not supported');
    if (iface.kind === 'loopback') rtnl('Invalid argument');
    if (iface.kind === 'bridge') extack('Can not enslave a bridge to a bridge.');
  }
}

function applyChanges(host: Host, iface: Iface, c: Changes, up: boolean | undefined): void {
  if (c.mac !== undefined) iface.mac = c.mac;
  if (c.mtu !== undefined) iface.mtu = c.mtu;
  if (c.master) enslave(iface, c.master);
  else if (c.master === null) release(iface);
  if (up === true && !iface.up) setUp(iface);
  if (up === false && iface.up) setDown(host, iface);
}

function setLink(env: IpEnv, argv: string[]): number {
  const { host } = env;
  const req = parseLink(argv);
  if (req.dev === undefined) die('Not enough information: "dev" argument is required.\n', 255);
  const changes = parseChanges(host, req);
  const iface = findIface(host, req.dev) ?? nodev(req.dev);
  if (req.name !== undefined && req.name !== req.dev) unsupported('renaming a device');
  let brOpts: { vlanFiltering?: boolean } = {};
  if (req.type !== undefined) {
    if (req.type !== 'bridge' || iface.kind !== 'bridge') unsupported(`"ip link set ... type ${req.type}"`);
    brOpts = bridgeOptions(req.typeArgs);
  }
  needRoot(env);
  checkChanges(host, iface, changes);
  if (brOpts.vlanFiltering !== undefined) iface.vlanFiltering = brOpts.vlanFiltering;
  applyChanges(host, iface, changes, req.up);
  return 0;
}

function newIface(host: Host, name: string, kind: Iface['kind'], mac: string, mtu: number): Iface {
  return { name, index: nextIfindex(host), kind, mac, mtu, up: false, addrs: [], stats: { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 } };
}

/** `type vlan` options: the VLAN id (802.1Q only). */
function vlanOptions(args: string[]): number | undefined {
  let id: number | undefined;
  const a = new Args(args);
  for (; !a.done; a.advance()) {
    if (matches(a.cur, 'id')) {
      const v = a.value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) invarg('id is invalid', v);
      id = Number(v);
    } else if (matches(a.cur, 'protocol')) {
      const v = a.value();
      if (v.toLowerCase() !== '802.1q') unsupported(`VLAN protocol "${v}"`);
    } else unsupported(`vlan option "${a.cur}"`);
  }
  return id;
}

function addLink(env: IpEnv, argv: string[]): number {
  const { host, ctx } = env;
  const req = parseLink(argv);
  if (req.name !== undefined && req.dev !== undefined && req.name !== req.dev) die('both "name" and "dev" cannot be used when creating devices.\n', 255);
  const name = req.name ?? req.dev;
  const parent = req.link === undefined ? undefined : findIface(host, req.link) ?? nodev(req.link);
  const changes = parseChanges(host, req);
  if (req.type === undefined) die('Not enough information: "type" argument is required\n', 1);
  const vlanId = req.type === 'vlan' ? vlanOptions(req.typeArgs) : undefined;
  const brOpts = req.type === 'bridge' ? bridgeOptions(req.typeArgs) : {};
  needRoot(env);
  if (name === undefined) rtnl('Invalid argument');
  if (findIface(host, name)) rtnl('File exists');
  if (!/^[^\s/:]{1,15}$/.test(name)) extack('Attribute failed policy validation.');
  let iface: Iface;
  if (req.type === 'bridge') {
    iface = newIface(host, name, 'bridge', randomMac(() => ctx.random()), 1500);
    if (brOpts.vlanFiltering) iface.vlanFiltering = true;
    noteBridge(ctx.world, host);
  } else if (req.type === 'vlan') {
    if (!parent) extack('8021q: link not specified.');
    if (vlanId === undefined) extack('8021q: VLAN id not specified.');
    if (vlanId >= 4095) extack('8021q: Invalid VLAN id.');
    if (parent.kind === 'loopback') extack('8021q: VLANs not supported on device.');
    if (host.ifaces.some((i) => i.vlan?.parent === parent.name && i.vlan.id === vlanId)) extack('8021q: VLAN device already exists.');
    iface = newIface(host, name, 'vlan', parent.mac, parent.mtu);
    iface.vlan = { parent: parent.name, id: vlanId };
  } else {
    return extack('Unknown device type.');
  }
  checkChanges(host, iface, changes);
  host.ifaces.push(iface);
  applyChanges(host, iface, changes, req.up);
  return 0;
}

/** Unregisters a device and everything stacked on it or enslaved to it. */
function removeIface(host: Host, iface: Iface): void {
  for (const child of host.ifaces.filter((i) => i.vlan?.parent === iface.name)) removeIface(host, child);
  if (iface.kind === 'bridge') for (const p of bridgePorts(host, iface)) release(p);
  host.ifaces = host.ifaces.filter((i) => i !== iface);
  dropRoutesVia(host, iface.name);
  host.neigh = host.neigh.filter((n) => n.dev !== iface.name);
}

function deleteLink(env: IpEnv, argv: string[]): number {
  const { host } = env;
  const req = parseLink(argv);
  if (req.dev === undefined) die('Not enough information: "dev" argument is required.\n', 255);
  const iface = findIface(host, req.dev) ?? nodev(req.dev);
  needRoot(env);
  // Physical NICs and loopback have no rtnl_link_ops to delete them with.
  if (iface.kind === 'loopback' || iface.kind === 'ether') rtnl('Operation not supported');
  removeIface(host, iface);
  return 0;
}

export function ipLink(env: IpEnv, argv: string[]): number {
  if (argv.length === 0) return listDevices(env, [], true);
  const [sub, ...rest] = argv;
  if (matches(sub, 'add')) return addLink(env, rest);
  if (matches(sub, 'set') || matches(sub, 'change')) return setLink(env, rest);
  if (matches(sub, 'replace')) return unsupported('"ip link replace"');
  if (matches(sub, 'delete')) return deleteLink(env, rest);
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) return listDevices(env, rest, true);
  if (matches(sub, 'help')) die(IP_LINK_USAGE, 255);
  if (matches(sub, 'xstats') || matches(sub, 'afstats') || matches(sub, 'property')) return unsupported(`"ip link ${sub}"`);
  return die(`Command "${sub}" is unknown, try "ip link help".\n`, 255);
}

// `bridge` (iproute2-6.1.0: link, fdb, vlan) and `brctl` (bridge-utils 1.7.1: show, showmacs).
import { L2View, findIface } from '../../sim/net/l2.js';
import type { Host, Iface, World } from '../../sim/world/types.js';
import { isRoot } from '../privileges.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { Args, IpExit, die, matches } from './ip-common.js';
import { bridgeId, bridgePorts, bridgeTimer, displayName, linkFlags, portCost, portNumber, portState } from './ip-iface.js';
import { BRIDGE_USAGE } from './ip-usage.js';

/** The bridge forgets a MAC after ageing_time (300 s) without a frame from it. */
const AGEING_MS = 300_000;

interface BridgeOpts {
  details: boolean;
  oneline: boolean;
  compress: boolean;
}

function isBridge(i: Iface | undefined): i is Iface {
  return i?.kind === 'bridge';
}

// --- learned addresses ----------------------------------------------------------

interface Learned {
  mac: string;
  port: Iface;
  /** ms since a frame from this MAC last reached the bridge. */
  age: number;
}

/** When a station last sent a frame: its own ARP traffic, or anyone's ARP answer from it. */
function lastSeen(world: World, host: Host, iface: Iface): number | undefined {
  let seen: number | undefined;
  for (const h of Object.values(world.hosts)) {
    for (const n of h.neigh) {
      const sent = (h === host && n.dev === iface.name) || (n.mac === iface.mac && n.state !== 'FAILED' && n.state !== 'INCOMPLETE');
      if (sent && (seen === undefined || n.at > seen)) seen = n.at;
    }
  }
  return seen;
}

/**
 * Stations the bridge has heard recently: VMs behind its taps, and hosts on its segment
 * behind an uplink (the port on the station's switch fabric).
 */
function learned(world: World, host: Host, bridge: Iface): Learned[] {
  const l2 = new L2View(world);
  const ports = bridgePorts(host, bridge).filter((p) => portState(world, host, p) === 'forwarding');
  const uplinks = ports.filter((p) => p.kind !== 'tap');
  const own = l2.segmentOf(host, bridge);
  const out: Learned[] = [];
  for (const h of Object.values(world.hosts)) {
    if (h === host) continue;
    for (const i of h.ifaces) {
      if (i.kind === 'loopback' || l2.segmentOf(h, i) === null) continue;
      let port: Iface | undefined;
      if (i.tapOf?.host === host.name) port = ports.find((p) => p.name === i.tapOf!.tap);
      else if (own !== null && l2.segmentOf(h, i) === own) port = uplinks.find((p) => p.port && p.port.fabric === i.port?.fabric) ?? uplinks[0];
      const seen = port && lastSeen(world, h, i);
      if (port && seen !== undefined && world.now - seen < AGEING_MS) out.push({ mac: i.mac, port, age: world.now - seen });
    }
  }
  return out;
}

// --- bridge link ------------------------------------------------------------------

function linkShow(ctx: CommandContext, opts: BridgeOpts, argv: string[]): number {
  const { world, host } = ctx;
  let dev: string | undefined;
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    if (args.cur === 'dev') {
      const v = args.value();
      if (dev !== undefined) die(`Error: duplicate "dev": "${v}" is the second value.\n`, 255);
      dev = v;
    }
  }
  if (dev !== undefined && !findIface(host, dev)) die(`Cannot find device "${dev}"\n`, 255);
  const sl = opts.oneline ? '\\' : '\n';
  const ports = [...host.ifaces].sort((a, b) => a.index - b.index).filter((i) => i.master && isBridge(findIface(host, i.master)) && (dev === undefined || i.name === dev));
  for (const p of ports) {
    let s = `${p.index}: ${displayName(p)}: <${linkFlags(world, host, p)}> mtu ${p.mtu} master ${p.master} state ${portState(world, host, p)} priority 32 cost ${portCost(p)} `;
    if (opts.details) {
      s += `${sl}    hairpin off guard off root_block off fastleave off learning on flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off `;
    }
    ctx.out(s + '\n');
  }
  return 0;
}

// --- bridge fdb -------------------------------------------------------------------

/** Multicast groups a device joins while up: all-nodes, all-hosts, its solicited-node address. */
function selfEntries(iface: Iface): string[] {
  if (!iface.up || iface.kind === 'loopback') return [];
  // The solicited-node group of the EUI-64 link-local address ends in the MAC's last three bytes.
  const solicited = `33:33:ff:${iface.mac.slice(9)}`;
  // A bridge also joins the multicast router discovery groups (224.0.0.106, ff02::6a).
  return iface.kind === 'bridge'
    ? ['33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01', solicited]
    : ['33:33:00:00:00:01', '01:00:5e:00:00:01', solicited];
}

function fdbShow(ctx: CommandContext, argv: string[]): number {
  const { world, host } = ctx;
  let dev: string | undefined;
  let br: string | undefined;
  let dynamicOnly = false;
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'dev' || w === 'brport') dev = args.value();
    else if (w === 'br') br = args.value();
    else if (w === 'dynamic') dynamicOnly = true;
    else if (w === 'vlan' || w === 'state') args.value();
    else if (matches(w, 'help')) die(BRIDGE_USAGE, 255);
  }
  if (br !== undefined && !findIface(host, br)) die(`Cannot find bridge device "${br}"\n`, 255);
  if (dev !== undefined && !findIface(host, dev)) die(`Cannot find device "${dev}"\n`, 255);
  const lines: string[] = [];
  const devText = (i: Iface) => (dev === undefined ? `dev ${i.name} ` : '');
  const learnedBy = new Map<string, Learned[]>();
  for (const b of host.ifaces.filter((i) => i.kind === 'bridge')) learnedBy.set(b.name, learned(world, host, b));
  for (const i of [...host.ifaces].sort((a, b) => a.index - b.index)) {
    if (br !== undefined && i.name !== br && i.master !== br) continue;
    if (dev !== undefined && i.name !== dev) continue;
    const master = i.master ? findIface(host, i.master) : undefined;
    if (isBridge(master)) {
      for (const l of (learnedBy.get(master.name) ?? []).filter((x) => x.port === i)) lines.push(`${l.mac} ${devText(i)}master ${master.name} \n`);
      if (!dynamicOnly) lines.push(`${i.mac} ${devText(i)}master ${master.name} permanent\n`);
    }
    if (dynamicOnly) continue;
    for (const mac of selfEntries(i)) lines.push(`${mac} ${devText(i)}self permanent\n`);
    // The bridge's own address, unless it borrowed a port's (then that port's entry stands for it).
    if (i.kind === 'bridge' && !bridgePorts(host, i).some((p) => p.mac === i.mac)) lines.push(`${i.mac} ${devText(i)}master ${i.name} permanent\n`);
  }
  ctx.out(lines.join(''));
  return 0;
}

// --- bridge vlan ------------------------------------------------------------------

interface VlanEntry {
  vid: number;
  pvid: boolean;
}

/** A port's (or bridge's own) VLANs: the pvid is PVID + egress untagged, the rest tagged. */
function vlansOf(iface: Iface): VlanEntry[] {
  const cfg = iface.bridgeVlans ?? { pvid: 1, tagged: [] };
  const vids = new Set(cfg.tagged);
  if (cfg.pvid !== undefined) vids.add(cfg.pvid);
  return [...vids].sort((a, b) => a - b).map((vid) => ({ vid, pvid: vid === cfg.pvid }));
}

function vlanShow(ctx: CommandContext, opts: BridgeOpts, argv: string[]): number {
  const { host } = ctx;
  let dev: string | undefined;
  let vid: number | undefined;
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    if (args.cur === 'dev') dev = args.value();
    else if (args.cur === 'vid') vid = parseInt(args.value(), 10) || 0;
  }
  if (dev !== undefined && !findIface(host, dev)) die(`Cannot find device "${dev}"\n`, 255);
  let out = `${'port'.padEnd(16)}  ${'vlan-id'.padEnd(9)}\n`;
  const members = [...host.ifaces]
    .sort((a, b) => a.index - b.index)
    .filter((i) => (i.kind === 'bridge' || isBridge(i.master ? findIface(host, i.master) : undefined)) && (dev === undefined || i.name === dev));
  for (const i of members) {
    const entries = vlansOf(i).filter((e) => vid === undefined || e.vid === vid);
    const ranges: { from: number; to: number; pvid: boolean }[] = [];
    for (const e of entries) {
      const last = ranges[ranges.length - 1];
      if (opts.compress && last && !last.pvid && !e.pvid && last.to === e.vid - 1) last.to = e.vid;
      else ranges.push({ from: e.vid, to: e.vid, pvid: e.pvid });
    }
    ranges.forEach((r, n) => {
      out += `${n === 0 ? i.name.padEnd(16) : ''.padEnd(16)}  ${r.from === r.to ? r.from : `${r.from}-${r.to}`}${r.pvid ? ' PVID Egress Untagged' : ''}\n`;
    });
  }
  ctx.out(out);
  return 0;
}

function vlanModify(ctx: CommandContext, del: boolean, argv: string[]): number {
  const { host } = ctx;
  let dev: string | undefined;
  let vidText: string | undefined;
  let pvid = false;
  let self = false;
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'dev') dev = args.value();
    else if (w === 'vid') vidText = args.value();
    else if (w === 'pvid') pvid = true;
    else if (w === 'self') self = true;
    else if (w === 'tunnel_info') die('bridge: VLAN tunnels are not supported by this simulated shell\n', 255);
  }
  if (dev === undefined || vidText === undefined) die('Device and VLAN ID are required arguments.\n', 255);
  const iface = findIface(host, dev) ?? die(`Cannot find bridge device "${dev}"\n`, 255);
  const [fromText, toText] = vidText.split('-');
  const from = parseInt(fromText, 10) || 0;
  const to = toText === undefined ? from : parseInt(toText, 10) || 0;
  if (from >= 4096) die(`Invalid VLAN ID "${from}"\n`, 255);
  if (toText !== undefined && (to >= 4096 || from >= to)) die(`Invalid VLAN range "${from}-${to}"\n`, 255);
  if (toText !== undefined && pvid) die('pvid cannot be configured for a vlan range\n', 255);
  if (!isRoot(ctx)) die('RTNETLINK answers: Operation not permitted\n', 255);
  // Without `self` the request goes to the device's bridge; with it, to the device itself.
  const target = self ? iface.kind === 'bridge' : isBridge(iface.master ? findIface(host, iface.master) : undefined);
  if (!target) die('RTNETLINK answers: Operation not supported\n', 255);
  if (from === 0 || from === 4095 || to === 4095) die('Error: bridge: Vlan id is invalid.\n', 255);
  const cfg = (iface.bridgeVlans ??= { pvid: 1, tagged: [] });
  for (let v = from; v <= to; v++) {
    if (del) {
      if (cfg.pvid !== v && !cfg.tagged.includes(v)) die('RTNETLINK answers: No such file or directory\n', 255);
      if (cfg.pvid === v) cfg.pvid = undefined;
      cfg.tagged = cfg.tagged.filter((t) => t !== v);
    } else if (pvid) {
      // The previous pvid stays a member of the port.
      if (cfg.pvid !== undefined && cfg.pvid !== v && !cfg.tagged.includes(cfg.pvid)) cfg.tagged.push(cfg.pvid);
      cfg.pvid = v;
      cfg.tagged = cfg.tagged.filter((t) => t !== v);
    } else if (cfg.pvid !== v && !cfg.tagged.includes(v)) {
      cfg.tagged.push(v);
    }
  }
  cfg.tagged.sort((a, b) => a - b);
  return 0;
}

// --- dispatcher -------------------------------------------------------------------

function sub(argv: string[], object: string, handlers: [string[], (rest: string[]) => number][], dflt: () => number): number {
  if (argv.length === 0) return dflt();
  const [w, ...rest] = argv;
  for (const [names, fn] of handlers) if (names.some((n) => matches(w, n))) return fn(rest);
  if (matches(w, 'help')) die(BRIDGE_USAGE, 255);
  return die(`Command "${w}" is unknown, try "bridge ${object} help".\n`, 255);
}

function unsupportedBridge(what: string): never {
  return die(`bridge: ${what} is not supported by this simulated shell\n`, 255);
}

function bridgeRun(ctx: CommandContext): number {
  const opts: BridgeOpts = { details: false, oneline: false, compress: false };
  try {
    let i = 1;
    for (; i < ctx.argv.length; i++) {
      let opt = ctx.argv[i];
      if (opt === '--') {
        i++;
        break;
      }
      if (!opt.startsWith('-')) break;
      if (opt[1] === '-') opt = opt.slice(1);
      if (matches(opt, '-help')) die(BRIDGE_USAGE, 255);
      else if (matches(opt, '-Version')) {
        ctx.out('bridge utility, 6.1.0\n');
        return 0;
      } else if (matches(opt, '-stats') || matches(opt, '-statistics') || matches(opt, '-timestamp') || opt === '-4' || opt === '-6') continue;
      else if (matches(opt, '-details')) opts.details = true;
      else if (matches(opt, '-oneline')) opts.oneline = true;
      else if (matches(opt, '-family')) {
        if (++i >= ctx.argv.length) die(BRIDGE_USAGE, 255);
      } else if (matches(opt, '-netns')) unsupportedBridge('"bridge -netns"');
      else if (matches(opt.split('=')[0], '-color')) continue;
      else if (matches(opt, '-compressvlans')) opts.compress = true;
      else if (matches(opt, '-force')) continue;
      else if (matches(opt, '-json') || matches(opt, '-pretty')) unsupportedBridge('JSON output');
      else if (matches(opt, '-batch')) unsupportedBridge('"bridge -batch"');
      else die(`Option "${opt}" is unknown, try "bridge help".\n`, 255);
    }
    const [object, ...rest] = ctx.argv.slice(i);
    if (object === undefined) die(BRIDGE_USAGE, 255);
    if (matches(object, 'link')) {
      return sub(rest, 'link', [[['set', 'change'], () => unsupportedBridge('"bridge link set"')], [['show', 'lst', 'list'], (r) => linkShow(ctx, opts, r)]], () => linkShow(ctx, opts, []));
    }
    if (matches(object, 'fdb')) {
      return sub(
        rest,
        'fdb',
        [[['add', 'append', 'replace', 'delete', 'get', 'flush'], () => unsupportedBridge('changing the forwarding database')], [['show', 'lst', 'list'], (r) => fdbShow(ctx, r)]],
        () => fdbShow(ctx, []),
      );
    }
    if (matches(object, 'vlan')) {
      return sub(
        rest,
        'vlan',
        [[['add'], (r) => vlanModify(ctx, false, r)], [['delete'], (r) => vlanModify(ctx, true, r)], [['show', 'lst', 'list'], (r) => vlanShow(ctx, opts, r)], [['tunnelshow', 'set', 'global'], () => unsupportedBridge('this "bridge vlan" command')]],
        () => vlanShow(ctx, opts, []),
      );
    }
    if (matches(object, 'mdb') || matches(object, 'vni') || matches(object, 'monitor')) unsupportedBridge(`"bridge ${object}"`);
    if (matches(object, 'help')) die(BRIDGE_USAGE, 255);
    return die(`Object "${object}" is unknown, try "bridge help".\n`, 255);
  } catch (e) {
    if (!(e instanceof IpExit)) throw e;
    if (e.message) ctx.err(e.message);
    return e.code;
  }
}

// --- brctl ------------------------------------------------------------------------

/** bridge-utils' command table: name, arguments required, help text. */
const BRCTL_COMMANDS: [string, number, string][] = [
  ['addbr', 1, '<bridge>\t\tadd bridge'],
  ['delbr', 1, '<bridge>\t\tdelete bridge'],
  ['addif', 2, '<bridge> <device>\tadd interface to bridge'],
  ['delif', 2, '<bridge> <device>\tdelete interface from bridge'],
  ['hairpin', 3, '<bridge> <port> {on|off}\tturn hairpin on/off'],
  ['setageing', 2, '<bridge> <time>\t\tset ageing time'],
  ['setbridgeprio', 2, '<bridge> <prio>\t\tset bridge priority'],
  ['setfd', 2, '<bridge> <time>\t\tset bridge forward delay'],
  ['sethello', 2, '<bridge> <time>\t\tset hello time'],
  ['setmaxage', 2, '<bridge> <time>\t\tset max message age'],
  ['setpathcost', 3, '<bridge> <port> <cost>\tset path cost'],
  ['setportprio', 3, '<bridge> <port> <prio>\tset port priority'],
  ['show', 0, '[ <bridge> ]\t\tshow a list of bridges'],
  ['showmacs', 1, '<bridge>\t\tshow a list of mac addrs'],
  ['showstp', 1, '<bridge>\t\tshow bridge stp info'],
  ['stp', 2, '<bridge> {on|off}\tturn stp on/off'],
];

const BRCTL_HELP = `Usage: brctl [commands]\ncommands:\n${BRCTL_COMMANDS.map(([n, , h]) => `\t${n.padEnd(10)}\t${h}\n`).join('')}`;

function brctlShowOne(host: Host, br: Iface): string {
  const ports = bridgePorts(host, br).map((p) => p.name).sort();
  const list = ports.length ? ports.map((p, n) => (n === 0 ? `${p}\n` : `\t\t\t\t\t\t\t${p}\n`)).join('') : '\n';
  return `${br.name}\t\t${bridgeId(br, true)}\tno\t\t${list}`;
}

function brctlRun(ctx: CommandContext): number {
  const { world, host } = ctx;
  const [, name, ...args] = ctx.argv;
  if (name === '-h' || name === '--help') {
    ctx.out(BRCTL_HELP);
    return 0;
  }
  if (name === '-V' || name === '--version') {
    ctx.out('bridge-utils, 1.7.1\n');
    return 0;
  }
  if (name === undefined) {
    ctx.out(BRCTL_HELP);
    return 1;
  }
  const cmd = BRCTL_COMMANDS.find(([n]) => n === name);
  if (!cmd) {
    ctx.err(`never heard of command [${name}]\n`);
    ctx.out(BRCTL_HELP);
    return 1;
  }
  if (args.length < cmd[1]) {
    ctx.out(`Incorrect number of arguments for command\nUsage: brctl ${cmd[0]} ${cmd[2]}\n`);
    return 1;
  }
  if (name === 'show') {
    const bridges = host.ifaces.filter((i) => i.kind === 'bridge');
    const header = 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n';
    if (!args.length) {
      ctx.out(header + [...bridges].sort((a, b) => (a.name < b.name ? -1 : 1)).map((b) => brctlShowOne(host, b)).join(''));
      return 0;
    }
    let status = 0;
    let headed = false;
    for (const n of args) {
      const br = bridges.find((b) => b.name === n);
      if (!br) {
        ctx.err(`bridge ${n} does not exist!\n`);
        status = 1;
        continue;
      }
      ctx.out((headed ? '' : header) + brctlShowOne(host, br));
      headed = true;
    }
    return status;
  }
  if (name === 'showmacs') {
    const br = findIface(host, args[0]);
    if (!isBridge(br)) {
      ctx.err('read of forward table failed: No such file or directory\n');
      return 1;
    }
    const rows = [
      ...bridgePorts(host, br).map((p) => ({ no: portNumber(host, p), mac: p.mac, local: true, age: 0 })),
      ...learned(world, host, br).map((l) => ({ no: portNumber(host, l.port), mac: l.mac, local: false, age: l.age })),
    ].sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
    ctx.out('port no\tmac addr\t\tis local?\tageing timer\n' + rows.map((r) => `${String(r.no).padStart(3)}\t${r.mac}\t${r.local ? 'yes' : 'no'}\t\t${bridgeTimer(r.age)}\n`).join(''));
    return 0;
  }
  ctx.err(`brctl: "brctl ${name}" is not supported by this simulated shell; use "ip link" and "bridge"\n`);
  return 1;
}

export const bridgeCommands: Record<string, CommandSpec> = {
  bridge: { run: bridgeRun, summary: 'show bridge ports, forwarding database and VLANs (iproute2)' },
  brctl: { run: brctlRun, summary: 'show Linux bridges and their learned MACs (bridge-utils)' },
};

// `ip neigh`: the ARP cache (show, flush, del).
import { formatIp, inPrefix, parseCidr, parseIp } from '../../sim/net/ip.js';
import { findIface } from '../../sim/net/l2.js';
import type { Neighbour } from '../../sim/world/types.js';
import { isRoot } from '../privileges.js';
import { Args, die, invarg, matches, needRoot, nodev, rtnl, unsupported, type IpEnv } from './ip-common.js';
import { IP_NEIGH_USAGE } from './ip-usage.js';

/** A confirmed entry stays REACHABLE for base_reachable_time (30 s), then goes STALE. */
const REACHABLE_MS = 30_000;

type State = Neighbour['state'];

function neighState(now: number, n: Neighbour): State {
  return n.state === 'REACHABLE' && now - n.at >= REACHABLE_MS ? 'STALE' : n.state;
}

const NUD: Record<string, State | 'none'> = { reachable: 'REACHABLE', stale: 'STALE', failed: 'FAILED', incomplete: 'INCOMPLETE', none: 'none' };

interface NeighFilter {
  dev?: string;
  to?: { ip: number; prefix: number };
  states?: Set<State | 'none'>;
  nothing: boolean;
}

function parseFilter(env: IpEnv, argv: string[], flush: boolean): NeighFilter {
  const f: NeighFilter = { nothing: false };
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'dev') {
      const v = args.value();
      if (f.dev !== undefined) die(`Error: duplicate "dev": "${v}" is the second value.\n`, 255);
      f.dev = v;
    } else if (w === 'nud') {
      const v = args.value();
      f.states ??= new Set();
      const key = Object.keys(NUD).find((k) => (k === 'none' ? v === k : matches(v, k)));
      if (v === 'all') for (const s of Object.values(NUD)) f.states.add(s);
      else if (key) f.states.add(NUD[key]);
      else if (['permanent', 'noarp', 'delay', 'probe'].some((k) => matches(v, k))) continue;
      else invarg('nud state is bad', v);
    } else if (w === 'proxy') {
      f.nothing = true;
    } else if (w === 'unused' || w === 'nomaster') {
      continue;
    } else if (w === 'master' || w === 'vrf') {
      const v = args.value();
      if (!findIface(env.host, v)) invarg(w === 'vrf' ? 'Not a valid VRF name\n' : 'Device does not exist\n', v);
      f.nothing = true;
    } else if (matches(w, 'protocol')) {
      args.value();
      f.nothing = true;
    } else {
      let v = w;
      if (v === 'to') v = args.value();
      if (matches(v, 'help')) die(IP_NEIGH_USAGE, 255);
      const c = v === 'all' || v === 'default' || v === 'any' ? { ip: 0, prefix: 0 } : parseCidr(v);
      if (!c) die(`Error: ${env.opts.family === 'inet' ? 'inet' : 'any valid'} prefix is expected rather than "${v}".\n`, 1);
      f.to = c;
    }
  }
  if (flush && argv.length === 0) die('Flush requires arguments.\n', 1);
  if (f.dev !== undefined && !findIface(env.host, f.dev)) nodev(f.dev);
  return f;
}

function selected(env: IpEnv, f: NeighFilter): Neighbour[] {
  if (f.nothing || env.opts.family === 'inet6' || env.opts.family === 'link') return [];
  return env.host.neigh.filter((n) => {
    if (f.dev !== undefined && n.dev !== f.dev) return false;
    if (f.to && !inPrefix(n.ip, f.to.ip, f.to.prefix)) return false;
    return !f.states || f.states.has(neighState(env.world.now, n));
  });
}

function show(env: IpEnv, argv: string[]): number {
  const f = parseFilter(env, argv, false);
  const lines = selected(env, f).map((n) => {
    const state = neighState(env.world.now, n);
    const mac = n.mac && (state === 'REACHABLE' || state === 'STALE') ? n.mac : undefined;
    if (env.opts.brief) return `${formatIp(n.ip).padEnd(39)} ${f.dev === undefined ? `${n.dev.padEnd(16)} ` : ''}${mac ?? ''}\n`;
    return `${formatIp(n.ip)} ${f.dev === undefined ? `dev ${n.dev} ` : ''}${mac ? `lladdr ${mac} ` : ''}${state} \n`;
  });
  env.ctx.out(lines.join(''));
  return 0;
}

function flush(env: IpEnv, argv: string[]): number {
  const f = parseFilter(env, argv, true);
  const doomed = selected(env, f);
  if (doomed.length === 0) return 0;
  if (!isRoot(env.ctx)) die('Failed to send flush request: Operation not permitted\n', 1);
  env.host.neigh = env.host.neigh.filter((n) => !doomed.includes(n));
  return 0;
}

function del(env: IpEnv, argv: string[]): number {
  let dev: string | undefined;
  let dst: number | undefined;
  const args = new Args(argv);
  for (; !args.done; args.advance()) {
    const w = args.cur;
    if (w === 'dev') dev = args.value();
    else if (w === 'lladdr' || w === 'nud' || matches(w, 'protocol')) args.value();
    else if (['proxy', 'router', 'use', 'managed', 'extern_learn'].includes(w)) continue;
    else {
      let v = w;
      if (v === 'to') v = args.value();
      if (dst !== undefined) die(`Error: either "to" is duplicate, or "${v}" is a garbage.\n`, 255);
      const ip = parseIp(v);
      if (ip === null) die(`Error: any valid address is expected rather than "${v}".\n`, 1);
      dst = ip;
    }
  }
  if (dev === undefined || dst === undefined) die('Device and destination are required arguments.\n', 255);
  if (!findIface(env.host, dev)) nodev(dev);
  needRoot(env);
  const idx = env.host.neigh.findIndex((n) => n.ip === dst && n.dev === dev);
  if (idx < 0) rtnl('No such file or directory');
  env.host.neigh.splice(idx, 1);
  return 0;
}

export function ipNeigh(env: IpEnv, argv: string[]): number {
  if (argv.length === 0) return show(env, []);
  const [sub, ...rest] = argv;
  if (matches(sub, 'add') || matches(sub, 'change') || sub === 'chg' || matches(sub, 'replace')) return unsupported('static neighbour entries');
  if (matches(sub, 'delete')) return del(env, rest);
  if (matches(sub, 'get')) return unsupported('"ip neigh get"');
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) return show(env, rest);
  if (matches(sub, 'flush')) return flush(env, rest);
  if (matches(sub, 'help')) die(IP_NEIGH_USAGE, 255);
  return die(`Command "${sub}" is unknown, try "ip neigh help".\n`, 255);
}

// `ip` (iproute2-6.1.0): global options and the object dispatcher. The objects live in
// ip-addr.ts, ip-link.ts, ip-route.ts (route and rule) and ip-neigh.ts.
import type { CommandContext, CommandSpec } from '../types.js';
import { ipAddress } from './ip-addr.js';
import { IpExit, die, invarg, matches, unsupported, type IpEnv, type IpOpts } from './ip-common.js';
import { ipLink } from './ip-link.js';
import { ipNeigh } from './ip-neigh.js';
import { ipRoute, ipRule } from './ip-route.js';
import { IP_USAGE } from './ip-usage.js';


type Handler = (env: IpEnv, argv: string[]) => number;

/** ip.c's object table, in its order: `ip a` is address, `ip r` route, `ip n` neighbor. */
const OBJECTS: [string, Handler | null][] = [
  ['address', ipAddress],
  ['addrlabel', null],
  ['maddress', null],
  ['route', ipRoute],
  ['rule', ipRule],
  ['neighbor', ipNeigh],
  ['neighbour', ipNeigh],
  ['ntable', null],
  ['ntbl', null],
  ['link', ipLink],
  ['l2tp', null],
  ['fou', null],
  ['ila', null],
  ['macsec', null],
  ['tunnel', null],
  ['tunl', null],
  ['tuntap', null],
  ['tap', null],
  ['token', null],
  ['tcpmetrics', null],
  ['tcp_metrics', null],
  ['monitor', null],
  ['xfrm', null],
  ['mroute', null],
  ['mrule', null],
  ['netns', null],
  ['netconf', null],
  ['vrf', null],
  ['sr', null],
  ['nexthop', null],
  ['mptcp', null],
  ['ioam', null],
  ['help', () => die(IP_USAGE, 255)],
  ['stats', null],
];

const FAMILIES: Record<string, IpOpts['family']> = { inet: 'inet', inet6: 'inet6', link: 'link' };

/** Parses the options before the object (in ip.c's order, which settles abbreviations); returns the object's index. */
function parseOptions(ctx: CommandContext, argv: string[], opts: IpOpts): number {
  let i = 1;
  for (; i < argv.length; i++) {
    let opt = argv[i];
    if (opt === '--') return i + 1;
    if (!opt.startsWith('-')) break;
    if (opt[1] === '-') opt = opt.slice(1);
    if (matches(opt, '-loops')) {
      if (++i >= argv.length) die(IP_USAGE, 255);
    } else if (matches(opt, '-family')) {
      const v = argv[++i];
      if (v === undefined || v === 'help') die(IP_USAGE, 255);
      if (v === 'mpls' || v === 'bridge') unsupported(`the ${v} family`);
      opts.family = FAMILIES[v] ?? invarg('invalid protocol family', v);
    } else if (opt === '-4') opts.family = 'inet';
    else if (opt === '-6') opts.family = 'inet6';
    else if (opt === '-0') opts.family = 'link';
    else if (opt === '-M' || opt === '-B') unsupported(`"ip ${opt}"`);
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) opts.human = true;
    else if (matches(opt, '-iec')) opts.iec = true;
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) opts.stats++;
    else if (matches(opt, '-details')) opts.details++;
    else if (matches(opt, '-resolve')) continue;
    else if (matches(opt, '-oneline')) opts.oneline = true;
    else if (matches(opt, '-timestamp') || matches(opt, '-tshort')) continue;
    else if (matches(opt, '-Version')) {
      ctx.out('ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
      throw new IpExit(0);
    } else if (matches(opt, '-force')) continue;
    else if (matches(opt, '-batch')) unsupported('"ip -batch"');
    else if (matches(opt, '-brief')) opts.brief = true;
    else if (matches(opt, '-json') || matches(opt, '-pretty')) unsupported('JSON output');
    else if (matches(opt, '-rcvbuf')) {
      if (++i >= argv.length) die(IP_USAGE, 255);
    } else if (matches(opt.split('=')[0], '-color')) continue;
    else if (matches(opt, '-help')) die(IP_USAGE, 255);
    else if (matches(opt, '-netns')) unsupported('"ip -netns"');
    else if (matches(opt, '-Numeric') || matches(opt, '-all') || opt === '-echo') continue;
    else die(`Option "${opt}" is unknown, try "ip -help".\n`, 255);
  }
  return i;
}

function run(ctx: CommandContext): number {
  const opts: IpOpts = { family: 'any', brief: false, details: 0, stats: 0, oneline: false, human: false, iec: false };
  try {
    const at = parseOptions(ctx, ctx.argv, opts);
    const object = ctx.argv[at];
    if (object === undefined) die(IP_USAGE, 255);
    const entry = OBJECTS.find(([name]) => matches(object, name));
    if (!entry) die(`Object "${object}" is unknown, try "ip help".\n`, 1);
    const [name, handler] = entry;
    if (!handler) unsupported(`"ip ${name}"`);
    const env: IpEnv = { ctx, world: ctx.world, host: ctx.host, opts };
    return handler(env, ctx.argv.slice(at + 1));
  } catch (e) {
    if (!(e instanceof IpExit)) throw e;
    if (e.message) ctx.err(e.message);
    return e.code;
  }
}

/** Options before the object that take no value. */
const IP_FLAGS = new Set(['-s', '-stats', '-statistics', '-d', '-details', '-4', '-6', '-o', '-oneline', '-br', '-brief', '-c', '-color', '-j', '-json', '-p', '-pretty', '-h', '-human', '-r', '-resolve']);
const IP_SHOW = new Set([undefined, 'show', 'sh', 's', 'list', 'lst', 'ls', 'l', 'get', 'g']);

/** `ip [FLAGS] OBJECT [show|list|get ...]`: reads; any other command (add, del, set, flush) may write. */
function ipReads(argv: string[]): boolean {
  let i = 1;
  while (i < argv.length && IP_FLAGS.has(argv[i])) i++;
  if (i < argv.length && argv[i].startsWith('-')) return false;
  return argv[i] !== undefined && IP_SHOW.has(argv[i + 1]) && !['netns', 'monitor', 'mon'].includes(argv[i]);
}

export const ipCommands: Record<string, CommandSpec> = {
  ip: { run, summary: 'show and change addresses, links, routes, neighbours (iproute2)', reads: ipReads },
};

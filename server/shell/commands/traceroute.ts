// traceroute 2.1.2 (Dmitry Butskoy's "modern traceroute", Debian 12). Probes go out as in
// its do_it(): up to 16 at once, each a `probe` with a growing TTL (UDP to 33434+, ICMP echo
// with -I, TCP SYN with -T); a probe's wait is -w MAX,HERE,NEAR; hops print in order as their
// probes finish, and the trace ends at the hop whose answer is final (the destination, or !H...).
import { probe, type ProbeResult } from '../../sim/net/engine.js';
import { formatIp, type Ip } from '../../sim/net/ip.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { ArpQueue, Clock, formatG, hostName, isArpFailure, isLocalReject, lookupTarget } from './ping.js';
import { always } from './reads.js';

const USAGE = `Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
Options:
  -4                          Use IPv4
  -6                          Use IPv6
  -d  --debug                 Enable socket level debugging
  -F  --dont-fragment         Do not fragment packets
  -f first_ttl  --first=first_ttl
                              Start from the first_ttl hop (instead from 1)
  -g gate,...  --gateway=gate,...
                              Route packets through the specified gateway
                              (maximum 8 for IPv4 and 127 for IPv6)
  -I  --icmp                  Use ICMP ECHO for tracerouting
  -T  --tcp                   Use TCP SYN for tracerouting (default port is 80)
  -i device  --interface=device
                              Specify a network interface to operate with
  -m max_ttl  --max-hops=max_ttl
                              Set the max number of hops (max TTL to be
                              reached). Default is 30
  -N squeries  --sim-queries=squeries
                              Set the number of probes to be tried
                              simultaneously (default is 16)
  -n                          Do not resolve IP addresses to their domain names
  -p port  --port=port        Set the destination port to use. It is either
                              initial udp port value for "default" method
                              (incremented by each probe, default is 33434), or
                              initial seq for "icmp" (incremented as well,
                              default from 1), or some constant destination
                              port for other methods (with default of 80 for
                              "tcp", 53 for "udp", etc.)
  -t tos  --tos=tos           Set the TOS (IPv4 type of service) or TC (IPv6
                              traffic class) value for outgoing packets
  -l flow_label  --flowlabel=flow_label
                              Use specified flow_label for IPv6 packets
  -w MAX,HERE,NEAR  --wait=MAX,HERE,NEAR
                              Wait for a probe no more than HERE (default 3)
                              times longer than a response from the same hop,
                              or no more than NEAR (default 10) times than some
                              next hop, or MAX (default 5.0) seconds (float
                              point values allowed too)
  -q nqueries  --queries=nqueries
                              Set the number of probes per each hop. Default is
                              3
  -r                          Bypass the normal routing and send directly to a
                              host on an attached network
  -s src_addr  --source=src_addr
                              Use source src_addr for outgoing packets
  -z sendwait  --sendwait=sendwait
                              Minimal time interval between probes (default 0).
                              If the value is more than 10, then it specifies a
                              number in milliseconds, else it is a number of
                              seconds (float point values allowed too)
  -e  --extensions            Show ICMP extensions (if present), including MPLS
  -A  --as-path-lookups       Perform AS path lookups in routing registries and
                              print results directly after the corresponding
                              addresses
  -M name  --module=name      Use specified module (either builtin or external)
                              for traceroute operations. Most methods have
                              their shortcuts (\`-I' means \`-M icmp' etc.)
  -O OPTS,...  --options=OPTS,...
                              Use module-specific option OPTS for the
                              traceroute module. Several OPTS allowed,
                              separated by comma. If OPTS is "help", print info
                              about available options
  --sport=num                 Use source port num for outgoing packets. Implies
                              \`-N 1'
  --fwmark=num                Set firewall mark for outgoing packets
  -U  --udp                   Use UDP to particular port for tracerouting
                              (instead of increasing the port per each probe),
                              default port is 53
  -UL                         Use UDPLITE for tracerouting (default dest port
                              is 53)
  -D  --dccp                  Use DCCP Request for tracerouting (default port
                              is 33434)
  -P prot  --protocol=prot    Use raw packet of protocol prot for tracerouting
  --mtu                       Discover MTU along the path being traced. Implies
                              \`-F -N 1'
  --back                      Guess the number of hops in the backward path and
                              print if it differs
  -V  --version               Print version info and exit
  --help                      Read this help and exit

Arguments:
+     host          The host to traceroute to
      packetlen     The full packet length (default is the length of an IP
                    header plus 40). Can be ignored or increased to a minimal
                    allowed value
`;

const VERSION = 'Modern traceroute for Linux, version 2.1.2\nCopyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n';

type Method = 'udp' | 'icmp' | 'tcp' | 'fixed-udp';

interface Options {
  method: Method;
  first: number;
  maxHops: number;
  queries: number;
  simProbes: number;
  port?: number;
  waitUs: number;
  here: number;
  near: number;
  numeric: boolean;
  df: boolean;
  packetLen?: number;
}

/** A CLIF option: short letter, long name, and the name of its argument if it takes one. */
interface OptDef {
  short?: string;
  long?: string;
  arg?: string;
  set: (o: Options, v: string) => boolean;
}

const uint = (v: string): number | undefined => (/^\d+$/.test(v) && Number(v) <= 0xffffffff ? Number(v) : undefined);
const ignore = () => true;
const num = (apply: (o: Options, n: number) => void) => (o: Options, v: string) => {
  const n = uint(v);
  if (n === undefined) return false;
  apply(o, n);
  return true;
};

/** -w MAX[,HERE[,NEAR]]: one value sets only MAX and drops the adaptive factors. */
function setWait(o: Options, v: string): boolean {
  const parts = v.split(',');
  if (parts.length > 3) return false;
  const vals = parts.map((p) => {
    const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(p);
    return m && m[0].length === p.length ? Number(p) : NaN;
  });
  if (vals.some(Number.isNaN)) return false;
  o.waitUs = vals[0] * 1e6;
  o.here = vals[1] ?? 0;
  o.near = vals[2] ?? 0;
  return true;
}

const OPTIONS: OptDef[] = [
  { short: '4', set: ignore },
  { short: 'd', long: 'debug', set: ignore },
  { short: 'F', long: 'dont-fragment', set: (o) => ((o.df = true), true) },
  { short: 'f', long: 'first', arg: 'first_ttl', set: num((o, n) => (o.first = n)) },
  { short: 'g', long: 'gateway', arg: 'gate,...', set: ignore },
  { short: 'I', long: 'icmp', set: (o) => ((o.method = 'icmp'), true) },
  { short: 'T', long: 'tcp', set: (o) => ((o.method = 'tcp'), true) },
  { short: 'i', long: 'interface', arg: 'device', set: ignore },
  { short: 'm', long: 'max-hops', arg: 'max_ttl', set: num((o, n) => (o.maxHops = n)) },
  { short: 'N', long: 'sim-queries', arg: 'squeries', set: num((o, n) => (o.simProbes = Math.max(1, n))) },
  { short: 'n', set: (o) => ((o.numeric = true), true) },
  { short: 'p', long: 'port', arg: 'port', set: num((o, n) => (o.port = n)) },
  { short: 't', long: 'tos', arg: 'tos', set: num(() => undefined) },
  { short: 'w', long: 'wait', arg: 'MAX,HERE,NEAR', set: setWait },
  { short: 'q', long: 'queries', arg: 'nqueries', set: num((o, n) => (o.queries = n)) },
  { short: 'r', set: ignore },
  { short: 'z', long: 'sendwait', arg: 'sendwait', set: ignore },
  { short: 'e', long: 'extensions', set: ignore },
  { short: 'U', long: 'udp', set: (o) => ((o.method = 'fixed-udp'), true) },
];

function limitError(o: Options): string | undefined {
  if (!o.first || o.first > o.maxHops) return 'first hop out of range';
  if (o.maxHops > 255) return 'max hops cannot be more than 255';
  if (!o.queries || o.queries > 10) return 'no more than 10 probes per hop';
  if (o.waitUs < 0 || o.here < 0 || o.near < 0) return `bad wait specifications \`${formatG(o.waitUs / 1e6)},${formatG(o.here)},${formatG(o.near)}' used`;
  if (o.packetLen !== undefined && o.packetLen > 65000) return `too big packetlen ${o.packetLen} specified`;
  return undefined;
}

type Parsed = { opts: Options; target: string; targetIndex: number } | { status: number; out?: string; err?: string };

/** Butskoy's CLIF command line: options anywhere, a joined argument only on a lone option. */
function parseArgs(argv: string[]): Parsed {
  const o: Options = { method: 'udp', first: 1, maxHops: 30, queries: 3, simProbes: 16, waitUs: 5e6, here: 3, near: 10, numeric: false, df: false };
  const operands: { text: string; index: number }[] = [];
  const fail = (err: string): Parsed => ({ status: 2, err: err + '\n' });
  const apply = (def: OptDef, shown: string, value: string, index: number): Parsed | undefined =>
    def.set(o, value) ? undefined : fail(`Cannot handle \`${shown}' option with arg \`${value}' (argc ${index})`);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help') return { status: 0, err: USAGE };
    if (a === '-V' || a === '--version') return { status: 0, err: VERSION };
    if (a.startsWith('--') && a.length > 2) {
      const [name, value] = a.slice(2).split(/=(.*)/s);
      const def = OPTIONS.find((d) => d.long === name);
      if (!def) return fail(`Bad option \`${a}' (argc ${i})`);
      if (!def.arg) {
        def.set(o, '');
        continue;
      }
      const v = value ?? argv[++i];
      if (v === undefined) return fail(`Option \`--${name}' (argc ${i - 1}) requires an argument: \`--${name}=${def.arg}'`);
      const err = apply(def, `--${name}`, v, i);
      if (err) return err;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const defs = [...a.slice(1)].map((c) => OPTIONS.find((d) => d.short === c));
      const first = defs[0];
      if (first?.arg && a.length > 2) {
        const err = apply(first, `-${first.short}`, a.slice(2), i);
        if (err) return err;
        continue;
      }
      for (let k = 0; k < defs.length; k++) {
        const def = defs[k];
        if (!def) return fail(`Bad option \`-${a[k + 1]}' (argc ${i})`);
        if (!def.arg) {
          def.set(o, '');
          continue;
        }
        if (k < defs.length - 1 || i + 1 >= argv.length) return fail(`Option \`-${def.short}' (argc ${i}) requires an argument: \`-${def.short} ${def.arg}'`);
        const err = apply(def, `-${def.short}`, argv[++i], i);
        if (err) return err;
      }
      continue;
    }
    operands.push({ text: a, index: i });
  }
  if (!operands.length) return { status: 0, err: USAGE };
  if (operands.length > 2) return fail(`Extra arg \`${operands[2].text}' (position 3, argc ${operands[2].index})`);
  if (operands[1]) {
    const n = /^[+-]?\d+$/.test(operands[1].text) ? Number(operands[1].text) : NaN;
    if (Number.isNaN(n)) return fail(`Cannot handle "packetlen" cmdline arg \`${operands[1].text}' on position 2 (argc ${operands[1].index})`);
    o.packetLen = n;
  }
  return { opts: o, target: operands[0].text, targetIndex: operands[0].index };
}

interface Probe {
  ttl: number;
  sent?: number;
  done: boolean;
  final: boolean;
  from?: Ip;
  recv?: number;
  err: string;
  /** The answer on its way: when it arrives and what it says. */
  answer?: { at: number; from?: Ip; err: string; final: boolean };
}

const ANNOTATION: Partial<Record<string, string>> = {
  'net-unreachable': '!N',
  'host-unreachable': '!H',
  'net-prohibited': '!X',
  'host-prohibited': '!X',
  'admin-prohibited': '!X',
  'proto-unreachable': '!P',
};

const ERRNO_TEXT = { ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host', EACCES: 'Permission denied', EINVAL: 'Invalid argument', EMSGSIZE: 'Message too long' };

function run(ctx: CommandContext): number {
  const parsed = parseArgs(ctx.argv);
  if ('status' in parsed) {
    if (parsed.err) ctx.err(parsed.err);
    return parsed.status;
  }
  const { opts: o, target, targetIndex } = parsed;
  // CLIF resolves the host while parsing, before the limits are checked.
  const dst = lookupTarget(ctx, target);
  if (!dst.ok) {
    ctx.err(`${target}: ${dst.message}\nCannot handle "host" cmdline arg \`${target}' on position 1 (argc ${targetIndex})\n`);
    return 2;
  }
  const limit = limitError(o);
  if (limit) {
    ctx.err(limit + '\n');
    return 2;
  }
  // Default: an IP header plus 40 bytes; a given length cannot go below the headers.
  const size = o.packetLen === undefined ? 60 : Math.max(o.packetLen, 20 + (o.method === 'tcp' ? 20 : 8));
  return trace(ctx, o, dst.ip, target, size);
}

function trace(ctx: CommandContext, o: Options, dst: Ip, name: string, size: number): number {
  const host = ctx.host.name;
  const clock = new Clock(ctx);
  const arp = new ArpQueue();
  const proto = o.method === 'icmp' ? 'icmp' : o.method === 'tcp' ? 'tcp' : 'udp';
  const header = `traceroute to ${name} (${formatIp(dst)}), ${o.maxHops} hops max, ${size} byte packets`;
  const probes: Probe[] = Array.from({ length: o.maxHops * o.queries }, (_, i) => ({ ttl: Math.floor(i / o.queries) + 1, done: false, final: false, err: '' }));
  let sentCount = 0;
  // The ICMP and TCP modules check the route before printing anything; UDP connects per probe.
  let headerShown = false;
  if (proto === 'udp') {
    ctx.out(header);
    headerShown = true;
  }

  /** get_timeout(): HERE times an answer from the same hop, or NEAR times one from a later hop, at most MAX. */
  const timeout = (index: number): number => {
    const took = (p: Probe) => (p.done && p.recv !== undefined && p.recv > p.sent! ? p.recv - p.sent! : 0);
    if (o.here) {
      const base = index - (index % o.queries);
      for (let i = base; i < base + o.queries; i++) {
        const v = took(probes[i]);
        if (v) return Math.min((v + 1000) * o.here, o.waitUs);
      }
    }
    if (o.near) {
      for (let i = index + 1; i < probes.length && probes[i].sent !== undefined; i++) {
        const v = took(probes[i]);
        if (v) return Math.min((v + 1000) * o.near, o.waitUs);
      }
    }
    return o.waitUs;
  };

  /** Sends one probe; a local error that ends traceroute returns its message. */
  const send = (pb: Probe, index: number): string | undefined => {
    const t = clock.now;
    const dport = o.method === 'udp' ? (o.port ?? 33434) + index : o.method === 'tcp' ? o.port ?? 80 : o.method === 'fixed-udp' ? o.port ?? 53 : 0;
    const r: ProbeResult = probe(ctx.world, host, { dst, proto, dport, ttl: pb.ttl, size, df: o.df }, { record: true });
    if (r.kind === 'local' && r.errno !== 'EMSGSIZE') return `connect: ${ERRNO_TEXT[r.errno]}`;
    if (isLocalReject(r)) return 'send: Operation not permitted';
    if (!headerShown) {
      ctx.out(header);
      headerShown = true;
    }
    pb.sent = t;
    const rtt = 7 + Math.floor(ctx.random() * 4) + 2 * pb.ttl + (sentCount++ === 0 ? 40 + Math.floor(ctx.random() * 25) : index % o.queries === 0 ? 8 + Math.floor(ctx.random() * 8) : 0);
    if (r.kind === 'local') pb.answer = { at: t + rtt, err: `!F-${r.mtu}`, final: true };
    else if (r.kind === 'icmp') {
      const at = isArpFailure(r) ? arp.failAt(t) + Math.floor(ctx.random() * 1000) : t + rtt;
      const err = r.type === 'frag-needed' ? `!F-${r.mtu}` : ANNOTATION[r.type] ?? '';
      pb.answer = { at, from: r.from, err, final: r.type !== 'ttl-exceeded' };
    } else if (r.kind === 'reply' && proto !== 'udp') pb.answer = { at: t + rtt, from: r.from, err: '', final: true };
    return undefined;
  };

  const print = (pb: Probe, index: number) => {
    let np = index % o.queries;
    let text = np === 0 ? `\n${String(pb.ttl).padStart(2)} ` : '';
    if (pb.from === undefined) text += ' *';
    else {
      let prn = np === 0;
      if (np) {
        let p = index - 1;
        while (np && probes[p].from === undefined) {
          p--;
          np--;
        }
        if (!np || probes[p].from !== pb.from) prn = true;
      }
      if (prn) text += o.numeric ? ` ${formatIp(pb.from)}` : ` ${hostName(ctx, pb.from)} (${formatIp(pb.from)})`;
    }
    if (pb.recv !== undefined) text += `  ${((pb.recv - pb.sent!) / 1000).toFixed(3)} ms`;
    if (pb.err) text += ` ${pb.err}`;
    ctx.out(text);
  };

  let start = (o.first - 1) * o.queries;
  let end = probes.length;
  while (start < end) {
    let pending = 0;
    let next: number | undefined;
    for (let n = start; n < end; n++) {
      const pb = probes[n];
      if (n === start && !pb.done && pb.sent !== undefined) {
        const expire = pb.sent + timeout(n);
        if (expire > clock.now) next = expire;
        else pb.done = true;
      }
      if (pb.done) {
        if (n === start) {
          print(pb, n);
          start++;
        }
        if (pb.final) end = (Math.floor(n / o.queries) + 1) * o.queries;
        continue;
      }
      if (pb.sent === undefined) {
        const fatal = send(pb, n);
        if (fatal) {
          ctx.err(`\n${fatal}\n`);
          return 1;
        }
      }
      next ??= pb.sent! + timeout(n);
      if (++pending >= o.simProbes) break;
    }
    if (next === undefined) continue;
    const arrivals = probes.filter((p) => !p.done && p.answer && p.sent !== undefined).map((p) => p.answer!.at);
    clock.advanceTo(Math.min(next, ...arrivals));
    for (const p of probes) {
      if (p.done || !p.answer || p.answer.at > clock.now) continue;
      Object.assign(p, { done: true, recv: p.answer.at, from: p.answer.from, err: p.answer.err, final: p.answer.final });
    }
  }
  ctx.out('\n');
  return 0;
}

export const tracerouteCommands: Record<string, CommandSpec> = {
  traceroute: { reads: always, run, summary: 'print the route packets take to a host' },
};

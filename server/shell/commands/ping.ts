// ping (iputils 20221126, Debian 12). Every echo request is one `probe`; what the kernel does
// around it is simulated in µs: the send interval, ARP giving up on a silent neighbour, the
// -W linger after the last request, the -w deadline. Output follows ping_common.c / ping.c.
// Also home of what the other network tools share: glibc getopt for short options, inet_aton,
// name lookup through the resolver, the ARP timing model and a µs clock.
import { probe, sourceFor, type IcmpError, type ProbeResult } from '../../sim/net/engine.js';
import { ARP_FAIL_US, ARP_QUEUE_US, isArpFailure } from '../../sim/net/arp-timing.js';
import { formatIp, type Ip } from '../../sim/net/ip.js';
import { resolveHost, reverseName } from '../../sim/net/resolver.js';
import { isLocalAddress } from '../../sim/net/route.js';
import { wallMs } from '../../sim/clock.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { always } from './reads.js';

// --- shared helpers ------------------------------------------------------------------

export { isArpFailure };

export type ShortOpt = { key: string; value?: string } | { error: 'invalid' | 'missing'; key: string };

/**
 * getopt over short options (`optstring` as in C): options in the order getopt meets them,
 * ending at the first error. glibc permutes (operands may come first); `posix` stops at the
 * first operand instead, leaving it and the rest as operands.
 */
export function shortOptions(args: string[], optstring: string, posix = false): { items: ShortOpt[]; operands: string[] } {
  const items: ShortOpt[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (posix) {
        operands.push(...args.slice(i));
        break;
      }
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j];
      const at = c === ':' ? -1 : optstring.indexOf(c);
      if (at < 0) {
        items.push({ error: 'invalid', key: c });
        return { items, operands };
      }
      if (optstring[at + 1] !== ':') {
        items.push({ key: c });
        continue;
      }
      if (j + 1 < arg.length) items.push({ key: c, value: arg.slice(j + 1) });
      else if (i + 1 < args.length) items.push({ key: c, value: args[++i] });
      else {
        items.push({ error: 'missing', key: c });
        return { items, operands };
      }
      break;
    }
  }
  return { items, operands };
}

/** glibc inet_aton: `a.b.c.d`, `a.b.c`, `a.b`, `a`, each part decimal, octal (0..) or hex (0x..). */
export function inetAton(text: string): Ip | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) n = Number(p);
    else return null;
    if (n > 0xffffffff) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return null;
  return nums.reduce((acc, n, i) => acc + n * 2 ** (24 - 8 * i), 0) + last;
}

export type Target = { ok: true; ip: Ip; name: string; numeric: boolean } | { ok: false; message: string };

/**
 * getaddrinfo as the tools call it: a numeric address as is, anything else through
 * /etc/hosts and DNS. `name` is the canonical name (CNAME target, search domain applied).
 */
export function lookupTarget(ctx: CommandContext, text: string): Target {
  const ip = inetAton(text);
  if (ip !== null) return { ok: true, ip, name: text, numeric: true };
  if (text === '') return { ok: false, message: 'Name or service not known' };
  const r = resolveHost(ctx.world, ctx.host.name, text, { record: true });
  // getaddrinfo blocks for as long as the resolver waits on silent servers.
  ctx.wait(r.ms);
  if (r.kind === 'ok') {
    if (!r.addrs.length) return { ok: false, message: 'No address associated with hostname' };
    return { ok: true, ip: r.addrs[0], name: r.canonical ?? text, numeric: false };
  }
  return { ok: false, message: r.kind === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution' };
}

/** getnameinfo without NI_NAMEREQD: the PTR name, or the address itself. */
export function hostName(ctx: CommandContext, ip: Ip): string {
  return reverseName(ctx.world, ctx.host.name, ip, { record: true }) ?? formatIp(ip);
}

/** An error the sender's own netfilter generated (OUTPUT -j REJECT): sendmsg fails with EPERM too. */
export const isLocalReject = (r: ProbeResult): boolean => r.kind === 'icmp' && r.from === r.src && !isArpFailure(r);

/** Pending ARP resolutions of one command: when a probe that needs one will fail. */
export class ArpQueue {
  private batches: number[] = [];

  /** Failure time (µs) of a packet sent at `t`: it joins a resolution still probing, or starts one. */
  failAt(t: number): number {
    let start = this.batches.find((s) => t < s + ARP_QUEUE_US);
    if (start === undefined) {
      start = t;
      this.batches.push(t);
    }
    return start + ARP_FAIL_US;
  }
}

/** Simulated time inside a command in µs; ctx.wait() follows it in whole milliseconds. */
export class Clock {
  private us = 0;

  constructor(private ctx: CommandContext) {}

  get now(): number {
    return this.us;
  }

  advanceTo(us: number): void {
    if (us <= this.us) return;
    const ms = Math.floor(us / 1000) - Math.floor(this.us / 1000);
    this.us = us;
    if (ms > 0) this.ctx.wait(ms);
  }
}

/** A plausible round trip on this simulated LAN: tens of µs, plus a little per router. */
export function rttUs(ctx: CommandContext, routers: number): number {
  return 30 + Math.floor(ctx.random() * 60) + routers * (8 + Math.floor(ctx.random() * 8));
}

/** C's `%g`: 6 significant digits, trailing zeros dropped. */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

// --- ping ----------------------------------------------------------------------------

const OPTSTRING = 'h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:';

const USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

const VERSION = 'ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n';

/** A ping without -c or -w runs until Ctrl-C; the simulated player presses it after this long. */
export const PING_INTERRUPT_US = 3_500_000;
/** Hard limits so a huge -c or -w cannot stall the server: ping is interrupted past them. */
const MAX_PACKETS = 10_000;
const MAX_RUN_US = 900_000_000;

const LONG_MAX = 9223372036854775807n;
const INT_MAX = 2147483647;

const ERROR_TEXT: Record<IcmpError, string> = {
  'net-unreachable': 'Destination Net Unreachable',
  'host-unreachable': 'Destination Host Unreachable',
  'proto-unreachable': 'Destination Protocol Unreachable',
  'port-unreachable': 'Destination Port Unreachable',
  'frag-needed': 'Frag needed and DF set',
  'net-prohibited': 'Destination Net Prohibited',
  'host-prohibited': 'Destination Host Prohibited',
  'admin-prohibited': 'Packet filtered',
  'ttl-exceeded': 'Time to live exceeded',
};

class Fatal {
  constructor(public message: string, public status: number) {}
}

/** iputils strtol_or_err: the whole argument must be a decimal number in [min, max]. */
function strtolOrErr(s: string, min: bigint, max: bigint): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(s);
  if (!m) throw new Fatal(`ping: invalid argument: '${s}'`, 1);
  const n = BigInt(m[1]);
  if (n > LONG_MAX || n < -LONG_MAX - 1n) throw new Fatal(`ping: invalid argument: '${s}': Numerical result out of range`, 1);
  if (n < min || n > max) throw new Fatal(`ping: invalid argument: '${s}': out of range: ${min} <= value <= ${max}`, 1);
  return Number(n);
}

/** iputils ping_strtod: garbage after the number only draws a warning (the number up to it counts). */
function strtod(ctx: CommandContext, s: string, what: string): number {
  if (s === '') throw new Fatal(`ping: ${what}: `, 2);
  const m = /^[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  const num = m ? Number(m[1].replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')) : 0;
  const end = m ? s.slice(m[0].length) : s;
  if (end !== '') ctx.err(`ping: option argument contains garbage: ${end}\nping: this will become fatal error in the future\n`);
  if (!Number.isFinite(num)) throw new Fatal(`ping: ${what}: ${s}: Numerical result out of range`, 2);
  return num;
}

interface Options {
  count: number;
  deadline: number;
  intervalMs: number;
  lingerMs: number;
  size: number;
  ttl?: number;
  df?: boolean;
  quiet: boolean;
  numeric: boolean;
  verbose: boolean;
  timestamps: boolean;
  outstanding: boolean;
  family?: 4 | 6;
  iface?: string;
}

function parseOptions(ctx: CommandContext): { opts: Options; target: string } | { status: number } {
  const o: Options = { count: 0, deadline: 0, intervalMs: 1000, lingerMs: 10_000, size: 56, quiet: false, numeric: false, verbose: false, timestamps: false, outstanding: false };
  const { items, operands } = shortOptions(ctx.argv.slice(1), OPTSTRING);
  for (const it of items) {
    if ('error' in it) {
      ctx.err(`ping: ${it.error === 'invalid' ? 'invalid option' : 'option requires an argument'} -- '${it.key}'\n${USAGE}`);
      return { status: 2 };
    }
    const v = it.value ?? '';
    switch (it.key) {
      case 'h':
      case '?':
        ctx.err(USAGE);
        return { status: 2 };
      case 'V':
        ctx.out(VERSION);
        return { status: 0 };
      case '4':
      case '6':
        if (o.family && o.family !== Number(it.key)) throw new Fatal('ping: only one -4 or -6 option may be specified', 2);
        o.family = Number(it.key) as 4 | 6;
        break;
      case 'c':
        o.count = strtolOrErr(v, 1n, LONG_MAX);
        break;
      case 'w':
        o.deadline = strtolOrErr(v, 0n, BigInt(INT_MAX));
        break;
      case 't':
        o.ttl = strtolOrErr(v, 0n, 255n);
        break;
      case 's':
        o.size = strtolOrErr(v, 0n, BigInt(INT_MAX));
        break;
      case 'i': {
        const s = strtod(ctx, v, 'bad timing interval');
        if (s > INT_MAX / 1000) throw new Fatal(`ping: bad timing interval: ${v}`, 2);
        o.intervalMs = Math.trunc(s * 1000);
        break;
      }
      case 'W': {
        const s = strtod(ctx, v, 'bad linger time');
        if (s < 0 || s > INT_MAX / 1000) throw new Fatal(`ping: bad linger time: ${v}`, 2);
        o.lingerMs = Math.trunc(s * 1000);
        break;
      }
      case 'M':
        if (v === 'do') o.df = true;
        else if (v === 'dont' || v === 'want') o.df = false;
        else throw new Fatal(`ping: invalid -M argument: ${v}`, 2);
        break;
      case 'I':
        o.iface = v;
        break;
      case 'q':
        o.quiet = true;
        break;
      case 'n':
        o.numeric = true;
        break;
      case 'v':
        o.verbose = true;
        break;
      case 'D':
        o.timestamps = true;
        break;
      case 'O':
        o.outstanding = true;
        break;
    }
  }
  if (!operands.length) throw new Fatal('ping: usage error: Destination address required', 1);
  return { opts: o, target: operands[operands.length - 1] };
}

/** iputils' time format: µs precision under 1 ms, fewer decimals as the value grows. */
function formatRtt(us: number): string {
  if (us >= 100_000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10_000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(us).padStart(3, '0')}`;
}

const ms3 = (us: number) => `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;

function isqrt(a: number): number {
  if (a <= 0) return 0;
  let x = a;
  let prev = Infinity;
  while (x < prev) {
    prev = x;
    x = Math.floor((x + Math.floor(a / x)) / 2);
  }
  return x;
}

interface Arrival {
  at: number;
  seq: number;
  result: ProbeResult;
  rtt: number;
}

function run(ctx: CommandContext): number {
  let parsed;
  try {
    parsed = parseOptions(ctx);
    if ('status' in parsed) return parsed.status;
    return ping(ctx, parsed.opts, parsed.target);
  } catch (e) {
    if (!(e instanceof Fatal)) throw e;
    ctx.err(e.message + '\n');
    return e.status;
  }
}

function ping(ctx: CommandContext, o: Options, target: string): number {
  const root = ctx.session.user === 'root';
  if (o.verbose) {
    const sock6 = o.family === 4 ? '-1 (socktype: 0)' : `4 (socktype: ${root ? 'SOCK_RAW' : 'SOCK_DGRAM'})`;
    const family = o.family ? `AF_INET${o.family === 6 ? '6' : ''}` : 'AF_UNSPEC';
    ctx.err(`ping: sock4.fd: ${o.family === 6 ? '-1 (socktype: 0)' : `3 (socktype: ${root ? 'SOCK_RAW' : 'SOCK_DGRAM'})`}, sock6.fd: ${sock6}, hints.ai_family: ${family}\n\n`);
  }
  const dst = lookupTarget(ctx, target);
  if (!dst.ok) throw new Fatal(`ping: ${target}: ${dst.message}`, 2);
  if (o.family === 6) throw new Fatal(`ping: ${target}: Address family for hostname not supported`, 2);
  if (o.verbose) ctx.out(`ai->ai_family: AF_INET, ai->ai_canonname: '${dst.name}'\n`);
  const host = ctx.host;
  let src: Ip | undefined;
  let device = '';
  if (o.iface !== undefined) {
    const addr = inetAton(o.iface);
    if (addr !== null) {
      if (!isLocalAddress(host, addr)) throw new Fatal('ping: bind: Cannot assign requested address', 2);
      src = addr;
    } else {
      const dev = host.ifaces.find((i) => i.name === o.iface);
      if (!dev) throw new Fatal(`ping: SO_BINDTODEVICE ${o.iface}: No such device`, 2);
      device = dev.name;
      src = dev.addrs[0]?.ip ?? sourceFor(ctx.world, host, dst.ip) ?? undefined;
    }
  }
  if (o.ttl === 0) throw new Fatal('ping: cannot set unicast time-to-live: Invalid argument', 2);

  const ipLen = o.size + 28;
  const send = () => probe(ctx.world, host.name, { dst: dst.ip, proto: 'icmp', ttl: o.ttl, size: ipLen, df: o.df, src }, { record: true });
  // connect() on a UDP socket finds the source address first: a missing route ends ping here.
  let first: ProbeResult | undefined = ipLen > 65535 ? undefined : send();
  if (first?.kind === 'local' && first.errno !== 'EMSGSIZE') {
    if (first.errno === 'EACCES') throw new Fatal('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules', 2);
    throw new Fatal(`ping: connect: ${first.errno === 'EINVAL' ? 'Invalid argument' : first.errno === 'EHOSTUNREACH' ? 'No route to host' : 'Network is unreachable'}`, 2);
  }
  const from = src !== undefined ? `from ${formatIp(src)} ${device}: ` : '';
  ctx.out(`PING ${dst.name} (${formatIp(dst.ip)}) ${from}${o.size}(${ipLen}) bytes of data.\n`);
  if (!root && o.intervalMs < 2) throw new Fatal('ping: cannot flood; minimal interval allowed for user is 2ms', 2);

  const numeric = o.numeric || dst.numeric;
  // pr_addr(): one reverse lookup per change of address.
  let last: { ip: Ip; text: string } | undefined;
  const label = (ip: Ip) => {
    if (numeric) return formatIp(ip);
    if (last?.ip !== ip) last = { ip, text: `${hostName(ctx, ip)} (${formatIp(ip)})` };
    return last.text;
  };
  const clock = new Clock(ctx);
  const startNow = ctx.world.now;
  const stamp = () => {
    if (!o.timestamps) return '';
    const us = wallMs(startNow) * 1000 + clock.now;
    return `[${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}] `;
  };
  const ident = Math.floor(ctx.random() * 65536);
  const timing = o.size >= 16;
  const arp = new ArpQueue();
  const pending: Arrival[] = [];
  const received = new Set<number>();
  let ntransmitted = 0;
  let nreceived = 0;
  let nerrors = 0;
  let pipesize = -1;
  let lastSend = 0;
  let tsum = 0;
  let tsum2 = 0;
  let tmin = Infinity;
  let tmax = 0;
  let ewma = 0;

  const acknowledge = (seq: number) => {
    pipesize = Math.max(pipesize, ntransmitted - seq + 1);
  };

  const transmit = () => {
    const t = clock.now;
    if (o.outstanding && ntransmitted > 0 && !received.has(ntransmitted)) ctx.out(`${stamp()}no answer yet for icmp_seq=${ntransmitted}\n`);
    const r = first ?? (ipLen > 65535 ? undefined : send());
    first = undefined;
    ntransmitted++;
    lastSend = t;
    const seq = ntransmitted;
    if (!r || r.kind === 'timeout') return;
    if (r.kind === 'local') {
      // EMSGSIZE lands in the socket's error queue; other send errors pass silently.
      if (r.errno === 'EMSGSIZE' && !o.quiet) {
        ctx.err(`ping: local error: message too long, mtu=${r.mtu}\n`);
        nerrors++;
      }
      return;
    }
    if (isLocalReject(r)) {
      deliver({ at: t, seq, result: r, rtt: 0 });
      if (!o.quiet) ctx.err('ping: sendmsg: Operation not permitted\n');
      return;
    }
    const rtt = rttUs(ctx, r.kind === 'reply' ? r.routers : 1);
    const at = isArpFailure(r) ? arp.failAt(t) : t + rtt;
    pending.push({ at, seq, result: r, rtt });
    pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };

  const deliver = (a: Arrival) => {
    const r = a.result;
    if (r.kind === 'reply') {
      nreceived++;
      acknowledge(a.seq);
      received.add(a.seq);
      if (timing) {
        tsum += a.rtt;
        tsum2 += a.rtt * a.rtt;
        tmin = Math.min(tmin, a.rtt);
        tmax = Math.max(tmax, a.rtt);
        ewma = ewma ? ewma + a.rtt - Math.floor(ewma / 8) : a.rtt * 8;
      }
      if (o.quiet) return;
      let line = `${stamp()}${o.size + 8} bytes from ${label(r.from)}: icmp_seq=${a.seq}`;
      if (o.verbose && root) line += ` ident=${ident}`;
      line += ` ttl=${r.ttl}`;
      if (timing) line += ` time=${formatRtt(a.rtt)} ms`;
      if (r.from !== dst.ip) line += ' (DIFFERENT ADDRESS!)';
      ctx.out(line + '\n');
    } else if (r.kind === 'icmp') {
      acknowledge(a.seq);
      nerrors++;
      if (o.quiet) return;
      const text = r.type === 'frag-needed' ? `${ERROR_TEXT[r.type]} (mtu = ${r.mtu})` : ERROR_TEXT[r.type];
      ctx.out(`${stamp()}From ${label(r.from)} icmp_seq=${a.seq} ${text}\n`);
    }
  };

  const alarmAt = o.deadline ? o.deadline * 1_000_000 : Infinity;
  // Without -c or -w only Ctrl-C stops ping; so does a zero -W (no exit timer) with nothing answered.
  // Ctrl-C is timed from the command's start, the clock from after the name lookup.
  let interruptAt = ctx.interruptAt !== undefined ? Math.min(MAX_RUN_US, (ctx.interruptAt - ctx.elapsed) * 1000) : o.count || o.deadline ? MAX_RUN_US : PING_INTERRUPT_US;
  let exitAt = Infinity;
  let timerSet = false;
  let interrupted = false;
  let nextSend = 0;
  for (;;) {
    if (o.count && nreceived + nerrors >= o.count) break;
    if (o.deadline && nerrors) break;
    const t = clock.now;
    const sending = !(o.count && ntransmitted >= o.count && !o.deadline);
    interrupted = t >= interruptAt || (sending && ntransmitted >= MAX_PACKETS);
    if (interrupted || t >= alarmAt || t >= exitAt) break;
    if (sending && t >= nextSend) {
      transmit();
      const inFlight = ntransmitted - nreceived - nerrors > 0;
      // Each sleep overshoots by a few ms (timer slack), so `time` ends up a little over (n-1) intervals.
      const slack = Math.min(o.intervalMs * 500, 4000 + Math.floor(ctx.random() * 13_000));
      nextSend = t + (o.intervalMs > 0 ? o.intervalMs * 1000 + slack : inFlight ? 10_000 : 0);
      if (o.count && ntransmitted >= o.count && !o.deadline && !timerSet) {
        timerSet = true;
        const wait = nreceived ? Math.max(2 * tmax, o.intervalMs * 1000) : o.lingerMs * 1000;
        if (wait > 0) exitAt = t + wait;
        else interruptAt = Math.min(interruptAt, t + PING_INTERRUPT_US);
      }
      continue;
    }
    const next = Math.min(sending ? nextSend : Infinity, pending[0]?.at ?? Infinity, exitAt, alarmAt, interruptAt);
    clock.advanceTo(next);
    while (pending.length && pending[0].at <= clock.now) {
      deliver(pending.shift()!);
      if (o.intervalMs <= 0 && ntransmitted === nreceived + nerrors) nextSend = Math.min(nextSend, clock.now);
    }
  }
  if (interrupted) ctx.err('^C');

  const parts = [`${ntransmitted} packets transmitted, ${nreceived} received`];
  if (nerrors) parts.push(`+${nerrors} errors`);
  const elapsedMs = Math.floor((lastSend + 500) / 1000);
  if (ntransmitted) parts.push(`${formatG(Math.fround(((ntransmitted - nreceived) * 100) / ntransmitted))}% packet loss`, `time ${elapsedMs}ms`);
  let text = `\n--- ${dst.name} ping statistics ---\n${parts.join(', ')}\n`;
  const tail: string[] = [];
  if (nreceived && timing) {
    const avg = Math.floor(tsum / nreceived);
    const mdev = isqrt(Math.trunc((tsum2 - Math.floor((tsum * tsum) / nreceived)) / nreceived));
    tail.push(`rtt min/avg/max/mdev = ${ms3(tmin)}/${ms3(avg)}/${ms3(tmax)}/${ms3(mdev)} ms`);
  }
  if (pipesize > 1) tail.push(`pipe ${pipesize}`);
  if (nreceived && o.intervalMs <= 0 && ntransmitted > 1) {
    const ipg = Math.floor(lastSend / (ntransmitted - 1));
    tail.push(`ipg/ewma ${ms3(ipg)}/${ms3(Math.floor(ewma / 8))} ms`);
  }
  text += tail.join(', ') + '\n';
  ctx.out(text);
  return !nreceived || (o.deadline && nreceived < o.count) ? 1 : 0;
}

export const pingCommands: Record<string, CommandSpec> = {
  ping: { reads: always, run, summary: 'send ICMP echo requests to a host' },
};

// nc (OpenBSD netcat, Debian patchlevel 1.219-1): TCP (or -u UDP) connects through `probe`,
// with the kernel's SYN retransmissions (1 s, doubling, ~2 min in all) and -w as nc's own
// connect timeout. Also the TCP connect that ssh shares.
import { probe, type IcmpError, type ServiceHit } from '../../sim/net/engine.js';
import { formatIp, type Ip } from '../../sim/net/ip.js';
import { serviceName, servicePort } from '../../sim/net/services.js';
import { throughTunnel } from '../../sim/k8s/port-forward.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { ArpQueue, Clock, PING_INTERRUPT_US, inetAton, isArpFailure, lookupTarget, rttUs, shortOptions, type Target } from './ping.js';

export type ConnectErrno = 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | 'ETIMEDOUT' | 'ENOPROTOOPT' | 'EACCES' | 'EINVAL';

export const ERRNO_TEXT: Record<ConnectErrno, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ETIMEDOUT: 'Connection timed out',
  ENOPROTOOPT: 'Protocol not available',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
};

/** What an ICMP error does to a connecting TCP socket (Linux icmp_err_convert; all are fatal in SYN_SENT). */
const ICMP_ERRNO: Record<IcmpError, ConnectErrno | undefined> = {
  'net-unreachable': 'ENETUNREACH',
  'net-prohibited': 'ENETUNREACH',
  'host-unreachable': 'EHOSTUNREACH',
  'host-prohibited': 'EHOSTUNREACH',
  'admin-prohibited': 'EHOSTUNREACH',
  'ttl-exceeded': 'EHOSTUNREACH',
  'port-unreachable': 'ECONNREFUSED',
  'proto-unreachable': 'ENOPROTOOPT',
  'frag-needed': undefined,
};

/** SYN retransmission timeouts (tcp_syn_retries=6: 1 s doubling), with the timer wheel's slack. */
const SYN_RTO_US = [1, 2, 4, 8, 16, 32, 64].map((s) => s * 1_050_000);

export type Connect = { ok: true; hit: ServiceHit } | { ok: false; errno: ConnectErrno } | { ok: false; timedOut: true };

/**
 * connect() to dst:port, advancing the command's clock until it completes: a SYN and its
 * retransmissions (each a `probe`), until an answer, `timeoutUs` (the caller's poll) or the
 * kernel giving up.
 */
export function tcpConnect(ctx: CommandContext, clock: Clock, dst: Ip, port: number, timeoutUs = Infinity): Connect {
  const t0 = clock.now;
  const giveUp = t0 + SYN_RTO_US.reduce((a, b) => a + b, 0);
  const limit = Math.min(giveUp, t0 + timeoutUs);
  const arp = new ArpQueue();
  let answer: { at: number; result: Connect } | undefined;
  // The SYN and its retransmissions; the first answer to any of them decides.
  for (let k = 0, at = t0; k < SYN_RTO_US.length && at < limit && !(answer && answer.at <= at); at += SYN_RTO_US[k++]) {
    clock.advanceTo(at);
    const r = probe(ctx.world, ctx.host.name, { dst, proto: 'tcp', dport: port }, { record: true });
    if (r.kind === 'local') return { ok: false, errno: r.errno === 'EACCES' || r.errno === 'EINVAL' || r.errno === 'EHOSTUNREACH' ? r.errno : 'ENETUNREACH' };
    let next: { at: number; result: Connect } | undefined;
    if (r.kind === 'reply') {
      const result: Connect = r.tcp === 'syn-ack' && r.service ? { ok: true, hit: r.service } : { ok: false, errno: 'ECONNREFUSED' };
      next = { at: at + rttUs(ctx, r.routers), result };
    } else if (r.kind === 'icmp' && ICMP_ERRNO[r.type]) {
      next = { at: isArpFailure(r) ? arp.failAt(at) : at + rttUs(ctx, 1), result: { ok: false, errno: ICMP_ERRNO[r.type]! } };
    }
    if (next && (!answer || next.at < answer.at)) answer = next;
  }
  if (answer && answer.at <= limit) {
    clock.advanceTo(answer.at);
    return answer.result;
  }
  clock.advanceTo(limit);
  return limit === giveUp ? { ok: false, errno: 'ETIMEDOUT' } : { ok: false, timedOut: true };
}

const OPTSTRING = '46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz';

const USAGE = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
\t  [destination] [port]
`;

const HELP = `OpenBSD netcat (Debian patchlevel 1.219-1)
${USAGE}\tCommand Summary:
\t\t-4\t\tUse IPv4
\t\t-6\t\tUse IPv6
\t\t-b\t\tAllow broadcast
\t\t-C\t\tSend CRLF as line-ending
\t\t-D\t\tEnable the debug socket option
\t\t-d\t\tDetach from stdin
\t\t-F\t\tPass socket fd
\t\t-h\t\tThis help text
\t\t-I length\tTCP receive buffer length
\t\t-i interval\tDelay interval for lines sent, ports scanned
\t\t-k\t\tKeep inbound sockets open for multiple connects
\t\t-l\t\tListen mode, for inbound connects
\t\t-M ttl\t\tOutgoing TTL / Hop Limit
\t\t-m minttl\tMinimum incoming TTL / Hop Limit
\t\t-N\t\tShutdown the network socket after EOF on stdin
\t\t-n\t\tSuppress name/port resolutions
\t\t-O length\tTCP send buffer length
\t\t-P proxyuser\tUsername for proxy authentication
\t\t-p port\t\tSpecify local port for remote connects
\t\t-q secs\t\tquit after EOF on stdin and delay of secs
\t\t-r\t\tRandomize remote ports
\t\t-S\t\tEnable the TCP MD5 signature option
\t\t-s sourceaddr\tLocal source address
\t\t-T keyword\tTOS value
\t\t-t\t\tAnswer TELNET negotiation
\t\t-U\t\tUse UNIX domain socket
\t\t-u\t\tUDP mode
\t\t-V rtable\tSpecify alternate routing table
\t\t-v\t\tVerbose
\t\t-W recvlimit\tTerminate after receiving a number of packets
\t\t-w timeout\tTimeout for connects and final net reads
\t\t-X proto\tProxy protocol: "4", "5" (SOCKS) or "connect"
\t\t-x addr[:port]\tSpecify proxy address and port
\t\t-Z\t\tDCCP mode
\t\t-z\t\tZero-I/O mode [used for scanning]
\tPort numbers can be individual or ranges: lo-hi [inclusive]
`;

/** A port operand: a number, a service name, or a lo-hi range. */
function parsePorts(text: string, proto: 'tcp' | 'udp'): number[] | string {
  const one = (p: string): number | string => {
    if (/^\d+$/.test(p)) {
      const n = Number(p);
      if (n < 1) return `port number too small: ${p}`;
      if (n > 65535) return `port number too large: ${p}`;
      return n;
    }
    return servicePort(p, proto) ?? `port number invalid: ${p}`;
  };
  const range = /^(\d[^-]*)-(.*)$/.exec(text);
  if (!range) {
    const p = one(text);
    return typeof p === 'string' ? p : [p];
  }
  const [lo, hi] = [one(range[1]), one(range[2])];
  if (typeof lo === 'string') return lo;
  if (typeof hi === 'string') return hi;
  return Array.from({ length: Math.abs(hi - lo) + 1 }, (_, i) => Math.min(lo, hi) + i);
}

function run(ctx: CommandContext): number {
  const { items, operands } = shortOptions(ctx.argv.slice(1), OPTSTRING);
  let zero = false;
  let verbose = false;
  let numeric = false;
  let udp = false;
  let listen = false;
  let timeoutUs = Infinity;
  for (const it of items) {
    if ('error' in it) {
      ctx.err(`nc: ${it.error === 'invalid' ? 'invalid option' : 'option requires an argument'} -- '${it.key}'\n${USAGE}`);
      return 1;
    }
    if (it.key === 'h') {
      ctx.err(HELP);
      return 0;
    }
    if (it.key === 'z') zero = true;
    else if (it.key === 'v') verbose = true;
    else if (it.key === 'n') numeric = true;
    else if (it.key === 'u') udp = true;
    else if (it.key === 'l') listen = true;
    else if (it.key === 'w') {
      const v = it.value!;
      if (!/^\d+$/.test(v)) {
        ctx.err(`nc: timeout invalid: ${v}\n`);
        return 1;
      }
      if (Number(v) > 2147483) {
        ctx.err(`nc: timeout too large: ${v}\n`);
        return 1;
      }
      timeoutUs = Number(v) > 0 ? Number(v) * 1_000_000 : Infinity;
    }
  }
  if (listen) {
    // Waits for a client that never comes, until the player presses Ctrl-C.
    new Clock(ctx).advanceTo(PING_INTERRUPT_US);
    ctx.err('^C\n');
    return 130;
  }
  if (operands.length === 0) {
    ctx.err(USAGE);
    return 1;
  }
  if (operands.length === 1) {
    ctx.err('nc: missing port number\n');
    return 1;
  }
  const proto = udp ? 'udp' : 'tcp';
  const ports: number[] = [];
  for (const text of operands.slice(1)) {
    const p = parsePorts(text, proto);
    if (typeof p === 'string') {
      ctx.err(`nc: ${p}\n`);
      return 1;
    }
    ports.push(...p);
  }
  const target = operands[0];
  const numericIp = numeric ? inetAton(target) : null;
  const dst: Target = numeric ? (numericIp === null ? { ok: false, message: 'Name or service not known' } : { ok: true, ip: numericIp, name: target, numeric: true }) : lookupTarget(ctx, target);
  if (!dst.ok) {
    ctx.err(`nc: getaddrinfo for host "${target}" port ${operands[1]}: ${dst.message}\n`);
    return 1;
  }
  const where = dst.numeric ? formatIp(dst.ip) : `${target} (${formatIp(dst.ip)})`;
  const clock = new Clock(ctx);
  let status = 1;
  for (const port of ports) {
    if (udp) {
      const r = probe(ctx.world, ctx.host.name, { dst: dst.ip, proto: 'udp', dport: port }, { record: true });
      if (r.kind === 'local') {
        if (verbose) ctx.err(`nc: connect to ${where} port ${port} (udp) failed: ${ERRNO_TEXT.ENETUNREACH}\n`);
        continue;
      }
      // An ICMP error makes the next write fail: the port counts as closed, silently.
      if (r.kind === 'icmp') continue;
    } else {
      const c = tcpConnect(ctx, clock, dst.ip, port, timeoutUs);
      if (!c.ok) {
        if (verbose) ctx.err('errno' in c ? `nc: connect to ${where} port ${port} (tcp) failed: ${ERRNO_TEXT[c.errno]}\n` : `nc: connect to ${where} port ${port} (tcp) timed out: Operation now in progress\n`);
        continue;
      }
      status = 0;
      if (verbose) ctx.err(`Connection to ${where} ${port} port [tcp/${(!numeric && serviceName(port, proto)) || '*'}] succeeded!\n`);
      // A port-forward accepts, then carries the connection to the pod (or closes it).
      const end = throughTunnel(ctx.world, c.hit, true);
      // Without -z nc relays the conversation; of the simulated servers only sshd speaks first.
      if (!zero && end?.listener.app.kind === 'ssh') ctx.out(end.listener.app.banner + '\r\n');
      continue;
    }
    status = 0;
    if (verbose) ctx.err(`Connection to ${where} ${port} port [udp/${(!numeric && serviceName(port, proto)) || '*'}] succeeded!\n`);
  }
  return status;
}

export const ncCommands: Record<string, CommandSpec> = {
  nc: { run, summary: 'open TCP/UDP connections, check ports (netcat)' },
  netcat: { run, summary: 'open TCP/UDP connections, check ports (netcat)' },
};

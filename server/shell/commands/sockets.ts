// ss (iproute2 6.1) and netstat (net-tools 2.10): the host's sockets. The world models
// the sockets of services only: the listening TCP and unconnected UDP sockets of every
// active unit (server/sim/units.ts). Not modelled, hence never listed: established TCP
// connections (not tracked yet), IPv6 sockets (no `[::]`/`tcp6` listeners exist, so none
// are printed), unix, netlink, raw and packet sockets.
import { formatIp, inPrefix, parseCidr, type Ip } from '../../sim/net/ip.js';
import { isOperUp } from '../../sim/net/l2.js';
import { tableRoutes } from '../../sim/net/route.js';
import { serviceName, servicePort } from '../../sim/net/services.js';
import { openSockets, unitId } from '../../sim/units.js';
import type { Host } from '../../sim/world/types.js';
import { ERRNO, readFile, resolvePath } from '../files.js';
import { getopt, type LongOption } from '../getopt.js';
import { isRoot } from '../privileges.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { always, shortHas } from './reads.js';

/** Terminal width the player's terminal has (ss sizes its columns to it). */
const TERM_WIDTH = 80;
/** uid of the players' non-root account. */
const USER_UID = 1000;

// Kernel TCP states (ss's SS_* numbering).
const SS_ESTABLISHED = 1;
const SS_SYN_SENT = 2;
const SS_SYN_RECV = 3;
const SS_TIME_WAIT = 6;
const SS_CLOSE = 7;
const SS_LISTEN = 10;
const SS_MAX = 12;
const SS_ALL = (1 << SS_MAX) - 1;
const SS_CONN = SS_ALL & ~((1 << SS_LISTEN) | (1 << SS_CLOSE) | (1 << SS_TIME_WAIT) | (1 << SS_SYN_RECV));

/** listen() backlogs of the programs the worlds run (Send-Q of their LISTEN sockets). */
const BACKLOGS: Record<string, number> = { python3: 5, python: 5, nc: 1, dnsmasq: 32, sshd: 128, nginx: 511, apache2: 511 };
const DEFAULT_BACKLOG = 4096;

/** One socket as the tools see it. */
interface Sock {
  proto: 'tcp' | 'udp';
  state: number;
  local: Ip;
  lport: number;
  remote: Ip;
  rport: number;
  rq: number;
  wq: number;
  comm: string;
  /** Program name netstat shows: the command line's first word, without a leading path. */
  program: string;
  pid: number;
  fd: number;
  ino: number;
  /** Kernel socket address, as ss -e prints it (hex). */
  sk: number;
  cgroup: string;
}

/** netstat's program name: argv[0] of /proc/PID/cmdline, after its last `/` when it is a path. */
function programOf(cmdline: string): string {
  if (!cmdline.startsWith('/')) return cmdline;
  const argv0 = cmdline.split(' ')[0];
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

function socketsOf(host: Host): Sock[] {
  return openSockets(host).map(({ listener: l, fd, cmdline, cgroup }, i) => ({
    proto: l.proto,
    state: l.proto === 'tcp' ? SS_LISTEN : SS_CLOSE,
    local: l.addr,
    lport: l.port,
    remote: 0,
    rport: 0,
    rq: 0,
    wq: l.proto === 'tcp' ? l.backlog ?? BACKLOGS[l.process] ?? DEFAULT_BACKLOG : 0,
    comm: l.process.slice(0, 15),
    program: programOf(cmdline),
    pid: l.pid,
    fd,
    ino: 20000 + ((l.pid * 97 + l.port * 13 + fd) % 60000),
    sk: i + 1,
    cgroup,
  }));
}

/** First name of `ip` in the host's /etc/hosts (what a reverse lookup finds), if any. */
function hostsName(host: Host, ip: Ip): string | undefined {
  for (const line of (host.files['/etc/hosts'] ?? '').split('\n')) {
    const [addr, name] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (name && addr === formatIp(ip)) return name;
  }
  return undefined;
}

/** Address of a name in the host's /etc/hosts, if listed. */
function hostsAddress(host: Host, name: string): Ip | undefined {
  for (const line of (host.files['/etc/hosts'] ?? '').split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (names.includes(name)) return parseCidr(addr)?.ip;
  }
  return undefined;
}

const SS_USAGE = `Usage: ss [ OPTIONS ]
       ss [ OPTIONS ] [ FILTER ]
   -h, --help          this message
   -V, --version       output version information
   -n, --numeric       don't resolve service names
   -r, --resolve       resolve host names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -o, --options       show timer information
   -e, --extended      show detailed socket information
   -m, --memory        show socket memory usage
   -p, --processes     show process using socket
   -T, --threads       show thread using socket
   -i, --info          show internal TCP information
       --tipcinfo      show internal tipc socket information
   -s, --summary       show socket usage summary
       --tos           show tos and priority information
       --cgroup        show cgroup information
   -b, --bpf           show bpf filter socket information
   -E, --events        continually display sockets as they are destroyed
   -Z, --context       display task SELinux security contexts
   -z, --contexts      display task and socket SELinux security contexts
   -N, --net           switch to the specified network namespace name

   -4, --ipv4          display only IP version 4 sockets
   -6, --ipv6          display only IP version 6 sockets
   -0, --packet        display PACKET sockets
   -t, --tcp           display only TCP sockets
   -M, --mptcp         display only MPTCP sockets
   -S, --sctp          display only SCTP sockets
   -u, --udp           display only UDP sockets
   -d, --dccp          display only DCCP sockets
   -w, --raw           display only RAW sockets
   -x, --unix          display only Unix domain sockets
       --tipc          display only TIPC sockets
       --vsock         display only vsock sockets
       --xdp           display only XDP sockets
   -f, --family=FAMILY display sockets of type FAMILY
       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

   -K, --kill          forcibly close sockets, display what was closed
   -H, --no-header     Suppress header line
   -O, --oneline       socket's data printed on a single line
       --inet-sockopt  show various inet socket options

   -A, --query=QUERY, --socket=QUERY
       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

   -D, --diag=FILE     Dump raw information about TCP sockets to FILE
   -F, --filter=FILE   read filter information from FILE
       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
             bucket := {syn-recv|time-wait}
                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}
`;

const NETSTAT_USAGE = `usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
       netstat [-vWnNcaeol] [<Socket> ...]
       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }

        -r, --route              display routing table
        -i, --interfaces         display interface table
        -g, --groups             display multicast group memberships
        -s, --statistics         display networking statistics (like SNMP)
        -M, --masquerade         display masqueraded connections

        -v, --verbose            be verbose
        -W, --wide               don't truncate IP addresses
        -n, --numeric            don't resolve names
        --numeric-hosts          don't resolve host names
        --numeric-ports          don't resolve port names
        --numeric-users          don't resolve user names
        -N, --symbolic           resolve hardware names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -o, --timers             display timers
        -c, --continuous         continuous listing

        -l, --listening          display listening server sockets
        -a, --all                display all sockets (default: connected)
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB
        -Z, --context            display SELinux security context for sockets

  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}
           {-x|--unix} --ax25 --ipx --netrom
  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
`;
/** netstat prints its list of address families on stderr, even for --help. */
const NETSTAT_AFLIST = `    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
`;

// --- ss ------------------------------------------------------------------

type Db =
  | 'tcp' | 'mptcp' | 'dccp' | 'udp' | 'raw' | 'unix_dg' | 'unix_st' | 'unix_sq'
  | 'packet_dg' | 'packet_r' | 'netlink' | 'sctp' | 'vsock_st' | 'vsock_dg' | 'tipc' | 'xdp';
type Family = 'inet' | 'inet6' | 'unix' | 'packet' | 'netlink' | 'vsock' | 'tipc' | 'xdp';

const TIPC_SS_CONN = (1 << SS_ESTABLISHED) | (1 << SS_LISTEN) | (1 << SS_CLOSE);
const INET: Family[] = ['inet', 'inet6'];
/** Default states and address families of each socket table. */
const DBS: Record<Db, { states: number; families: Family[] }> = {
  tcp: { states: SS_CONN, families: INET },
  mptcp: { states: SS_CONN, families: INET },
  dccp: { states: SS_CONN, families: INET },
  udp: { states: 1 << SS_ESTABLISHED, families: INET },
  raw: { states: 1 << SS_ESTABLISHED, families: INET },
  unix_dg: { states: 1 << SS_CLOSE, families: ['unix'] },
  unix_st: { states: SS_CONN, families: ['unix'] },
  unix_sq: { states: SS_CONN, families: ['unix'] },
  packet_dg: { states: 1 << SS_CLOSE, families: ['packet'] },
  packet_r: { states: 1 << SS_CLOSE, families: ['packet'] },
  netlink: { states: 1 << SS_CLOSE, families: ['netlink'] },
  sctp: { states: SS_CONN, families: INET },
  vsock_st: { states: SS_CONN, families: ['vsock'] },
  vsock_dg: { states: SS_CONN, families: ['vsock'] },
  tipc: { states: TIPC_SS_CONN, families: ['tipc'] },
  xdp: { states: 1 << SS_CLOSE, families: ['xdp'] },
};
const INET_DBS: Db[] = ['tcp', 'mptcp', 'udp', 'dccp', 'sctp', 'raw'];
const FAMILIES: Record<Family, { dbs: Db[]; states: number }> = {
  inet: { dbs: INET_DBS, states: SS_CONN },
  inet6: { dbs: INET_DBS, states: SS_CONN },
  unix: { dbs: ['unix_dg', 'unix_st', 'unix_sq'], states: SS_CONN },
  packet: { dbs: ['packet_dg', 'packet_r'], states: 1 << SS_CLOSE },
  netlink: { dbs: ['netlink'], states: 1 << SS_CLOSE },
  vsock: { dbs: ['vsock_st', 'vsock_dg'], states: SS_CONN },
  tipc: { dbs: ['tipc'], states: TIPC_SS_CONN },
  xdp: { dbs: ['xdp'], states: 1 << SS_CLOSE },
};
/** `-A` query names. */
const DB_NAMES: Record<string, Db[]> = {
  all: ['udp', 'dccp', 'tcp', 'mptcp', 'raw', 'unix_st', 'unix_dg', 'unix_sq', 'packet_r', 'packet_dg', 'netlink', 'sctp', 'vsock_st', 'vsock_dg', 'xdp'],
  inet: ['udp', 'dccp', 'tcp', 'mptcp', 'sctp', 'raw'],
  udp: ['udp'], dccp: ['dccp'], tcp: ['tcp'], mptcp: ['mptcp'], sctp: ['sctp'], raw: ['raw'],
  unix: ['unix_st', 'unix_dg', 'unix_sq'], unix_stream: ['unix_st'], u_str: ['unix_st'], unix_dgram: ['unix_dg'], u_dgr: ['unix_dg'],
  unix_seqpacket: ['unix_sq'], u_seq: ['unix_sq'], packet: ['packet_r', 'packet_dg'], packet_raw: ['packet_r'], p_raw: ['packet_r'],
  packet_dgram: ['packet_dg'], p_dgr: ['packet_dg'], netlink: ['netlink'], tipc: ['tipc'], vsock: ['vsock_st', 'vsock_dg'],
  vsock_stream: ['vsock_st'], v_str: ['vsock_st'], vsock_dgram: ['vsock_dg'], v_dgr: ['vsock_dg'], xdp: ['xdp'],
};
const FAMILY_NAMES: Record<string, Family> = { inet: 'inet', inet6: 'inet6', link: 'packet', unix: 'unix', netlink: 'netlink', tipc: 'tipc', vsock: 'vsock', xdp: 'xdp' };

const STATE_NAMES = ['unknown', 'established', 'syn-sent', 'syn-recv', 'fin-wait-1', 'fin-wait-2', 'time-wait', 'unconnected', 'close-wait', 'last-ack', 'listening', 'closing'];
const STATE_LABELS = ['UNKNOWN', 'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'UNCONN', 'CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING'];

/** ss's scan_state(): a state name or group as a bit mask, or undefined. */
function scanState(name: string): number | undefined {
  const s = name.toLowerCase();
  const groups: Record<string, number> = {
    close: 1 << SS_CLOSE, closed: 1 << SS_CLOSE, 'syn-rcv': 1 << SS_SYN_RECV, all: SS_ALL,
    connected: SS_ALL & ~((1 << SS_CLOSE) | (1 << SS_LISTEN)),
    synchronized: SS_ALL & ~((1 << SS_CLOSE) | (1 << SS_LISTEN) | (1 << SS_SYN_SENT)),
    bucket: (1 << SS_SYN_RECV) | (1 << SS_TIME_WAIT),
    big: SS_ALL & ~((1 << SS_SYN_RECV) | (1 << SS_TIME_WAIT)),
  };
  if (Object.hasOwn(groups, s)) return groups[s];
  const i = STATE_NAMES.indexOf(s);
  return i < 0 ? undefined : 1 << i;
}

// ss's filter expressions (misc/ssfilter.y): `sport = :8080`, `dst 10.0.2.0/24`,
// `( sport = :80 or sport = :443 )`, `!`, implicit `and` between terms.

type Cond = { addr?: { ip: Ip; prefix: number }; port?: number };
type Expr =
  | { op: 'and' | 'or'; a: Expr; b: Expr }
  | { op: 'not'; a: Expr }
  | { op: 'src' | 'dst'; cond: Cond }
  | { op: 'sge' | 'sle' | 'dge' | 'dle'; port: number }
  | { op: 'dev'; index: number }
  | { op: 'fwmark'; mark: number; mask: number }
  | { op: 'cgroup'; path: string }
  | { op: 'autobound' };

type Tok =
  | { t: '(' | ')' | '!' | '&' | '|' | '=' | '>' | '<' | 'GEQ' | 'LEQ' | 'NEQ' | 'DCOND' | 'SCOND' | 'DPORT' | 'SPORT' | 'DEVNAME' | 'FWMARK' | 'CGROUPPATH' | 'AUTOBOUND' }
  | { t: 'HOST'; cond: Cond }
  | { t: 'DEV'; index: number }
  | { t: 'MARK'; mark: number; mask: number }
  | { t: 'CGROUP'; path: string };

class FilterError {
  constructor(public message: string, public exit: number, public usage = false) {}
}

const KEYWORDS: Record<string, Tok['t']> = {
  '!': '!', not: '!', '&': '&', '&&': '&', and: '&', '|': '|', '||': '|', or: '|', '(': '(', ')': ')',
  dst: 'DCOND', src: 'SCOND', dport: 'DPORT', sport: 'SPORT', dev: 'DEVNAME', fwmark: 'FWMARK', cgroup: 'CGROUPPATH',
  '>=': 'GEQ', ge: 'GEQ', geq: 'GEQ', '<=': 'LEQ', le: 'LEQ', leq: 'LEQ', '!=': 'NEQ', ne: 'NEQ', neq: 'NEQ',
  '=': '=', '==': '=', eq: '=', '>': '>', gt: '>', '<': '<', lt: '<', autobound: 'AUTOBOUND',
};

/** Splits the filter words into tokens on demand, as ss's lexer does (errors surface when a token is read). */
class Lexer {
  private words: string[];
  private pos = 0;
  private mode: Tok['t'] | undefined;
  constructor(args: string[], private host: Host, private dbs: Set<Db>) {
    this.words = args.flatMap((a) => a.split(/[ \t]+/)).filter((w) => w !== '');
  }
  next(): Tok | undefined {
    const word = this.words[this.pos++];
    if (word === undefined) return undefined;
    const kw = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
    if (kw) {
      if (['DCOND', 'SCOND', 'DPORT', 'SPORT', 'DEVNAME', 'FWMARK', 'CGROUPPATH', 'AUTOBOUND'].includes(kw)) this.mode = kw;
      return { t: kw } as Tok;
    }
    if (this.mode === 'DEVNAME') {
      const iface = this.host.ifaces.find((i) => i.name === word);
      const index = iface ? iface.index : /^\d+$/.test(word) ? Number(word) : undefined;
      if (index === undefined) throw new FilterError('Cannot parse device.\n', 1);
      return { t: 'DEV', index };
    }
    if (this.mode === 'FWMARK') {
      const m = /^(0x[0-9a-f]+|\d+)(?:\/(0x[0-9a-f]+|\d+))?$/i.exec(word);
      if (!m) throw new FilterError(`Cannot parse mark ${word}.\n`, 1);
      return { t: 'MARK', mark: Number(m[1]), mask: m[2] === undefined ? 0xffffffff : Number(m[2]) };
    }
    if (this.mode === 'CGROUPPATH') {
      const known = new Set(['/', '/system.slice', ...Object.values(this.host.units).map((u) => `/system.slice/${unitId(u.name)}`)]);
      if (!known.has(word.replace(/(.)\/$/, '$1'))) throw new FilterError(`Cannot parse cgroup ${word}.\n`, 1);
      return { t: 'CGROUP', path: word.replace(/(.)\/$/, '$1') };
    }
    return { t: 'HOST', cond: this.hostcond(word, this.mode === 'SPORT' || this.mode === 'DPORT') };
  }
  /** ss's parse_hostcond(): `ADDR[/LEN][:PORT]`, `*:PORT`, `:PORT`, or a port alone after sport/dport. */
  private hostcond(word: string, isPort: boolean): Cond {
    const fail = (msg: string): never => {
      throw new FilterError(`${msg}Cannot parse dst/src address.\n`, 1);
    };
    let addr = word.replace(/^inet:/, '');
    let port: string | undefined;
    if (addr.startsWith('[')) {
      const end = addr.indexOf(']');
      if (end < 0) fail('');
      port = addr.slice(end + 1);
      addr = addr.slice(1, end);
    } else if (addr.startsWith('*')) {
      port = addr.slice(1);
      addr = '*';
    } else {
      const slash = addr.indexOf('/');
      const colon = addr.lastIndexOf(':');
      if (colon >= 0 && colon > slash) {
        port = addr.slice(colon);
        addr = addr.slice(0, colon);
      }
    }
    if (isPort) {
      port = word;
      addr = '';
    }
    const cond: Cond = {};
    if (port !== undefined && port !== '') {
      if (port.startsWith(':')) port = port.slice(1);
      if (port !== '' && port !== '*') {
        const num = parseCInt(port);
        if (num !== undefined) cond.port = num;
        else {
          const udp = this.dbs.has('udp') ? servicePort(port, 'udp') : undefined;
          const tcp = this.dbs.has('tcp') ? servicePort(port, 'tcp') : undefined;
          if (udp !== undefined && tcp !== undefined && udp !== tcp) fail(`Error: ambiguous port "${port}".\n`);
          const p = udp ?? tcp;
          if (p === undefined) fail(`Error: "${port}" does not look like a port.\n`);
          cond.port = p;
        }
      }
    }
    if (!isPort && addr !== '' && addr !== '*') {
      const c = ['any', 'all', 'default'].includes(addr) ? { ip: 0, prefix: 0 } : parseCidr(addr);
      const named = c ?? (hostsAddress(this.host, addr) !== undefined ? { ip: hostsAddress(this.host, addr)!, prefix: 32 } : null);
      if (!named) fail(`Error: an inet prefix is expected rather than "${addr}".\n`);
      cond.addr = named!;
    }
    return cond;
  }
}

/** strtol(s, 0)-style integer (decimal, 0x hex, 0 octal), as get_integer() accepts. */
function parseCInt(s: string): number | undefined {
  if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16);
  if (/^[+-]?0[0-7]*$/.test(s)) return Number.parseInt(s, 8);
  if (/^[+-]?[1-9]\d*$/.test(s)) return Number(s);
  return undefined;
}

const SYNTAX_ERROR = 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n';

/** Recursive descent over ssfilter.y's grammar; undefined for an empty filter. */
function parseFilter(lex: Lexer): Expr | undefined {
  let look = lex.next();
  const take = () => {
    const t = look;
    look = lex.next();
    return t;
  };
  const syntax = (): never => {
    throw new FilterError(SYNTAX_ERROR, 255, true);
  };
  const startsExpr = (t: Tok | undefined) => !!t && ['(', '!', 'DCOND', 'SCOND', 'DPORT', 'SPORT', 'DEVNAME', 'FWMARK', 'CGROUPPATH', 'AUTOBOUND'].includes(t.t);
  const host = (): Cond => {
    const t = take();
    if (t?.t !== 'HOST') return syntax();
    return t.cond;
  };
  const portOf = (c: Cond) => c.port ?? -1;
  const expr = (): Expr => {
    const t = take();
    if (!t) return syntax();
    switch (t.t) {
      case '(': {
        const e = list();
        if (take()?.t !== ')') syntax();
        return e;
      }
      case '!':
        return { op: 'not', a: expr() };
      case 'DCOND':
      case 'SCOND':
        if (look?.t === '=') take();
        return { op: t.t === 'DCOND' ? 'dst' : 'src', cond: host() };
      case 'DPORT':
      case 'SPORT': {
        const side = t.t === 'DPORT' ? 'd' : 's';
        const cmp = look?.t;
        if (cmp === 'GEQ' || cmp === 'LEQ' || cmp === '>' || cmp === '<') {
          take();
          const port = portOf(host());
          if (cmp === 'GEQ') return { op: `${side}ge`, port };
          if (cmp === 'LEQ') return { op: `${side}le`, port };
          if (cmp === '>') return { op: 'not', a: { op: `${side}le`, port } };
          return { op: 'not', a: { op: `${side}ge`, port } };
        }
        const neg = cmp === 'NEQ';
        if (cmp === '=' || neg) take();
        const e: Expr = { op: side === 'd' ? 'dst' : 'src', cond: host() };
        return neg ? { op: 'not', a: e } : e;
      }
      case 'DEVNAME': {
        const neg = look?.t === 'NEQ';
        if (look?.t === '=' || neg) take();
        const d = take();
        if (d?.t !== 'DEV') return syntax();
        const e: Expr = { op: 'dev', index: d.index };
        return neg ? { op: 'not', a: e } : e;
      }
      case 'FWMARK': {
        const neg = look?.t === 'NEQ';
        if (look?.t === '=' || neg) take();
        const m = take();
        if (m?.t !== 'MARK') return syntax();
        const e: Expr = { op: 'fwmark', mark: m.mark, mask: m.mask };
        return neg ? { op: 'not', a: e } : e;
      }
      case 'CGROUPPATH': {
        const neg = look?.t === 'NEQ';
        if (look?.t === '=' || neg) take();
        const c = take();
        if (c?.t !== 'CGROUP') return syntax();
        const e: Expr = { op: 'cgroup', path: c.path };
        return neg ? { op: 'not', a: e } : e;
      }
      case 'AUTOBOUND':
        return { op: 'autobound' };
      default:
        return syntax();
    }
  };
  const list = (): Expr => {
    let e = expr();
    for (;;) {
      if (look?.t === '|' || look?.t === '&') {
        const op = take()!.t === '|' ? 'or' : 'and';
        e = { op, a: e, b: expr() };
      } else if (startsExpr(look)) e = { op: 'and', a: e, b: expr() };
      else return e;
    }
  };
  if (!look) return undefined;
  const e = list();
  if (look) syntax();
  return e;
}

function matchCond(c: Cond, ip: Ip, port: number): boolean {
  if (c.addr && !inPrefix(ip, c.addr.ip, c.addr.prefix)) return false;
  return c.port === undefined || c.port === port;
}

function matches(e: Expr, s: Sock): boolean {
  switch (e.op) {
    case 'and': return matches(e.a, s) && matches(e.b, s);
    case 'or': return matches(e.a, s) || matches(e.b, s);
    case 'not': return !matches(e.a, s);
    case 'src': return matchCond(e.cond, s.local, s.lport);
    case 'dst': return matchCond(e.cond, s.remote, s.rport);
    case 'sge': return s.lport >= e.port;
    case 'sle': return s.lport <= e.port;
    case 'dge': return s.rport >= e.port;
    case 'dle': return s.rport <= e.port;
    case 'dev': return false; // no socket is bound to a device
    case 'fwmark': return (0 & e.mask) === e.mark; // no socket carries a mark
    case 'cgroup': return s.cgroup === e.path || s.cgroup.startsWith(e.path === '/' ? '/' : e.path + '/');
    case 'autobound': return false;
  }
}

// ss's column renderer (misc/ss.c render()): every field is a token; columns take the
// width of their longest token, then the spare room of an 80-column terminal is shared
// out. Off a terminal the columns are just as wide as their content.

interface Column {
  header: string;
  ldelim: string;
  right: boolean;
}
const COLUMNS: Column[] = [
  { header: 'Netid', ldelim: '', right: false },
  { header: 'State', ldelim: ' ', right: false },
  { header: 'Recv-Q', ldelim: ' ', right: false },
  { header: 'Send-Q', ldelim: ' ', right: false },
  { header: 'Local Address:', ldelim: ' ', right: true },
  { header: 'Port', ldelim: '', right: false },
  { header: 'Peer Address:', ldelim: ' ', right: true },
  { header: 'Port', ldelim: '', right: false },
  { header: 'Process', ldelim: '', right: false },
];
const COL_NETID = 0;
const COL_STATE = 1;
const COL_PROC = 8;

/**
 * Lays out `lines` (tokens of the enabled columns, header first if any). Like ss, the last
 * socket's Process field is never measured: ss measures a field when it moves on to the
 * next one, and nothing follows the last socket's.
 */
function renderColumns(lines: string[][], enabled: number[], width: number | undefined, lastIsRow: boolean): string {
  if (lines.length === 0) return '';
  const maxLen = enabled.map(() => 0);
  lines.forEach((tokens, li) => {
    tokens.forEach((tok, j) => {
      if (lastIsRow && li === lines.length - 1 && enabled[j] === COL_PROC) return;
      maxLen[j] = Math.max(maxLen[j], tok.length);
    });
  });
  let first = true;
  const widths = enabled.map((col, j) => {
    let w = !first && maxLen[j] ? maxLen[j] + COLUMNS[col].ldelim.length : maxLen[j];
    if (width !== undefined) w = Math.min(w, width);
    if (w) first = false;
    return w;
  });
  if (width !== undefined) {
    let len = 0;
    let lineCols = 0;
    let eol = -1;
    for (let c = 0; c < widths.length; c++) {
      if (!widths[c]) continue;
      lineCols++;
      len += widths[c];
      const last = !widths.slice(c + 1).some((w) => w);
      if (!last && len < width) continue;
      if (len !== width) {
        if (len > width) {
          len -= widths[c];
          c--;
          lineCols--;
        }
        const pad = width - len;
        const spacing = Math.floor(pad / lineCols);
        let rem = pad % lineCols;
        for (let t = c; t > eol; t--) {
          if (!widths[t]) continue;
          widths[t] += spacing;
          if (rem) {
            widths[t]++;
            rem--;
          }
        }
      }
      eol = c;
      len = 0;
      lineCols = 0;
    }
  }
  return lines
    .map((tokens) => {
      let out = '';
      tokens.forEach((tok, j) => {
        const col = COLUMNS[enabled[j]];
        const w = widths[j];
        let printed = 0;
        if (j > 0) {
          out += col.ldelim;
          printed += col.ldelim.length;
        }
        if (w && col.right) {
          const s = w - tok.length - printed;
          if (s > 0) {
            out += ' '.repeat(s);
            printed += s;
          }
        }
        out += tok;
        printed += tok.length;
        if (w && !col.right && w - printed > 0) out += ' '.repeat(w - printed);
      });
      return out + '\n';
    })
    .join('');
}

const SS_SHORT = 'dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO';
const SS_LONG: LongOption[] = [
  ['numeric', 'n'], ['resolve', 'r'], ['options', 'o'], ['extended', 'e'], ['memory', 'm'], ['info', 'i'],
  ['processes', 'p'], ['threads', 'T'], ['bpf', 'b'], ['events', 'E'], ['dccp', 'd'], ['tcp', 't'], ['sctp', 'S'],
  ['udp', 'u'], ['raw', 'w'], ['unix', 'x'], ['tipc', 'TIPC'], ['vsock', 'VSOCK'], ['all', 'a'], ['listening', 'l'],
  ['ipv4', '4'], ['ipv6', '6'], ['packet', '0'], ['family', 'f', 'required'], ['socket', 'A', 'required'],
  ['query', 'A', 'required'], ['summary', 's'], ['diag', 'D', 'required'], ['filter', 'F', 'required'],
  ['version', 'V'], ['help', 'h'], ['context', 'Z'], ['contexts', 'z'], ['net', 'N', 'required'],
  ['tipcinfo', 'TIPCINFO'], ['tos', 'TOS'], ['cgroup', 'CGROUP'], ['kill', 'K'], ['no-header', 'H'], ['xdp', 'XDP'],
  ['mptcp', 'M'], ['oneline', 'O'], ['inet-sockopt', 'SOCKOPT'],
].map(([name, key, arg]) => ({ name, key, arg: (arg ?? 'none') as LongOption['arg'] }));

function ss(ctx: CommandContext): number {
  const usage = () => {
    ctx.err(SS_USAGE);
    return 255;
  };
  const parsed = getopt('ss', ctx.argv.slice(1), { short: SS_SHORT, long: SS_LONG });
  if (!parsed.ok) {
    ctx.err(parsed.error);
    return usage();
  }
  const dbs = new Set<Db>();
  const families = new Set<Family>();
  let states = 0;
  let doDefault = true;
  let stateFilter = 0;
  let sawQuery = false;
  let numeric = false;
  let resolve = false;
  let processes = false;
  let details = false;
  let header = true;
  let summary = false;
  let diag = false;
  let fileFilter: string[] = [];
  const dbSet = (db: Db, enable = true) => {
    if (enable) {
      states |= DBS[db].states;
      dbs.add(db);
    } else dbs.delete(db);
    doDefault = false;
  };
  const afSet = (af: Family) => {
    states |= FAMILIES[af].states;
    families.add(af);
    doDefault = false;
  };
  for (const { key, value = '' } of parsed.opts) {
    switch (key) {
      case 'n': numeric = true; break;
      case 'r': resolve = true; break;
      case 'e': details = true; break;
      case 'p': processes = true; break;
      case 'd': dbSet('dccp'); break;
      case 't': dbSet('tcp'); break;
      case 'S': dbSet('sctp'); break;
      case 'u': dbSet('udp'); break;
      case 'w': dbSet('raw'); break;
      case 'M': dbSet('mptcp'); break;
      case 'TIPC': afSet('tipc'); break;
      case 'VSOCK': afSet('vsock'); break;
      case 'XDP': afSet('xdp'); break;
      case 'x': afSet('unix'); break;
      case '4': afSet('inet'); break;
      case '6': afSet('inet6'); break;
      case '0': afSet('packet'); break;
      case 'a': stateFilter = SS_ALL; break;
      case 'l': stateFilter = (1 << SS_LISTEN) | (1 << SS_CLOSE); break;
      case 'H': header = false; break;
      case 's': summary = true; break;
      case 'D': diag = true; break;
      case 'F': {
        // The filter read from a file (`-` is stdin); lines starting with `#` or `0` are skipped, as ss does.
        const file = value === '-' ? { ok: true as const, text: ctx.stdin } : readFile(ctx.host, resolvePath(ctx.session.cwd, value));
        if (!file.ok) {
          ctx.err(`fopen filter file: ${ERRNO[file.errno]}\n`);
          return 255;
        }
        fileFilter = file.text.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('0'));
        break;
      }
      case 'f':
        if (value === 'help') {
          ctx.out(SS_USAGE);
          return 0;
        }
        if (!Object.hasOwn(FAMILY_NAMES, value)) {
          ctx.err(`ss: "${value}" is invalid family\n`);
          return usage();
        }
        afSet(FAMILY_NAMES[value]);
        break;
      case 'A':
        if (!sawQuery) {
          dbs.clear();
          stateFilter ||= SS_CONN;
          sawQuery = true;
          doDefault = false;
        }
        for (const q of value.split(',')) {
          const name = q.startsWith('!') ? q.slice(1) : q;
          if (!Object.hasOwn(DB_NAMES, name)) {
            ctx.err(`ss: "${q}" is illegal socket table id\n`);
            return usage();
          }
          for (const db of DB_NAMES[name]) dbSet(db, !q.startsWith('!'));
        }
        break;
      case 'V':
        ctx.out('ss utility, iproute2-6.1.0\n');
        return 0;
      case 'h':
        ctx.out(SS_USAGE);
        return 0;
      case 'z':
      case 'Z':
        ctx.err('ss: SELinux is not enabled.\n');
        return 1;
      case 'N':
        ctx.err(`Cannot open network namespace "${value}": No such file or directory\n`);
        return 1;
      // Extra per-socket details (timers, memory, TCP info, TOS, BPF, socket options),
      // thread ids, killing, event following and one-line output change nothing for
      // listening sockets here, or are not modelled.
      default:
        break;
    }
  }
  const host = ctx.host;
  const socks = socketsOf(host);
  if (summary) {
    ctx.out(ssSummary(socks));
    if (doDefault && parsed.operands.length === 0) return 0;
  }
  const args = [...parsed.operands];
  let sawStates = false;
  while (args.length && (args[0] === 'state' || args[0] === 'exclude' || args[0] === 'excl')) {
    const word = args.shift()!;
    const name = args.shift();
    if (name === undefined) {
      ctx.err('Command line is not complete. Try option "help"\n');
      return 255;
    }
    const bits = scanState(name);
    if (bits === undefined) {
      ctx.err(`ss: wrong state name: ${name}\n`);
      return 255;
    }
    if (word === 'state') {
      if (!sawStates) stateFilter = 0;
      stateFilter |= bits;
    } else {
      if (!sawStates) stateFilter = SS_ALL;
      stateFilter &= ~bits;
    }
    sawStates = true;
  }
  if (doDefault) {
    stateFilter ||= SS_CONN;
    for (const db of DB_NAMES.all) dbs.add(db);
  }
  if (stateFilter) states = stateFilter;
  for (const db of dbs) if (!DBS[db].families.some((f) => families.has(f))) DBS[db].families.forEach((f) => families.add(f));
  for (const af of families) if (!FAMILIES[af].dbs.some((d) => dbs.has(d))) FAMILIES[af].dbs.forEach((d) => dbs.add(d));
  if (dbs.size === 0) {
    ctx.err('ss: no socket tables to show with such filter.\n');
    return 0;
  }
  if (families.size === 0) {
    ctx.err('ss: no families to show with such filter.\n');
    return 0;
  }
  if (states === 0) {
    ctx.err('ss: no socket states to show with such filter.\n');
    return 0;
  }
  if (diag) {
    if (!dbs.has('tcp')) ctx.err('ss: tcpdiag dump requested and no tcp in filter.\n');
    return 0;
  }
  let filter: Expr | undefined;
  try {
    filter = parseFilter(new Lexer([...args, ...fileFilter], host, dbs));
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    ctx.err(e.message);
    return e.usage ? usage() : e.exit;
  }

  const enabled = COLUMNS.map((_, i) => i).filter(
    (i) => !(i === COL_NETID && dbs.size === 1) && !(i === COL_STATE && (states & (states - 1)) === 0),
  );
  const shown = socks.filter((s) => dbs.has(s.proto) && families.has('inet') && states & (1 << s.state) && (!filter || matches(filter, s)));
  // ss lists UDP sockets before TCP ones.
  const ordered = [...shown.filter((s) => s.proto === 'udp'), ...shown.filter((s) => s.proto === 'tcp')];
  const root = isRoot(ctx);
  const addr = (ip: Ip) => (resolve ? hostsName(host, ip) ?? formatIp(ip) : formatIp(ip));
  const port = (p: number, proto: 'tcp' | 'udp') => (p === 0 ? '*' : numeric ? String(p) : serviceName(p, proto) ?? String(p));
  const lines: string[][] = [];
  if (header) lines.push(enabled.map((i) => COLUMNS[i].header));
  for (const s of ordered) {
    let proc = '';
    if (processes && root) proc += ` users:(("${s.comm}",pid=${s.pid},fd=${s.fd}))`;
    if (details) proc += ` ino:${s.ino} sk:${s.sk.toString(16)} cgroup:${s.cgroup} <->`;
    const fields = [
      s.proto, STATE_LABELS[s.state], String(s.rq).padEnd(6), String(s.wq).padEnd(6),
      `${addr(s.local)}:`, port(s.lport, s.proto), `${addr(s.remote)}:`, port(s.rport, s.proto), proc,
    ];
    lines.push(enabled.map((i) => fields[i]));
  }
  ctx.out(renderColumns(lines, enabled, ctx.isatty ? TERM_WIDTH : undefined, ordered.length > 0));
  return 0;
}

function ssSummary(socks: Sock[]): string {
  const tcp = socks.filter((s) => s.proto === 'tcp').length;
  const udp = socks.filter((s) => s.proto === 'udp').length;
  const row = (name: string, total: number, ip: number, ip6: number) =>
    `${name}\t  ${String(total).padEnd(9)} ${String(ip).padEnd(9)} ${String(ip6).padEnd(9)}\n`;
  return (
    `Total: ${socks.length}\n` +
    `TCP:   ${tcp} (estab 0, closed 0, orphaned 0, timewait 0)\n\n` +
    'Transport Total     IP        IPv6\n' +
    row('RAW', 0, 0, 0) + row('UDP', udp, udp, 0) + row('TCP', tcp, tcp, 0) + row('INET', tcp + udp, tcp + udp, 0) + row('FRAG', 0, 0, 0) +
    '\n'
  );
}

// --- netstat ---------------------------------------------------------------

const NETSTAT_SHORT = 'A:CFMacdeghilnNoprsStuUvVWw2fx64?Z';
const NETSTAT_LONG: LongOption[] = [
  ['inet', 'INET'], ['inet6', 'INET6'], ['unix', 'x'], ['version', 'V'], ['interfaces', 'i'], ['help', 'h'], ['route', 'r'],
  ['masquerade', 'M'], ['protocol', 'A', 'required'], ['tcp', 't'], ['sctp', 'S'], ['udp', 'u'], ['udplite', 'U'],
  ['raw', 'w'], ['l2cap', '2'], ['rfcomm', 'f'], ['listening', 'l'], ['all', 'a'], ['timers', 'o'],
  ['continuous', 'c'], ['extend', 'e'], ['programs', 'p'], ['verbose', 'v'], ['statistics', 's'], ['wide', 'W'],
  ['numeric', 'n'], ['numeric-hosts', 'NUMHOST'], ['numeric-ports', 'NUMPORT'], ['numeric-users', 'NUMUSER'],
  ['symbolic', 'N'], ['cache', 'C'], ['fib', 'F'], ['groups', 'g'], ['context', 'Z'],
].map(([name, key, arg]) => ({ name, key, arg: (arg ?? 'none') as LongOption['arg'] }));

const NETSTAT_VERSION = `net-tools 2.10
Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others
+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
`;

function netstat(ctx: CommandContext): number {
  const parsed = getopt('netstat', ctx.argv.slice(1), { short: NETSTAT_SHORT, long: NETSTAT_LONG });
  const usageError = () => {
    ctx.err(NETSTAT_USAGE + NETSTAT_AFLIST);
    return 3;
  };
  if (!parsed.ok) {
    ctx.err(parsed.error);
    return usageError();
  }
  const f = { all: false, lst: false, prg: false, exp: 1, wide: false, numHost: false, numPort: false, numUser: false, opt: false, route: false, ifaces: false, tcp: false, udp: false, unix: false, other: false, modes: 0 };
  for (const { key } of parsed.opts) {
    switch (key) {
      case 'a': f.all = true; break;
      case 'l': f.lst = true; break;
      case 'p': f.prg = true; break;
      case 'e': f.exp++; break;
      case 'W': f.wide = true; break;
      case 'n': f.numHost = f.numPort = f.numUser = true; break;
      case 'NUMHOST': f.numHost = true; break;
      case 'NUMPORT': f.numPort = true; break;
      case 'NUMUSER': f.numUser = true; break;
      case 'o': f.opt = true; break;
      case 'r': f.route = true; f.modes++; break;
      case 'i': f.ifaces = true; f.modes++; break;
      case 'M': case 's': f.modes++; break;
      case 't': f.tcp = true; break;
      case 'u': f.udp = true; break;
      case 'x': f.unix = true; break;
      case 'S': case 'U': case 'w': case '2': case 'f': f.other = true; break;
      case 'V':
        ctx.out(NETSTAT_VERSION);
        return 0;
      case 'h':
        ctx.out(NETSTAT_USAGE);
        ctx.err(NETSTAT_AFLIST);
        return 0;
      case '?':
        return usageError();
      case 'Z':
        ctx.err('SELinux is not enabled on this machine.\n');
        return 1;
      default:
        break;
    }
  }
  if (f.modes > 1) return usageError();
  if (f.route) {
    ctx.out(netstatRoutes(ctx, f.numHost, f.exp));
    return 0;
  }
  if (f.ifaces) {
    ctx.out(netstatIfaces(ctx, f.all));
    return 0;
  }
  if (f.modes > 0) return usageError(); // -M, -s: masquerade and protocol statistics are not modelled
  const host = ctx.host;
  const root = isRoot(ctx);
  const anyProto = f.tcp || f.udp || f.unix || f.other;
  let out = '';
  if (f.prg && !root) ctx.err(`(No info could be read for "-p": geteuid()=${USER_UID} but you should be root.)\n`);
  const mode = f.all ? '(servers and established)' : f.lst ? '(only servers)' : '(w/o servers)';
  const progCol = (s: string) => ` ${s.padEnd(20)}`;
  if (!anyProto || f.tcp || f.udp || f.other) {
    out += `Active Internet connections ${mode}\nProto Recv-Q Send-Q Local Address           Foreign Address         State      `;
    if (f.exp > 1) out += ' User       Inode     ';
    if (f.prg) out += progCol('PID/Program name');
    if (f.opt) out += ' Timer';
    out += '\n';
    const socks = socketsOf(host);
    const hostName = (ip: Ip) => (f.numHost || ip === 0 ? formatIp(ip) : ip === 0x7f000001 ? 'localhost' : hostsName(host, ip) ?? formatIp(ip));
    const endpoint = (ip: Ip, p: number, proto: 'tcp' | 'udp') => {
      const a = hostName(ip);
      const sp = p === 0 ? '*' : f.numPort ? String(p) : serviceName(p, proto) ?? String(p);
      if (f.wide || a.length + sp.length <= 22) return `${a}:${sp}`;
      const portLen = Math.min(sp.length, 22 - 4);
      return `${a.slice(0, 22 - portLen)}:${sp.slice(0, portLen)}`;
    };
    const tail = (s: Sock) => {
      let t = '';
      if (f.exp > 1) t += ` ${(f.numUser ? '0' : 'root').padEnd(10)} ${String(s.ino).padEnd(10)}`;
      if (f.prg) t += progCol(root ? `${s.pid}/${s.program}`.slice(0, 19) : '-');
      if (f.opt) t += ' off (0.00/0/0)';
      return t + '\n';
    };
    // Listening sockets only exist here: `-a` and `-l` show them, the default (w/o servers) does not.
    const listed = f.all || f.lst;
    if (listed && (!anyProto || f.tcp)) {
      for (const s of socks.filter((x) => x.proto === 'tcp')) {
        const local = endpoint(s.local, s.lport, 'tcp');
        const remote = endpoint(s.remote, s.rport, 'tcp');
        out += `tcp   ${String(s.rq).padStart(6)} ${String(0).padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${'LISTEN'.padEnd(11)}` + tail(s);
      }
    }
    if (listed && (!anyProto || f.udp)) {
      for (const s of socks.filter((x) => x.proto === 'udp')) {
        out += `udp   ${String(s.rq).padStart(6)} ${String(s.wq).padStart(6)} ${endpoint(s.local, s.lport, 'udp').padEnd(23)} ${endpoint(s.remote, s.rport, 'udp').padEnd(23)} ${''.padEnd(11)}` + tail(s);
      }
    }
  }
  if (!anyProto || f.unix) {
    out += `Active UNIX domain sockets ${mode}\nProto RefCnt Flags       Type       State         I-Node  `;
    if (f.prg) out += progCol('PID/Program name');
    out += ' Path\n';
  }
  ctx.out(out);
  return 0;
}

/** `netstat -i`: packet counters of the (up, or with -a all) interfaces, by name. */
function netstatIfaces(ctx: CommandContext, all: boolean): string {
  let out = 'Kernel Interface table\nIface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n';
  const ifaces = ctx.host.ifaces.filter((i) => all || i.up).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  for (const i of ifaces) {
    const flags = (i.kind === 'loopback' ? 'L' : 'BM') + (isOperUp(ctx.world, ctx.host, i) ? 'R' : '') + (i.up ? 'U' : '');
    out += `${i.name.slice(0, 15).padEnd(15)} ${String(i.mtu).padStart(5)} ${String(i.stats.rxPackets).padStart(8)}      0      0 0      ${String(i.stats.txPackets).padStart(8)}      0      0      0 ${flags}\n`;
  }
  return out;
}

/** `netstat -r`: the main routing table as /proc/net/route lists it. */
function netstatRoutes(ctx: CommandContext, numeric: boolean, exp: number): string {
  const host = ctx.host;
  // netstat swaps its default and first -e layouts for the routing table.
  const ext = exp === 2 ? 1 : exp === 1 ? 2 : exp;
  let out = 'Kernel IP routing table\n';
  if (ext === 1) out += 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
  else if (ext === 2) out += 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n';
  else out += 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n';
  const name = (ip: Ip) => (numeric ? formatIp(ip) : hostsName(host, ip) ?? formatIp(ip));
  for (const r of tableRoutes(ctx.world, host, 'main')) {
    const reject = r.type !== undefined && r.type !== 'unicast';
    const dst = !numeric && r.dst === 0 && r.prefix === 0 ? 'default' : numeric || r.prefix < 32 ? formatIp(r.dst) : name(r.dst);
    const gw = r.via === undefined ? '0.0.0.0' : name(r.via);
    const mask = formatIp(r.prefix === 0 ? 0 : (0xffffffff << (32 - r.prefix)) >>> 0);
    const flags = reject ? '!' + (r.prefix === 32 ? 'H' : '') : 'U' + (r.via !== undefined ? 'G' : '') + (r.prefix === 32 ? 'H' : '');
    const col = (s: string) => s.slice(0, 15).padEnd(15);
    const metric = r.metric ?? 0;
    if (ext === 1) {
      out += reject
        ? `${col(dst)} -               ${col(mask)} ${flags.padEnd(5)} ${String(metric).padEnd(6)} -  ${'0'.padStart(7)} -\n`
        : `${col(dst)} ${col(gw)} ${col(mask)} ${flags.padEnd(5)} ${String(metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${r.dev}\n`;
    } else if (ext === 2) {
      out += reject
        ? `${col(dst)} -               ${col(mask)} ${flags.padEnd(5)}     - -          - -\n`
        : `${col(dst)} ${col(gw)} ${col(mask)} ${flags.padEnd(5)} ${'0'.padStart(5)} ${'0'.padEnd(5)} ${'0'.padStart(6)} ${r.dev}\n`;
    } else {
      out += reject
        ? `${col(dst)} -               ${col(mask)} ${flags.padEnd(5)} ${String(metric).padEnd(6)} -  ${'0'.padStart(7)} -        -     -      -\n`
        : `${col(dst)} ${col(gw)} ${col(mask)} ${flags.padEnd(5)} ${String(metric).padEnd(6)} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${r.dev.slice(0, 6).padEnd(6)}   ${'0'.padEnd(5)} ${'0'.padEnd(6)} 0\n`;
    }
  }
  return out;
}

export const socketCommands: Record<string, CommandSpec> = {
  ss: { run: ss, summary: 'list sockets (iproute2)', reads: (argv) => !shortHas(argv, 'K') && !argv.includes('--kill') },
  netstat: { run: netstat, summary: 'list sockets and routes (net-tools)', reads: always },
};

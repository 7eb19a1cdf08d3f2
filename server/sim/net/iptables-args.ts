// iptables' command line as v1.8.9 (nf_tables) parses it: getopt_long whose option table
// grows as -m and -j load extensions (so unique prefixes and implicit `-p tcp` matches work
// as they do there), with the tool's error texts, exit codes and the order it finds them in.
import type { Ip } from './ip.js';
import {
  LIMIT_DEFAULT, LOG_LEVELS, REJECT_TYPES, numericToIp, paramError, parseAddress, parseIcmpType, parsePort, parsePortRange, parseProto,
  parseRate, parseStates, parseTcpFlags, plainError, strtoui, type IptError, type Resolver,
} from './iptables-ext.js';
import type { Counters, IptMatch, IptModule, IptRule, IptTarget, Proto, RejectWith } from '../world/types.js';

/** iptables' commands, as their option letters ('D#' and 'Z#' take a rule number). */
export type CmdLetter = 'A' | 'C' | 'D' | 'D#' | 'I' | 'R' | 'L' | 'S' | 'F' | 'Z' | 'Z#' | 'N' | 'X' | 'E' | 'P' | 'V' | 'h';

export interface IptCommand {
  /** The command; `zero` is set when -Z comes with -L or -S. */
  cmd: CmdLetter;
  zero: boolean;
  table: string;
  chain?: string;
  rulenum?: number;
  newName?: string;
  policy?: string;
  numeric: boolean;
  verbose: number;
  exact: boolean;
  lineNumbers: boolean;
  /** The rule of -A/-I/-R/-D/-C. */
  rule?: IptRule;
  /** -c PKTS BYTES */
  counters?: Counters;
}

interface Opt {
  name: string;
  arg: 0 | 1 | 2;
  owner: string;
  id: string;
}

const BASE_OPTS: Opt[] = (
  [
    ['append', 1, 'A'], ['delete', 1, 'D'], ['check', 1, 'C'], ['insert', 1, 'I'], ['replace', 1, 'R'],
    ['list', 2, 'L'], ['list-rules', 2, 'S'], ['flush', 2, 'F'], ['zero', 2, 'Z'], ['new-chain', 1, 'N'],
    ['delete-chain', 2, 'X'], ['rename-chain', 1, 'E'], ['policy', 1, 'P'], ['source', 1, 's'], ['destination', 1, 'd'],
    ['src', 1, 's'], ['dst', 1, 'd'], ['protocol', 1, 'p'], ['in-interface', 1, 'i'], ['jump', 1, 'j'], ['table', 1, 't'],
    ['match', 1, 'm'], ['numeric', 0, 'n'], ['out-interface', 1, 'o'], ['verbose', 0, 'v'], ['wait', 2, 'w'],
    ['wait-interval', 2, 'W'], ['exact', 0, 'x'], ['fragments', 0, 'f'], ['version', 0, 'V'], ['help', 2, 'h'],
    ['line-numbers', 0, '0'], ['modprobe', 1, 'M'], ['set-counters', 1, 'c'], ['goto', 1, 'g'], ['ipv4', 0, '4'], ['ipv6', 0, '6'],
  ] as const
).map(([name, arg, id]) => ({ name, arg, owner: 'base', id }));

// Short options: letter -> 0 none, 1 required, 2 optional (attached only).
const SHORT: Record<string, 0 | 1 | 2> = {
  A: 1, C: 1, D: 1, R: 1, I: 1, L: 2, S: 2, M: 1, F: 2, Z: 2, N: 1, X: 2, E: 1, P: 1, V: 0, h: 2,
  o: 1, p: 1, s: 1, d: 1, j: 1, i: 1, f: 0, b: 0, v: 0, w: 2, W: 2, n: 0, t: 1, m: 1, x: 0, c: 1, g: 1, '4': 0, '6': 0,
};

/** An extension's long options: [name, id, takes an argument (default yes)]. */
type Ext = { owner: string; opts: [string, string, boolean?][] };

const MATCH_EXTS: Record<IptModule, Ext> = {
  tcp: {
    owner: 'tcp',
    opts: [['source-port', 'sport'], ['sport', 'sport'], ['destination-port', 'dport'], ['dport', 'dport'], ['syn', 'syn', false], ['tcp-flags', 'tcp-flags']],
  },
  udp: { owner: 'udp', opts: [['source-port', 'sport'], ['sport', 'sport'], ['destination-port', 'dport'], ['dport', 'dport']] },
  icmp: { owner: 'icmp', opts: [['icmp-type', 'icmp-type']] },
  multiport: {
    owner: 'multiport',
    opts: [['source-ports', 'source-ports'], ['sports', 'source-ports'], ['destination-ports', 'destination-ports'], ['dports', 'destination-ports']],
  },
  conntrack: { owner: 'conntrack', opts: [['ctstate', 'ctstate']] },
  state: { owner: 'state', opts: [['state', 'state']] },
  comment: { owner: 'comment', opts: [['comment', 'comment']] },
  limit: { owner: 'limit', opts: [['limit', 'limit'], ['limit-burst', 'limit-burst']] },
  statistic: { owner: 'statistic', opts: [['mode', 'mode'], ['probability', 'probability']] },
  mark: { owner: 'mark', opts: [['mark', 'mark']] },
};

type TargetName = 'REJECT' | 'LOG' | 'DNAT' | 'SNAT' | 'MASQUERADE' | 'MARK';
const TARGET_EXTS: Record<TargetName, Ext> = {
  REJECT: { owner: 'REJECT', opts: [['reject-with', 'reject-with']] },
  LOG: { owner: 'LOG', opts: [['log-level', 'log-level'], ['log-prefix', 'log-prefix']] },
  DNAT: { owner: 'DNAT', opts: [['to-destination', 'to-destination']] },
  SNAT: { owner: 'SNAT', opts: [['to-source', 'to-source']] },
  MASQUERADE: { owner: 'MASQUERADE', opts: [['random-fully', 'random-fully', false]] },
  MARK: { owner: 'MARK', opts: [['set-xmark', 'set-xmark'], ['set-mark', 'set-mark'], ['and-mark', 'and-mark'], ['or-mark', 'or-mark'], ['xor-mark', 'xor-mark']] },
};

/** libxt_mark's VALUE[/MASK] (strtoul base 0, 32 bits); the mask defaults to all ones. */
function parseMarkMask(text: string): { value: number; mask: number } | undefined {
  const slash = text.indexOf('/');
  const value = strtoui(slash < 0 ? text : text.slice(0, slash), 0, 0xffffffff);
  const mask = slash < 0 ? 0xffffffff : strtoui(text.slice(slash + 1), 0, 0xffffffff);
  return value === null || mask === null ? undefined : { value, mask };
}
const STANDARD_TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'];

/** Names `-N` refuses because a target extension of that name exists. */
export const TARGET_NAMES = new Set([
  ...STANDARD_TARGETS, 'REJECT', 'LOG', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TRACE', 'NFLOG',
  'NFQUEUE', 'TCPMSS', 'TOS', 'TTL', 'DSCP', 'ECN', 'CLASSIFY', 'AUDIT', 'CHECKSUM', 'CLUSTERIP', 'HMARK', 'IDLETIMER', 'LED',
  'NETMAP', 'RATEEST', 'SECMARK', 'CONNSECMARK', 'SET', 'SYNPROXY', 'TEE', 'TPROXY', 'ULOG', 'standard', '',
]);

/** Option-column letters in the order of iptables' command/option compatibility table. */
const OPT_ORDER = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'] as const;
type OptLetter = (typeof OPT_ORDER)[number];
// Per command: the options it refuses ('x'), in OPT_ORDER.
const ILLEGAL: Record<string, string> = {
  I: 'x     x  x  ', D: 'x     x  xx ', 'D#': 'xxxxx xxxxxx', R: 'x     x  x  ', A: 'x     x  x  ',
  L: ' xxxx  xx xx', F: 'xxxxx xxxxxx', Z: 'xxxxx xxxxxx', N: 'xxxxx xxxxxx', X: 'xxxxx xxxxxx',
  P: 'xxxxx xxxx x', E: 'xxxxx xxxxxx', S: 'xxxxx xxxxxx', 'Z#': 'xxxxx xxxxxx', C: 'x     x  xx ',
};

const RULE_CMDS = new Set<CmdLetter>(['A', 'C', 'D', 'I', 'R']);

interface MatchState {
  name: IptModule;
  used: Set<string>;
}

class Parser {
  readonly argv: string[];
  i = 0;
  cmds: CmdLetter[] = [];
  options = new Set<OptLetter>();
  invert = false;
  table = 'filter';
  chain?: string;
  rulenum?: number;
  newName?: string;
  policy?: string;
  verbose = 0;
  proto?: Proto | 'all';
  protoUsed = false;
  src?: { text: string; neg: boolean };
  dst?: { text: string; neg: boolean };
  match: IptMatch = {};
  matches: MatchState[] = [];
  jumpto?: string;
  target?: { name: TargetName; used: Set<string> };
  targetData: { rejectWith?: RejectWith; level?: number; prefix?: string; to?: { ip: Ip; port?: number }; mark?: { value: number; mask: number }; randomFully?: boolean } = {};
  counters?: Counters;

  constructor(argv: string[], private resolve?: Resolver) {
    this.argv = argv;
  }

  /** xs_has_arg: the next word exists and is not an option or `!`. */
  private hasArg(): boolean {
    const a = this.argv[this.i];
    return a !== undefined && a[0] !== '-' && a[0] !== '!';
  }

  private opts(): Opt[] {
    const extOpts = (e: Ext): Opt[] => e.opts.map(([name, id, arg]) => ({ name, arg: arg === false ? 0 : 1, owner: e.owner, id }));
    const loaded = [...this.matches].reverse().map((m) => extOpts(MATCH_EXTS[m.name]));
    const target = this.target ? extOpts(TARGET_EXTS[this.target.name]) : [];
    return [...BASE_OPTS, ...target, ...loaded.flat()];
  }

  /** getopt_long's lookup: an exact name, or a prefix that names one option (aliases count once). */
  private findLong(name: string): Opt | undefined {
    const all = this.opts();
    const exact = all.find((o) => o.name === name);
    if (exact) return exact;
    const cands = all.filter((o) => o.name.startsWith(name));
    if (!cands.length) return undefined;
    const first = cands[0];
    return cands.every((o) => o.owner === first.owner && o.id === first.id && o.arg === first.arg) ? first : undefined;
  }

  parse(): IptCommand | IptError | { version: true } {
    const argv = this.argv;
    while (this.i < argv.length) {
      const tok = argv[this.i++];
      if (tok.startsWith('--') && tok.length > 2) {
        const eq = tok.indexOf('=');
        const name = tok.slice(2, eq < 0 ? undefined : eq);
        let opt = this.findLong(name);
        if (!opt && this.loadProtoMatch()) opt = this.findLong(name);
        if (!opt) return paramError(`unknown option "${tok}"`);
        let value: string | undefined;
        if (eq >= 0) {
          if (opt.arg === 0) return paramError(`unknown option "${tok}"`);
          value = tok.slice(eq + 1);
        } else if (opt.arg === 1) {
          if (this.i >= argv.length) return paramError(`option "${tok}" requires an argument`);
          value = argv[this.i++];
        }
        const r = opt.owner === 'base' ? this.base(opt.id, value, argv[this.i - 1]) : this.ext(opt, value ?? '');
        if (r) return r;
        continue;
      }
      if (tok.length > 1 && tok[0] === '-' && tok !== '--') {
        for (let j = 1; j < tok.length; j++) {
          const c = tok[j];
          const kind = SHORT[c];
          // getopt's argv[optind-1]: the word itself once its last letter is read, else the one before
          const word = j === tok.length - 1 ? tok : argv[this.i - 2] ?? 'iptables';
          if (kind === undefined) return paramError(`unknown option "${word}"`);
          let value: string | undefined;
          let raw = tok;
          const rest = tok.slice(j + 1);
          if (kind === 1) {
            if (rest) value = rest;
            else if (this.i < argv.length) value = raw = argv[this.i++];
            else return paramError(`option "${tok}" requires an argument`);
            j = tok.length;
          } else if (kind === 2 && rest) {
            value = rest;
            j = tok.length;
          }
          const r = this.base(c, value, raw);
          if (r) return r;
        }
        continue;
      }
      if (tok === '--') continue;
      if (tok === '!') {
        if (this.invert) return paramError('multiple consecutive ! not allowed');
        this.invert = true;
        continue;
      }
      return plainError(`Bad argument \`${tok}'\nTry \`iptables -h' or 'iptables --help' for more information.\n`, 2);
    }
    return this.finish();
  }

  /** An unknown option after -p tcp/udp/icmp loads that protocol's match and retries (as iptables does). */
  private loadProtoMatch(): boolean {
    if (this.protoUsed || !this.proto || this.proto === 'all') return false;
    this.protoUsed = true;
    if (this.matches.some((m) => m.name === this.proto)) return false;
    this.matches.push({ name: this.proto, used: new Set() });
    return true;
  }

  private addCommand(cmd: CmdLetter, others: CmdLetter[] = []): IptError | undefined {
    if (this.invert) return paramError("unexpected '!' flag");
    const clash = this.cmds.find((c) => !others.includes(c));
    if (clash) return paramError(`Cannot use -${cmd[0]} with -${clash[0]}`);
    this.cmds.push(cmd);
    return undefined;
  }

  private setOption(o: OptLetter, invertible = false): IptError | undefined {
    if (this.options.has(o)) return paramError(`multiple -${o} flags not allowed`);
    if (this.invert && !invertible) return paramError(`cannot have ! before -${o}`);
    this.options.add(o);
    return undefined;
  }

  private base(c: string, value: string | undefined, raw: string): IptError | { version: true } | undefined {
    const r = this.baseOption(c, value, raw);
    this.invert = false;
    return r;
  }

  private baseOption(c: string, value: string | undefined, raw: string): IptError | { version: true } | undefined {
    switch (c) {
      case 'A': case 'C': case 'N': case 'E': case 'P': case 'R': case 'I': case 'D': {
        const err = this.addCommand(c === 'D' && this.hasArg() ? 'D#' : (c as CmdLetter));
        if (err) return err;
        this.chain = value;
        if (c === 'N') {
          if (value!.startsWith('-') || value!.startsWith('!')) return paramError(`chain name not allowed to start with \`${value![0]}'`);
          if (TARGET_NAMES.has(value!)) return paramError('chain name may not clash with target name');
        }
        if (c === 'I' || c === 'R' || c === 'D') {
          if (this.hasArg()) {
            const n = strtoui(this.argv[this.i++], 1, 2147483647);
            if (n === null) return paramError(`Invalid rule number \`${this.argv[this.i - 1]}'`);
            this.rulenum = n;
          } else if (c === 'R') return paramError('-R requires a rule number');
          else if (c === 'I') this.rulenum = 1;
        }
        if (c === 'P') {
          if (!this.hasArg()) return paramError('-P requires a chain and a policy');
          this.policy = this.argv[this.i++];
        }
        if (c === 'E') {
          if (!this.hasArg()) return paramError('-E requires old-chain-name and new-chain-name');
          this.newName = this.argv[this.i++];
        }
        return undefined;
      }
      case 'L': case 'S': case 'F': case 'Z': case 'X': {
        const others: Record<string, CmdLetter[]> = { L: ['Z', 'Z#'], S: ['Z', 'Z#'], Z: ['L', 'S'] };
        const err = this.addCommand(c as CmdLetter, others[c]);
        if (err) return err;
        if (value !== undefined) this.chain = value;
        else if (this.hasArg()) this.chain = this.argv[this.i++];
        if ((c === 'L' || c === 'S' || c === 'Z') && this.hasArg()) {
          const n = strtoui(this.argv[this.i++], 1, 2147483647);
          if (n === null) return paramError(`Invalid rule number \`${this.argv[this.i - 1]}'`);
          this.rulenum = n;
          if (c === 'Z') this.cmds[this.cmds.length - 1] = 'Z#';
        }
        return undefined;
      }
      case 'V':
        return { version: true };
      case 'h':
        return this.addCommand('h');
      case 'p': {
        const err = this.setOption('p', true);
        if (err) return err;
        // iptables reads the protocol from the last word getopt consumed: "-ptcp" is not "tcp"
        const text = raw.toLowerCase();
        const proto = parseProto(text);
        if (proto === null) return paramError(`unknown protocol "${text}" specified`);
        if (proto === 'all' && this.invert) return paramError('rule would never match protocol');
        this.proto = proto;
        this.match.proto = proto;
        if (this.invert) this.match.protoNeg = true;
        return undefined;
      }
      case 's': case 'd': {
        const err = this.setOption(c, true);
        if (err) return err;
        this[c === 's' ? 'src' : 'dst'] = { text: value!, neg: this.invert };
        return undefined;
      }
      case 'i': case 'o': {
        const err = this.setOption(c, true);
        if (err) return err;
        if (value!.length >= 16) return paramError(`interface name \`${value}' must be shorter than IFNAMSIZ (15)`);
        // "+" matches every interface: no match at all
        if (value === '+' && !this.invert) return undefined;
        this.match[c === 'i' ? 'in' : 'out'] = this.invert ? { name: value!, neg: true } : { name: value! };
        return undefined;
      }
      case 'j': {
        const err = this.setOption('j');
        if (err) return err;
        const name = value!;
        if (!name) return paramError('Invalid target name (too short)');
        if (name.length >= 29) return paramError(`Invalid target name \`${name}' (28 chars max)`);
        if (/\s/.test(name)) return paramError(`Invalid target name \`${name}'`);
        this.jumpto = name;
        if (name in TARGET_EXTS) this.target = { name: name as TargetName, used: new Set() };
        return undefined;
      }
      case 'm': {
        if (this.invert) return paramError('unexpected ! flag before --match');
        const ext = value as IptModule;
        if (!(ext in MATCH_EXTS)) return paramError(`Couldn't load match \`${value}':No such file or directory\n`);
        this.matches.push({ name: ext, used: new Set() });
        return undefined;
      }
      case 't':
        if (this.invert) return paramError('unexpected ! flag before --table');
        this.table = value!;
        return undefined;
      case 'n': case 'x': case '0':
        return this.setOption(c);
      case 'v':
        if (!this.verbose) {
          const err = this.setOption('v');
          if (err) return err;
        }
        this.verbose++;
        return undefined;
      case 'w': case 'W':
        if (value === undefined && this.hasArg()) this.i++;
        return undefined;
      case 'c': {
        const err = this.setOption('c');
        if (err) return err;
        const pkts = strtoui(value!, 0, Number.MAX_SAFE_INTEGER);
        if (pkts === null) return paramError('-c packet counter not numeric');
        if (!this.hasArg()) return paramError('-c requires packet and byte counter');
        const bytes = strtoui(this.argv[this.i++], 0, Number.MAX_SAFE_INTEGER);
        if (bytes === null) return paramError('-c byte counter not numeric');
        this.counters = { pkts, bytes };
        return undefined;
      }
      case '4': case 'M':
        return undefined;
      default:
        return paramError(`unknown option "${raw.startsWith('--') ? raw : '-' + c}"`);
    }
  }

  private ext(opt: Opt, value: string): IptError | undefined {
    const r = this.extOption(opt, value);
    this.invert = false;
    return r;
  }

  private x6Once(owner: string, used: Set<string>, id: string, invertible: boolean): IptError | undefined {
    if (used.has(id)) return paramError(`${owner}: option "--${id}" can only be used once.\n`);
    if (this.invert && !invertible) return paramError(`${owner}: option "--${id}" cannot be inverted.\n`);
    used.add(id);
    return undefined;
  }

  private extOption(opt: Opt, value: string): IptError | undefined {
    const m = this.match;
    const neg = this.invert;
    if (opt.owner in TARGET_EXTS) {
      const t = this.target!;
      const err = this.x6Once(opt.owner, t.used, opt.id, false);
      if (err) return err;
      switch (opt.id) {
        case 'reject-with': {
          const hit = REJECT_TYPES.find(([n, a]) => n.startsWith(value.toLowerCase()) || a.startsWith(value.toLowerCase()));
          if (!hit) return paramError(`unknown reject type "${value}"`);
          this.targetData.rejectWith = hit[0];
          return undefined;
        }
        case 'log-level': {
          const level = value in LOG_LEVELS ? LOG_LEVELS[value] : strtoui(value, 0, 7);
          if (level === null) return paramError(`log level "${value}" unknown\n`);
          this.targetData.level = level;
          return undefined;
        }
        case 'log-prefix':
          this.targetData.prefix = value.slice(0, 29);
          return undefined;
        case 'to-destination': case 'to-source': {
          const to = this.parseNatTo(value);
          if ('ok' in to) return to;
          this.targetData.to = to;
          return undefined;
        }
        case 'random-fully':
          this.targetData.randomFully = true;
          return undefined;
        case 'set-xmark': case 'set-mark': case 'and-mark': case 'or-mark': case 'xor-mark': {
          const masked = opt.id === 'set-xmark' || opt.id === 'set-mark';
          const mm = masked ? parseMarkMask(value) : ((v) => (v === null ? undefined : { value: v, mask: 0xffffffff }))(strtoui(value, 0, 0xffffffff));
          if (!mm) return paramError(masked ? `Bad MARK value "${value}"` : `MARK: bad value for option "--${opt.id}", or out of range (0-4294967295).\n`);
          // libxt_MARK keeps every form as an xset: value and the bits it touches.
          const v = mm.value >>> 0;
          const forms: Record<string, { value: number; mask: number }> = {
            'set-xmark': { value: v, mask: mm.mask },
            'set-mark': { value: v, mask: (v | mm.mask) >>> 0 },
            'and-mark': { value: 0, mask: ~v >>> 0 },
            'or-mark': { value: v, mask: v },
            'xor-mark': { value: v, mask: 0 },
          };
          this.targetData.mark = forms[opt.id];
          return undefined;
        }
      }
      return undefined;
    }
    const state = [...this.matches].reverse().find((s) => s.name === opt.owner)!;
    switch (opt.owner) {
      case 'tcp': case 'udp': {
        if (opt.id === 'syn' || opt.id === 'tcp-flags') {
          if (m.tcpFlags) return paramError("Only one of `--syn' or `--tcp-flags'  allowed");
          let flags = { mask: 0x17, comp: 0x02 };
          if (opt.id === 'tcp-flags') {
            if (!this.hasArg()) return paramError('--tcp-flags requires two args.');
            const mask = parseTcpFlags(value);
            if (typeof mask !== 'number') return mask;
            const comp = parseTcpFlags(this.argv[this.i++]);
            if (typeof comp !== 'number') return comp;
            flags = { mask, comp };
          }
          m.tcpFlags = neg ? { ...flags, neg: true } : flags;
          return undefined;
        }
        const which = opt.id as 'sport' | 'dport';
        if (state.used.has(which)) return paramError(`Only one \`--${which === 'sport' ? 'source' : 'destination'}-port' allowed`);
        state.used.add(which);
        const pm = parsePortRange(value, opt.owner);
        if ('ok' in pm) return pm;
        m[which] = neg ? { ...pm, neg: true } : pm;
        return undefined;
      }
      case 'icmp': {
        const err = this.x6Once('icmp', state.used, 'icmp-type', true);
        if (err) return err;
        const t = parseIcmpType(value);
        if (typeof t !== 'string') return t;
        m.icmpType = t;
        if (neg) m.icmpTypeNeg = true;
        return undefined;
      }
      case 'multiport': {
        const other = opt.id === 'source-ports' ? 'destination-ports' : 'source-ports';
        if (state.used.has(opt.id)) return paramError(`multiport: option "--${opt.id}" can only be used once.\n`);
        if (state.used.has(other)) return paramError(`multiport: option "--${opt.id}" cannot be used together with "--${other}".\n`);
        state.used.add(opt.id);
        if (this.match.protoNeg) return paramError('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
        if (this.proto !== 'tcp' && this.proto !== 'udp') return paramError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
        const ports: (number | [number, number])[] = [];
        let count = 0;
        for (const p of value.split(',')) {
          const colon = p.indexOf(':');
          const a = colon < 0 ? p : p.slice(0, colon);
          const b = colon < 0 ? undefined : p.slice(colon + 1);
          const from = parsePort(a, this.proto);
          if (typeof from !== 'number') return from;
          if (b === undefined) ports.push(from);
          else {
            const to = parsePort(b, this.proto);
            if (typeof to !== 'number') return to;
            if (from > to) return paramError('invalid portrange specified');
            ports.push([from, to]);
          }
          count += b === undefined ? 1 : 2;
        }
        if (count > 15) return paramError('too many ports specified');
        m[opt.id === 'source-ports' ? 'sports' : 'dports'] = ports;
        if (neg) m.multiportNeg = true;
        return undefined;
      }
      case 'conntrack': case 'state': {
        const err = this.x6Once(opt.owner, state.used, opt.id, true);
        if (err) return err;
        const states = parseStates(value, opt.owner === 'state' ? 'state' : 'ctstate');
        if ('ok' in states) return states;
        m.ctstate = states;
        if (neg) m.ctstateNeg = true;
        return undefined;
      }
      case 'comment': {
        const err = this.x6Once('comment', state.used, 'comment', false);
        if (err) return err;
        m.comment = value.slice(0, 255);
        return undefined;
      }
      case 'limit': {
        const err = this.x6Once('limit', state.used, opt.id, false);
        if (err) return err;
        const limit = m.limit ?? { ...LIMIT_DEFAULT };
        if (opt.id === 'limit') {
          const avg = parseRate(value);
          if (typeof avg !== 'number') return avg;
          limit.avg = avg;
        } else {
          const burst = strtoui(value, 0, 10000);
          if (burst === null) return paramError(`limit: bad value for option "--limit-burst", or out of range (0-10000).\n`);
          limit.burst = burst || LIMIT_DEFAULT.burst;
        }
        m.limit = limit;
        return undefined;
      }
      case 'mark': {
        const err = this.x6Once('mark', state.used, 'mark', true);
        if (err) return err;
        const mm = parseMarkMask(value);
        if (!mm) return paramError(`Bad MARK value "${value}"`);
        m.mark = neg ? { ...mm, neg: true } : mm;
        return undefined;
      }
      case 'statistic': {
        const err = this.x6Once('statistic', state.used, opt.id, opt.id === 'probability');
        if (err) return err;
        if (opt.id === 'mode') {
          if (value !== 'random') return paramError(`statistic: Bad value for "--mode" option: "${value}"`);
          m.statistic ??= { probability: 0 };
          return undefined;
        }
        const p = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : NaN;
        if (!(p >= 0 && p <= 1)) return paramError('--probability must be between 0 and 1');
        m.statistic = { probability: Math.round(0x80000000 * p), ...(neg ? { neg: true } : {}) };
        return undefined;
      }
    }
    return undefined;
  }

  /** DNAT --to-destination / SNAT --to-source: IP[:port]. */
  private parseNatTo(value: string): { ip: Ip; port?: number } | IptError {
    const colon = value.indexOf(':');
    const ipText = colon < 0 ? value : value.slice(0, colon);
    const ip = /^\d+\.\d+\.\d+\.\d+$/.test(ipText) ? numericToIp(ipText) : null;
    if (ip === null) return paramError(`Bad IP address "${ipText}"`);
    if (colon < 0) return { ip };
    if (this.proto !== 'tcp' && this.proto !== 'udp') return paramError('Need TCP, UDP, SCTP or DCCP with port specification');
    const portText = value.slice(colon + 1);
    const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) return paramError(`Port \`${portText}' not valid`);
    return { ip, port };
  }

  private finish(): IptCommand | IptError {
    if (!this.cmds.length) return paramError('no command specified');
    if (this.invert) return paramError('nothing appropriate following !');
    if (this.table === 'nat' && (this.policy === 'DROP' || this.jumpto === 'DROP')) {
      return paramError('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
    }
    for (const s of this.matches) {
      if (s.name === 'icmp' && !s.used.size) return paramError('icmp: option "--icmp-type" must be specified\n');
      if (s.name === 'multiport' && !s.used.size) return paramError('multiport expection an option');
      if (s.name === 'conntrack' && !s.used.size) return paramError('conntrack: At least one option is required');
      if (s.name === 'state' && !s.used.size) return paramError('state: option "--state" must be specified\n');
      if (s.name === 'comment' && !s.used.size) return paramError('comment: option "--comment" must be specified\n');
      if (s.name === 'statistic' && !s.used.has('mode')) return paramError('statistic: option "--mode" must be specified\n');
      if (s.name === 'mark' && !s.used.size) return paramError('mark: option "--mark" must be specified\n');
    }
    if (this.target?.name === 'DNAT' && !this.targetData.to) return paramError('DNAT: option "--to-destination" must be specified\n');
    if (this.target?.name === 'SNAT' && !this.targetData.to) return paramError('SNAT: option "--to-source" must be specified\n');
    if (this.target?.name === 'MARK' && !this.targetData.mark) return paramError('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
    for (const [key, a] of [['src', this.src], ['dst', this.dst]] as const) {
      if (!a) continue;
      const addr = parseAddress(a.text, this.resolve);
      if ('ok' in addr) return addr;
      if (addr.prefix === 0 && !a.neg) continue;
      this.match[key] = a.neg ? { ...addr, neg: true } : addr;
    }
    const primary = this.cmds.find((c) => c !== 'Z' && c !== 'Z#') ?? this.cmds[0];
    for (const o of OPT_ORDER) {
      if (!this.options.has(o)) continue;
      const verdicts = this.cmds.map((c) => ILLEGAL[c]?.[OPT_ORDER.indexOf(o)] === 'x');
      if (verdicts.length && verdicts.every(Boolean)) return paramError(`Illegal option \`-${o}' with this command`);
    }
    if (this.chain !== undefined && this.chain.length >= 29) return paramError(`chain name \`${this.chain}' too long (must be under 29 chars)`);
    if (primary === 'N' && /\s/.test(this.chain!)) return paramError(`Invalid chain name \`${this.chain}'`);
    if (RULE_CMDS.has(primary)) {
      if ((this.chain === 'PREROUTING' || this.chain === 'INPUT') && this.match.out) return paramError(`Can't use -o with ${this.chain}\n`);
      if ((this.chain === 'POSTROUTING' || this.chain === 'OUTPUT') && this.match.in) return paramError(`Can't use -i with ${this.chain}\n`);
    }
    const cmd: IptCommand = {
      cmd: primary,
      zero: primary !== 'Z' && primary !== 'Z#' && this.cmds.some((c) => c === 'Z' || c === 'Z#'),
      table: this.table,
      chain: this.chain,
      rulenum: this.rulenum,
      newName: this.newName,
      policy: this.policy,
      numeric: this.options.has('n'),
      verbose: this.verbose,
      exact: this.options.has('x'),
      lineNumbers: this.options.has('0'),
      counters: this.counters,
    };
    if (RULE_CMDS.has(primary)) cmd.rule = { match: this.finalMatch(), target: this.finalTarget(), counters: this.counters ?? { pkts: 0, bytes: 0 } };
    return cmd;
  }

  private finalMatch(): IptMatch {
    const m = this.match;
    const modules: IptModule[] = [];
    for (const s of this.matches) if (!modules.includes(s.name)) modules.push(s.name);
    if (modules.length) m.modules = modules;
    if (modules.includes('limit') && !m.limit) m.limit = { ...LIMIT_DEFAULT };
    return m;
  }

  private finalTarget(): IptTarget {
    const j = this.jumpto;
    const d = this.targetData;
    if (j === undefined) return { kind: 'NONE' };
    switch (j) {
      case 'ACCEPT': case 'DROP': case 'RETURN':
        return { kind: j };
      case 'MASQUERADE':
        return d.randomFully ? { kind: 'MASQUERADE', randomFully: true } : { kind: 'MASQUERADE' };
      case 'MARK':
        return { kind: 'MARK', ...d.mark! };
      case 'REJECT':
        return { kind: 'REJECT', with: d.rejectWith ?? 'icmp-port-unreachable' };
      case 'LOG': {
        const t: IptTarget = { kind: 'LOG' };
        if (d.prefix !== undefined) t.prefix = d.prefix;
        if (d.level !== undefined) t.level = d.level;
        return t;
      }
      case 'DNAT':
        return { kind: 'DNAT', to: d.to! };
      case 'SNAT':
        return { kind: 'SNAT', to: { ip: d.to!.ip } };
      default:
        return { kind: 'JUMP', chain: j };
    }
  }
}

/** Parses an iptables command line (without argv[0]). `resolve` looks up host names for -s/-d. */
export function parseIptablesArgs(args: string[], resolve?: Resolver): IptCommand | IptError | { version: true } {
  return new Parser(args, resolve).parse();
}

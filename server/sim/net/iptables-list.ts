// `iptables -L` output as iptables v1.8.9 (nf_tables) prints it: fixed-width columns, K/M/G
// counter suffixes, protocol numbers with -n (a 1.8.9 quirk), names from /etc/services and
// reverse lookups without -n, and each extension's own option text.
import { formatIp, type Ip } from './ip.js';
import { serviceName } from './services.js';
import { ICMP_TYPES, LOG_DEFAULT_LEVEL, formatRate, formatTcpFlags, icmpSpec, protoNumber } from './iptables-ext.js';
import { chainOrder, markText, modulesOf, references, statisticProbability, targetName, type TableName } from './iptables-rules.js';
import type { IptMatch, IptModule, IptRule, IptTable, IptTarget, PortMatch } from '../world/types.js';

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** Reverse lookup for addresses without -n (/etc/hosts, DNS PTR); undefined keeps the dotted form. */
  nameOf?: (ip: Ip) => string | undefined;
}

const LOG_LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

const padEnd = (s: string, n: number) => s.padEnd(n);
const padStart = (s: string, n: number) => s.padStart(n);

/** xtables_print_num: a counter with a trailing space; K/M/G/T above 99999 unless exact (-x). */
export function formatCount(n: number, exact: boolean, notable = false): string {
  if (exact) return notable ? `${n} ` : `${padStart(String(n), 8)} `;
  if (n <= 99999) return notable ? `${n} ` : `${padStart(String(n), 5)} `;
  for (const suffix of ['K', 'M', 'G']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return notable ? `${n}${suffix} ` : `${padStart(String(n), 4)}${suffix} `;
  }
  n = Math.floor((n + 500) / 1000);
  return notable ? `${n}T ` : `${padStart(String(n), 4)}T `;
}

function portName(port: number, proto: 'tcp' | 'udp', numeric: boolean): string {
  return numeric ? String(port) : serviceName(port, proto) ?? String(port);
}

function listPorts(label: string, p: PortMatch | undefined, proto: 'tcp' | 'udp', numeric: boolean): string {
  if (!p || (p.from === 0 && p.to === 65535 && !p.neg)) return '';
  const inv = p.neg ? '!' : '';
  if (p.from === p.to) return ` ${label}:${inv}${portName(p.from, proto, numeric)}`;
  return ` ${label}s:${inv}${portName(p.from, proto, numeric)}:${portName(p.to, proto, numeric)}`;
}

function listIcmp(m: IptMatch, numeric: boolean): string {
  if (m.icmpType === undefined) return ' icmp';
  const spec = icmpSpec(m.icmpType);
  const inv = !!m.icmpTypeNeg;
  if (!numeric) {
    const hit = ICMP_TYPES.find(([, t, lo, hi]) => t === spec.type && lo === spec.codeMin && hi === spec.codeMax);
    if (hit) return ` icmp ${inv ? '!' : ''}${hit[0]}`;
  }
  // iptables really prints "icmptype 8" (no space) unless inverted
  let s = ` icmp${inv ? ' !' : ''}type ${spec.type}`;
  if (spec.codeMin === spec.codeMax) s += ` code ${spec.codeMin}`;
  else if (spec.codeMin !== 0 || spec.codeMax !== 255) s += ` codes ${spec.codeMin}-${spec.codeMax}`;
  return s;
}

function listModule(m: IptMatch, mod: IptModule, numeric: boolean): string {
  const proto = m.proto === 'udp' ? 'udp' : 'tcp';
  switch (mod) {
    case 'tcp': case 'udp': {
      const f = mod === 'tcp' ? m.tcpFlags : undefined;
      const hex = (n: number) => '0x' + n.toString(16).toUpperCase().padStart(2, '0');
      const flags = f ? ` flags:${f.neg ? '!' : ''}${numeric ? `${hex(f.mask)}/${hex(f.comp)}` : `${formatTcpFlags(f.mask)}/${formatTcpFlags(f.comp)}`}` : '';
      return ` ${mod}${listPorts('spt', m.sport, mod, numeric)}${listPorts('dpt', m.dport, mod, numeric)}${flags}`;
    }
    case 'icmp':
      return listIcmp(m, numeric);
    case 'multiport': {
      const ports = m.dports ?? m.sports ?? [];
      const text = ports.map((p) => (typeof p === 'number' ? [p] : p).map((n) => portName(n, proto, numeric)).join(':'));
      return ` multiport ${m.dports ? 'dports' : 'sports'} ${m.multiportNeg ? ' !' : ''}${text.join(',')}`;
    }
    case 'conntrack':
      return `${m.ctstateNeg ? ' !' : ''} ctstate ${(m.ctstate ?? []).join(',')}`;
    case 'state':
      return `${m.ctstateNeg ? ' !' : ''} state ${(m.ctstate ?? []).join(',')}`;
    case 'comment':
      return ` /* ${m.comment ?? ''} */`;
    case 'limit':
      return m.limit ? ` limit: avg ${formatRate(m.limit.avg)} burst ${m.limit.burst}` : '';
    case 'statistic':
      return ` statistic mode random${m.statistic?.neg ? ' !' : ''} probability ${statisticProbability(m.statistic?.probability ?? 0)}`;
    case 'mark':
      return m.mark ? ` mark match${m.mark.neg ? ' !' : ''} ${markText(m.mark)}` : '';
  }
}

/** libxt_MARK's print: the simplest of and/or/xor/set that says what the target does. */
function markTarget(value: number, mask: number): string {
  const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
  if (value === 0) return ` MARK and ${hex(~mask)}`;
  if (value === mask) return ` MARK or ${hex(value)}`;
  if (mask === 0) return ` MARK xor ${hex(value)}`;
  if (mask === 0xffffffff) return ` MARK set ${hex(value)}`;
  return ` MARK xset ${hex(value)}/${hex(mask)}`;
}

function listTarget(t: IptTarget, numeric: boolean): string {
  switch (t.kind) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'LOG': {
      const level = t.level ?? LOG_DEFAULT_LEVEL;
      const prefix = t.prefix ? ` prefix "${t.prefix}"` : '';
      return numeric ? ` LOG flags 0 level ${level}${prefix}` : ` LOG level ${LOG_LEVEL_NAMES[level]}${prefix}`;
    }
    case 'DNAT':
      return ` to:${formatIp(t.to.ip)}${t.to.port !== undefined ? ':' + t.to.port : ''}`;
    case 'SNAT':
      return ` to:${formatIp(t.to.ip)}`;
    case 'MARK':
      return markTarget(t.value, t.mask);
    case 'MASQUERADE':
      return t.randomFully ? ' random-fully' : '';
    default:
      return '';
  }
}

function extras(rule: IptRule, numeric: boolean): string {
  return modulesOf(rule.match).map((mod) => listModule(rule.match, mod, numeric)).join('') + listTarget(rule.target, numeric);
}

function addressText(a: { ip: Ip; prefix: number } | undefined, fmt: ListFormat): string {
  const ip = a?.ip ?? 0;
  const prefix = a?.prefix ?? 0;
  if (prefix === 0 && !fmt.numeric) return 'anywhere';
  const host = fmt.numeric ? formatIp(ip) : fmt.nameOf?.(ip) ?? formatIp(ip);
  return prefix === 32 ? host : `${host}/${prefix}`;
}

function ifaceText(i: { name: string; neg?: boolean } | undefined, numeric: boolean): string {
  return `${i?.neg ? '!' : ''}${i ? i.name : numeric ? '*' : 'any'}`;
}

/** One rule row of -L (newline-terminated). */
export function listRow(rule: IptRule, num: number, fmt: ListFormat): string {
  const m = rule.match;
  let s = fmt.lineNumbers ? `${padEnd(String(num), 4)} ` : '';
  if (fmt.verbose) s += formatCount(rule.counters.pkts, fmt.exact) + formatCount(rule.counters.bytes, fmt.exact);
  s += `${padEnd(targetName(rule.target), 9)} `;
  s += (m.protoNeg ? '!' : ' ') + padEnd(fmt.numeric ? String(protoNumber(m.proto)) : m.proto ?? 'all', 5);
  s += '-- ';
  if (fmt.verbose) s += ` ${padEnd(ifaceText(m.in, fmt.numeric), 6)} ${padEnd(ifaceText(m.out, fmt.numeric), 6)} `;
  s += (m.src?.neg ? '!' : ' ') + padEnd(addressText(m.src, fmt), 19) + ' ';
  s += (m.dst?.neg ? '!' : ' ') + padEnd(addressText(m.dst, fmt), 19) + ' ';
  return s + extras(rule, fmt.numeric) + '\n';
}

/** The chain title and column header lines of -L. */
export function listHeader(t: IptTable, chain: string, fmt: ListFormat): string {
  const c = t.chains[chain];
  let s = `Chain ${chain} `;
  if (c.policy) {
    const counts = fmt.verbose ? ` ${formatCount(c.policyCounters.pkts, fmt.exact, true)}packets, ${formatCount(c.policyCounters.bytes, fmt.exact, true)}bytes` : '';
    s += `(policy ${c.policy}${counts})\n`;
  } else s += `(${references(t, chain)} references)\n`;
  if (fmt.lineNumbers) s += 'num  ';
  if (fmt.verbose) s += fmt.exact ? '    pkts      bytes ' : ' pkts bytes ';
  s += 'target     prot opt ';
  if (fmt.verbose) s += 'in     out     ';
  return s + 'source               destination         \n';
}

/** `iptables -L [CHAIN]`: every chain (or one), blank lines between chains. */
export function formatList(table: TableName, t: IptTable, fmt: ListFormat, chain?: string): string {
  const chains = chain === undefined ? chainOrder(table, t) : [chain];
  return chains
    .map((name) => listHeader(t, name, fmt) + t.chains[name].rules.map((r, i) => listRow(r, i + 1, fmt)).join(''))
    .join('\n');
}

/** What `iptables -v` prints for the rule it adds, deletes or checks. */
export function formatRulePrint(rule: IptRule): string {
  const m = rule.match;
  let s = `${targetName(rule.target)} `;
  s += `${m.protoNeg ? '!' : ' '}${m.proto ?? 'all'} opt -- `;
  s += `in ${ifaceText(m.in, true)} out ${ifaceText(m.out, true)} `;
  const fmt: ListFormat = { numeric: true, verbose: false, exact: false, lineNumbers: false };
  s += `${m.src?.neg ? '!' : ' '}${addressText(m.src, fmt)} `;
  s += `${m.dst?.neg ? '!' : ' '}-> ${addressText(m.dst, fmt)}  `;
  return s + extras(rule, true) + '\n';
}

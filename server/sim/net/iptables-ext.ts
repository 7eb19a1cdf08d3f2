// What iptables v1.8.9 (nf_tables) accepts and prints for the parts of a rule: numbers as C's
// strtoul reads them, addresses, protocols, ports and service names, ICMP types, TCP flags,
// rate limits, conntrack states, REJECT types, log levels; and the tool's error format.
import { maskOf, type Ip } from './ip.js';
import { servicePort } from './services.js';
import type { CtState, PortMatch, Proto, RejectWith } from '../world/types.js';

export const VERSION = 'v1.8.9 (nf_tables)';

export interface IptError {
  ok: false;
  /** Full stderr text, newline-terminated. */
  message: string;
  exit: number;
}

/** xtables_error(PARAMETER_PROBLEM, ...): exit 2 with the "Try" line. */
export function paramError(msg: string, prog = 'iptables'): IptError {
  return { ok: false, message: `${prog} ${VERSION}: ${msg}\nTry \`${prog} -h' or '${prog} --help' for more information.\n`, exit: 2 };
}

/** An error reported without the version prefix (nft_strerror, "Bad argument"). */
export function plainError(message: string, exit: number): IptError {
  return { ok: false, message, exit };
}

// --- small parsers ----------------------------------------------------------

/** C strtoul with base 0 (decimal, 0x hex, leading-0 octal), whole string, within [min, max]. */
export function strtoui(s: string, min: number, max: number): number | null {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9]\d*$/.test(s)) n = Number(s);
  else return null;
  return n >= min && n <= max ? n : null;
}

/** xtables_numeric_to_ipaddr: up to four dotted octets, missing ones are zero ("10.1" = 10.1.0.0). */
export function numericToIp(text: string): Ip | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < parts.length; i++) {
    const b = strtoui(parts[i], 0, 255);
    if (b === null) return null;
    bytes[i] = b;
  }
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

function maskToPrefix(text: string): number | null {
  if (text.includes('.')) {
    const parts = text.split('.');
    if (parts.length !== 4) return null;
    const m = numericToIp(text);
    if (m === null) return null;
    for (let p = 0; p <= 32; p++) if (maskOf(p) === m) return p;
    return null;
  }
  return strtoui(text, 0, 32);
}

export type Resolver = (name: string) => Ip | undefined;

/** `-s`/`-d` argument: address or host name, optional /bits or /dotted mask; normalised to the network. */
export function parseAddress(text: string, resolve?: Resolver): { ip: Ip; prefix: number } | IptError {
  const slash = text.lastIndexOf('/');
  let name = slash < 0 ? text : text.slice(0, slash);
  let prefix = 32;
  if (slash >= 0) {
    const p = maskToPrefix(text.slice(slash + 1));
    if (p === null) return paramError(`invalid mask \`${text.slice(slash + 1)}' specified`);
    prefix = p;
  }
  if (prefix === 0) name = '0.0.0.0';
  const ip = numericToIp(name) ?? resolve?.(name);
  if (ip === undefined || ip === null) return paramError(`host/network \`${name}' not found`);
  return { ip: (ip & maskOf(prefix)) >>> 0, prefix };
}

const PROTO_NUMBERS: Record<string, number> = { all: 0, icmp: 1, tcp: 6, udp: 17 };
const PROTO_NAMES: Record<number, Proto | 'all'> = { 0: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp' };

export const protoNumber = (p: Proto | 'all' | undefined) => PROTO_NUMBERS[p ?? 'all'];

export function parseProto(text: string): Proto | 'all' | null {
  const n = strtoui(text, 0, 255);
  if (n !== null) return PROTO_NAMES[n] ?? null;
  return text in PROTO_NUMBERS ? (text as Proto | 'all') : null;
}

export function parsePort(text: string, proto: 'tcp' | 'udp'): number | IptError {
  const n = servicePort(text, proto) ?? strtoui(text, 0, 65535);
  return n ?? paramError(`invalid port/service \`${text}' specified`);
}

export function parsePortRange(text: string, proto: 'tcp' | 'udp'): PortMatch | IptError {
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = parsePort(text, proto);
    return typeof p === 'number' ? { from: p, to: p } : p;
  }
  const a = text.slice(0, colon) ? parsePort(text.slice(0, colon), proto) : 0;
  if (typeof a !== 'number') return a;
  const b = text.slice(colon + 1) ? parsePort(text.slice(colon + 1), proto) : 65535;
  if (typeof b !== 'number') return b;
  if (a > b) return paramError('invalid portrange (min > max)');
  return { from: a, to: b };
}

// ICMP types as iptables names them: [name, type, min code, max code]. The first entry for a
// (type, codes) triple is the name -L prints.
export const ICMP_TYPES: readonly [string, number, number, number][] = [
  ['any', 255, 0, 255],
  ['echo-reply', 0, 0, 255],
  ['destination-unreachable', 3, 0, 255],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 255],
  ['redirect', 5, 0, 255],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 255],
  ['router-advertisement', 9, 0, 255],
  ['router-solicitation', 10, 0, 255],
  ['time-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 255],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 255],
  ['timestamp-reply', 14, 0, 255],
  ['address-mask-request', 17, 0, 255],
  ['address-mask-reply', 18, 0, 255],
];
const ICMP_ALIASES: Record<string, string> = { pong: 'echo-reply', ping: 'echo-request', 'ttl-exceeded': 'time-exceeded' };

export interface IcmpSpec {
  type: number;
  codeMin: number;
  codeMax: number;
}

/** A stored --icmp-type (`8`, `3/1`, `any`) as type and code range. */
export function icmpSpec(text: string): IcmpSpec {
  if (text === 'any') return { type: 255, codeMin: 0, codeMax: 255 };
  const [t, c] = text.split('/');
  return c === undefined ? { type: Number(t), codeMin: 0, codeMax: 255 } : { type: Number(t), codeMin: Number(c), codeMax: Number(c) };
}

/** Parses --icmp-type (name, unique prefix of a name, or type[/code]) into its saved form. */
export function parseIcmpType(text: string): string | IptError {
  const alias = ICMP_ALIASES[text.toLowerCase()];
  const lower = (alias ?? text).toLowerCase();
  let found: (typeof ICMP_TYPES)[number] | undefined;
  for (const entry of ICMP_TYPES) {
    if (!entry[0].toLowerCase().startsWith(lower)) continue;
    if (entry[0].toLowerCase() === lower) {
      found = entry;
      break;
    }
    if (found) return paramError(`Ambiguous ICMP type \`${text}': \`${found[0]}' or \`${entry[0]}'?`);
    found = entry;
  }
  if (found) {
    const [, type, min, max] = found;
    if (type === 255) return 'any';
    return min === 0 && max === 255 ? String(type) : `${type}/${min}`;
  }
  const [t, c, ...rest] = text.split('/');
  const type = strtoui(t, 0, 255);
  if (type === null || rest.length) return paramError(`Unknown ICMP type \`${text}'`);
  if (c === undefined) return String(type);
  const code = strtoui(c, 0, 255);
  if (code === null) return paramError(`Unknown ICMP code \`${text}'`);
  return `${type}/${code}`;
}

/** TCP flag bits in the order iptables prints them. */
export const TCP_FLAGS: readonly [string, number][] = [['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16], ['URG', 32]];

export function parseTcpFlags(text: string): number | IptError {
  let bits = 0;
  for (const word of text.split(',')) {
    const w = word.toUpperCase();
    const hit = w === 'ALL' ? 63 : w === 'NONE' ? 0 : TCP_FLAGS.find(([n]) => n === w)?.[1];
    if (hit === undefined) return paramError(`Unknown TCP flag \`${word}'`);
    bits |= hit;
  }
  return bits;
}

/** -m limit's units: the kernel keeps a rate as the period between packets, 10000 per second. */
export const LIMIT_SCALE = 10000;
export const LIMIT_DEFAULT = { avg: (LIMIT_SCALE * 3600) / 3, burst: 5 };
export const LIMIT_UNITS: readonly [string, number][] = [['day', 86400], ['hour', 3600], ['min', 60], ['sec', 1]];

export function parseRate(text: string): number | IptError {
  const slash = text.indexOf('/');
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const hit = unit && [['second', 1], ['minute', 60], ['hour', 3600], ['day', 86400]].find(([n]) => (n as string).startsWith(unit));
    if (!hit) return paramError(`bad rate "${text}"'`);
    mult = hit[1] as number;
  }
  const r = Number(/^\s*[+-]?\d+/.exec(text)?.[0] ?? 0);
  if (!(r > 0)) return paramError(`bad rate "${text}"'`);
  const avg = Math.floor((LIMIT_SCALE * mult) / r);
  if (avg === 0) return paramError(`Rate too fast "${text}"`);
  return avg;
}

/** libxt_limit's print_rate: the largest unit that shows the rate as a whole number. */
export function formatRate(avg: number): string {
  let i = 1;
  for (; i < LIMIT_UNITS.length; i++) {
    const mult = LIMIT_SCALE * LIMIT_UNITS[i][1];
    if (avg > mult || Math.floor(mult / avg) < mult % avg) break;
  }
  const [name, secs] = LIMIT_UNITS[i - 1];
  return `${Math.floor((LIMIT_SCALE * secs) / avg)}/${name}`;
}

export function formatTcpFlags(bits: number): string {
  return bits === 0 ? 'NONE' : TCP_FLAGS.filter(([, b]) => bits & b).map(([n]) => n).join(',');
}

const CT_STATES: readonly CtState[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED'];
/** The order -L and -S print states in. */
export const CT_PRINT_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED'];

/** --ctstate/--state list: comma-separated, each a case-insensitive prefix of a state name. */
export function parseStates(text: string, what: 'ctstate' | 'state'): CtState[] | IptError {
  const states = new Set<CtState>();
  let rest = text;
  for (;;) {
    const comma = rest.indexOf(',');
    const word = comma < 0 ? rest : rest.slice(0, comma);
    const st = word ? CT_STATES.find((s) => s.startsWith(word.toUpperCase())) : undefined;
    if (!st) return paramError(`Bad ${what} "${rest}"`);
    states.add(st);
    if (comma < 0) break;
    rest = rest.slice(comma + 1);
  }
  return CT_PRINT_ORDER.filter((s) => states.has(s));
}

// REJECT --reject-with: [name, alias]; a prefix of either selects it.
export const REJECT_TYPES: readonly [RejectWith, string][] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

export const LOG_LEVELS: Record<string, number> = { emerg: 0, alert: 1, crit: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7, panic: 0 };
export const LOG_DEFAULT_LEVEL = 4;

/** iptables-save's quoting of strings (comments, log prefixes). */
export function saveString(value: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => '\\' + c)}"`;
}

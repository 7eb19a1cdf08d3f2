// iptables rules and tables: the built-in chains, checks the kernel makes when a rule is
// added, rules printed as `-S` / iptables-save lines, and iptables-save text loaded into
// tables. The command line is parsed in iptables-args.ts, listed (-L) in iptables-list.ts and
// evaluated in netfilter.ts.
import { formatIp } from './ip.js';
import { TARGET_NAMES, parseIptablesArgs, type CmdLetter, type IptCommand } from './iptables-args.js';
import {
  LIMIT_DEFAULT, LOG_DEFAULT_LEVEL, VERSION, formatRate, formatTcpFlags, paramError, plainError, saveString, type IptError, type Resolver,
} from './iptables-ext.js';
import type { Counters, IptChain, IptMatch, IptModule, IptRule, IptTable, IptTarget, PortMatch } from '../world/types.js';

export type TableName = 'filter' | 'nat';

export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

export function emptyChain(policy?: 'ACCEPT' | 'DROP'): IptChain {
  return policy ? { policy, policyCounters: { pkts: 0, bytes: 0 }, rules: [] } : { policyCounters: { pkts: 0, bytes: 0 }, rules: [] };
}

export function emptyTable(name: TableName): IptTable {
  const chains: Record<string, IptChain> = {};
  for (const c of BUILTIN_CHAINS[name]) chains[c] = emptyChain('ACCEPT');
  return { chains };
}

export function emptyTables(): { filter: IptTable; nat: IptTable } {
  return { filter: emptyTable('filter'), nat: emptyTable('nat') };
}

export const isBuiltin = (table: TableName, chain: string) => BUILTIN_CHAINS[table].includes(chain);

/** Whether the kernel has the table: marked so, or holding anything a fresh table does not. */
export function tableExists(table: TableName, t: IptTable): boolean {
  if (t.present) return true;
  return Object.entries(t.chains).some(([name, c]) => !isBuiltin(table, name) || c.rules.length > 0 || c.policy !== 'ACCEPT');
}

/** Chains in listing order: built-ins first, then user chains sorted by name (as nft returns them). */
export function chainOrder(table: TableName, t: IptTable): string[] {
  const user = Object.keys(t.chains).filter((c) => !isBuiltin(table, c)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...BUILTIN_CHAINS[table].filter((c) => t.chains[c]), ...user];
}

/** How many rules of the table jump to `chain`. */
export function references(t: IptTable, chain: string): number {
  let n = 0;
  for (const c of Object.values(t.chains)) for (const r of c.rules) if (r.target.kind === 'JUMP' && r.target.chain === chain) n++;
  return n;
}

export type RuleArgsResult = { ok: true; chain: string; rule: IptRule; command: IptCommand } | IptError;

/** Parses a rule-adding line such as `-A INPUT -p tcp --dport 22 -j ACCEPT` for `table`. */
export function parseRuleArgs(args: string[], table: TableName, resolve?: Resolver): RuleArgsResult {
  const r = parseIptablesArgs(['-t', table, ...args], resolve);
  if ('version' in r) return paramError('no command specified');
  if ('ok' in r) return r;
  if (!r.rule || !r.chain) return paramError('no command specified');
  return { ok: true, chain: r.chain, rule: r.rule, command: r };
}

// --- checks that need the table (kernel-side in real iptables) --------------

/** The verb nft reports a failed rule change with. */
const OP_NAME: Partial<Record<CmdLetter, string>> = { A: 'RULE_APPEND', I: 'RULE_INSERT', R: 'RULE_REPLACE' };

/** Whether `target` may be used in `chain` of `table` (the kernel refuses it otherwise). */
function targetAllowed(table: TableName, chain: string, rule: IptRule): 'ok' | 'EINVAL' | 'EOPNOTSUPP' {
  const t = rule.target;
  const builtin = isBuiltin(table, chain);
  switch (t.kind) {
    case 'REJECT':
      if (table !== 'filter') return 'EINVAL';
      if (t.with === 'tcp-reset' && (rule.match.proto !== 'tcp' || rule.match.protoNeg)) return 'EINVAL';
      return 'ok';
    case 'DNAT':
      return table === 'nat' && (!builtin || chain === 'PREROUTING' || chain === 'OUTPUT') ? 'ok' : 'EINVAL';
    case 'SNAT':
      return table === 'nat' && (!builtin || chain === 'POSTROUTING' || chain === 'INPUT') ? 'ok' : 'EINVAL';
    case 'MASQUERADE':
      return table === 'nat' && (!builtin || chain === 'POSTROUTING') ? 'ok' : 'EINVAL';
    case 'JUMP':
      return isBuiltin(table, t.chain) ? 'EOPNOTSUPP' : 'ok';
    default:
      return 'ok';
  }
}

/** A kernel-side failure of a rule change, worded as iptables-nft prints it (exit 4). */
export function commitError(op: CmdLetter, chain: string, reason: string): IptError {
  return plainError(`iptables ${VERSION}:  ${OP_NAME[op] ?? 'RULE_APPEND'} failed (${reason}): rule in chain ${chain}\n`, 4);
}

/** Checks a rule for `chain` the way the kernel (and iptables' rule builder) would. */
export function checkRuleTarget(table: TableName, chain: string, rule: IptRule, op: CmdLetter): IptError | undefined {
  const m = rule.match;
  for (const mod of m.modules ?? []) {
    if ((mod !== 'tcp' && mod !== 'udp' && mod !== 'icmp') || m.proto === mod) continue;
    // with port options the rule builder refuses it; a bare match gets to the kernel, which does
    if (mod !== 'icmp' && (m.sport || m.dport)) return paramError(`${mod.toUpperCase()} match requires '-p ${mod}'`);
    return commitError(op, chain, 'Invalid argument');
  }
  if (rule.target.kind === 'JUMP' && rule.target.chain === 'QUEUE') return commitError(op, chain, 'No such file or directory');
  const ok = targetAllowed(table, chain, rule);
  if (ok === 'EINVAL') return commitError(op, chain, 'Invalid argument');
  if (ok === 'EOPNOTSUPP') return commitError(op, chain, 'Operation not supported');
  return undefined;
}

/** True when a jump loop is reachable from a built-in chain (the kernel refuses with EMLINK). */
export function hasReachableLoop(table: TableName, t: IptTable): boolean {
  const state = new Map<string, 'active' | 'done'>();
  const visit = (chain: string): boolean => {
    const s = state.get(chain);
    if (s === 'active') return true;
    if (s === 'done') return false;
    state.set(chain, 'active');
    for (const r of t.chains[chain]?.rules ?? []) if (r.target.kind === 'JUMP' && visit(r.target.chain)) return true;
    state.set(chain, 'done');
    return false;
  };
  return BUILTIN_CHAINS[table].some((c) => t.chains[c] && visit(c));
}

// --- printing -S / iptables-save lines --------------------------------------

function portText(p: PortMatch): string {
  return p.from === p.to ? String(p.from) : `${p.from}:${p.to}`;
}

const fullRange = (p: PortMatch) => p.from === 0 && p.to === 65535 && !p.neg;

/** The match extensions of a rule in print order (stored order, or the default for hand-made rules). */
export function modulesOf(m: IptMatch): IptModule[] {
  if (m.modules) return m.modules;
  const mods: IptModule[] = [];
  const p = m.proto;
  if ((p === 'tcp' || p === 'udp') && (m.sport || m.dport || m.tcpFlags)) mods.push(p);
  if (p === 'icmp' && m.icmpType !== undefined) mods.push('icmp');
  if (m.dports || m.sports) mods.push('multiport');
  if (m.ctstate) mods.push('conntrack');
  if (m.comment !== undefined) mods.push('comment');
  if (m.limit) mods.push('limit');
  if (m.statistic) mods.push('statistic');
  if (m.mark) mods.push('mark');
  return mods;
}

function saveModule(m: IptMatch, mod: IptModule): string {
  const inv = (neg?: boolean) => (neg ? ' !' : '');
  switch (mod) {
    case 'tcp': case 'udp': {
      let s = ` -m ${mod}`;
      if (m.sport && !fullRange(m.sport)) s += `${inv(m.sport.neg)} --sport ${portText(m.sport)}`;
      if (m.dport && !fullRange(m.dport)) s += `${inv(m.dport.neg)} --dport ${portText(m.dport)}`;
      if (mod === 'tcp' && m.tcpFlags) s += `${inv(m.tcpFlags.neg)} --tcp-flags ${formatTcpFlags(m.tcpFlags.mask)} ${formatTcpFlags(m.tcpFlags.comp)}`;
      return s;
    }
    case 'icmp':
      return ` -m icmp${m.icmpType !== undefined ? `${inv(m.icmpTypeNeg)} --icmp-type ${m.icmpType}` : ''}`;
    case 'multiport': {
      const ports = m.dports ?? m.sports;
      const list = ports?.map((p) => (typeof p === 'number' ? p : p.join(':'))).join(',');
      return ` -m multiport${ports ? `${inv(m.multiportNeg)} --${m.dports ? 'dports' : 'sports'} ${list}` : ''}`;
    }
    case 'conntrack': case 'state':
      return ` -m ${mod}${m.ctstate ? `${inv(m.ctstateNeg)} --${mod === 'state' ? 'state' : 'ctstate'} ${m.ctstate.join(',')}` : ''}`;
    case 'comment':
      return ` -m comment${m.comment !== undefined ? ' --comment' + saveString(m.comment) : ''}`;
    case 'limit': {
      const l = m.limit ?? LIMIT_DEFAULT;
      return ` -m limit --limit ${formatRate(l.avg)}${l.burst !== 5 ? ` --limit-burst ${l.burst}` : ''}`;
    }
    case 'statistic': {
      const st = m.statistic ?? { probability: 0 };
      return ` -m statistic --mode random${st.neg ? ' !' : ''} --probability ${statisticProbability(st.probability)}`;
    }
    case 'mark':
      return ` -m mark${m.mark ? `${inv(m.mark.neg)} --mark ${markText(m.mark)}` : ''}`;
  }
}

/** libxt_mark's print of VALUE[/MASK]: hex, the mask only when it is not all ones. */
export const markText = (m: { value: number; mask: number }) => `0x${m.value.toString(16)}${m.mask === 0xffffffff ? '' : `/0x${m.mask.toString(16)}`}`;

/** libxt_statistic's print of the kernel's fixed-point chance: `0.50000000000`. */
export const statisticProbability = (p: number) => (p / 0x80000000).toFixed(11);

export function targetName(t: IptTarget): string {
  return t.kind === 'JUMP' ? t.chain : t.kind === 'NONE' ? '' : t.kind;
}

function saveTarget(t: IptTarget): string {
  switch (t.kind) {
    case 'NONE':
      return '';
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'LOG':
      return ` -j LOG${t.prefix ? ' --log-prefix' + saveString(t.prefix) : ''}${(t.level ?? LOG_DEFAULT_LEVEL) !== LOG_DEFAULT_LEVEL ? ` --log-level ${t.level}` : ''}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${formatIp(t.to.ip)}${t.to.port !== undefined ? ':' + t.to.port : ''}`;
    case 'SNAT':
      return ` -j SNAT --to-source ${formatIp(t.to.ip)}`;
    case 'MARK':
      return ` -j MARK --set-xmark 0x${t.value.toString(16)}/0x${t.mask.toString(16)}`;
    case 'MASQUERADE':
      return ` -j MASQUERADE${t.randomFully ? ' --random-fully' : ''}`;
    default:
      return ` -j ${targetName(t)}`;
  }
}

/** The rule specification after `-A CHAIN` (with a leading space), as -S and iptables-save print it. */
export function ruleSpec(rule: IptRule): string {
  const m = rule.match;
  const neg = (n?: boolean) => (n ? ' !' : '');
  let s = '';
  if (m.src) s += `${neg(m.src.neg)} -s ${formatIp(m.src.ip)}/${m.src.prefix}`;
  if (m.dst) s += `${neg(m.dst.neg)} -d ${formatIp(m.dst.ip)}/${m.dst.prefix}`;
  if (m.in) s += `${neg(m.in.neg)} -i ${m.in.name}`;
  if (m.out) s += `${neg(m.out.neg)} -o ${m.out.name}`;
  if (m.proto && m.proto !== 'all') s += `${neg(m.protoNeg)} -p ${m.proto}`;
  for (const mod of modulesOf(m)) s += saveModule(m, mod);
  return s + saveTarget(rule.target);
}

/** One `-A` line of `iptables -S`; with counters (`-S -v`) they come before the target. */
export function formatRuleS(chain: string, rule: IptRule, counters = false): string {
  if (!counters) return `-A ${chain}${ruleSpec(rule)}`;
  const target = saveTarget(rule.target);
  const spec = ruleSpec(rule);
  return `-A ${chain}${spec.slice(0, spec.length - target.length)} -c ${rule.counters.pkts} ${rule.counters.bytes}${target}`;
}

/** Two rules are the same for -D/-C when they print the same (counters aside). */
export const sameRule = (a: IptRule, b: IptRule) => ruleSpec(a) === ruleSpec(b);

/** The `*table` block of iptables-save (without the Generated/Completed comments). */
export function formatSaveTable(table: TableName, t: IptTable, counters: boolean): string {
  let s = `*${table}\n`;
  const order = chainOrder(table, t);
  for (const name of order) {
    const c = t.chains[name];
    s += `:${name} ${c.policy ?? '-'} [${c.policyCounters.pkts}:${c.policyCounters.bytes}]\n`;
  }
  for (const name of order) {
    for (const r of t.chains[name].rules) s += `${counters ? `[${r.counters.pkts}:${r.counters.bytes}] ` : ''}-A ${name}${ruleSpec(r)}\n`;
  }
  return s + 'COMMIT\n';
}

// --- loading iptables-save text ---------------------------------------------

/** Splits a rule line into words the way iptables-restore does (double quotes, backslash escapes). */
export function splitRestoreLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (ch === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export type SaveParse = { ok: true; tables: { filter: IptTable; nat: IptTable } } | { ok: false; message: string; line: number };

/** A copy of plain data (objects, arrays, primitives; keys set to undefined stay). */
export function copyData<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyData) as T;
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = copyData((v as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * Rule lines of saved tables already parsed, by table and words (the same lines come back on every
 * node and every load: kube-proxy's, flannel's). A parse is a pure function of them; each caller
 * gets its own copy of the rule. Failures are not kept.
 */
const savedRules = new Map<string, { chain: string; rule: IptRule; cmd: CmdLetter }>();

function parseSavedRule(words: string[], table: TableName): RuleArgsResult | { ok: true; chain: string; rule: IptRule; command: { cmd: CmdLetter } } {
  const key = `${table}\0${words.join('\0')}`;
  const hit = savedRules.get(key);
  if (hit) return { ok: true, chain: hit.chain, rule: copyData(hit.rule), command: { cmd: hit.cmd } };
  const r = parseRuleArgs(words, table);
  if (!r.ok) return r;
  if (savedRules.size >= 50_000) savedRules.clear();
  savedRules.set(key, { chain: r.chain, rule: copyData(r.rule), cmd: r.command.cmd });
  return r;
}

/** Loads iptables-save text (`*table`, `:CHAIN POLICY [p:b]`, `[p:b] -A ...`, `COMMIT`). */
export function parseIptablesSave(text: string): SaveParse {
  const tables = emptyTables();
  let current: { name: TableName; t: IptTable; pending: [number, string[], Counters | undefined][] } | undefined;
  const lines = text.split('\n');
  const fail = (line: number, message: string): SaveParse => ({ ok: false, line, message: `line ${line}: ${message}` });
  const commit = (): SaveParse | undefined => {
    if (!current) return undefined;
    for (const [n, words, counters] of current.pending) {
      const r = parseSavedRule(words, current.name);
      if (!r.ok) return fail(n, r.message.trim().split('\n')[0].replace(`iptables ${VERSION}: `, ''));
      if (r.command.cmd !== 'A') return fail(n, 'only -A lines are supported');
      const chain = current.t.chains[r.chain];
      if (!chain) return fail(n, `chain ${r.chain} is not declared`);
      const target = r.rule.target;
      if (target.kind === 'JUMP' && !current.t.chains[target.chain]) return fail(n, `Chain '${target.chain}' does not exist`);
      const bad = checkRuleTarget(current.name, r.chain, r.rule, 'A');
      if (bad) return fail(n, bad.message.trim().split('\n')[0].replace(`iptables ${VERSION}: `, '').trim());
      if (counters) r.rule.counters = counters;
      chain.rules.push(r.rule);
    }
    if (hasReachableLoop(current.name, current.t)) return fail(current.pending.at(-1)?.[0] ?? 0, 'jump loop between chains');
    current.t.present = true;
    tables[current.name] = current.t;
    current = undefined;
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const err = commit();
      if (err) return err;
      const name = line.slice(1);
      if (name !== 'filter' && name !== 'nat') return fail(n, `table '${name}' is not supported (filter, nat)`);
      current = { name, t: emptyTable(name), pending: [] };
      continue;
    }
    if (!current) return fail(n, 'no table specified (expected *filter or *nat)');
    if (line === 'COMMIT') {
      const err = commit();
      if (err) return err;
      continue;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?$/.exec(line);
      if (!m) return fail(n, `bad chain line "${line}"`);
      const [, name, policy, p, b] = m;
      const builtin = isBuiltin(current.name, name);
      if (builtin && policy !== 'ACCEPT' && policy !== 'DROP') return fail(n, `bad policy "${policy}" for ${name}`);
      if (!builtin && policy !== '-') return fail(n, `user chain ${name} cannot have a policy`);
      if (current.name === 'nat' && policy === 'DROP') return fail(n, 'the nat table cannot have a DROP policy');
      if (!builtin && (name.length >= 29 || TARGET_NAMES.has(name) || /\s/.test(name))) return fail(n, `invalid chain name "${name}"`);
      const chain = builtin ? emptyChain(policy as 'ACCEPT' | 'DROP') : emptyChain();
      if (p !== undefined) chain.policyCounters = { pkts: Number(p), bytes: Number(b) };
      current.t.chains[name] = chain;
      continue;
    }
    const cm = /^\[(\d+):(\d+)\]\s+(.*)$/.exec(line);
    const words = splitRestoreLine(cm ? cm[3] : line);
    current.pending.push([n, words, cm ? { pkts: Number(cm[1]), bytes: Number(cm[2]) } : undefined]);
  }
  const err = commit();
  if (err) return err;
  return { ok: true, tables };
}

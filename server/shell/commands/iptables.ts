// iptables, iptables-save and iptables-restore (iptables v1.8.9, nf_tables backend) on the
// host's `iptables` tables: list (-L, -S), change (-A -I -R -D -P -F -Z -N -X -E), check (-C).
// Errors, exit codes and the order they are detected in follow the real tool: usage errors
// (2), an unknown table (3), not root (4), then what the kernel says (1, or 4 for a refused rule).
import { syncNodeRules } from '../../sim/k8s/controllers/kube-proxy.js';
import { parseIp, type Ip } from '../../sim/net/ip.js';
import { formatList, formatRulePrint, listRow, type ListFormat } from '../../sim/net/iptables-list.js';
import { parseIptablesArgs, type IptCommand } from '../../sim/net/iptables-args.js';
import { VERSION, paramError, plainError, type IptError } from '../../sim/net/iptables-ext.js';
import {
  BUILTIN_CHAINS, chainOrder, checkRuleTarget, commitError, emptyChain, emptyTable, formatRuleS, formatSaveTable, hasReachableLoop,
  isBuiltin, references, sameRule, splitRestoreLine, tableExists, type TableName,
} from '../../sim/net/iptables-rules.js';
import { wallMs } from '../../sim/clock.js';
import { ERRNO, readFile, resolvePath } from '../files.js';
import { isRoot } from '../privileges.js';
import type { Host, IptTable } from '../../sim/world/types.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { shortHas } from './reads.js';

type Tables = Host['iptables'];

interface Io {
  out(text: string): void;
}

const noChain = () => plainError('iptables: No chain/target/match by that name.\n', 1);
const badRule = () => plainError('iptables: Bad rule (does a matching rule exist in that chain?).\n', 1);
const notRoot = (prog: string) => `${prog} ${VERSION}: Could not fetch rule set generation id: Permission denied (you must be root)\n`;

// --- names: /etc/hosts (what -s/-d accept, and what -L prints without -n) ---------

function hostsEntries(host: Host): [Ip, string[]][] {
  const entries: [Ip, string[]][] = [];
  for (const line of (host.files['/etc/hosts'] ?? '').split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    const ip = addr ? parseIp(addr) : null;
    if (ip !== null && names.length) entries.push([ip, names]);
  }
  return entries;
}

/** A host name for -s/-d, from /etc/hosts. */
export function resolveName(host: Host, name: string): Ip | undefined {
  return hostsEntries(host).find(([, names]) => names.includes(name))?.[0];
}

/** The name -L prints for an address: the first name of its first /etc/hosts line. */
export function nameOf(host: Host, ip: Ip): string | undefined {
  return hostsEntries(host).find(([addr]) => addr === ip)?.[1][0];
}

// --- applying a command to tables ---------------------------------------------

function zero(t: IptTable, chain?: string, rulenum?: number): void {
  for (const name of chain === undefined ? Object.keys(t.chains) : [chain]) {
    const c = t.chains[name];
    if (rulenum !== undefined) {
      const r = c.rules[rulenum - 1];
      if (r) r.counters = { pkts: 0, bytes: 0 };
      continue;
    }
    c.policyCounters = { pkts: 0, bytes: 0 };
    for (const r of c.rules) r.counters = { pkts: 0, bytes: 0 };
  }
}

/** `iptables -S [CHAIN [N]]`. */
function listRules(table: TableName, t: IptTable, cmd: IptCommand): string {
  const counters = cmd.verbose > 0;
  if (cmd.chain !== undefined && cmd.rulenum !== undefined) {
    const r = t.chains[cmd.chain].rules[cmd.rulenum - 1];
    return r ? formatRuleS(cmd.chain, r, counters) + '\n' : '';
  }
  const chains = cmd.chain === undefined ? chainOrder(table, t) : [cmd.chain];
  const lines: string[] = [];
  for (const name of chains) {
    const c = t.chains[name];
    if (c.policy) lines.push(`-P ${name} ${c.policy}${counters ? ` -c ${c.policyCounters.pkts} ${c.policyCounters.bytes}` : ''}`);
  }
  for (const name of chains) if (!t.chains[name].policy) lines.push(`-N ${name}`);
  for (const name of chains) for (const r of t.chains[name].rules) lines.push(formatRuleS(name, r, counters));
  return lines.map((l) => l + '\n').join('');
}

function listChains(table: TableName, t: IptTable, cmd: IptCommand, nameOfIp?: (ip: Ip) => string | undefined): string {
  const fmt: ListFormat = { numeric: cmd.numeric, verbose: cmd.verbose > 0, exact: cmd.exact, lineNumbers: cmd.lineNumbers, nameOf: nameOfIp };
  if (cmd.chain !== undefined && cmd.rulenum !== undefined) {
    const r = t.chains[cmd.chain].rules[cmd.rulenum - 1];
    return r ? listRow(r, cmd.rulenum, fmt) : '';
  }
  return formatList(table, t, fmt, cmd.chain);
}

/** -A/-I/-R/-D/-C. `deferJumps`: iptables-restore checks jump targets at COMMIT. */
function changeRule(table: TableName, t: IptTable, cmd: IptCommand, io: Io, deferJumps: boolean): IptError | undefined {
  const rule = cmd.rule!;
  const name = cmd.chain!;
  const op = cmd.cmd;
  const target = rule.target;
  if (!deferJumps && target.kind === 'JUMP' && target.chain !== 'QUEUE' && !t.chains[target.chain]) return paramError(`Chain '${target.chain}' does not exist`);
  const refused = checkRuleTarget(table, name, rule, op);
  if (refused?.exit === 2) return refused;
  const chain = t.chains[name];
  if (op === 'C' || op === 'D') {
    const i = chain ? chain.rules.findIndex((r) => sameRule(r, rule)) : -1;
    if (i < 0) return badRule();
    if (cmd.verbose) io.out(formatRulePrint(rule));
    if (op === 'D') {
      chain.rules.splice(i, 1);
      t.present = true;
    }
    return undefined;
  }
  if (cmd.verbose) io.out(formatRulePrint(rule));
  if (!chain || (op === 'R' && !tableExists(table, t))) return noChain();
  const n = cmd.rulenum ?? 1;
  if (op === 'I' && n > chain.rules.length + 1) return plainError('iptables: Index of insertion too big.\n', 1);
  if (op === 'R' && n > chain.rules.length) return plainError('iptables: Index of replacement too big.\n', 1);
  if (refused) return refused;
  const before = [...chain.rules];
  if (op === 'A') chain.rules.push(rule);
  else chain.rules.splice(n - 1, op === 'R' ? 1 : 0, rule);
  if (target.kind === 'JUMP' && hasReachableLoop(table, t)) {
    chain.rules = before;
    return commitError(op, name, 'Too many links');
  }
  t.present = true;
  return undefined;
}

/** Runs one parsed iptables command on `tables`; prints to `io`. */
function execute(tables: Tables, cmd: IptCommand, io: Io, nameOfIp?: (ip: Ip) => string | undefined, deferJumps = false): IptError | undefined {
  const table = cmd.table as TableName;
  const t = tables[table];
  const exists = tableExists(table, t);
  const name = cmd.chain;
  const chain = name !== undefined ? t.chains[name] : undefined;
  const verbose = cmd.verbose > 0;
  switch (cmd.cmd) {
    case 'L': case 'S':
      if (name !== undefined && !chain) return plainError(`iptables ${VERSION}: chain \`${name}' in table \`${table}' is incompatible, use 'nft' tool.\n`, 1);
      io.out(cmd.cmd === 'L' ? listChains(table, t, cmd, nameOfIp) : listRules(table, t, cmd));
      if (cmd.zero) {
        if (verbose) for (const c of name === undefined ? chainOrder(table, t) : [name]) io.out(`Zeroing chain \`${c}'\n`);
        zero(t, name);
      }
      return undefined;
    case 'Z': case 'Z#':
      if (name !== undefined && !chain) return noChain();
      if (verbose && cmd.cmd === 'Z') for (const c of name === undefined ? chainOrder(table, t) : [name]) io.out(`Zeroing chain \`${c}'\n`);
      zero(t, name, cmd.rulenum);
      return undefined;
    case 'F':
      if (name !== undefined && !chain) return noChain();
      for (const c of name === undefined ? chainOrder(table, t) : [name]) {
        if (verbose) io.out(`Flushing chain \`${c}'\n`);
        t.chains[c].rules = [];
      }
      // flushing everything does not create the table in the kernel; flushing one chain does
      if (name !== undefined || exists) t.present = true;
      return undefined;
    case 'N':
      if (chain) return plainError('iptables: Chain already exists.\n', 1);
      t.chains[name!] = emptyChain();
      t.present = true;
      return undefined;
    case 'X': {
      // built-in chains exist in the kernel only once the table does (iptables-nft makes them on demand)
      if (name !== undefined && (!chain || (!exists && isBuiltin(table, name)))) return noChain();
      if (name === undefined && !exists) return undefined;
      const victims = name === undefined ? chainOrder(table, t).filter((c) => !isBuiltin(table, c)) : [name];
      const busy = victims.find((c) => t.chains[c].rules.length || references(t, c));
      if (busy) return plainError(`iptables ${VERSION}:  CHAIN_DEL failed (Device or resource busy): chain ${busy}\n`, 4);
      for (const c of victims.filter((c) => !isBuiltin(table, c))) {
        if (verbose) io.out(`Deleting chain \`${c}'\n`);
        delete t.chains[c];
      }
      t.present = true;
      return undefined;
    }
    case 'P':
      if (cmd.policy !== 'ACCEPT' && cmd.policy !== 'DROP') return plainError("iptables: Bad policy name. Run `dmesg' for more information.\n", 1);
      if (!chain || !isBuiltin(table, name!)) return plainError('iptables: Bad built-in chain name.\n', 1);
      chain.policy = cmd.policy;
      t.present = true;
      return undefined;
    case 'E': {
      if (!chain || isBuiltin(table, name!)) return noChain();
      const newName = cmd.newName!;
      if (t.chains[newName]) return plainError('iptables: File exists.\n', 1);
      t.chains = Object.fromEntries(Object.entries(t.chains).map(([k, c]) => [k === name ? newName : k, c]));
      for (const c of Object.values(t.chains)) for (const r of c.rules) if (r.target.kind === 'JUMP' && r.target.chain === name) r.target = { ...r.target, chain: newName };
      t.present = true;
      return undefined;
    }
    case 'D#':
      if (!chain || !exists) return noChain();
      if (cmd.rulenum! > chain.rules.length) return plainError('iptables: Index of deletion too big.\n', 1);
      chain.rules.splice(cmd.rulenum! - 1, 1);
      t.present = true;
      return undefined;
    default:
      return changeRule(table, t, cmd, io, deferJumps);
  }
}

// --- iptables -------------------------------------------------------------------

function report(ctx: CommandContext, e: IptError): number {
  ctx.err(e.message);
  return e.exit;
}

const isKnownTable = (name: string): name is TableName => name === 'filter' || name === 'nat';
const noTable = (name: string) => plainError(`iptables ${VERSION}: table '${name}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`, 3);

function iptables(ctx: CommandContext): number {
  const host = ctx.host;
  const parsed = parseIptablesArgs(ctx.argv.slice(1), (n) => resolveName(host, n));
  if ('version' in parsed) {
    ctx.out(`iptables ${VERSION}\n`);
    return 0;
  }
  if ('ok' in parsed) return report(ctx, parsed);
  if (parsed.cmd === 'h') {
    ctx.out(HELP);
    return 0;
  }
  if (!isKnownTable(parsed.table)) return report(ctx, noTable(parsed.table));
  if (!isRoot(ctx)) return report(ctx, plainError(notRoot('iptables'), 4));
  const err = execute(host.iptables, parsed, ctx, (ip) => nameOf(host, ip));
  return err ? report(ctx, err) : 0;
}

// --- iptables-save --------------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's ctime() in UTC, without the newline: `Sun Nov 22 23:53:05 2026`. */
function ctime(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Tables iptables-nft knows but the simulation keeps empty: iptables-save -t prints their chains. */
const EMPTY_TABLES: Record<string, string[]> = {
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** Short options with their argument: iptables-save -c -t T -M CMD -f FILE -V -4 -6. */
function saveOptions(prog: string, args: string[], letters: Record<string, boolean>, long: Record<string, string>):
  { opts: Record<string, string | true>; operands: string[] } | string {
  const opts: Record<string, string | true> = {};
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const [name, value] = a.slice(2).split(/=(.*)/s);
      const hits = Object.keys(long).filter((n) => n.startsWith(name));
      const key = long[name] ?? (hits.length === 1 ? long[hits[0]] : undefined);
      if (!key) return `${prog}: unrecognized option '${a}'\n`;
      if (letters[key]) {
        const v = value ?? args[++i];
        if (v === undefined) return `${prog}: option '--${hits[0] ?? name}' requires an argument\n`;
        opts[key] = v;
      } else opts[key] = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (!(c in letters)) return `${prog}: invalid option -- '${c}'\n`;
      if (letters[c]) {
        const v = a.slice(j + 1) || args[++i];
        if (v === undefined) return `${prog}: option requires an argument -- '${c}'\n`;
        opts[c] = v;
        break;
      }
      opts[c] = true;
    }
  }
  return { opts, operands };
}

function iptablesSave(ctx: CommandContext): number {
  const parsed = saveOptions('iptables-save', ctx.argv.slice(1), { c: false, t: true, M: true, f: true, V: false, '4': false, '6': false },
    { counters: 'c', table: 't', modprobe: 'M', file: 'f', version: 'V', ipv4: '4', ipv6: '6' });
  if (typeof parsed === 'string') {
    ctx.err(`${parsed}Look at manual page \`iptables-save.8' for more information.\n`);
    return 1;
  }
  const { opts } = parsed;
  if (opts.V) {
    ctx.out(`iptables-save ${VERSION}\n`);
    return 0;
  }
  if (!isRoot(ctx)) return report(ctx, plainError(notRoot('iptables-save'), 4));
  const only = typeof opts.t === 'string' ? opts.t : undefined;
  if (only !== undefined && !isKnownTable(only) && !EMPTY_TABLES[only]) {
    ctx.err(`Table \`${only}' does not exist\n`);
    return 1;
  }
  const when = ctime(wallMs(ctx.world.now + ctx.elapsed));
  const names = only !== undefined ? [only] : (['filter', 'nat'] as const).filter((n) => tableExists(n, ctx.host.iptables[n]));
  let text = '';
  for (const name of names) {
    const block = isKnownTable(name)
      ? formatSaveTable(name, ctx.host.iptables[name], opts.c === true)
      : `*${name}\n${EMPTY_TABLES[name].map((c) => `:${c} ACCEPT [0:0]\n`).join('')}COMMIT\n`;
    text += `# Generated by iptables-save ${VERSION} on ${when}\n${block}# Completed on ${when}\n`;
  }
  if (typeof opts.f === 'string') {
    const path = resolvePath(ctx.session.cwd, opts.f);
    ctx.host.files[path] = text;
    return 0;
  }
  ctx.out(text);
  return 0;
}

// --- iptables-restore -----------------------------------------------------------

/** Rewords an iptables error for iptables-restore at `line`. */
function restoreError(e: IptError, line: number): IptError {
  const prefix = `iptables ${VERSION}: `;
  if (e.exit === 2) {
    const body = e.message.replace(/Try `iptables -h'.*\n$/, '');
    const msg = body.startsWith(prefix) ? `iptables-restore ${VERSION}: ${body.slice(prefix.length)}` : body;
    return plainError(`${msg}Error occurred at line: ${line}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.\n`, 2);
  }
  if (e.exit === 4) return plainError(`iptables-restore ${VERSION}: \nline ${line}: ${e.message.slice(prefix.length).trimStart()}`, 4);
  return plainError(`iptables-restore: line ${line} failed: ${e.message.replace(/^iptables: /, '').replace(/ Run `dmesg'.*$/s, '\n')}`, e.exit);
}

function iptablesRestore(ctx: CommandContext): number {
  const parsed = saveOptions('iptables-restore', ctx.argv.slice(1), { c: false, v: false, V: false, t: false, h: false, n: false, T: true, M: true, w: true, W: true, '4': false, '6': false },
    { counters: 'c', verbose: 'v', version: 'V', test: 't', help: 'h', noflush: 'n', table: 'T', modprobe: 'M', wait: 'w', 'wait-interval': 'W', ipv4: '4', ipv6: '6' });
  if (typeof parsed === 'string') {
    ctx.err(`${parsed}Look at manual page \`iptables-restore.8' for more information.\n`);
    return 1;
  }
  const { opts, operands } = parsed;
  if (opts.V) {
    ctx.out(`iptables-restore ${VERSION}\n`);
    return 0;
  }
  let text = ctx.stdin;
  if (operands.length) {
    const r = readFile(ctx.host, resolvePath(ctx.session.cwd, operands[0]));
    if (!r.ok) {
      ctx.err(`Can't open ${operands[0]}: ${ERRNO[r.errno]}\n`);
      return 1;
    }
    text = r.text;
  }
  // iptables-restore asks the kernel for nothing until the input names a table
  if (!isRoot(ctx) && /^\s*\*/m.test(text)) return report(ctx, plainError(notRoot('iptables-restore'), 4));
  const result = restore(ctx, text, { counters: opts.c === true, noflush: opts.n === true, only: typeof opts.T === 'string' ? opts.T : undefined });
  if ('ok' in result) return report(ctx, result);
  if (opts.t !== true) Object.assign(ctx.host.iptables, result);
  return 0;
}

/** Runs iptables-restore input on copies of the host's tables; all or nothing. */
function restore(ctx: CommandContext, text: string, o: { counters: boolean; noflush: boolean; only?: string }): Tables | IptError {
  const work: Tables = structuredClone(ctx.host.iptables);
  const lines = text.split('\n');
  let current: { name: TableName; t: IptTable; skip: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const name = line.slice(1);
      if (!isKnownTable(name)) return restoreError(paramError(`iptables-restore: line ${n} table name '${name}' invalid`), n);
      const t = o.noflush ? work[name] : { ...emptyTable(name), present: true };
      current = { name, t, skip: o.only !== undefined && o.only !== name };
      continue;
    }
    if (!current) return plainError(`iptables-restore: line ${n} failed\n`, 1);
    if (line === 'COMMIT') {
      const t = current.t;
      for (const c of Object.values(t.chains)) {
        for (const r of c.rules) if (r.target.kind === 'JUMP' && !t.chains[r.target.chain]) return restoreError(paramError(`Chain '${r.target.chain}' does not exist`), n);
      }
      if (!current.skip) work[current.name] = { ...t, present: true };
      current = undefined;
      continue;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?/.exec(line);
      if (!m) return plainError(`iptables-restore: line ${n} failed\n`, 1);
      const [, name, policy, p, b] = m;
      const t = current.t;
      if (BUILTIN_CHAINS[current.name].includes(name)) {
        if (policy !== 'ACCEPT' && policy !== 'DROP') return plainError(`iptables-restore: line ${n} failed: Bad policy name.\n`, 1);
        t.chains[name].policy = policy;
        t.chains[name].policyCounters = o.counters && p !== undefined ? { pkts: Number(p), bytes: Number(b) } : { pkts: 0, bytes: 0 };
      } else t.chains[name] ??= emptyChain();
      continue;
    }
    const cm = /^\[(\d+):(\d+)\]\s+(.*)$/.exec(line);
    const words = splitRestoreLine(cm ? cm[3] : line);
    const cmd = parseIptablesArgs(['-t', current.name, ...words], (name) => resolveName(ctx.host, name));
    if ('version' in cmd) continue;
    if ('ok' in cmd) return restoreError(cmd, n);
    if (cmd.rule) cmd.rule.counters = o.counters && cm ? { pkts: Number(cm[1]), bytes: Number(cm[2]) } : { pkts: 0, bytes: 0 };
    const err = execute({ ...work, [current.name]: current.t }, cmd, ctx, (ip) => nameOf(ctx.host, ip), true);
    if (err) return restoreError(err, n);
  }
  if (current) return plainError(`iptables-restore: COMMIT expected at line ${lines.length}\n`, 1);
  return work;
}

/** On a Kubernetes node, kube-proxy's latest rules are in place before the tables are read or changed. */
const onSyncedTables = (run: (ctx: CommandContext) => number) => (ctx: CommandContext) => {
  syncNodeRules(ctx.world, ctx.host);
  return run(ctx);
};

/** `iptables -L|-S [...]` (`-nvL`, `--list`): reads; every other command (-A, -D, -F, -Z, ...) may write. */
function iptablesReads(argv: string[]): boolean {
  const args = argv.slice(1);
  const shortLetters = args.filter((a) => /^-[^-]/.test(a)).join('');
  if (/[ADIRFZNXPE]/.test(shortLetters) || args.some((a) => /^--(append|delete|insert|replace|flush|zero|new-chain|delete-chain|policy|rename-chain)/.test(a))) return false;
  return /[LS]/.test(shortLetters) || args.some((a) => a === '--list' || a === '--list-rules');
}

export const iptablesCommands: Record<string, CommandSpec> = {
  iptables: { run: onSyncedTables(iptables), summary: 'administration tool for IPv4 packet filtering and NAT', reads: iptablesReads },
  'iptables-save': { run: onSyncedTables(iptablesSave), summary: 'dump iptables rules', reads: (argv) => !shortHas(argv, 'f') && !argv.some((a) => a.startsWith('--file')) },
  'iptables-restore': { run: onSyncedTables(iptablesRestore), summary: 'restore iptables rules' },
};

const HELP = `iptables v1.8.9 (nf_tables)

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain\t\tAppend to chain
  --check   -C chain\t\tCheck for the existence of a rule
  --delete  -D chain\t\tDelete matching rule from chain
  --delete  -D chain rulenum
\t\t\t\tDelete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
\t\t\t\tInsert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
\t\t\t\tReplace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
\t\t\t\tList the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
\t\t\t\tPrint the rules in a chain or all chains
  --flush   -F [chain]\t\tDelete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
\t\t\t\tZero counters in chain or all chains
  --new     -N chain\t\tCreate a new user-defined chain
  --delete-chain
            -X [chain]\t\tDelete a user-defined chain
  --policy  -P chain target
\t\t\t\tChange policy on chain to target
  --rename-chain
            -E old-chain new-chain
\t\t\t\tChange chain name, (moving any references)

Options:
    --ipv4\t-4\t\tNothing (line is ignored by ip6tables-restore)
    --ipv6\t-6\t\tError (line is ignored by iptables-restore)
[!] --protocol\t-p proto\tprotocol: by number or name, eg. \`tcp'
[!] --source\t-s address[/mask][...]
\t\t\t\tsource specification
[!] --destination -d address[/mask][...]
\t\t\t\tdestination specification
[!] --in-interface -i input name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
 --jump\t-j target
\t\t\t\ttarget for rule (may load target extension)
  --goto      -g chain
\t\t\t       jump to chain with no return
  --match\t-m match
\t\t\t\textended match (may load extension)
  --numeric\t-n\t\tnumeric output of addresses and ports
[!] --out-interface -o output name[+]
\t\t\t\tnetwork interface name ([+] for wildcard)
  --table\t-t table\ttable to manipulate (default: \`filter')
  --verbose\t-v\t\tverbose mode
  --wait\t-w [seconds]\tmaximum wait to acquire xtables lock before give up
  --line-numbers\t\tprint line numbers when listing
  --exact\t-x\t\texpand numbers (display exact values)
[!] --fragment\t-f\t\tmatch second or further fragments only
  --modprobe=<command>\t\ttry to insert modules using this command
  --set-counters -c PKTS BYTES\tset the counter during insert/append
[!] --version\t-V\t\tprint package version.
`;

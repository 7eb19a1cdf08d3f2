// GNU grep 3.8: BRE/ERE/fixed/perl patterns, -i -v -w -x -c -l -L -o -q -s -n -h -H -m,
// context (-A -B -C, -NUM), -r over the host's file tree.
import { ERRNO, fileKind, resolvePath } from '../files.js';
import { getopt, tryHelp, type LongOption } from '../getopt.js';
import { compileRegex, escapeRegex, nestedRepetition, type Regex } from '../regex.js';
import type { CommandContext } from '../types.js';
import { readOperand, splitLines } from './input.js';

const USAGE = 'Usage: grep [OPTION]... PATTERNS [FILE]...\n';

const LONG: LongOption[] = [
  ['extended-regexp', 'E'], ['fixed-strings', 'F'], ['basic-regexp', 'G'], ['perl-regexp', 'P'],
  ['ignore-case', 'i'], ['invert-match', 'v'], ['word-regexp', 'w'], ['line-regexp', 'x'], ['count', 'c'],
  ['files-with-matches', 'l'], ['files-without-match', 'L'], ['only-matching', 'o'], ['quiet', 'q'],
  ['silent', 'q'], ['no-messages', 's'], ['with-filename', 'H'], ['no-filename', 'h'], ['line-number', 'n'],
  ['recursive', 'r'], ['dereference-recursive', 'R'], ['null-data', 'z'],
].map(([name, key]) => ({ name, key, arg: 'none' as const }));
LONG.push(
  ...[['max-count', 'm'], ['after-context', 'A'], ['before-context', 'B'], ['context', 'C'], ['regexp', 'e'], ['file', 'f']]
    .map(([name, key]) => ({ name, key, arg: 'required' as const })),
  { name: 'color', key: 'color', arg: 'optional' },
  { name: 'colour', key: 'color', arg: 'optional' },
);

interface Options {
  invert: boolean;
  count: boolean;
  filesWith: boolean;
  filesWithout: boolean;
  only: boolean;
  quiet: boolean;
  noMessages: boolean;
  lineNumber: boolean;
  recursive: boolean;
  /** Record terminator: '\0' with -z. */
  eol: string;
  withName?: boolean;
  maxCount: number;
  after: number;
  before: number;
}

type Matcher = { ok: true; re: Regex } | { ok: false; error: string };

/** grep -P: JavaScript's own engine (PCRE-like), refusing patterns that could backtrack forever. */
function perlMatcher(patterns: string[], o: { i: boolean; w: boolean; x: boolean }): Matcher {
  if (patterns.some(nestedRepetition)) {
    return { ok: false, error: 'grep: -P patterns that repeat a repeating group are not run by this simulation\n' };
  }
  let source = patterns.map((p) => `(?:${p})`).join('|');
  if (o.x) source = `^(?:${source})$`;
  else if (o.w) source = `(?<!\\w)(?:${source})(?!\\w)`;
  let js: RegExp;
  try {
    js = new RegExp(source, o.i ? 'gi' : 'g');
  } catch {
    return { ok: false, error: 'grep: unmatched parentheses or invalid -P pattern\n' };
  }
  const exec = (s: string, from = 0) => {
    js.lastIndex = from;
    const m = js.exec(s);
    return m ? { index: m.index, end: m.index + m[0].length } : undefined;
  };
  return { ok: true, re: { exec, test: (s: string) => exec(s) !== undefined } };
}

function buildMatcher(ctx: CommandContext, patterns: string[], mode: string, o: { i: boolean; w: boolean; x: boolean }): Matcher {
  if (mode === 'P') return perlMatcher(patterns, o);
  const fixed = mode === 'F';
  const r = compileRegex(fixed ? patterns.map(escapeRegex) : patterns, { extended: mode === 'E', icase: o.i, word: o.w, line: o.x });
  if (!r.ok) return { ok: false, error: `grep: ${r.error}\n` };
  for (const w of r.warnings) ctx.err(`grep: warning: ${w}\n`);
  return { ok: true, re: r.re };
}

/** All non-empty matches in `line`, for -o. */
function matchesOf(re: Regex, line: string): string[] {
  const out: string[] = [];
  for (let from = 0; from <= line.length; ) {
    const m = re.exec(line, from);
    if (!m) break;
    if (m.end > m.index) out.push(line.slice(m.index, m.end));
    from = m.end > m.index ? m.end : m.index + 1;
  }
  return out;
}

/** Files under `dir` in the tree, sorted. */
function filesUnder(ctx: CommandContext, dir: string): string[] {
  const prefix = dir === '/' ? '/' : dir + '/';
  return Object.keys(ctx.host.files).filter((k) => k.startsWith(prefix) && !k.endsWith('/')).sort();
}

export function grep(ctx: CommandContext): number {
  const r = getopt('grep', ctx.argv.slice(1), { short: 'EFGPiyvwxclLm:oqsHhnrRzA:B:C:e:f:0123456789', long: LONG });
  if (!r.ok) {
    ctx.err(r.error + USAGE + tryHelp('grep'));
    return 2;
  }
  const o: Options = {
    invert: false, count: false, filesWith: false, filesWithout: false, only: false, quiet: false,
    noMessages: false, lineNumber: false, recursive: false, eol: '\n', maxCount: Infinity, after: 0, before: 0,
  };
  let mode = 'G';
  const flags = { i: false, w: false, x: false };
  const patterns: string[] = [];
  let patternGiven = false;
  let digits = '';
  let lastWasDigit = false;
  const contextLength = (v: string | undefined): number | string => {
    if (v === undefined || !/^\d+$/.test(v)) return `grep: ${v}: invalid context length argument\n`;
    return Number(v);
  };
  for (const { key, value } of r.opts) {
    const isDigit = /^\d$/.test(key);
    if (isDigit) {
      digits = lastWasDigit ? digits + key : key;
      o.after = o.before = Number(digits);
    }
    lastWasDigit = isDigit;
    switch (key) {
      case 'E': case 'F': case 'G': case 'P': mode = key; break;
      case 'i': case 'y': flags.i = true; break;
      case 'w': flags.w = true; break;
      case 'x': flags.x = true; break;
      case 'v': o.invert = true; break;
      case 'c': o.count = true; break;
      case 'l': o.filesWith = true; break;
      case 'L': o.filesWithout = true; break;
      case 'o': o.only = true; break;
      case 'q': o.quiet = true; break;
      case 's': o.noMessages = true; break;
      case 'n': o.lineNumber = true; break;
      case 'r': case 'R': o.recursive = true; break;
      case 'z': o.eol = '\0'; break;
      case 'H': o.withName = true; break;
      case 'h': o.withName = false; break;
      case 'm':
        if (value === undefined || !/^-?\d+$/.test(value)) {
          ctx.err('grep: invalid max count\n');
          return 2;
        }
        o.maxCount = Number(value) < 0 ? Infinity : Number(value);
        break;
      case 'A': case 'B': case 'C': {
        const n = contextLength(value);
        if (typeof n === 'string') {
          ctx.err(n);
          return 2;
        }
        if (key !== 'B') o.after = n;
        if (key !== 'A') o.before = n;
        break;
      }
      case 'e':
        patterns.push(...(value ?? '').split('\n'));
        patternGiven = true;
        break;
      case 'f': {
        const read = readOperand(ctx, value ?? '');
        if (!read.ok) {
          ctx.err(`grep: ${value}: ${ERRNO[read.errno]}\n`);
          return 2;
        }
        patterns.push(...splitLines(read.text));
        patternGiven = true;
        break;
      }
    }
  }
  const operands = [...r.operands];
  if (!patternGiven) {
    if (operands.length === 0) {
      ctx.err(USAGE + tryHelp('grep'));
      return 2;
    }
    patterns.push(...operands.shift()!.split('\n'));
  }
  const m = buildMatcher(ctx, patterns, mode, flags);
  if (!m.ok) {
    ctx.err(m.error);
    return 2;
  }
  const re = m.re;

  // Inputs: [display name, path or '-']
  let error = false;
  const inputs: { name: string; path?: string }[] = [];
  const implicit = operands.length === 0;
  if (implicit) operands.push(o.recursive ? '.' : '-');
  for (const name of operands) {
    if (name === '-') {
      inputs.push({ name: '(standard input)' });
      continue;
    }
    const path = resolvePath(ctx.session.cwd, name);
    if (o.recursive && fileKind(ctx.host, path) === 'dir') {
      for (const f of filesUnder(ctx, path)) {
        const rel = f.slice(path === '/' ? 1 : path.length + 1);
        inputs.push({ name: implicit ? rel : `${name.replace(/\/+$/, '')}/${rel}`, path: f });
      }
      continue;
    }
    inputs.push({ name, path });
  }
  const withName = o.withName ?? (inputs.length > 1 || o.recursive);
  let anySelected = false;

  for (const input of inputs) {
    let text: string;
    if (input.path === undefined) text = ctx.stdin;
    else {
      const read = readOperand(ctx, input.name === '-' ? '-' : input.path);
      if (!read.ok) {
        if (!o.noMessages) ctx.err(`grep: ${input.name}: ${ERRNO[read.errno]}\n`);
        error = true;
        continue;
      }
      text = read.text;
    }
    const lines = splitLines(text, o.eol);
    const prefix = (n: number, sep: string) => (withName ? input.name + sep : '') + (o.lineNumber ? `${n + 1}${sep}` : '');
    let selected = 0;
    let out = '';
    let lastPrinted = -1;
    let afterLeft = 0;
    const printContext = (i: number) => {
      if (lastPrinted >= 0 && i > lastPrinted + 1) out += '--' + o.eol;
      out += prefix(i, '-') + lines[i] + o.eol;
      lastPrinted = i;
    };
    for (let i = 0; i < lines.length; i++) {
      if (selected >= o.maxCount) {
        // GNU prints trailing context after the last counted match.
        if (afterLeft > 0 && !o.count && !o.filesWith && !o.filesWithout && !o.quiet) {
          printContext(i);
          afterLeft--;
          continue;
        }
        break;
      }
      const isSel = re.test(lines[i]) !== o.invert;
      if (!isSel) {
        if (afterLeft > 0 && !o.only) {
          printContext(i);
          afterLeft--;
        }
        continue;
      }
      selected++;
      anySelected = true;
      if (o.quiet) {
        ctx.out(out);
        return 0;
      }
      if (o.count || o.filesWith || o.filesWithout) continue;
      if (!o.only) {
        for (let b = Math.max(lastPrinted + 1, i - o.before); b < i; b++) printContext(b);
        if (lastPrinted >= 0 && i > lastPrinted + 1 && (o.before > 0 || o.after > 0)) out += '--' + o.eol;
        out += prefix(i, ':') + lines[i] + o.eol;
      } else if (!o.invert) {
        if (lastPrinted >= 0 && i > lastPrinted + 1 && (o.before > 0 || o.after > 0)) out += '--' + o.eol;
        for (const match of matchesOf(re, lines[i])) out += prefix(i, ':') + match + o.eol;
      }
      lastPrinted = i;
      afterLeft = o.after;
    }
    if (o.count) out += (withName ? input.name + ':' : '') + selected + '\n';
    if (o.filesWith && selected > 0) out += input.name + '\n';
    if (o.filesWithout && selected === 0) out += input.name + '\n';
    ctx.out(out);
  }
  if (error && !(o.quiet && anySelected)) return 2;
  return anySelected ? 0 : 1;
}

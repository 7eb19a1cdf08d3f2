// Text filters people pipe into: grep, awk, head, tail, wc, sort, uniq, cut, tr
// (GNU coreutils 9.1 behaviour and messages, in a UTF-8 locale).
import { ERRNO, checkWritable, resolvePath, writeFile } from '../files.js';
import { getopt, tryHelp, type LongOption } from '../getopt.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { awk } from './awk.js';
import { grep } from './grep.js';
import { q, readOperand, splitLines, utf8Length } from './input.js';
import { always, optionsOnly } from './reads.js';

const long = (name: string, key: string, arg: LongOption['arg'] = 'none'): LongOption => ({ name, key, arg });
const byCodepoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// --- head / tail -----------------------------------------------------------------

/** Rewrites the obsolete `-5` / `+5` first argument into `-n 5` / `-n +5`. */
function obsoleteCount(args: string[], allowPlus: boolean): string[] {
  const m = /^([-+])(\d+)([cl]?)$/.exec(args[0] ?? '');
  if (!m || (m[1] === '+' && !allowPlus)) return args;
  return [m[3] === 'c' ? '-c' : '-n', (m[1] === '+' ? '+' : '') + m[2], ...args.slice(1)];
}

function headTail(ctx: CommandContext, prog: 'head' | 'tail'): number {
  const isTail = prog === 'tail';
  const r = getopt(prog, obsoleteCount(ctx.argv.slice(1), isTail), {
    short: isTail ? 'n:c:qvfFs:z' : 'n:c:qvz',
    long: [long('lines', 'n', 'required'), long('bytes', 'c', 'required'), long('quiet', 'q'), long('silent', 'q'),
      long('verbose', 'v'), long('zero-terminated', 'z'), ...(isTail ? [long('follow', 'f', 'optional')] : [])],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp(prog));
    return 1;
  }
  let count = 10;
  let bytes = false;
  let fromStart = false;
  let allBut = false;
  let headers: boolean | undefined;
  let eol = '\n';
  for (const { key, value = '' } of r.opts) {
    if (key === 'n' || key === 'c') {
      const m = /^([-+]?)(\d+)$/.exec(value);
      if (!m) {
        ctx.err(`${prog}: invalid number of ${key === 'n' ? 'lines' : 'bytes'}: ${q(value)}\n`);
        return 1;
      }
      bytes = key === 'c';
      count = Number(m[2]);
      fromStart = isTail && m[1] === '+';
      allBut = !isTail && m[1] === '-';
    } else if (key === 'q') headers = false;
    else if (key === 'v') headers = true;
    else if (key === 'z') eol = '\0';
  }
  const operands = r.operands.length ? r.operands : ['-'];
  const showHeaders = headers ?? operands.length > 1;
  let status = 0;
  let first = true;
  for (const name of operands) {
    const read = readOperand(ctx, name);
    if (!read.ok) {
      ctx.err(read.errno === 'EISDIR'
        ? `${prog}: error reading '${name}': ${ERRNO.EISDIR}\n`
        : `${prog}: cannot open '${name}' for reading: ${ERRNO[read.errno]}\n`);
      status = 1;
      continue;
    }
    let out = showHeaders ? `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n` : '';
    first = false;
    const text = read.text;
    if (bytes) {
      const chars = [...text];
      const n = chars.length;
      const picked = isTail ? (fromStart ? chars.slice(Math.max(0, count - 1)) : chars.slice(Math.max(0, n - count))) : allBut ? chars.slice(0, Math.max(0, n - count)) : chars.slice(0, count);
      out += picked.join('');
    } else {
      // Keep each line's newline so a last line without one stays without one.
      const lines = text.match(eol === '\n' ? /[^\n]*\n|[^\n]+$/g : /[^\0]*\0|[^\0]+$/g) ?? [];
      const n = lines.length;
      const picked = isTail ? (fromStart ? lines.slice(Math.max(0, count - 1)) : lines.slice(Math.max(0, n - count))) : allBut ? lines.slice(0, Math.max(0, n - count)) : lines.slice(0, count);
      out += picked.join('');
    }
    ctx.out(out);
  }
  return status;
}

// --- wc --------------------------------------------------------------------------

function wc(ctx: CommandContext): number {
  const r = getopt('wc', ctx.argv.slice(1), {
    short: 'clmwL',
    long: [long('bytes', 'c'), long('chars', 'm'), long('lines', 'l'), long('words', 'w'), long('max-line-length', 'L')],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('wc'));
    return 1;
  }
  const keys = new Set(r.opts.map((o) => o.key));
  if (keys.size === 0) ['l', 'w', 'c'].forEach((k) => keys.add(k));
  const order = ['l', 'w', 'm', 'c', 'L'].filter((k) => keys.has(k));
  const operands = r.operands.length ? r.operands : ['-'];
  type Counts = Record<string, number>;
  const rows: { counts: Counts; name?: string; error?: string }[] = [];
  let status = 0;
  // coreutils sizes the columns from the regular files' sizes (a pipe forces 7), except
  // for a single input with a single count, printed unpadded.
  let regularTotal = 0;
  let minWidth = 1;
  for (const name of operands) {
    const read = readOperand(ctx, name);
    const counts: Counts = { l: 0, w: 0, m: 0, c: 0, L: 0 };
    if (!read.ok) {
      const error = `wc: ${name}: ${ERRNO[read.errno]}\n`;
      status = 1;
      if (read.errno === 'EISDIR') {
        minWidth = 7;
        rows.push({ counts, name, error });
      } else rows.push({ counts, error });
      continue;
    }
    const text = read.text;
    counts.l = (text.match(/\n/g) ?? []).length;
    counts.w = text.split(/[ \t\n\v\f\r]+/).filter(Boolean).length;
    counts.m = [...text].length;
    counts.c = utf8Length(text);
    counts.L = Math.max(0, ...text.split('\n').map((l) => [...l.replace(/\t/g, '        ')].length));
    if (name === '-') minWidth = 7;
    else regularTotal += counts.c;
    rows.push({ counts, name: name === '-' && r.operands.length === 0 ? undefined : name });
  }
  let width = String(regularTotal).length;
  if (width < minWidth) width = minWidth;
  if (operands.length === 1 && order.length === 1) width = 1;
  const total: Counts = { l: 0, w: 0, m: 0, c: 0, L: 0 };
  let out = '';
  const line = (counts: Counts, name?: string) =>
    order.map((k) => String(counts[k]).padStart(width)).join(' ') + (name !== undefined ? ` ${name}` : '') + '\n';
  for (const row of rows) {
    if (row.error) {
      ctx.out(out);
      out = '';
      ctx.err(row.error);
      if (row.name === undefined) continue;
    }
    for (const k of order) total[k] = k === 'L' ? Math.max(total[k], row.counts[k]) : total[k] + row.counts[k];
    out += line(row.counts, row.name);
  }
  if (operands.length > 1) out += line(total, 'total');
  ctx.out(out);
  return status;
}

// --- sort ------------------------------------------------------------------------

interface SortKey {
  startField: number;
  startChar: number;
  endField?: number;
  endChar: number;
  opts: string;
}

function parseKey(spec: string): SortKey | string {
  const bad = (why: string) => `sort: ${why}: invalid field specification ${q(spec)}\n`;
  const m = /^(\d*)(?:\.(\d*))?([bdfghinMrRV]*)(?:,(\d*)(?:\.(\d*))?([bdfghinMrRV]*))?(.*)$/.exec(spec)!;
  if (m[1] === '') return `sort: invalid number at field start: invalid count at start of ${q(spec)}\n`;
  if (m[7] !== '') return bad('stray character in field spec');
  if (Number(m[1]) === 0) return bad('field number is zero');
  if (m[2] !== undefined && Number(m[2]) === 0) return bad('character offset is zero');
  if (m[4] === '') return `sort: invalid number after ',': invalid count at start of ${q(spec.slice(spec.indexOf(',') + 1))}\n`;
  if (m[4] !== undefined && Number(m[4]) === 0) return bad('field number is zero');
  return {
    startField: Number(m[1]),
    startChar: m[2] ? Number(m[2]) : 1,
    endField: m[4] === undefined ? undefined : Number(m[4]),
    endChar: m[5] ? Number(m[5]) : 0,
    opts: (m[3] ?? '') + (m[6] ?? ''),
  };
}

/** Start offsets of each field: without -t a field begins with the blanks before it. */
function fieldStarts(line: string, tab: string | undefined): number[] {
  const starts = [0];
  if (tab !== undefined) {
    for (let i = 0; i < line.length; i++) if (line[i] === tab) starts.push(i + 1);
    return starts;
  }
  const re = /[ \t]*[^ \t]+/g;
  starts.length = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) starts.push(m.index);
  if (starts.length === 0) starts.push(0);
  return starts;
}

function keyText(line: string, key: SortKey, tab: string | undefined, skipBlanks: boolean): string {
  const starts = fieldStarts(line, tab);
  const fieldEnd = (f: number) => {
    if (f >= starts.length) return line.length;
    if (tab !== undefined) return f + 1 < starts.length ? starts[f + 1] - 1 : line.length;
    return f + 1 < starts.length ? starts[f + 1] : line.length;
  };
  const sf = key.startField - 1;
  if (sf >= starts.length) return '';
  let begin = starts[sf];
  if (skipBlanks) while (begin < line.length && (line[begin] === ' ' || line[begin] === '\t')) begin++;
  begin = Math.min(begin + key.startChar - 1, line.length);
  let end = line.length;
  if (key.endField !== undefined) {
    const ef = key.endField - 1;
    if (key.endChar === 0) end = fieldEnd(ef);
    else {
      let b = ef < starts.length ? starts[ef] : line.length;
      if (skipBlanks) while (b < line.length && (line[b] === ' ' || line[b] === '\t')) b++;
      end = Math.min(b + key.endChar, line.length);
    }
  }
  return end > begin ? line.slice(begin, end) : '';
}

const numericPrefix = (s: string) => {
  const m = /^[ \t]*(-?(\d+\.?\d*|\.\d+))/.exec(s);
  return m ? Number(m[1]) : 0;
};
const human = (s: string) => {
  const m = /^[ \t]*(-?(\d+\.?\d*|\.\d+))([KMGTPEZY]?)/.exec(s);
  if (!m) return 0;
  return Number(m[1]) * 1024 ** ' KMGTPEZY'.indexOf(m[3] || ' ');
};

function compareBy(a: string, b: string, opts: string): number {
  let x = a;
  let y = b;
  if (opts.includes('b')) {
    x = x.replace(/^[ \t]+/, '');
    y = y.replace(/^[ \t]+/, '');
  }
  if (opts.includes('n')) return Math.sign(numericPrefix(x) - numericPrefix(y));
  if (opts.includes('h')) return Math.sign(human(x) - human(y));
  if (opts.includes('f')) {
    x = x.toUpperCase();
    y = y.toUpperCase();
  }
  return byCodepoint(x, y);
}

function sort(ctx: CommandContext): number {
  const r = getopt('sort', ctx.argv.slice(1), {
    short: 'bfhnrsuzk:t:o:',
    long: [long('zero-terminated', 'z'), long('ignore-leading-blanks', 'b'), long('ignore-case', 'f'), long('human-numeric-sort', 'h'),
      long('numeric-sort', 'n'), long('reverse', 'r'), long('stable', 's'), long('unique', 'u'),
      long('key', 'k', 'required'), long('field-separator', 't', 'required'), long('output', 'o', 'required')],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('sort'));
    return 2;
  }
  let global = '';
  const keys: SortKey[] = [];
  let tab: string | undefined;
  let output: string | undefined;
  for (const { key, value = '' } of r.opts) {
    if (key === 'k') {
      const k = parseKey(value);
      if (typeof k === 'string') {
        ctx.err(k);
        return 2;
      }
      keys.push(k);
    } else if (key === 't') {
      const t = value === '\\0' ? '\0' : value;
      if ([...t].length !== 1) {
        ctx.err(t === '' ? 'sort: empty tab\n' : `sort: multi-character tab ${q(t)}\n`);
        return 2;
      }
      if (tab !== undefined && tab !== t) {
        ctx.err('sort: incompatible tabs\n');
        return 2;
      }
      tab = t;
    } else if (key === 'o') output = value;
    else global += key;
  }
  const eol = global.includes('z') ? '\0' : '\n';
  const lines: string[] = [];
  for (const name of r.operands.length ? r.operands : ['-']) {
    const read = readOperand(ctx, name);
    if (!read.ok) {
      ctx.err(read.errno === 'EISDIR' ? `sort: read failed: ${name}: ${ERRNO.EISDIR}\n` : `sort: cannot read: ${name}: ${ERRNO[read.errno]}\n`);
      return 2;
    }
    lines.push(...splitLines(read.text, eol));
  }
  const reverse = global.includes('r');
  const keyOpts = (k: SortKey) => (k.opts === '' ? global : k.opts);
  const cmpKeys = (a: string, b: string) => {
    if (keys.length === 0) return compareBy(a, b, global) * (reverse ? -1 : 1);
    for (const k of keys) {
      const o = keyOpts(k);
      const c = compareBy(keyText(a, k, tab, o.includes('b')), keyText(b, k, tab, o.includes('b')), o);
      if (c !== 0) return o.includes('r') ? -c : c;
    }
    return 0;
  };
  const unique = global.includes('u');
  const lastResort = !unique && !global.includes('s');
  const sorted = [...lines].sort((a, b) => {
    const c = cmpKeys(a, b);
    if (c !== 0 || !lastResort) return c;
    return byCodepoint(a, b) * (reverse ? -1 : 1);
  });
  const out = unique ? sorted.filter((l, i) => i === 0 || cmpKeys(sorted[i - 1], l) !== 0) : sorted;
  const text = out.map((l) => l + eol).join('');
  if (output === undefined) {
    ctx.out(text);
    return 0;
  }
  return writeOutput(ctx, 'sort', output, text, 2);
}

/** `sort -o FILE`, `uniq IN OUT`: write the result to a file. */
function writeOutput(ctx: CommandContext, prog: string, name: string, text: string, failStatus: number): number {
  const path = resolvePath(ctx.session.cwd, name);
  const errno = checkWritable(ctx.host, path, ctx.session.user);
  if (errno) {
    ctx.err(`${prog}: cannot create ${name}: ${ERRNO[errno]}\n`);
    return failStatus;
  }
  const failed = writeFile(ctx.host, path, text, false);
  if (failed) {
    ctx.err(`${prog}: write failed: ${name}: ${ERRNO[failed]}\n`);
    return failStatus;
  }
  return 0;
}

// --- uniq ------------------------------------------------------------------------

function uniq(ctx: CommandContext): number {
  const r = getopt('uniq', ctx.argv.slice(1), {
    short: 'cduiz',
    long: [long('zero-terminated', 'z'), long('count', 'c'), long('repeated', 'd'), long('unique', 'u'), long('ignore-case', 'i')],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('uniq'));
    return 1;
  }
  if (r.operands.length > 2) {
    ctx.err(`uniq: extra operand ${q(r.operands[2])}\n${tryHelp('uniq')}`);
    return 1;
  }
  const o = new Set(r.opts.map((x) => x.key));
  const name = r.operands[0] ?? '-';
  const read = readOperand(ctx, name);
  if (!read.ok) {
    ctx.err(read.errno === 'EISDIR' ? `uniq: read error: ${ERRNO.EISDIR}\n` : `uniq: ${name}: ${ERRNO[read.errno]}\n`);
    return 1;
  }
  const same = (a: string, b: string) => (o.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
  const eol = o.has('z') ? '\0' : '\n';
  const lines = splitLines(read.text, eol);
  let out = '';
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && same(lines[i], lines[j])) j++;
    const n = j - i;
    if (!(o.has('d') && n < 2) && !(o.has('u') && n > 1)) out += (o.has('c') ? `${String(n).padStart(7)} ` : '') + lines[i] + eol;
    i = j;
  }
  if (r.operands.length === 2) return writeOutput(ctx, 'uniq', r.operands[1], out, 1);
  ctx.out(out);
  return 0;
}

// --- cut -------------------------------------------------------------------------

type Range = [number, number];

function parseList(list: string, fields: boolean): Range[] | string {
  const ranges: Range[] = [];
  const what = fields ? 'field' : 'byte/character position';
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '' && (m[2] === '' || list === '-'))) {
      return `cut: invalid ${fields ? 'field value' : 'byte/character position'} ${q(part)}\n`;
    }
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if ((m[1] !== '' && lo === 0) || (m[3] !== '' && Number(m[3]) === 0)) return `cut: ${what}s are numbered from 1\n`;
    if (hi < lo) return 'cut: invalid decreasing range\n';
    ranges.push([lo, hi]);
  }
  return ranges;
}

function cut(ctx: CommandContext): number {
  const r = getopt('cut', ctx.argv.slice(1), {
    short: 'b:c:d:f:sn',
    long: [long('bytes', 'b', 'required'), long('characters', 'c', 'required'), long('delimiter', 'd', 'required'),
      long('fields', 'f', 'required'), long('only-delimited', 's'), long('complement', 'complement'),
      long('output-delimiter', 'output-delimiter', 'required')],
  });
  const usage = (msg: string) => {
    ctx.err(`cut: ${msg}\n${tryHelp('cut')}`);
    return 1;
  };
  if (!r.ok) {
    ctx.err(r.error + tryHelp('cut'));
    return 1;
  }
  let list: string | undefined;
  let fields = false;
  let delim: string | undefined;
  let outDelim: string | undefined;
  let onlyDelimited = false;
  let complement = false;
  for (const { key, value = '' } of r.opts) {
    if (key === 'b' || key === 'c' || key === 'f') {
      if (list !== undefined) return usage('only one list may be specified');
      list = value;
      fields = key === 'f';
    } else if (key === 'd') delim = value;
    else if (key === 's') onlyDelimited = true;
    else if (key === 'complement') complement = true;
    else if (key === 'output-delimiter') outDelim = value;
  }
  if (list === undefined) return usage('you must specify a list of bytes, characters, or fields');
  if (delim !== undefined && !fields) return usage('an input delimiter may be specified only when operating on fields');
  if (onlyDelimited && !fields) return usage('suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  if (delim !== undefined && [...delim].length > 1) return usage('the delimiter must be a single character');
  const ranges = parseList(list, fields);
  if (typeof ranges === 'string') {
    ctx.err(ranges + tryHelp('cut'));
    return 1;
  }
  const selected = (n: number) => ranges.some(([lo, hi]) => n >= lo && n <= hi) !== complement;
  const d = delim === undefined || delim === '' ? '\t' : delim;
  let status = 0;
  for (const name of r.operands.length ? r.operands : ['-']) {
    const read = readOperand(ctx, name);
    if (!read.ok) {
      ctx.err(`cut: ${name}: ${ERRNO[read.errno]}\n`);
      status = 1;
      continue;
    }
    let out = '';
    for (const line of splitLines(read.text)) {
      if (!fields) {
        out += [...line].filter((_, i) => selected(i + 1)).join('') + '\n';
        continue;
      }
      if (!line.includes(d)) {
        if (!onlyDelimited) out += line + '\n';
        continue;
      }
      out += line.split(d).filter((_, i) => selected(i + 1)).join(outDelim ?? d) + '\n';
    }
    ctx.out(out);
  }
  return status;
}

// --- tr --------------------------------------------------------------------------

const TR_CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\v\f\r',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};
TR_CLASSES.alpha = TR_CLASSES.upper + TR_CLASSES.lower;
TR_CLASSES.alnum = TR_CLASSES.digit + TR_CLASSES.alpha;
TR_CLASSES.xdigit = '0123456789ABCDEFabcdef';

/** Expands a tr SET (escapes, ranges, [:class:]) into its characters. */
function expandSet(set: string): string[] | string {
  const chars: string[] = [];
  const unesc = (s: string, i: number): [string, number] => {
    if (s[i] !== '\\' || i + 1 >= s.length) return [s[i], i + 1];
    const m = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (m) return [String.fromCharCode(parseInt(m[0], 8)), i + 1 + m[0].length];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
    return [map[s[i + 1]] ?? s[i + 1], i + 2];
  };
  for (let i = 0; i < set.length; ) {
    const cls = /^\[:([a-z]+):\]/.exec(set.slice(i));
    if (cls) {
      if (!(cls[1] in TR_CLASSES)) return `tr: invalid character class ${q(cls[1])}\n`;
      chars.push(...TR_CLASSES[cls[1]]);
      i += cls[0].length;
      continue;
    }
    const [c, j] = unesc(set, i);
    if (set[j] === '-' && j + 1 < set.length) {
      const [hi, k] = unesc(set, j + 1);
      if (hi < c) return `tr: range-endpoints of '${c}-${hi}' are in reverse collating sequence order\n`;
      for (let cp = c.codePointAt(0)!; cp <= hi.codePointAt(0)!; cp++) chars.push(String.fromCodePoint(cp));
      i = k;
      continue;
    }
    chars.push(c);
    i = j;
  }
  return chars;
}

function tr(ctx: CommandContext): number {
  const r = getopt('tr', ctx.argv.slice(1), {
    short: 'cCdst',
    long: [long('complement', 'c'), long('delete', 'd'), long('squeeze-repeats', 's'), long('truncate-set1', 't')],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('tr'));
    return 1;
  }
  const o = new Set(r.opts.map((x) => (x.key === 'C' ? 'c' : x.key)));
  const del = o.has('d');
  const squeeze = o.has('s');
  const ops = r.operands;
  const need = del && !squeeze ? 1 : del || !squeeze ? 2 : 1;
  const max = del && !squeeze ? 1 : 2;
  if (ops.length === 0) {
    ctx.err(`tr: missing operand\n${tryHelp('tr')}`);
    return 1;
  }
  if (ops.length < need) {
    const why = del ? 'Two strings must be given when both deleting and squeezing repeats.' : 'Two strings must be given when translating.';
    ctx.err(`tr: missing operand after ${q(ops[ops.length - 1])}\n${why}\n${tryHelp('tr')}`);
    return 1;
  }
  if (ops.length > max) {
    const why = del && !squeeze ? 'Only one string may be given when deleting without squeezing repeats.\n' : '';
    ctx.err(`tr: extra operand ${q(ops[max])}\n${why}${tryHelp('tr')}`);
    return 1;
  }
  const set1 = expandSet(ops[0]);
  const set2 = ops[1] === undefined ? [] : expandSet(ops[1]);
  for (const s of [set1, set2]) {
    if (typeof s === 'string') {
      ctx.err(s);
      return 1;
    }
  }
  const s1 = set1 as string[];
  const s2 = set2 as string[];
  const in1 = new Set(s1);
  const member1 = (c: string) => in1.has(c) !== o.has('c');
  const translating = !del && ops.length === 2;
  if (translating && s2.length === 0) {
    ctx.err('tr: when not truncating set1, string2 must be non-empty\n');
    return 1;
  }
  const map = new Map<string, string>();
  if (translating && !o.has('c')) s1.forEach((c, i) => map.set(c, s2[Math.min(i, s2.length - 1)]));
  const squeezeSet = new Set(del || translating ? s2 : s1);
  const squeezes = (c: string) => (del || translating ? squeezeSet.has(c) : member1(c));
  let out = '';
  let last: string | undefined;
  for (const ch of ctx.stdin) {
    if (del && member1(ch)) continue;
    let c = ch;
    if (translating) c = o.has('c') ? (member1(ch) ? s2[s2.length - 1] : ch) : (map.get(ch) ?? ch);
    if (squeeze && c === last && squeezes(c)) continue;
    out += c;
    last = c;
  }
  ctx.out(out);
  return 0;
}

export const filterCommands: Record<string, CommandSpec> = {
  grep: { run: grep, summary: 'print lines that match patterns', reads: always },
  awk: { run: awk, summary: 'pattern scanning: print fields ({print $1}), -F separator' },
  head: { run: (ctx) => headTail(ctx, 'head'), summary: 'output the first part of files', reads: always },
  tail: { run: (ctx) => headTail(ctx, 'tail'), summary: 'output the last part of files', reads: always },
  wc: { run: wc, summary: 'count lines, words and bytes', reads: always },
  sort: { run: sort, summary: 'sort lines of text' },
  uniq: { run: uniq, summary: 'report or omit repeated lines', reads: optionsOnly },
  cut: { run: cut, summary: 'remove sections from each line', reads: always },
  tr: { run: tr, summary: 'translate or delete characters', reads: always },
};

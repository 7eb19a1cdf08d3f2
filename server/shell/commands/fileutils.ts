// Looking at and writing files of the host's tree: cat, tee, ls.
import { ERRNO, checkWritable, checkWrite, fileKind, listDir, lookupError, privateToRoot, resolvePath, writeFile } from '../files.js';
import { getopt, tryHelp } from '../getopt.js';
import type { CommandContext } from '../types.js';
import { readOperand } from './input.js';

/** The terminal width ls lays its columns out for (the captures use 80 columns). */
const TERM_WIDTH = 80;

const readError = (prog: string, name: string, errno: keyof typeof ERRNO) => `${prog}: ${name}: ${ERRNO[errno]}\n`;

/** Renders control characters the way `cat -v` does (^X, ^?). */
const showNonprinting = (s: string) =>
  s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : '^' + String.fromCharCode(c.charCodeAt(0) + 64)));

export function cat(ctx: CommandContext): number {
  const r = getopt('cat', ctx.argv.slice(1), {
    short: 'AbeEnstTuv',
    long: [
      { name: 'show-all', key: 'A', arg: 'none' },
      { name: 'number-nonblank', key: 'b', arg: 'none' },
      { name: 'show-ends', key: 'E', arg: 'none' },
      { name: 'number', key: 'n', arg: 'none' },
      { name: 'squeeze-blank', key: 's', arg: 'none' },
      { name: 'show-tabs', key: 'T', arg: 'none' },
      { name: 'show-nonprinting', key: 'v', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('cat'));
    return 1;
  }
  const o = new Set<string>();
  for (const { key } of r.opts) {
    const expand: Record<string, string> = { A: 'vET', e: 'vE', t: 'vT' };
    for (const k of expand[key] ?? key) o.add(k);
  }
  const plain = !['b', 'E', 'n', 's', 'T', 'v'].some((k) => o.has(k));
  let status = 0;
  let lineNo = 0;
  let lastBlank = false;
  for (const name of r.operands.length ? r.operands : ['-']) {
    const read = readOperand(ctx, name);
    if (!read.ok) {
      ctx.err(readError('cat', name, read.errno));
      status = 1;
      continue;
    }
    const text = read.text;
    if (plain) {
      ctx.out(text);
      continue;
    }
    const lines = text.split('\n');
    const endsWithNewline = lines[lines.length - 1] === '';
    if (endsWithNewline) lines.pop();
    let out = '';
    lines.forEach((line, i) => {
      const blank = line === '';
      if (o.has('s') && blank && lastBlank) return;
      lastBlank = blank;
      let l = line;
      if (o.has('v')) l = showNonprinting(l);
      if (o.has('T')) l = l.replace(/\t/g, '^I');
      const number = o.has('b') ? !blank : o.has('n');
      if (number) l = `${String(++lineNo).padStart(6)}\t${l}`;
      const last = i === lines.length - 1 && !endsWithNewline;
      out += l + (last ? '' : (o.has('E') ? '$' : '') + '\n');
    });
    ctx.out(out);
  }
  return status;
}

/**
 * Unlike GNU tee, which writes the files it could open, this tee writes none when one
 * fails: a command that fails leaves the world as it was.
 */
export function tee(ctx: CommandContext): number {
  const r = getopt('tee', ctx.argv.slice(1), {
    short: 'aip',
    long: [
      { name: 'append', key: 'a', arg: 'none' },
      { name: 'ignore-interrupts', key: 'i', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('tee'));
    return 1;
  }
  const append = r.opts.some((o) => o.key === 'a');
  const targets = r.operands.map((name) => {
    const path = resolvePath(ctx.session.cwd, name);
    return { name, path, errno: checkWritable(ctx.host, path, ctx.session.user) ?? checkWrite(ctx.host, path, ctx.stdin, append) };
  });
  ctx.out(ctx.stdin);
  const failed = targets.filter((t) => t.errno);
  for (const t of failed) ctx.err(`tee: ${t.name}: ${ERRNO[t.errno!]}\n`);
  if (failed.length) return 1;
  for (const t of targets) writeFile(ctx.host, t.path, ctx.stdin, append);
  return 0;
}

/** ls's quoting of a name in messages: always single quotes. */
const lsQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** GNU ls -C: the most columns that fit in `width`, filled top to bottom, tab-indented. */
function columns(names: string[], width: number): string {
  const n = names.length;
  if (n === 0) return '';
  // Mirrors ls.c's init_column_info/calculate_columns: every column starts 3 wide, and a
  // layout stays valid while its line is shorter than the width.
  const maxCols = Math.max(1, Math.min(Math.floor(width / 3), n));
  const layouts = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * 3, widths: new Array<number>(i + 1).fill(3) }));
  names.forEach((name, f) => {
    layouts.forEach((l, i) => {
      if (!l.valid) return;
      const idx = Math.floor(f / Math.ceil(n / (i + 1)));
      const real = name.length + (idx === i ? 0 : 2);
      if (l.widths[idx] < real) {
        l.lineLen += real - l.widths[idx];
        l.widths[idx] = real;
        l.valid = l.lineLen < width;
      }
    });
  });
  let cols = maxCols;
  while (cols > 1 && !layouts[cols - 1].valid) cols--;
  const { widths } = layouts[cols - 1];
  const rows = Math.ceil(n / cols);
  let out = '';
  for (let row = 0; row < rows; row++) {
    let pos = 0;
    for (let col = 0, i = row; ; col++) {
      out += names[i];
      const to = pos + widths[col];
      i += rows;
      if (i >= n) break;
      for (let from = pos + names[i - rows].length; from < to; ) {
        if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
          out += '\t';
          from += 8 - (from % 8);
        } else {
          out += ' ';
          from++;
        }
      }
      pos = to;
    }
    out += '\n';
  }
  return out;
}

const byCodepoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function ls(ctx: CommandContext): number {
  const r = getopt('ls', ctx.argv.slice(1), {
    short: 'aAbcCdfFgGhiklLmnNopqQrRsStTuUvwxXZ1',
    long: [
      { name: 'all', key: 'a', arg: 'none' },
      { name: 'almost-all', key: 'A', arg: 'none' },
      { name: 'directory', key: 'd', arg: 'none' },
      { name: 'reverse', key: 'r', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('ls'));
    return 2;
  }
  const o = new Set(r.opts.map((x) => x.key));
  const unsupported = [...o].find((k) => !'aAdrC1'.includes(k));
  if (unsupported) {
    ctx.err(`ls: option -${unsupported} is not supported in this simulation (try ls, ls -a, ls -1)\n`);
    return 2;
  }
  const all = o.has('a');
  const almostAll = o.has('A');
  const order = (names: string[]) => {
    const sorted = [...names].sort(byCodepoint);
    return o.has('r') ? sorted.reverse() : sorted;
  };
  const inColumns = (o.has('C') || ctx.isatty) && !o.has('1');
  const render = (names: string[]) => (inColumns ? columns(names, TERM_WIDTH) : names.map((s) => s + '\n').join(''));
  let status = 0;
  const files: string[] = [];
  const dirs: { name: string; path: string }[] = [];
  const operands = r.operands.length ? r.operands : ['.'];
  for (const name of operands) {
    const path = resolvePath(ctx.session.cwd, name);
    const kind = fileKind(ctx.host, path);
    if (kind === undefined) {
      ctx.err(`ls: cannot access ${lsQuote(name)}: ${ERRNO[lookupError(ctx.host, path)]}\n`);
      status = 2;
    } else if (kind === 'file' || o.has('d')) files.push(name);
    else dirs.push({ name, path });
  }
  const parts: string[] = [];
  if (files.length) parts.push(render(order(files)));
  const sortedDirs = o.has('r') ? [...dirs].sort((a, b) => byCodepoint(b.name, a.name)) : [...dirs].sort((a, b) => byCodepoint(a.name, b.name));
  const headers = operands.length > 1;
  for (const d of sortedDirs) {
    if (privateToRoot(d.path, ctx.session.user)) {
      ctx.err(`ls: cannot open directory ${lsQuote(d.name)}: ${ERRNO.EACCES}\n`);
      status = 2;
      continue;
    }
    let names = listDir(ctx.host, d.path).filter((s) => all || almostAll || !s.startsWith('.'));
    if (all) names = ['.', '..', ...names];
    parts.push((headers ? `${d.name}:\n` : '') + render(order(names)));
  }
  ctx.out(parts.join('\n'));
  return status;
}


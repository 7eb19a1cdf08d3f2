// POSIX regular expressions (GNU flavour, as grep and awk read them): a parser with GNU
// regcomp's error messages, and a Pike VM that matches in time linear in the input
// (a player's pattern must not be able to stall the server the way a backtracking
// engine does on `(a+)+$`). Matches are POSIX leftmost-longest, like GNU grep -o.

export interface RegexOptions {
  extended: boolean;
  icase?: boolean;
  /** grep -w: the match must not touch a word character on either side. */
  word?: boolean;
  /** grep -x: the match must be the whole line. */
  line?: boolean;
}

export interface Match {
  index: number;
  end: number;
}

export interface Regex {
  test(s: string): boolean;
  /** The leftmost-longest match starting at or after `from`. */
  exec(s: string, from?: number): Match | undefined;
}

export type RegexResult = { ok: true; re: Regex; warnings: string[] } | { ok: false; error: string };

type Assertion = 'bol' | 'eol' | 'wordb' | 'nwordb' | 'wstart' | 'wend' | 'nwprev' | 'nwnext';

type Node =
  | { t: 'char'; test: (c: string) => boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number }
  | { t: 'assert'; kind: Assertion };

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: '0-9A-Za-z', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f', xdigit: '0-9A-Fa-f',
};

class RegexError extends Error {}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** A one-character test from a JS character class (safe: it only ever sees one character). */
function classTest(source: string, icase: boolean): (c: string) => boolean {
  const re = new RegExp(`^${source}$`, icase ? 'i' : '');
  return (c) => re.test(c);
}

function literal(ch: string, icase: boolean): Node {
  if (!icase || ch.toLowerCase() === ch.toUpperCase()) return { t: 'char', test: (c) => c === ch };
  const lo = ch.toLowerCase();
  return { t: 'char', test: (c) => c.toLowerCase() === lo };
}

const classLiteral = (c: string) => (/[\\\]^[-]/.test(c) ? '\\' + c : c);

/** Parses a bracket expression at `start` (the `[`) into a one-character test. */
function bracket(p: string, start: number, icase: boolean): { node: Node; end: number } {
  const unmatched = 'Unmatched [, [^, [:, [., or [=';
  let i = start + 1;
  let negate = false;
  if (p[i] === '^') {
    negate = true;
    i++;
  }
  const items: string[] = [];
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    let ch: string;
    if (p[i] === '[' && (p[i + 1] === ':' || p[i + 1] === '=' || p[i + 1] === '.')) {
      const kind = p[i + 1];
      const close = p.indexOf(kind + ']', i + 2);
      if (close < 0) throw new RegexError(unmatched);
      const name = p.slice(i + 2, close);
      i = close + 2;
      if (kind === ':') {
        if (!(name in CLASSES)) throw new RegexError('Invalid character class name');
        items.push(CLASSES[name]);
        continue;
      }
      ch = name;
    } else {
      ch = p[i++];
    }
    if (p[i] === '-' && p[i + 1] !== undefined && p[i + 1] !== ']') {
      const hi = p[i + 1];
      i += 2;
      if (hi < ch) throw new RegexError('Invalid range end');
      items.push(`${classLiteral(ch)}-${classLiteral(hi)}`);
      continue;
    }
    items.push(classLiteral(ch));
  }
  if (i >= p.length) throw new RegexError(unmatched);
  const test = classTest(`[${negate ? '^' : ''}${items.join('')}]`, icase);
  return { node: { t: 'char', test: negate ? (c) => c !== '\n' && test(c) : test }, end: i + 1 };
}

/** Parses a BRE (`extended` false) or ERE into a syntax tree. */
function parse(p: string, extended: boolean, icase: boolean, warnings: string[]): Node {
  // One frame per open group: finished alternatives and the sequence being built.
  interface Frame {
    alts: Node[];
    seq: Node[];
    /** Whether the last item of `seq` can take a quantifier. */
    quantifiable: boolean;
  }
  const stack: Frame[] = [{ alts: [], seq: [], quantifiable: false }];
  const top = () => stack[stack.length - 1];
  const atStart = () => top().seq.length === 0;
  const push = (node: Node, quantifiable = true) => {
    top().seq.push(node);
    top().quantifiable = quantifiable;
  };
  const close = (f: Frame): Node => {
    const seqNode = (seq: Node[]): Node => ({ t: 'seq', items: seq });
    return f.alts.length === 0 ? seqNode(f.seq) : { t: 'alt', items: [...f.alts, seqNode(f.seq)] };
  };
  const quantify = (min: number, max: number, shown: string) => {
    const f = top();
    if (!f.quantifiable) {
      if (extended) warnings.push(`${shown} at start of expression`);
      else push(literal(shown[shown.length - 1], icase));
      return;
    }
    f.seq.push({ t: 'repeat', node: f.seq.pop()!, min, max });
  };
  /** Parses `m`, `m,`, `,n`, `m,n` up to the closing brace; undefined if there is none. */
  const interval = (from: number, closer: string): { min: number; max: number; end: number } | 'invalid' | undefined => {
    const end = p.indexOf(closer, from);
    if (end < 0) return undefined;
    const m = /^(\d*)(,?)(\d*)$/.exec(p.slice(from, end));
    if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === '' ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min || min > 32767 || (max !== Infinity && max > 32767)) return 'invalid';
    return { min, max, end: end + closer.length };
  };
  const open = () => {
    stack.push({ alts: [], seq: [], quantifiable: false });
  };
  const closeGroup = (unmatched: string | undefined): boolean => {
    if (stack.length === 1) {
      if (unmatched) throw new RegexError(unmatched);
      return false;
    }
    const node = close(stack.pop()!);
    push(node);
    return true;
  };
  const alternate = () => {
    const f = top();
    f.alts.push({ t: 'seq', items: f.seq });
    f.seq = [];
    f.quantifiable = false;
  };

  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) throw new RegexError('Trailing backslash');
      const n = p[i + 1];
      i += 2;
      if (!extended && n === '(') open();
      else if (!extended && n === ')') closeGroup('Unmatched ) or \\)');
      else if (!extended && n === '|') alternate();
      else if (!extended && n === '{') {
        const iv = interval(i, '\\}');
        if (iv === undefined) throw new RegexError('Unmatched \\{');
        if (iv === 'invalid') throw new RegexError('Invalid content of \\{\\}');
        i = iv.end;
        quantify(iv.min, iv.max, '\\{');
      } else if (!extended && n === '+') quantify(1, Infinity, '+');
      else if (!extended && n === '?') quantify(0, 1, '?');
      else if (n === '<') push({ t: 'assert', kind: 'wstart' }, false);
      else if (n === '>') push({ t: 'assert', kind: 'wend' }, false);
      else if (n === 'b') push({ t: 'assert', kind: 'wordb' }, false);
      else if (n === 'B') push({ t: 'assert', kind: 'nwordb' }, false);
      else if (n === '`') push({ t: 'assert', kind: 'bol' }, false);
      else if (n === "'") push({ t: 'assert', kind: 'eol' }, false);
      else if (n === 'w' || n === 'W') push({ t: 'char', test: n === 'w' ? isWordChar : (ch) => !isWordChar(ch) });
      else if (n === 's' || n === 'S') push({ t: 'char', test: n === 's' ? (ch) => /\s/.test(ch) : (ch) => !/\s/.test(ch) });
      else if (/[1-9]/.test(n)) throw new RegexError('back-references are not supported in this simulation');
      else push(literal(n, icase));
      continue;
    }
    if (c === '[') {
      // GNU grep's dfa names [:space:] in this message whatever the class was.
      if (/^\[:[a-z]+:\]$/.test(p.slice(i, p.indexOf(']', i + 1) + 1))) {
        throw new RegexError('character class syntax is [[:space:]], not [:space:]');
      }
      if (i === p.length - 1) throw new RegexError('Invalid regular expression');
      const b = bracket(p, i, icase);
      push(b.node);
      i = b.end;
      continue;
    }
    i++;
    if (c === '.') push({ t: 'char', test: (ch) => ch !== '\n' });
    else if (c === '*') {
      if (atStart() && !extended) push(literal('*', icase));
      else quantify(0, Infinity, '*');
    } else if (c === '^' && (extended || atStart())) push({ t: 'assert', kind: 'bol' }, false);
    else if (c === '$' && (extended || i === p.length || p.startsWith('\\)', i) || p.startsWith('\\|', i))) {
      push({ t: 'assert', kind: 'eol' }, false);
    } else if (extended && c === '(') open();
    else if (extended && c === ')' && closeGroup(undefined)) continue;
    else if (extended && c === '|') alternate();
    else if (extended && c === '+') quantify(1, Infinity, '+');
    else if (extended && c === '?') quantify(0, 1, '?');
    else if (extended && c === '{') {
      const iv = interval(i, '}');
      if (iv === 'invalid' && top().quantifiable) throw new RegexError('Invalid content of \\{\\}');
      if (iv === undefined || iv === 'invalid') push(literal('{', icase));
      else {
        i = iv.end;
        if (top().quantifiable) quantify(iv.min, iv.max, '{');
        else warnings.push('{...} at start of expression');
      }
    } else push(literal(c, icase));
  }
  if (stack.length > 1) throw new RegexError('Unmatched ( or \\(');
  return close(stack[0]);
}

// --- Pike VM -------------------------------------------------------------------

type Instr =
  | { op: 'char'; test: (c: string) => boolean }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'assert'; kind: Assertion }
  | { op: 'match' };

/** Program size beyond which a pattern is refused (a{32767} nested in a{32767}...). */
const MAX_PROGRAM = 200_000;

function compile(root: Node): Instr[] {
  const prog: Instr[] = [];
  const emit = (i: Instr) => {
    if (prog.length >= MAX_PROGRAM) throw new RegexError('Regular expression too big');
    prog.push(i);
    return prog.length - 1;
  };
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'char': emit({ op: 'char', test: n.test }); return;
      case 'assert': emit({ op: 'assert', kind: n.kind }); return;
      case 'seq': n.items.forEach(gen); return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          if (k < n.items.length - 1) {
            const split = emit({ op: 'split', x: 0, y: 0 });
            (prog[split] as { x: number }).x = prog.length;
            gen(item);
            jumps.push(emit({ op: 'jmp', x: 0 }));
            (prog[split] as { y: number }).y = prog.length;
          } else gen(item);
        });
        for (const j of jumps) (prog[j] as { x: number }).x = prog.length;
        return;
      }
      case 'repeat': {
        for (let k = 0; k < n.min; k++) gen(n.node);
        if (n.max === Infinity) {
          const split = emit({ op: 'split', x: prog.length + 1, y: 0 });
          gen(n.node);
          emit({ op: 'jmp', x: split });
          (prog[split] as { y: number }).y = prog.length;
          return;
        }
        const splits: number[] = [];
        for (let k = n.min; k < n.max; k++) {
          splits.push(emit({ op: 'split', x: prog.length + 1, y: 0 }));
          gen(n.node);
        }
        for (const s of splits) (prog[s] as { y: number }).y = prog.length;
      }
    }
  };
  gen(root);
  emit({ op: 'match' });
  return prog;
}

function holds(kind: Assertion, s: string, p: number): boolean {
  const before = isWordChar(s[p - 1]);
  const after = isWordChar(s[p]);
  switch (kind) {
    case 'bol': return p === 0;
    case 'eol': return p === s.length;
    case 'wordb': return before !== after;
    case 'nwordb': return before === after;
    case 'wstart': return !before && after;
    case 'wend': return before && !after;
    case 'nwprev': return !before;
    case 'nwnext': return !after;
  }
}

class PikeVM implements Regex {
  private readonly seen: Int32Array;
  private gen = 0;

  constructor(private readonly prog: Instr[]) {
    this.seen = new Int32Array(prog.length).fill(-1);
  }

  test(s: string): boolean {
    return this.run(s, 0, true) !== undefined;
  }

  exec(s: string, from = 0): Match | undefined {
    return this.run(s, from, false);
  }

  /** Adds the thread at `pc` (started at `start`) and its epsilon closure at position `p`. */
  private add(list: number[], starts: number[], pc: number, start: number, s: string, p: number) {
    const stack = [pc];
    while (stack.length) {
      const at = stack.pop()!;
      if (this.seen[at] === this.gen) continue;
      this.seen[at] = this.gen;
      const ins = this.prog[at];
      if (ins.op === 'jmp') stack.push(ins.x);
      else if (ins.op === 'split') stack.push(ins.y, ins.x);
      else if (ins.op === 'assert') {
        if (holds(ins.kind, s, p)) stack.push(at + 1);
      } else {
        list.push(at);
        starts.push(start);
      }
    }
  }

  private run(s: string, from: number, any: boolean): Match | undefined {
    let best: Match | undefined;
    let list: number[] = [];
    let starts: number[] = [];
    this.gen++;
    for (let p = from; p <= s.length; p++) {
      // Threads are kept in order of start: an earlier start owns a state (leftmost wins).
      if (!best) this.add(list, starts, 0, p, s, p);
      this.gen++;
      if (list.length === 0) {
        if (best) break;
        continue;
      }
      const next: number[] = [];
      const nextStarts: number[] = [];
      for (let k = 0; k < list.length; k++) {
        const ins = this.prog[list[k]];
        if (ins.op === 'match') {
          if (!best || starts[k] < best.index || (starts[k] === best.index && p > best.end)) best = { index: starts[k], end: p };
          if (any) return best;
        } else if (ins.op === 'char' && p < s.length && ins.test(s[p])) {
          if (!best || starts[k] <= best.index) this.add(next, nextStarts, list[k] + 1, starts[k], s, p + 1);
        }
      }
      list = next;
      starts = nextStarts;
    }
    return best;
  }
}

/** Compiles one or more patterns (alternatives, like grep's newline-separated list). */
export function compileRegex(patterns: string | string[], opts: RegexOptions): RegexResult {
  const warnings: string[] = [];
  try {
    const alts = (typeof patterns === 'string' ? [patterns] : patterns).map((p) => parse(p, opts.extended, opts.icase ?? false, warnings));
    let root: Node = alts.length === 1 ? alts[0] : { t: 'alt', items: alts };
    if (opts.line) root = { t: 'seq', items: [{ t: 'assert', kind: 'bol' }, root, { t: 'assert', kind: 'eol' }] };
    else if (opts.word) root = { t: 'seq', items: [{ t: 'assert', kind: 'nwprev' }, root, { t: 'assert', kind: 'nwnext' }] };
    return { ok: true, re: new PikeVM(compile(root)), warnings };
  } catch (e) {
    if (e instanceof RegexError) return { ok: false, error: e.message };
    throw e;
  }
}

/** A fixed string as a pattern (grep -F). */
export const escapeRegex = (s: string) => s.replace(/[\\^$.*[]/g, '\\$&');

/**
 * For grep -P (run by JavaScript's backtracking engine): refuses repetition of a group
 * that itself repeats or alternates, the shape that can take exponential time.
 */
export function nestedRepetition(pattern: string): boolean {
  const groups: { repeats: boolean }[] = [];
  let last: { repeats: boolean } | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      last = undefined;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      i = end < 0 ? pattern.length : end;
      last = undefined;
    } else if (c === '(') groups.push({ repeats: false });
    else if (c === ')') last = groups.pop();
    else if (c === '|') {
      if (groups.length) groups[groups.length - 1].repeats = true;
    } else if (c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(pattern.slice(i)))) {
      if (last?.repeats) return true;
      if (groups.length) groups[groups.length - 1].repeats = true;
      last = undefined;
    } else last = undefined;
  }
  return false;
}

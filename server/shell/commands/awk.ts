// A small awk (Debian's mawk): patterns (BEGIN, END, /re/, comparisons, &&, ||, !),
// print/printf of expressions (fields, $NF, strings, numbers, arithmetic, concatenation,
// length), variables and assignment (also to fields), if/else, next, exit, -F and -v.
// Loops, arrays, functions, getline and output redirection are not simulated: they get
// mawk's syntax error, so a user sees at once that the program did not run.
import { ERRNO } from '../files.js';
import { formatNumber, formatString, parseFormat } from '../printf.js';
import { compileRegex as compilePosix, type Regex } from '../regex.js';
import type { CommandContext } from '../types.js';
import { readOperand, splitLines } from './input.js';

const USAGE = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
`;

// --- lexer -------------------------------------------------------------------

interface Tok {
  t: 'num' | 'str' | 're' | 'name' | 'op' | 'nl' | 'eof';
  /** The value: string contents, regex source, name or operator (numbers: see `n`). */
  v: string;
  n?: number;
  /** As mawk shows it in `syntax error at or near ...`. */
  text: string;
  line: number;
}

class AwkError extends Error {}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '!~', '++', '--', '+=', '-=', '*=', '/=', '%=', '^=', '>>',
  '{', '}', '(', ')', '[', ']', ',', ';', '$', '+', '-', '*', '/', '%', '^', '!', '<', '>', '~', '=', '?', ':', '|'];
const KEYWORDS = new Set(['BEGIN', 'END', 'print', 'printf', 'if', 'else', 'while', 'for', 'do', 'break', 'continue',
  'next', 'nextfile', 'exit', 'return', 'delete', 'getline', 'function', 'in']);

const unescape = (s: string) =>
  s.replace(/\\(["\\/abfnrtv]|[0-7]{1,3})/g, (_, c: string) =>
    /^[0-7]/.test(c) ? String.fromCharCode(parseInt(c, 8)) : ({ a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[c] ?? c);

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let i = 0;
  /** A `/` starts a regex unless it follows something that ends an operand. */
  const regexAllowed = () => {
    const p = toks[toks.length - 1];
    return !p || p.t === 'nl' || (p.t === 'op' && ![')', ']', '$'].includes(p.v)) || (p.t === 'name' && KEYWORDS.has(p.v));
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '\n') {
      toks.push({ t: 'nl', v: '\n', text: 'end of line', line });
      line++;
      i++;
    } else if (c === '"' || (c === '/' && regexAllowed())) {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length || src[j] !== c) {
        const what = c === '"' ? 'string constant' : 'regular expression';
        throw new AwkError(`awk: line ${line}: runaway ${what} ${c}${src.slice(i + 1, i + 11)} ...\n`);
      }
      const body = src.slice(i + 1, j);
      toks.push(c === '"' ? { t: 'str', v: unescape(body), text: `"${body}"`, line } : { t: 're', v: body, text: `/${body}/`, line });
      i = j + 1;
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: m[0], n: Number(m[0]), text: m[0], line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i))!;
      toks.push({ t: 'name', v: m[0], text: m[0], line });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new AwkError(`awk: ${line}: unexpected character '${c}'\n`);
      toks.push({ t: 'op', v: op, text: op, line });
      i += op.length;
    }
  }
  toks.push({ t: 'nl', v: '\n', text: 'end of line', line }, { t: 'eof', v: '', text: 'end of file', line: line + 1 });
  return toks;
}

// --- parser ------------------------------------------------------------------

type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'field'; e: Expr }
  | { k: 'var'; name: string }
  | { k: 'regex'; re: Regex }
  | { k: 'match'; e: Expr; re: Expr; neg: boolean }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'concat'; parts: Expr[] }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'assign'; op: string; target: LValue; e: Expr }
  | { k: 'incr'; target: LValue; delta: number; prefix: boolean };

type LValue = { k: 'field'; e: Expr } | { k: 'var'; name: string };

type Stmt =
  | { k: 'print'; args: Expr[] }
  | { k: 'printf'; args: Expr[] }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; cond: Expr; then: Stmt[]; else?: Stmt[] }
  | { k: 'next' }
  | { k: 'exit'; e?: Expr };

interface Item {
  when: 'begin' | 'end' | 'main';
  cond?: Expr;
  action?: Stmt[];
}

function compileRegex(src: string, line: number): Regex {
  const r = compilePosix(src, { extended: true });
  if (r.ok) return r.re;
  throw new AwkError(`awk: line ${line}: regular expression compile failed (${r.error})\n${src}\n`);
}

const ASSIGN_OPS = ['=', '+=', '-=', '*=', '/=', '%=', '^='];
/** Builtin functions simulated, with their [min, max] argument counts. */
const FUNCTIONS: Record<string, [number, number]> = {
  length: [0, 1], substr: [2, 3], index: [2, 2], toupper: [1, 1], tolower: [1, 1], int: [1, 1], sprintf: [1, 255],
};
/** mawk builtins that are not simulated (a syntax error rather than a wrong answer). */
const UNSIMULATED = new Set(['split', 'sub', 'gsub', 'match', 'sin', 'cos', 'atan2', 'exp', 'log', 'sqrt', 'rand', 'srand', 'system', 'close', 'fflush']);

function parse(src: string): Item[] {
  const toks = lex(src);
  let pos = 0;
  const peek = () => toks[pos];
  const next = () => toks[pos++];
  const is = (v: string) => peek().t === 'op' && peek().v === v;
  const isName = (v: string) => peek().t === 'name' && peek().v === v;
  const fail = (t: Tok = peek()): never => {
    if (t.t === 'eof') throw new AwkError(`awk: line ${t.line}: missing } near end of file\n`);
    throw new AwkError(`awk: line ${t.line}: syntax error at or near ${t.text}\n`);
  };
  const expect = (v: string) => (is(v) ? next() : fail());
  const skipNl = () => {
    while (peek().t === 'nl') next();
  };
  const skipTerminators = () => {
    while (peek().t === 'nl' || is(';')) next();
  };

  /** Whether `t` can begin the next operand of a concatenation. */
  const startsOperand = (t: Tok) =>
    t.t === 'num' || t.t === 'str' || (t.t === 'name' && !KEYWORDS.has(t.v)) || (t.t === 'op' && ['$', '(', '++', '--'].includes(t.v));
  const lvalue = (e: Expr): LValue | undefined => (e.k === 'var' || e.k === 'field' ? e : undefined);

  const primary = (): Expr => {
    const t = next();
    let e: Expr;
    if (t.t === 'num') e = { k: 'num', v: t.n ?? 0 };
    else if (t.t === 'str') e = { k: 'str', v: t.v };
    else if (t.t === 're') e = { k: 'regex', re: compileRegex(t.v, t.line) };
    else if (t.t === 'op' && t.v === '$') e = { k: 'field', e: primary() };
    else if (t.t === 'op' && t.v === '(') {
      e = expr(false);
      expect(')');
    } else if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      const operand = power();
      return t.v === '-' ? { k: 'neg', e: operand } : { k: 'bin', op: '+', a: { k: 'num', v: 0 }, b: operand };
    } else if (t.t === 'op' && t.v === '!') return { k: 'not', e: primary() };
    else if (t.t === 'op' && (t.v === '++' || t.v === '--')) {
      const target = lvalue(primary());
      if (!target) return fail(t);
      return { k: 'incr', target, delta: t.v === '++' ? 1 : -1, prefix: true };
    } else if (t.t === 'name' && t.v in FUNCTIONS) {
      const args: Expr[] = [];
      if (is('(')) {
        next();
        if (!is(')')) {
          args.push(expr(false));
          while (is(',')) {
            next();
            args.push(expr(false));
          }
        }
        expect(')');
      } else if (t.v !== 'length') fail();
      const [min, max] = FUNCTIONS[t.v];
      if (args.length < min || args.length > max) throw new AwkError(`awk: line ${t.line}: wrong number of arguments in call to ${t.v}\n`);
      e = { k: 'call', name: t.v, args };
    } else if (t.t === 'name' && !KEYWORDS.has(t.v) && !UNSIMULATED.has(t.v)) {
      if (is('[')) fail(t);
      if (is('(')) throw new AwkError(`awk: line ${toks[toks.length - 1].line}: function ${t.v} never defined\n`);
      e = { k: 'var', name: t.v };
    } else return fail(t);
    const target = lvalue(e);
    if (target && (is('++') || is('--'))) return { k: 'incr', target, delta: next().v === '++' ? 1 : -1, prefix: false };
    return e;
  };
  const power = (): Expr => {
    const a = primary();
    if (!is('^')) return a;
    next();
    return { k: 'bin', op: '^', a, b: power() };
  };
  const mul = (): Expr => {
    let a = power();
    while (is('*') || is('/') || is('%')) a = { k: 'bin', op: next().v, a, b: power() };
    return a;
  };
  const add = (): Expr => {
    let a = mul();
    while (is('+') || is('-')) a = { k: 'bin', op: next().v, a, b: mul() };
    return a;
  };
  const concat = (): Expr => {
    const parts = [add()];
    while (startsOperand(peek())) parts.push(add());
    return parts.length === 1 ? parts[0] : { k: 'concat', parts };
  };
  const rel = (inPrint: boolean): Expr => {
    const a = concat();
    for (const op of ['<', '<=', '==', '!=', '>=', '>']) {
      if (!is(op)) continue;
      // `print x > "file"` is output redirection, which is not simulated.
      if (inPrint && op === '>') fail();
      next();
      return { k: 'bin', op, a, b: concat() };
    }
    return a;
  };
  const match = (inPrint: boolean): Expr => {
    let a = rel(inPrint);
    while (is('~') || is('!~')) {
      const neg = next().v === '!~';
      a = { k: 'match', e: a, re: rel(inPrint), neg };
    }
    return a;
  };
  const and = (inPrint: boolean): Expr => {
    let a = match(inPrint);
    while (is('&&')) {
      next();
      skipNl();
      a = { k: 'bin', op: '&&', a, b: match(inPrint) };
    }
    return a;
  };
  const or = (inPrint: boolean): Expr => {
    let a = and(inPrint);
    while (is('||')) {
      next();
      skipNl();
      a = { k: 'bin', op: '||', a, b: and(inPrint) };
    }
    return a;
  };
  const expr = (inPrint: boolean): Expr => {
    const a = or(inPrint);
    const target = lvalue(a);
    if (target && peek().t === 'op' && ASSIGN_OPS.includes(peek().v)) {
      const op = next().v;
      return { k: 'assign', op, target, e: expr(inPrint) };
    }
    return a;
  };

  const exprList = (): Expr[] => {
    const args: Expr[] = [];
    if (is(';') || is('}') || peek().t === 'nl') return args;
    args.push(expr(true));
    while (is(',')) {
      next();
      skipNl();
      args.push(expr(true));
    }
    return args;
  };

  const statement = (): Stmt[] => {
    const t = peek();
    if (is('{')) return block();
    if (t.t === 'name' && t.v === 'if') {
      next();
      expect('(');
      const cond = expr(false);
      expect(')');
      skipNl();
      const then = statement();
      const save = pos;
      skipTerminators();
      if (isName('else')) {
        next();
        skipNl();
        return [{ k: 'if', cond, then, else: statement() }];
      }
      pos = save;
      return [{ k: 'if', cond, then }];
    }
    let st: Stmt;
    if (t.t === 'name' && (t.v === 'print' || t.v === 'printf')) {
      next();
      const args = exprList();
      if (t.v === 'printf' && args.length === 0) fail();
      st = { k: t.v, args };
    } else if (t.t === 'name' && t.v === 'next') {
      next();
      st = { k: 'next' };
    } else if (t.t === 'name' && t.v === 'exit') {
      next();
      st = is(';') || is('}') || peek().t === 'nl' ? { k: 'exit' } : { k: 'exit', e: expr(false) };
    } else if (t.t === 'name' && KEYWORDS.has(t.v)) {
      return fail(t);
    } else {
      st = { k: 'expr', e: expr(false) };
    }
    if (!is(';') && !is('}') && peek().t !== 'nl') fail();
    return [st];
  };

  const block = (): Stmt[] => {
    expect('{');
    const stmts: Stmt[] = [];
    for (;;) {
      skipTerminators();
      if (is('}')) {
        next();
        return stmts;
      }
      if (peek().t === 'eof') fail();
      stmts.push(...statement());
    }
  };

  const items: Item[] = [];
  for (;;) {
    skipTerminators();
    const t = peek();
    if (t.t === 'eof') return items;
    if (t.t === 'op' && t.v === '}') {
      throw new AwkError(`awk: line ${t.line}: extra '}'\nawk: line ${t.line}: syntax error at or near end of line\n`);
    }
    if (t.t === 'name' && (t.v === 'BEGIN' || t.v === 'END')) {
      next();
      items.push({ when: t.v === 'BEGIN' ? 'begin' : 'end', action: block() });
      continue;
    }
    const item: Item = { when: 'main' };
    if (!is('{')) item.cond = expr(false);
    if (is('{')) item.action = block();
    else if (!(peek().t === 'nl' || is(';') || peek().t === 'eof')) fail();
    items.push(item);
  }
}

// --- interpreter ---------------------------------------------------------------

/** A field or variable from input is a "strnum": numeric if it looks like a number. */
type Val = number | string | { strnum: string };

const NUMERIC = /^[ \t\n]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[ \t\n]*$/;

const toNum = (v: Val): number => {
  if (typeof v === 'number') return v;
  const s = typeof v === 'string' ? v : v.strnum;
  const m = /^[ \t\n]*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(s);
  return m ? Number(m[1]) : 0;
};

const toStr = (v: Val): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return v.strnum;
  if (Number.isNaN(v)) return '-nan';
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : formatNumber(G6, v, undefined, 6);
};
const G6 = { flags: '', conv: 'g' };

const truthy = (v: Val) => (typeof v === 'number' ? v !== 0 : typeof v === 'string' ? v !== '' : NUMERIC.test(v.strnum) ? toNum(v) !== 0 : v.strnum !== '');

function compare(a: Val, b: Val): number {
  const numeric = (v: Val) => typeof v === 'number' || (typeof v === 'object' && NUMERIC.test(v.strnum));
  if (numeric(a) && numeric(b)) return toNum(a) - toNum(b);
  const x = toStr(a);
  const y = toStr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

class Next {}
class Exit {
  constructor(public status: number) {}
}

interface State {
  vars: Record<string, Val>;
  nr: number;
  fnr: number;
  filename: string;
  line: string;
  fields: string[];
  out: string[];
}

const special = (s: State, name: string) => toStr(s.vars[name] ?? '');

function splitFields(line: string, fs: string): string[] {
  if (fs === ' ') return line.split(/[ \t\n]+/).filter((f, i, a) => f !== '' || (i > 0 && i < a.length - 1));
  if (line === '') return [];
  if (fs.length === 1 && fs !== '\\') return line.split(fs);
  const r = compilePosix(fs, { extended: true });
  if (!r.ok) return [line];
  const fields: string[] = [];
  let from = 0;
  for (let at = 0; at <= line.length; ) {
    const m = r.re.exec(line, at);
    if (!m) break;
    if (m.end === m.index) {
      at = m.index + 1;
      continue;
    }
    fields.push(line.slice(from, m.index));
    from = at = m.end;
  }
  fields.push(line.slice(from));
  return fields;
}

const runtimeError = (s: State, what: string) =>
  new AwkError(`awk: run time error: ${what}\n\tFILENAME="${s.filename}" FNR=${s.fnr} NR=${s.nr}\n`);

function fieldIndex(e: Expr, s: State): number {
  const n = Math.trunc(toNum(evaluate(e, s)));
  if (n < 0) throw runtimeError(s, `negative field index $${n}`);
  return n;
}

function assign(target: LValue, v: Val, s: State): Val {
  if (target.k === 'var') {
    if (target.name === 'NR') s.nr = toNum(v);
    else if (target.name === 'FNR') s.fnr = toNum(v);
    else if (target.name === 'NF') {
      s.fields.length = Math.max(0, Math.trunc(toNum(v)));
      s.fields = Array.from(s.fields, (f) => f ?? '');
      s.line = s.fields.join(special(s, 'OFS'));
    } else s.vars[target.name] = v;
    return v;
  }
  const n = fieldIndex(target.e, s);
  if (n === 0) {
    s.line = toStr(v);
    s.fields = splitFields(s.line, special(s, 'FS'));
  } else {
    while (s.fields.length < n) s.fields.push('');
    s.fields[n - 1] = toStr(v);
    s.line = s.fields.join(special(s, 'OFS'));
  }
  return v;
}

function evaluate(e: Expr, s: State): Val {
  switch (e.k) {
    case 'num': return e.v;
    case 'str': return e.v;
    case 'regex': return e.re.test(s.line) ? 1 : 0;
    case 'field': {
      const n = fieldIndex(e.e, s);
      return { strnum: n === 0 ? s.line : s.fields[n - 1] ?? '' };
    }
    case 'var': {
      switch (e.name) {
        case 'NR': return s.nr;
        case 'FNR': return s.fnr;
        case 'NF': return s.fields.length;
        case 'FILENAME': return s.filename;
      }
      return s.vars[e.name] ?? { strnum: '' };
    }
    case 'match': {
      const re = e.re.k === 'regex' ? e.re.re : compileRegex(toStr(evaluate(e.re, s)), 1);
      return re.test(toStr(evaluate(e.e, s))) !== e.neg ? 1 : 0;
    }
    case 'not': return truthy(evaluate(e.e, s)) ? 0 : 1;
    case 'neg': return -toNum(evaluate(e.e, s));
    case 'call': return call(e.name, e.args, s);
    case 'concat': return e.parts.map((p) => toStr(evaluate(p, s))).join('');
    case 'assign': {
      const v = evaluate(e.e, s);
      if (e.op === '=') return assign(e.target, typeof v === 'object' ? { strnum: v.strnum } : v, s);
      return assign(e.target, arith(e.op[0], evaluate(e.target, s), v), s);
    }
    case 'incr': {
      const old = toNum(evaluate(e.target, s));
      assign(e.target, old + e.delta, s);
      return e.prefix ? old + e.delta : old;
    }
    case 'bin': {
      if (e.op === '&&') return truthy(evaluate(e.a, s)) && truthy(evaluate(e.b, s)) ? 1 : 0;
      if (e.op === '||') return truthy(evaluate(e.a, s)) || truthy(evaluate(e.b, s)) ? 1 : 0;
      const a = evaluate(e.a, s);
      const b = evaluate(e.b, s);
      if ('+-*/%^'.includes(e.op)) return arith(e.op, a, b);
      const c = compare(a, b);
      const r = { '<': c < 0, '<=': c <= 0, '==': c === 0, '!=': c !== 0, '>=': c >= 0, '>': c > 0 }[e.op];
      return r ? 1 : 0;
    }
  }
}

function arith(op: string, a: Val, b: Val): number {
  const x = toNum(a);
  const y = toNum(b);
  return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : op === '%' ? x % y : x ** y;
}

function call(name: string, args: Expr[], s: State): Val {
  if (name === 'sprintf') return sprintf(args, s);
  const v = args.map((a) => evaluate(a, s));
  const str = (i: number) => toStr(v[i]);
  switch (name) {
    case 'length': return [...(v.length ? str(0) : s.line)].length;
    case 'toupper': return str(0).toUpperCase();
    case 'tolower': return str(0).toLowerCase();
    case 'int': return Math.trunc(toNum(v[0]));
    case 'index': return str(0).indexOf(str(1)) + 1;
  }
  // substr(s, m[, n]): characters m .. m+n-1 (1-based, rounded), clipped to the string.
  const chars = [...str(0)];
  const from = Math.round(toNum(v[1]));
  const to = v.length > 2 ? from + Math.round(toNum(v[2])) : Infinity;
  return chars.slice(Math.max(from, 1) - 1, Math.max(0, Math.min(to, chars.length + 1) - 1)).join('');
}

function sprintf(args: Expr[], s: State): string {
  const format = toStr(evaluate(args[0], s));
  const values = args.slice(1).map((a) => evaluate(a, s));
  const { pieces, bad } = parseFormat(format);
  if (bad !== undefined) throw runtimeError(s, `bad conversion character in printf("${format}")`);
  let out = '';
  let i = 0;
  const take = () => {
    if (i >= values.length) throw runtimeError(s, `not enough arguments passed to printf("${format}")`);
    return values[i++];
  };
  for (const p of pieces) {
    if ('lit' in p) {
      out += p.lit;
      continue;
    }
    const width = p.spec.width === 'star' ? toNum(take()) : p.spec.width;
    const precision = p.spec.precision === 'star' ? toNum(take()) : p.spec.precision;
    const v = take();
    if (p.spec.conv === 's' || p.spec.conv === 'b') out += formatString(p.spec, toStr(v), width, precision);
    else if (p.spec.conv === 'c') out += formatString(p.spec, typeof v === 'number' ? String.fromCharCode(v) : toStr(v), width);
    else out += formatNumber(p.spec, toNum(v), width, precision);
  }
  return out;
}

function run(stmts: Stmt[], s: State) {
  for (const st of stmts) {
    switch (st.k) {
      case 'expr': evaluate(st.e, s); break;
      case 'print': {
        const text = st.args.length ? st.args.map((a) => toStr(evaluate(a, s))).join(special(s, 'OFS')) : s.line;
        s.out.push(text + special(s, 'ORS'));
        break;
      }
      case 'printf': s.out.push(sprintf(st.args, s)); break;
      case 'if':
        if (truthy(evaluate(st.cond, s))) run(st.then, s);
        else if (st.else) run(st.else, s);
        break;
      case 'next': throw new Next();
      case 'exit': throw new Exit(st.e ? Math.trunc(toNum(evaluate(st.e, s))) & 255 : 0);
    }
  }
}

export function awk(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const vars: Record<string, Val> = { FS: ' ', OFS: ' ', ORS: '\n' };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const opt = a[1];
    if (opt !== 'F' && opt !== 'v') {
      ctx.err(`awk: not an option: ${a}\n`);
      return 2;
    }
    let value = a.slice(2);
    if (value === '') {
      if (i + 1 >= args.length) {
        ctx.err(`awk: option -${opt} lacks argument\n`);
        return 2;
      }
      value = args[++i];
    }
    if (opt === 'F') vars.FS = unescape(value);
    else {
      const eq = value.indexOf('=');
      if (eq <= 0) {
        ctx.err(`awk: improper assignment: -v ${value}\n`);
        return 2;
      }
      vars[value.slice(0, eq)] = { strnum: unescape(value.slice(eq + 1)) };
    }
  }
  if (i >= args.length) {
    ctx.err(USAGE);
    return 0;
  }
  let items: Item[];
  try {
    items = parse(args[i]);
  } catch (e) {
    ctx.err(e instanceof AwkError ? e.message : 'awk: internal error\n');
    return 2;
  }
  const files = args.slice(i + 1);
  const s: State = { vars, nr: 0, fnr: 0, filename: '', line: '', fields: [], out: [] };
  const runItems = (when: Item['when']) => {
    for (const item of items) {
      if (item.when !== when) continue;
      if (item.cond && !truthy(evaluate(item.cond, s))) continue;
      if (item.action) run(item.action, s);
      else s.out.push(s.line + special(s, 'ORS'));
    }
  };
  let status = 0;
  const flush = () => {
    ctx.out(s.out.join(''));
    s.out = [];
  };
  try {
    try {
      runItems('begin');
      const needInput = items.some((it) => it.when !== 'begin');
      for (const name of needInput ? (files.length ? files : ['-']) : []) {
        const read = readOperand(ctx, name);
        if (!read.ok) {
          flush();
          ctx.err(`awk: cannot open ${name} (${ERRNO[read.errno]})\n`);
          return 2;
        }
        s.filename = name === '-' ? '' : name;
        s.fnr = 0;
        for (const line of splitLines(read.text)) {
          s.nr++;
          s.fnr++;
          s.line = line;
          s.fields = splitFields(line, special(s, 'FS'));
          try {
            runItems('main');
          } catch (e) {
            if (!(e instanceof Next)) throw e;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      status = e.status;
    }
    try {
      runItems('end');
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      status = e.status;
    }
  } catch (e) {
    flush();
    ctx.err(e instanceof AwkError ? e.message : 'awk: internal error\n');
    return 2;
  }
  flush();
  return status;
}

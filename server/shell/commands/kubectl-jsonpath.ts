// kubectl's JSONPath templates (client-go util/jsonpath): text and `{...}` actions with
// fields (`.a.b`, `['a.b']`), recursive descent (`..name`), indexes and slices (`[0]`,
// `[-1:]`, `[*]`), unions (`[0,2]`), filters (`[?(@.type=="Ready")]`, `[?(@.x)]`),
// string literals (`{"\n"}`) and `{range ...}{end}`. Results of one action print separated by
// spaces; maps and lists print as compact JSON. Missing keys print nothing (kubectl's default).
import { goJson } from './kubectl-json.js';

type Value = unknown;

type Node =
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'recursive' }
  | { t: 'wildcard' }
  | { t: 'array'; start?: number; end?: number; step?: number; index: boolean }
  | { t: 'union'; items: Node[][] }
  | { t: 'filter'; left: Node[]; op: string; right: Node[] }
  | { t: 'literal'; value: Value }
  | { t: 'range' }
  | { t: 'end' }
  | { t: 'current' };

/** A top-level piece of the template: literal text, or one `{...}` action. */
type Piece = { text: string } | { action: Node[] };

export class JsonPathError extends Error {}

function unquote(s: string): string {
  return JSON.parse(s.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
}

const TERMINATORS = new Set([' ', '.', ',', '[', ']', '$', '@', '{', '}', '(', ')', '=', '!', '<', '>']);

class Parser {
  private pos = 0;
  constructor(private s: string) {}

  template(): Piece[] {
    const pieces: Piece[] = [];
    while (this.pos < this.s.length) {
      const open = this.s.indexOf('{', this.pos);
      if (open < 0) {
        pieces.push({ text: this.s.slice(this.pos) });
        break;
      }
      if (open > this.pos) pieces.push({ text: this.s.slice(this.pos, open) });
      this.pos = open + 1;
      pieces.push({ action: this.action() });
    }
    return pieces;
  }

  private action(): Node[] {
    const nodes = this.path('}');
    if (this.s[this.pos] !== '}') throw new JsonPathError('unclosed action');
    this.pos++;
    return nodes;
  }

  /** Nodes until one of `stops` (not consumed). */
  private path(stops: string): Node[] {
    const nodes: Node[] = [];
    for (;;) {
      const c = this.s[this.pos];
      if (c === undefined || stops.includes(c)) return nodes;
      if (c === ' ') {
        this.pos++;
        continue;
      }
      if (this.s.startsWith('..', this.pos)) {
        this.pos += 1;
        nodes.push({ t: 'recursive' });
        continue;
      }
      if (c === '.') {
        this.pos++;
        if (this.s[this.pos] === '*') {
          this.pos++;
          nodes.push({ t: 'wildcard' });
        } else if (this.s[this.pos] !== '[' && this.s[this.pos] !== '}' && this.s[this.pos] !== undefined) nodes.push({ t: 'field', name: this.ident() });
        continue;
      }
      if (c === '[') {
        nodes.push(this.bracket());
        continue;
      }
      if (c === '"' || c === "'") {
        nodes.push({ t: 'literal', value: this.quoted() });
        continue;
      }
      if (c === '@' || c === '$') {
        this.pos++;
        nodes.push({ t: 'current' });
        continue;
      }
      if (/[-0-9]/.test(c)) {
        const m = /^-?\d+(\.\d+)?/.exec(this.s.slice(this.pos))!;
        this.pos += m[0].length;
        nodes.push({ t: 'literal', value: Number(m[0]) });
        continue;
      }
      const word = this.ident();
      if (word === 'range') nodes.push({ t: 'range' });
      else if (word === 'end') nodes.push({ t: 'end' });
      else if (word === 'true' || word === 'false') nodes.push({ t: 'literal', value: word === 'true' });
      else if (word === '') throw new JsonPathError(`unrecognized character in action: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
      else throw new JsonPathError(`unrecognized identifier ${word}`);
    }
  }

  private ident(): string {
    let out = '';
    while (this.pos < this.s.length && !TERMINATORS.has(this.s[this.pos])) {
      if (this.s[this.pos] === '\\' && this.pos + 1 < this.s.length) this.pos++;
      out += this.s[this.pos++];
    }
    return out;
  }

  private quoted(): string {
    const q = this.s[this.pos];
    let end = this.pos + 1;
    while (end < this.s.length && this.s[end] !== q) end += this.s[end] === '\\' ? 2 : 1;
    if (end >= this.s.length) throw new JsonPathError('unterminated quoted string');
    const raw = this.s.slice(this.pos, end + 1);
    this.pos = end + 1;
    return q === '"' ? unquote(raw) : raw.slice(1, -1);
  }

  private bracket(): Node {
    if (this.s.startsWith('[?(', this.pos)) return this.filter();
    const close = this.s.indexOf(']', this.pos);
    const newline = this.s.indexOf('\n', this.pos);
    if (close < 0 || (newline >= 0 && newline < close)) throw new JsonPathError('unterminated array');
    const inner = this.s.slice(this.pos + 1, close);
    this.pos = close + 1;
    if (inner.includes(',')) {
      return { t: 'union', items: inner.split(',').map((part) => new Parser(`[${part.trim()}]`).pathOnly()) };
    }
    if (/^'[^']*'$/.test(inner)) return { t: 'field', name: inner.slice(1, -1) };
    const m = /^(-?\d*)(:(-?\d*))?(:(-?\d*))?$/.exec(inner === '*' ? ':' : inner);
    if (!m) throw new JsonPathError(`invalid array index ${inner}`);
    const num = (x: string | undefined) => (x === undefined || x === '' ? undefined : Number(x));
    if (!m[2]) {
      const i = num(m[1]) ?? 0;
      return { t: 'array', start: i, end: i === -1 ? undefined : i + 1, index: true };
    }
    return { t: 'array', start: num(m[1]), end: num(m[3]), step: num(m[5]), index: false };
  }

  /** `[?(left op right)]` or `[?(@.x)]`, scanned like client-go's parseFilter. */
  private filter(): Node {
    const start = this.pos + 3;
    let i = start;
    let quote = '';
    let closed = false;
    for (; i < this.s.length && this.s[i] !== '\n'; i++) {
      const c = this.s[i];
      if (quote) {
        if (c === quote && this.s[i - 1] !== '\\') quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ')') {
        closed = true;
        break;
      }
    }
    if (!closed) throw new JsonPathError('unterminated filter');
    if (this.s[i + 1] !== ']') throw new JsonPathError('unclosed array expect ]');
    const text = this.s.slice(start, i);
    this.pos = i + 2;
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m) return { t: 'filter', left: new Parser(text).pathOnly(), op: 'exists', right: [] };
    return { t: 'filter', left: new Parser(m[1].trim()).pathOnly(), op: m[2], right: new Parser(m[3].trim()).pathOnly() };
  }

  pathOnly(): Node[] {
    return this.path('');
  }
}

const isObject = (v: Value): v is Record<string, Value> => v !== null && typeof v === 'object' && !Array.isArray(v);
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Elements, map values (by key), or a string's bytes (which have no children of their own). */
function children(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).sort(byteOrder).map((k) => v[k]);
  if (typeof v === 'string') return [...new TextEncoder().encode(v)];
  return [];
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new JsonPathError(`incompatible types for comparison`);
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

function walk(input: Value[], nodes: Node[]): Value[] {
  let cur = input;
  for (const n of nodes) cur = step(cur, n);
  return cur;
}

function step(input: Value[], n: Node): Value[] {
  const out: Value[] = [];
  switch (n.t) {
    case 'literal':
      return input.map(() => n.value);
    case 'current':
      return input;
    case 'field':
      for (const v of input) if (isObject(v) && Object.hasOwn(v, n.name)) out.push(v[n.name]);
      return out;
    case 'wildcard':
      for (const v of input) out.push(...children(v));
      return out;
    case 'recursive': {
      const rec = (v: Value) => {
        const kids = children(v);
        if (!kids.length) return;
        out.push(v);
        kids.forEach(rec);
      };
      input.forEach(rec);
      return out;
    }
    case 'array':
      for (const v of input) {
        if (v === null || v === undefined) continue;
        if (!Array.isArray(v)) throw new JsonPathError(`${goTypeName(v)} is not array or slice`);
        const len = v.length;
        let start = n.start ?? 0;
        if (start < 0) start += len;
        let end = n.end ?? len;
        if (end < 0) end += len;
        if (start === end) continue;
        if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
        if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
        if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
        const stepBy = n.step ?? 1;
        if (stepBy <= 0) throw new JsonPathError('step must be > 0');
        for (let i = start; i < end; i += stepBy) out.push(v[i]);
      }
      return out;
    case 'union':
      for (const item of n.items) out.push(...walk(input, item));
      return out;
    case 'filter':
      for (const v of input) {
        if (!Array.isArray(v)) throw new JsonPathError(`${goTypeName(v)} is not array or slice and cannot be filtered`);
        for (const el of v) {
          const lefts = walk([el], n.left);
          if (n.op === 'exists') {
            if (lefts.length) out.push(el);
            continue;
          }
          if (lefts.length === 0) continue;
          const rights = walk([el], n.right);
          if (lefts.length > 1 || rights.length > 1) throw new JsonPathError('can only compare one element at a time');
          if (rights.length === 0) continue;
          if (compare(n.op, lefts[0], rights[0])) out.push(el);
        }
      }
      return out;
    default:
      return input;
  }
}

function goTypeName(v: Value): string {
  if (isObject(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'interface {}';
}

function text(v: Value): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) || isObject(v)) return goJson(v);
  return String(v);
}

export type CompiledJsonPath = Piece[];

export function compileJsonPath(template: string): CompiledJsonPath {
  return new Parser(template).template();
}

/** Executes a template against a JSON value; throws JsonPathError on evaluation errors. */
export function executeJsonPath(pieces: CompiledJsonPath, data: Value): string {
  let out = '';
  const run = (list: Piece[], value: Value): void => {
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if ('text' in p) {
        out += p.text;
        continue;
      }
      const nodes = p.action;
      if (nodes[0]?.t === 'end') throw new JsonPathError('not in range, nothing to end');
      if (nodes[0]?.t === 'range') {
        let depth = 1;
        let j = i + 1;
        for (; j < list.length; j++) {
          const q = list[j];
          if ('action' in q && q.action[0]?.t === 'range') depth++;
          if ('action' in q && q.action[0]?.t === 'end' && --depth === 0) break;
        }
        const body = list.slice(i + 1, j);
        for (const item of walk([value], nodes.slice(1))) run(body, item);
        i = j;
        continue;
      }
      out += walk([value], nodes).map(text).join(' ');
    }
  };
  run(pieces, data);
  return out;
}

/** The values each action of a template finds (literal text pieces are skipped). */
export function findResults(pieces: CompiledJsonPath, data: Value): Value[][] {
  return pieces.filter((p): p is { action: Node[] } => 'action' in p).map((p) => walk([data], p.action));
}

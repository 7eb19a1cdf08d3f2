// kubectl's YAML output: JSON objects re-encoded by sigs.k8s.io/yaml (go-yaml v2). A port
// of the parts of go-yaml's encoder and libyaml emitter that JSON values reach: block
// mappings with keys in go-yaml's natural order, sequences not indented under their key,
// `{}` / `[]` for empty collections, and go-yaml's scalar styles: plain unless the text
// would read back as another type (then "double quoted"), 'single quoted' when plain is not
// allowed, literal `|` blocks for multi-line text, and plain/quoted text folded past column 80.

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

// --- go-yaml's resolve(): would this text, unquoted, read back as a non-string? ---------

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, leading-0 octal), 64-bit. */
function goParsesAsInt(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const digits = m[2];
  let v: bigint;
  if (/^0[oO]/.test(digits)) v = BigInt('0o' + digits.slice(2));
  else if (/^0[0-7]+$/.test(digits)) v = BigInt('0o' + digits.slice(1));
  else v = BigInt(digits);
  return m[1] === '-' ? v <= 2n ** 63n : v < 2n ** 64n;
}

function goParsesAsFloat(s: string): boolean {
  if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return true;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || /^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s);
}

function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const date = '(\\d{4})-(\\d{1,2})-(\\d{1,2})';
  const time = '(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d+)?';
  const forms = [
    new RegExp(`^${date}[Tt]${time}(Z|[+-]\\d{2}:\\d{2})$`),
    new RegExp(`^${date} ${time}$`),
    new RegExp(`^${date}$`),
  ];
  for (const re of forms) {
    const m = re.exec(s);
    if (!m) continue;
    const [mo, d] = [Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) return false;
    return true;
  }
  return false;
}

function resolvesToNonString(s: string): boolean {
  const hint = s === '' ? 'N' : '+-0123456789yYnNtTfFoO~.'.includes(s[0]) ? s[0] : '';
  if (!hint) return false;
  if (RESOLVE_MAP.has(s)) return s !== '<<';
  if (hint === '.') return goParsesAsFloat(s);
  if (!/[+\-0-9]/.test(hint)) return false;
  if (isTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (goParsesAsInt(plain)) return true;
  if (YAML_FLOAT.test(plain) && goParsesAsFloat(plain)) return true;
  if (/^0b[01]+$/.test(plain) || /^-0b[01]+$/.test(plain)) return true;
  return false;
}

// --- libyaml's scalar analysis -----------------------------------------------------------

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreak = (c: string) => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
function isPrintable(c: string): boolean {
  const n = c.codePointAt(0)!;
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff);
}

function analyze(value: string): Analysis {
  const chars = [...value];
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false, special = false, leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, precededByWhitespace = true, previousSpace = false, previousBreak = false;
  chars.forEach((c, i) => {
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]) || isBreak(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((c === ':' && followedByWhitespace) || (c === '#' && precededByWhitespace)) blockIndicators = true;
    if (!isPrintable(c)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  });
  const a: Analysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) a.blockPlainAllowed = a.singleQuotedAllowed = false;
  if (spaceBreak || special) a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
  if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function scalarStyle(s: string, simpleKey: boolean): Style {
  const a = analyze(s);
  let style: Style = s.includes('\n') ? 'literal' : resolvesToNonString(s) || BASE60_FLOAT.test(s) ? 'double' : 'plain';
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlainAllowed || (s === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

// --- go-yaml's map key order ---------------------------------------------------------------

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);

function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0n, bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const sortKeys = (keys: string[]) => keys.sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0));

// --- numbers ---------------------------------------------------------------------------------

/** Go's strconv.FormatFloat(f, 'g', -1, 64). */
function goFloatG(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? '.nan' : f > 0 ? '+.inf' : '-.inf';
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 21) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

// --- the emitter ---------------------------------------------------------------------------------

class Emitter {
  out = '';
  column = 0;
  indent = -1;
  whitespace = true;
  indention = true;

  private put(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writeBreakChar(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }

  scalar(s: string, simpleKey: boolean): void {
    const style = scalarStyle(s, simpleKey);
    const saved = this.indent;
    this.indent = this.indent < 0 ? BEST_INDENT : this.indent + BEST_INDENT;
    const allowBreaks = !simpleKey;
    if (style === 'plain') this.plain(s, allowBreaks);
    else if (style === 'single') this.single(s, allowBreaks);
    else if (style === 'double') this.double(s, allowBreaks);
    else this.literal(s);
    this.indent = saved;
  }

  private plain(s: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = [...s];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreakChar(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private single(s: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...s];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreakChar(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private double(s: string, allowBreaks: boolean): void {
    const named: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
    this.writeIndicator('"', true, false, false);
    const chars = [...s];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const n = c.codePointAt(0)!;
      if (!isPrintable(c) || n === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        if (named[n] !== undefined) this.put(named[n]);
        else if (n <= 0xff) this.put('x' + n.toString(16).toUpperCase().padStart(2, '0'));
        else if (n <= 0xffff) this.put('u' + n.toString(16).toUpperCase().padStart(4, '0'));
        else this.put('U' + n.toString(16).toUpperCase().padStart(8, '0'));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(s: string): void {
    this.writeIndicator('|', true, false, false);
    const chars = [...s];
    if (chars[0] === ' ' || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = chars.length - 1;
    let chomp = '';
    if (!isBreak(chars[last])) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreakChar(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  node(v: unknown, ctx: { mapping: boolean }): void {
    if (Array.isArray(v)) {
      if (v.length === 0) return this.flow('[]');
      const saved = this.indent;
      const indentless = ctx.mapping && !this.indention;
      if (this.indent < 0) this.indent = 0;
      else if (!indentless) this.indent += BEST_INDENT;
      for (const item of v) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.node(item, { mapping: false });
      }
      this.indent = saved;
      return;
    }
    if (v !== null && typeof v === 'object') {
      const keys = sortKeys(Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined));
      if (keys.length === 0) return this.flow('{}');
      const saved = this.indent;
      this.indent = this.indent < 0 ? 0 : this.indent + BEST_INDENT;
      for (const k of keys) {
        this.writeIndent();
        this.scalar(k, true);
        this.writeIndicator(':', false, false, false);
        this.node((v as Record<string, unknown>)[k], { mapping: true });
      }
      this.indent = saved;
      return;
    }
    if (typeof v === 'string') return this.scalar(v, false);
    const text = v === null || v === undefined ? 'null' : typeof v === 'number' ? (Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? String(v) : goFloatG(v)) : String(v);
    if (!this.whitespace) this.put(' ');
    this.put(text);
    this.whitespace = false;
    this.indention = false;
  }

  private flow(text: string): void {
    this.writeIndicator(text, true, false, false);
  }
}

/** The YAML kubectl prints for a JSON value (`kubectl get -o yaml`). */
export function goYaml(value: unknown): string {
  const e = new Emitter();
  e.node(value, { mapping: false });
  return e.out + '\n';
}

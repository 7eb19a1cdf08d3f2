// Go's fmt verbs on decoded JSON values (map[string]interface{}, []interface{}, int64,
// float64, string, bool, nil), where kubectl shows them: `%v` in custom-columns cells and
// `%#v` in jsonpath error reports.

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** %v of a float64 (shortest form, exponent from 1e21 or below 1e-4). */
function goFloat(f: number): string {
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
  const [m, e] = f.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 21) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/** fmt.Sprint(v). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort(byteOrder).map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  return String(v);
}

/** strconv.Quote. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const n = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (n === 7) out += '\\a';
    else if (n === 8) out += '\\b';
    else if (n === 12) out += '\\f';
    else if (n === 11) out += '\\v';
    else if (n < 0x20 || n === 0x7f) out += `\\x${n.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** fmt.Sprintf("%#v", v). */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  const m = v as Record<string, unknown>;
  return `map[string]interface {}{${Object.keys(m).sort(byteOrder).map((k) => `${goQuote(k)}:${goSyntax(m[k])}`).join(', ')}}`;
}

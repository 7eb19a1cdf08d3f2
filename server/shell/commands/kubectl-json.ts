// kubectl's JSON output: Go's json.MarshalIndent with 4-space indent, map keys sorted
// bytewise, and Go's string escaping (HTML characters, U+2028/U+2029, control characters).

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** json.Marshal (compact) or json.MarshalIndent(v, "", indent). */
export function goJson(v: unknown, indent = '', level = 0): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const end = indent ? '\n' + indent.repeat(level) : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => nl + goJson(x, indent, level + 1)).join(',') + end + ']';
  }
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort(byteOrder);
  if (keys.length === 0) return '{}';
  const sep = indent ? ': ' : ':';
  return '{' + keys.map((k) => nl + goJsonString(k) + sep + goJson((v as Record<string, unknown>)[k], indent, level + 1)).join(',') + end + '}';
}

/** `kubectl get -o json` output for one object or list. */
export const printJson = (obj: unknown) => goJson(obj, '    ') + '\n';

// How the Docker CLI (28.x) formats Engine API answers on the client: go-units sizes and
// durations, the PORTS column, Ellipsis-truncated commands, JSON in the order the Engine's
// structs declare their fields, and `--format` / `-f` Go templates of the simple kind
// (`{{.Field}}`, `{{.A.B}}`, `{{json .A}}`, a leading `table`).
import { humanDuration } from '../../sim/docker/engine.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const ago = (ms: number) => `${humanDuration(ms)} ago`;

/** go-units HumanSizeWithPrecision(size, 3): decimal units, 3 significant digits (%.3g). */
export function humanSize(size: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = size;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const g = Number(v.toPrecision(3)).toString();
  return `${g}${units[i]}`;
}

/** Ellipsis: at most `max` characters, the last one `…` when cut. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

/** strconv.Quote for the printable text commands hold. */
export const goQuote = (s: string) => JSON.stringify(s);

/** The PORTS column: published ports as `ip:public->private/proto` (IPv6 in brackets), then exposed ones. */
export function displayPorts(ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[]): string {
  const published = ports.filter((p) => p.PublicPort).map((p) => `${p.IP?.includes(':') ? `[${p.IP}]` : p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`);
  const exposed = ports.filter((p) => !p.PublicPort).map((p) => `${p.PrivatePort}/${p.Type}`);
  return [...new Set([...published, ...exposed])].join(', ');
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&') out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** json.MarshalIndent(v, prefix, "    ") keeping the objects' key order (the Go structs' field order). */
export function orderedJson(v: Json, level = 0): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v !== 'object') return String(v);
  const pad = '    '.repeat(level + 1);
  const end = '    '.repeat(level);
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => pad + orderedJson(x, level + 1)).join(',\n')}\n${end}]` : '[]';
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  return keys.length ? `{\n${keys.map((k) => `${pad}${jsonString(k)}: ${orderedJson(v[k], level + 1)}`).join(',\n')}\n${end}}` : '{}';
}

/** Compact JSON as `{{json .X}}` prints it. */
const compactJson = (v: Json): string => (v === null || typeof v !== 'object' ? orderedJson(v) : Array.isArray(v) ? `[${v.map(compactJson).join(',')}]` : `{${Object.keys(v).map((k) => `${jsonString(k)}:${compactJson(v[k])}`).join(',')}}`);

/** Go's %v of a template value. */
function goValue(v: Json): string {
  if (v === null || v === undefined) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  return String(v);
}

/**
 * Renders a simple Go template against `data`: `{{.A.B}}`, `{{json .A}}`, `\t` and `\n`
 * escapes as the CLI unescapes them. Undefined keys print `<no value>`.
 */
export function renderTemplate(template: string, data: Json): string {
  return template.replace(/\\t/g, '\t').replace(/\\n/g, '\n').replace(/\{\{\s*(json\s+)?\.([\w.]*)\s*\}\}/g, (_, json: string | undefined, path: string) => {
    let v: Json = data;
    for (const part of path.split('.').filter(Boolean)) v = v === null || v === undefined ? undefined : v[part];
    if (json) return compactJson(v ?? null);
    return goValue(v);
  });
}

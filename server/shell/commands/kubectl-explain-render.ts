// kubectl v1.32's explain renderer (the "plaintext" template of pkg/explain/v2) over an
// OpenAPI v3 document: follows a field path through properties, array items, map values and
// allOf references, then prints the description and the field list (or the recursive tree).

export type Schema = Record<string, unknown>;

const isMap = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);
/** A Go template's truth of a map: present and non-empty. */
const present = (v: unknown): v is Schema => isMap(v) && Object.keys(v).length > 0;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A local `#/a/b/c` reference into `doc`; undefined when it does not resolve to an object. */
function resolveRef(ref: unknown, doc: Schema): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#') || ref.length < 2) return undefined;
  let cur: Schema = doc;
  for (const k of ref.slice(1).split('/')) {
    if (!k) continue;
    const next = cur[k];
    if (!isMap(next)) return undefined;
    cur = next;
  }
  return cur;
}

const resolved = (s: Schema, doc: Schema): Schema => {
  const r = resolveRef(s.$ref, doc);
  return present(r) ? r : s;
};

/** go-wordwrap's WrapString: breaks lines at spaces so they fit `lim` columns where words allow. */
function wrap(lim: number, s: string): string {
  const runes = (x: string) => [...x].length;
  const isSpace = (c: string) => /\s/.test(c) && c !== '\u00a0';
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  for (const c of s) {
    if (c === '\n') {
      if (word === '') {
        if (current + runes(space) <= lim) out += space;
      } else out += space + word;
      out += c;
      current = 0;
      space = '';
      word = '';
    } else if (isSpace(c)) {
      if (space === '' || word !== '') {
        current += runes(space) + runes(word);
        out += space + word;
        space = '';
        word = '';
      }
      space += c;
    } else {
      word += c;
      if (current + runes(space) + runes(word) > lim && runes(word) < lim) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word !== '') return out + space + word;
  return current + runes(space) <= lim ? out + space : out;
}

/** The template's `indent`: pads the first line and every line after a newline. */
const indent = (n: number, s: string) => ' '.repeat(n) + s.split('\n').join('\n' + ' '.repeat(n));

/** A short type hint: `string`, `Object`, `[]Container`, `map[string]Quantity`, `PodSpec`. */
function typeGuess(s: Schema, doc: Schema): string {
  if (present(s.items)) return `[]${typeGuess(s.items, doc)}`;
  if (present(s.additionalProperties)) return `map[string]${typeGuess(s.additionalProperties, doc)}`;
  const allOf = list(s.allOf);
  if (allOf.length === 1 && !present(s.properties) && isMap(allOf[0])) return typeGuess(allOf[0], doc);
  if (text(s.$ref)) {
    const ref = resolveRef(s.$ref, doc);
    if (!present(ref) || !ref.type || ref.type === 'object') return text(s.$ref).split('/').pop()!.split('.').pop() || 'Object';
    return text(ref.type) || 'Object';
  }
  return s.type === 'object' ? 'Object' : text(s.type) || 'Object';
}

/** ` enum: a, b, c, d, ....` under a field (short) or `ENUM:` with one value a line (long). */
function extractEnum(s: Schema, long: boolean, limit: number, indentAmount: number): string {
  const values = list(s.enum);
  if (values.length === 0) return '';
  let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  for (const [i, v] of values.entries()) {
    if (limit > -1 && i >= limit) {
      out += ', ....';
      break;
    }
    if (i > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    out += v === '' ? '""' : String(v);
  }
  return out;
}

/** The descriptions of a schema and of what it refers to (allOf, items, map values), one a line. */
function description(s: Schema, doc: Schema): string {
  const r = resolved(s, doc);
  if (!present(r)) return '';
  let out = text(r.description) ? `${text(r.description)}\n` : '';
  for (const sub of list(r.allOf)) if (isMap(sub)) out += description(sub, doc);
  if (present(r.items)) out += description(r.items, doc);
  if (present(r.additionalProperties)) out += description(r.additionalProperties, doc);
  return out;
}

function fieldDetail(name: string, holder: Schema, short: boolean, level: number, doc: Schema): string {
  const pad = level * 2;
  const field = (holder.properties as Schema)[name] as Schema;
  let out = `${' '.repeat(pad)}${name}\t<${typeGuess(field, doc)}>`;
  if (list(holder.required).includes(name)) out += ' -required-';
  out += `${extractEnum(field, false, 4, pad)}\n`;
  if (!short) out += `${indent(pad + 2, wrap(78 - pad, text(field.description) || '<no description>'))}\n\n`;
  return out;
}

type History = Record<string, true>;

function fieldList(s: Schema, level: number, history: History, recursive: boolean, doc: Schema): string {
  const ref = text(s.$ref);
  if (ref && history[ref]) return '';
  const next = { ...history, [ref]: true as const };
  const r = resolved(s, doc);
  let out = '';
  const props = isMap(r.properties) ? r.properties : {};
  for (const k of Object.keys(props).sort()) {
    out += fieldDetail(k, r, recursive, level, doc);
    if (recursive && isMap(props[k])) out += fieldList(props[k] as Schema, level + 1, next, recursive, doc);
  }
  for (const sub of list(r.allOf)) if (isMap(sub)) out += fieldList(sub, level, next, recursive, doc);
  if (present(r.items)) out += fieldList(r.items, level, next, recursive, doc);
  if (present(r.additionalProperties)) out += fieldList(r.additionalProperties, level, next, recursive, doc);
  return out;
}

/** Follows `path` from `s`; at its end prints FIELD/DESCRIPTION/FIELDS. Empty when the path does not exist. */
function output(s: Schema, history: History, path: string[], recursive: boolean, doc: Schema): string {
  const ref = text(s.$ref);
  const next = { ...history, [ref]: true as const };
  const r = resolved(s, doc);
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(4, wrap(76, description(r, doc) || '<empty>'))}\n`;
    const fields = fieldList(r, 1, {}, recursive, doc);
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history[ref]) return '';
  const props = r.properties;
  if (present(props) && present(props[path[0]])) {
    const sub = props[path[0]] as Schema;
    let out = '';
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub, doc)}>\n${extractEnum(sub, true, -1, 0)}\n\n`;
    return out + output(sub, {}, path.slice(1), recursive, doc);
  }
  if (present(r.items)) return output(r.items, next, path, recursive, doc);
  if (present(r.additionalProperties)) return output(r.additionalProperties, next, path, recursive, doc);
  for (const sub of list(r.allOf)) {
    const got = isMap(sub) ? output(sub, next, path, recursive, doc) : '';
    if (got) return got;
  }
  return '';
}

export interface ExplainTarget {
  group: string;
  version: string;
  kind: string;
}

/** What the template writes before it can fail, and the error it fails with, if any. */
export interface Rendered {
  out: string;
  error?: string;
}

/** Renders `kubectl explain` of `target` at `path` from `doc` (an OpenAPI v3 group-version document). */
export function renderExplain(doc: Schema, target: ExplainTarget, path: string[], recursive: boolean): Rendered {
  const header = `${target.group ? `GROUP:      ${target.group}\n` : ''}KIND:       ${target.kind}\nVERSION:    ${target.version}\n\n`;
  const schemas = isMap(doc.components) && isMap(doc.components.schemas) ? doc.components.schemas : {};
  const gvk = { group: target.group, kind: target.kind, version: target.version };
  const key = Object.keys(schemas).sort().find((k) => {
    const s = schemas[k];
    return isMap(s) && list(s['x-kubernetes-group-version-kind']).some((g) => isMap(g) && Object.keys(g).length === 3 && g.group === gvk.group && g.kind === gvk.kind && g.version === gvk.version);
  });
  if (!key) return { out: header, error: `error: GVK map[group:${gvk.group} kind:${gvk.kind} version:${gvk.version}] not found in OpenAPI schema` };
  const body = output(schemas[key] as Schema, {}, path, recursive, doc);
  if (!body) return { out: header, error: `error: field "${path[path.length - 1]}" does not exist` };
  return { out: `${header}${body}\n` };
}

// The three patch formats the API server accepts, applied to plain JSON objects:
// strategic merge (lists of containers, ports, env ... merged by their merge key, with the
// `$patch`, `$setElementOrder/`, `$deleteFromPrimitiveList/` and `$retainKeys` directives),
// JSON merge patch (RFC 7386) and JSON patch (RFC 6902, evanphx/json-patch's messages);
// and the patch `kubectl apply` computes from the last-applied, new and live configurations.
import { listStrategy } from './patchmeta.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON round trip of `v` (what JSON.parse(JSON.stringify(v)) gives), copied directly when it is plain data. */
export function clone<T>(v: T): T {
  const copy = jsonCopy(v, 0);
  return (copy === NOT_PLAIN ? JSON.parse(JSON.stringify(v)) : copy) as T;
}

const NOT_PLAIN = Symbol('not plain');

/** What JSON keeps of a value: objects without undefined members, non-finite numbers as null, -0 as 0. */
function jsonCopy(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v + 0 : null;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (v === null) return null;
  // Anything else (dates, maps, cycles, very deep data) takes the JSON route, with its errors.
  if (depth > 100) return NOT_PLAIN;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const c = x === undefined || typeof x === 'function' || typeof x === 'symbol' ? null : jsonCopy(x, depth + 1);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      out[i] = c;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    if (k === '__proto__') return NOT_PLAIN;
    const c = jsonCopy(x, depth + 1);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    out[k] = c;
  }
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

export class PatchError extends Error {}

// --- JSON merge patch ----------------------------------------------------------

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// --- strategic merge patch -------------------------------------------------------

const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

/** Applies a strategic merge patch to `original` (an object of `kind`); throws PatchError. */
export function strategicMerge(kind: string, original: JsonObject, patch: JsonObject): JsonObject {
  const out = mergeMap(kind, original, patch, []);
  return out ?? {};
}

function mergeMap(kind: string, original: JsonObject | undefined, patch: JsonObject, path: string[]): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _, ...rest } = patch;
    return clone(rest);
  }
  if (directive !== undefined && directive !== 'merge') throw new PatchError(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const out: JsonObject = original ? clone(original) : {};
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const k of Object.keys(out)) if (!keep.has(k) && !(k in patch)) delete out[k];
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(ORDER)) continue;
    if (k.startsWith(DELETE_PRIMITIVES)) {
      const field = k.slice(DELETE_PRIMITIVES.length);
      const drop = Array.isArray(v) ? v : [];
      if (Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((x) => !drop.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const sub = [...path, k];
    if (isObject(v)) {
      const merged = mergeMap(kind, isObject(out[k]) ? (out[k] as JsonObject) : undefined, v, sub);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      out[k] = mergeList(kind, Array.isArray(out[k]) ? (out[k] as Json[]) : [], v, sub);
    } else {
      out[k] = v;
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(ORDER) || !Array.isArray(v)) continue;
    const field = k.slice(ORDER.length);
    if (Array.isArray(out[field])) out[field] = reorder(out[field] as Json[], v, listStrategy(kind, [...path, field]).key);
  }
  return out;
}

function mergeList(kind: string, original: Json[], patch: Json[], path: string[]): Json[] {
  const { strategy, key } = listStrategy(kind, path);
  if (strategy === 'replace') return clone(patch.filter((e) => !(isObject(e) && e.$patch !== undefined)));
  if (patch.some((e) => isObject(e) && e.$patch === 'replace')) return clone(patch.filter((e) => !(isObject(e) && e.$patch === 'replace')));
  if (!key) {
    const out = clone(original);
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(clone(v));
    return out;
  }
  const out = clone(original);
  for (const elem of patch) {
    if (!isObject(elem)) throw new PatchError(`unable to find api field in struct for the list element: ${JSON.stringify(elem)}`);
    if (!(key in elem)) throw new PatchError(`map: ${goMap(elem)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((x) => isObject(x) && deepEqual(x[key], elem[key]));
    if (elem.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = mergeMap(kind, out[at] as JsonObject, elem, path) ?? {};
    else out.push(mergeMap(kind, undefined, elem, path) ?? {});
  }
  return out;
}

/** `$setElementOrder`: the listed elements in the given order, then the others as they were. */
function reorder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const id = (e: Json) => (key && isObject(e) ? e[key] : e);
  const wanted = order.map((o) => (key && isObject(o) ? o[key] : o));
  const rank = (e: Json) => {
    const i = wanted.findIndex((w) => deepEqual(w, id(e)));
    return i < 0 ? wanted.length : i;
  };
  return list.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map((x) => x.e);
}

/** Go's %v of a map[string]interface{} (for merge-key errors). */
function goMap(m: JsonObject): string {
  const v = (x: Json): string => (isObject(x) ? goMap(x) : Array.isArray(x) ? `[${x.map(v).join(' ')}]` : String(x));
  return `map[${Object.keys(m).sort().map((k) => `${k}:${v(m[k])}`).join(' ')}]`;
}

// --- JSON patch ------------------------------------------------------------------

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  return path.slice(1).split('/').map(unescapePointer);
}

/** The container of the last path segment, or a PatchError worded like evanphx/json-patch. */
function parentOf(doc: Json, parts: string[], op: string, path: string): Json {
  let cur: Json = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObject(cur)) cur = cur[p];
    else cur = undefined as unknown as Json;
    if (cur === undefined || cur === null) throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return cur;
}

const arrayIndex = (a: Json[], s: string, allowEnd: boolean) => {
  if (s === '-' && allowEnd) return a.length;
  const i = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!(i >= 0 && i < a.length + (allowEnd ? 1 : 0))) throw new PatchError(`Unable to access invalid index: ${s}: invalid index referenced`);
  return i;
};

function getAt(doc: Json, path: string, op: string): Json {
  const parts = pointer(path);
  if (!parts.length) return doc;
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  const v = Array.isArray(parent) ? parent[arrayIndex(parent, last, false)] : isObject(parent) ? parent[last] : undefined;
  if (v === undefined) throw new PatchError(`${op} operation does not apply: doc is missing from path: ${path}: missing value`);
  return v;
}

function removeAt(doc: Json, path: string, op: string): Json {
  const parts = pointer(path);
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0];
  if (!isObject(parent) || !(last in parent)) throw new PatchError(`Unable to remove nonexistent key: ${last}: missing value`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: Json, path: string, value: Json, op: string): Json {
  const parts = pointer(path);
  if (!parts.length) return value;
  const parent = parentOf(doc, parts, op, path);
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

/** Applies RFC 6902 operations; throws PatchError. */
export function jsonPatch(original: Json, ops: JsonPatchOp[]): Json {
  let doc = clone(original);
  for (const o of ops) {
    switch (o.op) {
      case 'add':
        doc = addAt(doc, o.path, clone(o.value ?? null), 'add');
        break;
      case 'remove':
        removeAt(doc, o.path, 'remove');
        break;
      case 'replace': {
        const parts = pointer(o.path);
        if (!parts.length) {
          doc = clone(o.value ?? null);
          break;
        }
        const parent = parentOf(doc, parts, 'replace', o.path);
        const last = parts[parts.length - 1];
        if (Array.isArray(parent)) parent[arrayIndex(parent, last, false)] = clone(o.value ?? null);
        else if (isObject(parent) && last in parent) parent[last] = clone(o.value ?? null);
        else throw new PatchError(`replace operation does not apply: doc is missing key: ${o.path}: missing value`);
        break;
      }
      case 'move':
        doc = addAt(doc, o.path, removeAt(doc, o.from ?? '', 'move'), 'move');
        break;
      case 'copy':
        doc = addAt(doc, o.path, clone(getAt(doc, o.from ?? '', 'copy')), 'copy');
        break;
      case 'test':
        if (!deepEqual(getAt(doc, o.path, 'test'), o.value ?? null)) throw new PatchError(`testing value ${o.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${o.op}`);
    }
  }
  return doc;
}

// --- the patch `kubectl apply` sends ----------------------------------------------------

/**
 * diff(from, to) as a strategic patch: additions and changes of `to`, and (unless
 * `additionsOnly`) `null` / `$patch: delete` for what `to` lacks. With `deletionsOnly`, only those.
 */
function diffMaps(kind: string, from: JsonObject, to: JsonObject, path: string[], mode: 'all' | 'additions' | 'deletions'): JsonObject {
  const patch: JsonObject = {};
  for (const [k, tv] of Object.entries(to)) {
    const fv = from[k];
    if (deepEqual(fv, tv)) continue;
    const sub = [...path, k];
    if (isObject(fv) && isObject(tv)) {
      const d = diffMaps(kind, fv, tv, sub, mode);
      if (Object.keys(d).length) patch[k] = d;
    } else if (Array.isArray(fv) && Array.isArray(tv) && listStrategy(kind, sub).key) {
      const d = diffLists(kind, fv, tv, sub, mode);
      if (d.length) {
        patch[k] = d;
        // kubectl sends the wanted order of the merged list along with the changes.
        const key = listStrategy(kind, sub).key!;
        if (mode !== 'deletions') patch[`${ORDER}${k}`] = tv.filter(isObject).map((e) => ({ [key]: e[key] }));
      }
    } else if (mode !== 'deletions') {
      patch[k] = clone(tv);
    }
  }
  if (mode !== 'additions') for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null;
  return patch;
}

function diffLists(kind: string, from: Json[], to: Json[], path: string[], mode: 'all' | 'additions' | 'deletions'): Json[] {
  const key = listStrategy(kind, path).key!;
  const out: Json[] = [];
  const find = (list: Json[], e: Json) => list.find((x) => isObject(x) && isObject(e) && deepEqual(x[key], e[key]));
  for (const te of to) {
    if (!isObject(te)) continue;
    const fe = find(from, te);
    if (fe === undefined) {
      if (mode !== 'deletions') out.push(clone(te));
    } else if (!deepEqual(fe, te)) {
      const d = diffMaps(kind, fe as JsonObject, te, path, mode);
      if (Object.keys(d).length) out.push({ [key]: te[key], ...d });
    }
  }
  if (mode !== 'additions') for (const fe of from) if (isObject(fe) && find(to, fe) === undefined) out.push({ [key]: fe[key], $patch: 'delete' });
  return out;
}

/** Merges two patches (deletions first, then changes) into one. */
function combine(a: JsonObject, b: JsonObject): JsonObject {
  const out = clone(a);
  for (const [k, v] of Object.entries(b)) {
    if (isObject(v) && isObject(out[k])) out[k] = combine(out[k] as JsonObject, v);
    else if (Array.isArray(v) && Array.isArray(out[k])) out[k] = [...(out[k] as Json[]), ...clone(v)];
    else out[k] = clone(v);
  }
  return out;
}

/**
 * CreateThreeWayMergePatch: what turns `current` into `modified`, plus the deletion of
 * what the previous apply (`original`) set and `modified` no longer has. `{}`: unchanged.
 */
export function threeWayPatch(kind: string, original: JsonObject | undefined, modified: JsonObject, current: JsonObject): JsonObject {
  const delta = diffMaps(kind, current, modified, [], 'additions');
  const deletions = original ? diffMaps(kind, original, modified, [], 'deletions') : {};
  return combine(deletions, delta);
}

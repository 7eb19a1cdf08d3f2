// `-f FILE|DIR|-`: reading manifests the way kubectl's resource builder does. Files come
// from the host's file tree (directories: their .json/.yaml/.yml files), `-` from stdin.
// Each YAML document is converted to JSON like sigs.k8s.io/yaml (YAML 1.1 scalars, go-yaml's
// syntax error messages and line numbers, counted from the start of the document), then
// checked the way kubectl validates before sending (apiVersion/kind set, known kind).
import { isMap, isSeq, parseAllDocuments, type Document, type Tags } from 'yaml';
import { resolveResource, type ResourceType } from '../../sim/k8s/resources.js';
import type { Cluster } from '../../sim/k8s/types.js';
import { fileKind, readFile, resolvePath } from '../files.js';
import type { CommandContext } from '../types.js';
import type { Obj } from './kubectl-rest.js';

export interface Manifest {
  obj: Obj;
  type: ResourceType;
  /** How errors name where the object came from: the path as given, or `STDIN`. */
  source: string;
}

export interface ManifestResult {
  manifests: Manifest[];
  /** Messages in kubectl's words (without `error: `), in reading order. */
  errors: string[];
  /** A path that does not exist: kubectl stops before doing anything. */
  fatal?: string;
}

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

/** One document's YAML syntax error as go-yaml words it (`line N: ...`). */
function goYamlError(doc: Document.Parsed, text: string): string {
  const errs = doc.errors;
  const first = errs[0];
  const line = (i = 0, e = first) => e.linePos?.[i]?.line ?? 1;
  const lines = text.split('\n');
  const multiline = errs.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY');
  switch (first.code) {
    case 'TAB_AS_INDENT':
      return `line ${line()}: found character that cannot start any token`;
    case 'MULTILINE_IMPLICIT_KEY':
      return `line ${line(1)}: mapping values are not allowed in this context`;
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (first.message.startsWith('Nested mappings')) return `line ${multiline ? line(1, multiline) : line()}: mapping values are not allowed in this context`;
      return `line ${line() - 1}: did not find expected key`;
    case 'MISSING_CHAR':
      if (/closing ["']quote/.test(first.message)) return `line ${line()}: found unexpected end of stream`;
      if (first.message.startsWith('Implicit map keys')) return `line ${line() + 1}: could not find expected ':'`;
      return `line ${line() - 1}: did not find expected key`;
    case 'BAD_INDENT': {
      if (first.message.startsWith('Flow sequence')) return `line ${line() - 1}: did not find expected ',' or ']'`;
      if (first.message.startsWith('Flow map')) return `line ${line() - 1}: did not find expected ',' or '}'`;
      const at = line();
      const indent = (s: string) => s.length - s.trimStart().length;
      const prev = lines.slice(0, at - 1).reverse().find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      const inSequence = prev !== undefined && prev.trimStart().startsWith('- ') && indent(prev) === indent(lines[at - 1] ?? '');
      return `line ${at - 1}: did not find expected ${inSequence ? "'-' indicator" : 'key'}`;
    }
    default:
      return `line ${line()}: did not find expected key`;
  }
}

/** YAML 1.1 scalars as go-yaml reads them, except timestamps and sexagesimal numbers (strings there). */
const YAML_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: false,
  customTags: (tags: Tags) => tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
};

/** Splits a source into JSON values, or stops at the first syntax error. */
function decodeStream(text: string, source: string): { values: unknown[]; error?: string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { values: [JSON.parse(text)] };
    } catch {
      // not one JSON document: read it as YAML (a JSON stream is valid YAML flow)
    }
  }
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, YAML_OPTIONS) as Document.Parsed[]) {
    if (doc.errors.length) {
      // Line numbers count from the document's first line after its `---` separator.
      const lines = text.split('\n');
      const at = text.slice(0, doc.range?.[0] ?? 0).split('\n').length;
      let line0 = 0;
      for (let i = 0; i < at; i++) if (/^---(\s|#|$)/.test(lines[i])) line0 = i + 1;
      const body = lines.slice(line0).join('\n');
      const shifted = { ...doc, errors: doc.errors.map((e) => ({ ...e, linePos: e.linePos?.map((p) => ({ ...p, line: p.line - line0 })) })) } as unknown as Document.Parsed;
      return { values, error: `error parsing ${source}: error converting YAML to JSON: yaml: ${goYamlError(shifted, body)}` };
    }
    if (doc.contents === null) continue;
    if (!isMap(doc.contents) && !isSeq(doc.contents)) {
      values.push(doc.toJS());
      continue;
    }
    values.push(JSON.parse(JSON.stringify(doc.toJS({ mapAsMap: false }))));
  }
  return { values };
}

/** Client-side checks of one decoded document, then the kind's resource type. */
function toManifest(value: unknown, source: string, cluster: Cluster | undefined): Manifest | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `error validating "${source}": error validating data: invalid object to validate; ${STOP_VALIDATE}`;
  const obj = value as Obj;
  const missing = [obj.apiVersion ? '' : 'apiVersion not set', obj.kind ? '' : 'kind not set'].filter(Boolean);
  if (missing.length) return `error validating "${source}": error validating data: ${missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`}; ${STOP_VALIDATE}`;
  const t = resolveResource(String(obj.kind), cluster);
  const gv = t ? (t.group ? `${t.group}/${t.version}` : t.version) : undefined;
  if (!t || t.kind !== obj.kind || gv !== obj.apiVersion) {
    const name = obj.metadata?.name ?? '';
    const ns = obj.metadata?.namespace ?? '';
    return `resource mapping not found for name: "${name}" namespace: "${ns}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`;
  }
  return { obj, type: t, source };
}

function expand(value: unknown): unknown[] {
  const o = value as Obj | null;
  if (o && typeof o === 'object' && !Array.isArray(o) && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) return o.items;
  return [value];
}

/** Paths one `-f` value names: a file, or a directory's manifests (recursively with -R). */
function filesOf(ctx: CommandContext, given: string, recursive: boolean): string[] | undefined {
  const path = resolvePath(ctx.session.cwd, given);
  const kind = fileKind(ctx.host, path);
  if (kind === 'file') return [given];
  if (kind !== 'dir') return undefined;
  const prefix = path === '/' ? '/' : `${path}/`;
  const base = given.endsWith('/') ? given : `${given}/`;
  return Object.keys(ctx.host.files)
    .filter((p) => p.startsWith(prefix) && !p.endsWith('/') && /\.(json|ya?ml)$/.test(p) && (recursive || !p.slice(prefix.length).includes('/')))
    .sort()
    .map((p) => base + p.slice(prefix.length));
}

/** Reads every `-f` source; stops at a missing path like kubectl (nothing is applied then). */
export function readManifests(ctx: CommandContext, filenames: string[], recursive: boolean): ManifestResult {
  const out: ManifestResult = { manifests: [], errors: [] };
  const sources: { name: string; text: string }[] = [];
  for (const f of filenames) {
    if (f === '-') {
      sources.push({ name: 'STDIN', text: ctx.stdin });
      continue;
    }
    const files = filesOf(ctx, f, recursive);
    if (!files) return { ...out, fatal: `the path "${f}" does not exist` };
    for (const name of files) {
      const read = readFile(ctx.host, resolvePath(ctx.session.cwd, name), ctx.session.user);
      if (!read.ok) return { ...out, fatal: `open ${name}: permission denied` };
      sources.push({ name, text: read.text });
    }
  }
  for (const { name, text } of sources) {
    const { values, error } = decodeStream(text, name);
    for (const v of values.flatMap(expand)) {
      const m = toManifest(v, name, ctx.world.cluster);
      if (typeof m === 'string') out.errors.push(m);
      else out.manifests.push(m);
    }
    if (error) out.errors.push(error);
  }
  return out;
}

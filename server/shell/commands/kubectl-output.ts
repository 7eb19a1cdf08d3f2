// `-o` output formats other than tables: json, yaml, name, jsonpath, custom-columns.
// kubectl computes all of them on the client from the objects the API server returns.
import { resolveResource } from '../../sim/k8s/resources.js';
import { kindPrefix } from './kubectl-args.js';
import { goSprint, goSyntax } from './kubectl-gofmt.js';
import { goJson, printJson } from './kubectl-json.js';
import { compileJsonPath, executeJsonPath, findResults, JsonPathError, type CompiledJsonPath } from './kubectl-jsonpath.js';
import { tabwrite, GET_TABWRITER } from './kubectl-tabwriter.js';
import { goYaml } from './kubectl-yaml.js';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' | 'yaml' | 'name' }
  | { kind: 'jsonpath'; template: string; compiled: CompiledJsonPath; asJson: boolean }
  | { kind: 'custom-columns'; columns: { header: string; path: CompiledJsonPath }[] };

const ALLOWED = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

function relaxed(expr: string): string | undefined {
  const m = RELAXED.exec(expr);
  return m ? `{.${m[1] ?? m[2]}}` : undefined;
}

/** Parses `-o`; errors read like kubectl's. */
export function parseOutput(o: string | undefined): { ok: true; format: OutputFormat } | { ok: false; error: string } {
  if (o === undefined || o === '' || o === 'wide') return { ok: true, format: { kind: 'table', wide: o === 'wide' } };
  if (o === 'json' || o === 'yaml' || o === 'name') return { ok: true, format: { kind: o } };
  const eq = o.indexOf('=');
  const name = eq < 0 ? o : o.slice(0, eq);
  const arg = eq < 0 ? '' : o.slice(eq + 1);
  if (name === 'jsonpath' || name === 'jsonpath-as-json') {
    if (!arg) return { ok: false, error: 'template format specified but no template given' };
    try {
      return { ok: true, format: { kind: 'jsonpath', template: arg, compiled: compileJsonPath(arg), asJson: name === 'jsonpath-as-json' } };
    } catch (e) {
      return { ok: false, error: `error parsing jsonpath ${arg}, ${(e as Error).message}` };
    }
  }
  if (name === 'custom-columns') {
    if (!arg) return { ok: false, error: 'custom-columns format specified but no custom columns given' };
    const columns: { header: string; path: CompiledJsonPath }[] = [];
    for (const part of arg.split(',')) {
      const colon = part.indexOf(':');
      if (colon < 0) return { ok: false, error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
      const expr = part.slice(colon + 1);
      const path = expr === '' ? '' : relaxed(expr);
      if (path === undefined) return { ok: false, error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" };
      try {
        columns.push({ header: part.slice(0, colon), path: compileJsonPath(path) });
      } catch (e) {
        return { ok: false, error: `error parsing jsonpath ${path}, ${(e as Error).message}` };
      }
    }
    return { ok: true, format: { kind: 'custom-columns', columns } };
  }
  return { ok: false, error: `unable to match a printer suitable for the output format "${o}", allowed formats are: ${ALLOWED}` };
}

type Obj = Record<string, unknown>;

const itemsOf = (obj: Obj): Obj[] => (obj.kind === 'List' && Array.isArray(obj.items) ? (obj.items as Obj[]) : [obj]);

function nameOf(obj: Obj): string {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const t = resolveResource(kind);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const prefix = t && t.kind === kind ? kindPrefix(t) : group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
  return `${prefix}/${(obj.metadata as Obj | undefined)?.name ?? ''}`;
}

/** Renders an object (or a `List`) in a generic format; errors are kubectl's message without `error: `. */
export function printGeneric(format: OutputFormat, obj: Obj, noHeaders: boolean): { ok: true; text: string } | { ok: false; error: string } {
  switch (format.kind) {
    case 'json':
      return { ok: true, text: printJson(obj) };
    case 'yaml':
      return { ok: true, text: goYaml(obj) };
    case 'name':
      return { ok: true, text: itemsOf(obj).map((o) => nameOf(o) + '\n').join('') };
    case 'jsonpath':
      try {
        const text = executeJsonPath(format.compiled, obj);
        return { ok: true, text: format.asJson ? goJson(text, '    ') + '\n' : text };
      } catch (e) {
        if (!(e instanceof JsonPathError)) throw e;
        const debug = `Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${format.template}\n\tobject given to jsonpath engine was:\n\t\t${goSyntax(obj)}\n\n`;
        return { ok: false, error: `error executing jsonpath ${JSON.stringify(format.template)}: ${debug}` };
      }
    case 'custom-columns': {
      let text = noHeaders ? '' : format.columns.map((c) => c.header).join('\t') + '\n';
      for (const item of itemsOf(obj)) {
        const cells = format.columns.map((c) => {
          const values = columnValues(c.path, item);
          return values.length ? values.map((v) => goSprint(v).replace(/\x1b/g, '^[').replace(/\r/g, '\\r')).join(',') : '<none>';
        });
        text += cells.join('\t') + '\n';
      }
      return { ok: true, text: tabwrite(text, GET_TABWRITER) };
    }
    default:
      return { ok: true, text: '' };
  }
}

/** The values one custom column's `{.path}` finds in an object (missing keys find nothing). */
function columnValues(path: CompiledJsonPath, obj: Obj): unknown[] {
  try {
    return findResults(path, obj).flat();
  } catch {
    return [];
  }
}

// `kubectl get`: resolves the resource arguments, asks the API server for Tables (human
// output) or objects (-o json|yaml|name|jsonpath|custom-columns), and prints them the way
// kubectl's get.go does: one tab-aligned block per kind, a blank line between kinds,
// `kind/` name prefixes when several kinds print, errors after the output.
import type { ApiResponse, Status } from '../../sim/k8s/apiserver.js';
import type { Table } from '../../sim/k8s/printers.js';
import { groupVersion, type ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { kindPrefix, resolveArgs, type Target } from './kubectl-args.js';
import { connect, type KubeClient } from './kubectl-client.js';
import { connectionRefused, plainError, reportErrors, usageError, type KubeError } from './kubectl-errors.js';
import { printHelp } from './kubectl-help-commands.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags, type FlagSpec, type ParsedFlags } from './kubectl-flags.js';
import { compileJsonPath, findResults } from './kubectl-jsonpath.js';
import { parseOutput, printGeneric } from './kubectl-output.js';
import { runRaw } from './kubectl-raw.js';
import { renderTable } from './kubectl-table.js';
import { GET_TABWRITER, TabWriter } from './kubectl-tabwriter.js';
import { watchTable } from './kubectl-watch.js';

const GET_FLAGS: FlagSpec[] = [
  ...GLOBAL_FLAGS,
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'label-columns', short: 'L', type: 'stringArray' },
  { name: 'sort-by', type: 'string' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'output-watch-events', type: 'bool' },
  { name: 'chunk-size', type: 'int' },
  { name: 'server-print', type: 'bool' },
  { name: 'allow-missing-template-keys', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
  { name: 'subresource', type: 'string' },
  { name: 'raw', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
];

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`;

/** One successful get or list: what the builder's Info holds. */
interface Info {
  type: ResourceType;
  body: Record<string, unknown>;
  isList: boolean;
}

function apiPath(t: ResourceType, namespace: string | undefined, name?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${t.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

interface Fetched {
  infos: Info[];
  errors: KubeError[];
}

/** Visits the targets like the resource builder (ContinueOnError): lists, or gets by name. */
export function fetchTargets(client: KubeClient, targets: Target[], opts: { allNamespaces: boolean; table: boolean; labelSelector?: string; fieldSelector?: string }): Fetched {
  const infos: Info[] = [];
  const errors: KubeError[] = [];
  const ns = opts.allNamespaces ? undefined : client.namespace;
  for (const { type, names } of targets) {
    if (names.length === 0) {
      const query: Record<string, string> = {};
      if (opts.labelSelector) query.labelSelector = opts.labelSelector;
      if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
      const res = client.api({ path: apiPath(type, ns), query, table: opts.table });
      if (res.status !== 200) {
        const status = res.body as Status;
        const sel = opts.labelSelector || opts.fieldSelector;
        const what = `${type.group ? `${type.group}/${type.version}` : `/${type.version}`}, Resource=${type.resource}`;
        status.message = sel
          ? `Unable to find "${what}" that match label selector "${opts.labelSelector ?? ''}", field selector "${opts.fieldSelector ?? ''}": ${status.message}`
          : `Unable to list "${what}": ${status.message}`;
        errors.push({ status });
        continue;
      }
      infos.push({ type, body: res.body as Record<string, unknown>, isList: true });
      continue;
    }
    for (const name of names) {
      const res = client.api({ path: apiPath(type, ns, name), table: opts.table });
      if (res.status === 200) {
        infos.push({ type, body: res.body as Record<string, unknown>, isList: false });
        continue;
      }
      errors.push({ status: namespaceOrError(client, type, ns, res) });
    }
  }
  return { infos, errors };
}

/** A NotFound in a namespace other than default is reported as the namespace's NotFound when that is missing. */
function namespaceOrError(client: KubeClient, type: ResourceType, ns: string | undefined, res: ApiResponse): Status {
  const status = res.body as Status;
  if (status.reason === 'NotFound' && type.namespaced && ns && ns !== 'default') {
    const nsRes = client.api({ path: `/api/v1/namespaces/${ns}` });
    if (nsRes.status === 404) return nsRes.body as Status;
  }
  return status;
}

/** kubectl's natural string order for --sort-by (digit runs compare as numbers). */
function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < pa.length && i < pb.length; i++) {
    if (pa[i] === pb[i]) continue;
    const na = /^\d/.test(pa[i]);
    const nb = /^\d/.test(pb[i]);
    if (na && nb) return Number(pa[i]) !== Number(pb[i]) ? Number(pa[i]) < Number(pb[i]) : pa[i].length < pb[i].length;
    return pa[i] < pb[i];
  }
  return pa.length < pb.length;
}

function sortKeyLess(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (a === undefined) return b !== undefined;
  if (b === undefined) return false;
  return naturalLess(String(a), String(b));
}

/** Sorts the rows of a table by a jsonpath over the full objects (fetched alongside). */
function sortTable(client: KubeClient, info: Info, sortBy: string, allNamespaces: boolean, selectors: { labelSelector?: string; fieldSelector?: string }): void {
  const table = info.body as unknown as Table;
  const full = fetchTargets(client, [{ type: info.type, names: info.isList ? [] : [String(table.rows[0]?.object.metadata.name)] }], { allNamespaces, table: false, ...selectors });
  const body = full.infos[0]?.body;
  const objs = (body && info.isList ? (body.items as unknown[]) : [body]) ?? [];
  const path = compileJsonPath(sortBy.startsWith('{') ? sortBy : `{${sortBy.startsWith('.') ? '' : '.'}${sortBy}}`);
  const keyed = table.rows.map((row, i) => ({ row, key: findResults(path, objs[i])[0]?.[0] }));
  keyed.sort((x, y) => (sortKeyLess(x.key, y.key) ? -1 : sortKeyLess(y.key, x.key) ? 1 : 0));
  table.rows = keyed.map((k) => k.row);
}

function printHuman(ctx: CommandContext, client: KubeClient, fetched: Fetched, flags: ParsedFlags, wide: boolean, allNamespaces: boolean): void {
  const noHeaders = flagBool(flags, 'no-headers');
  const multiKind = new Set(fetched.infos.map((i) => i.type.kind)).size > 1 || flagBool(flags, 'show-kind');
  const labelColumns = ((flags.values.get('label-columns') as string[] | undefined) ?? []).flatMap((l) => l.split(',')).filter(Boolean);
  const sortBy = flagString(flags, 'sort-by');
  let out = '';
  let writer: TabWriter | undefined;
  let lastKind: string | undefined;
  let headerPrinted = false;
  let separator = false;
  const flush = () => {
    const text = writer?.flush() ?? '';
    if (text && separator) {
      out += '\n';
      separator = false;
    }
    out += text;
  };
  for (const info of fetched.infos) {
    if (info.type.kind !== lastKind) {
      flush();
      if (lastKind !== undefined && !noHeaders && out.length > 0) separator = true;
      writer = new TabWriter(GET_TABWRITER);
      headerPrinted = false;
      lastKind = info.type.kind;
    }
    const table = info.body as unknown as Table;
    if (sortBy) sortTable(client, info, sortBy, allNamespaces, { labelSelector: flagString(flags, 'selector'), fieldSelector: flagString(flags, 'field-selector') });
    renderTable(table, {
      wide, noHeaders, headerPrinted, labelColumns,
      withNamespace: allNamespaces && info.type.namespaced,
      showLabels: flagBool(flags, 'show-labels'),
      kindPrefix: multiKind ? kindPrefix(info.type) : undefined,
    }, writer!);
    if (table.rows.length > 0) headerPrinted = true;
  }
  flush();
  ctx.out(out);
  if (out === '' && fetched.errors.length === 0 && !flagBool(flags, 'ignore-not-found')) {
    const allNamespaced = !allNamespaces && fetched.infos.every((i) => i.type.namespaced);
    ctx.err(allNamespaced ? `No resources found in ${client.namespace} namespace.\n` : 'No resources found\n');
  }
}

export function runGet(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, GET_FLAGS);
  if (!parsed.ok) return usageError(ctx, 'kubectl get', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, 'get');
  const raw = flagString(flags, 'raw');
  if (raw) return runRaw(ctx, flags, raw);
  if (flags.args.length === 0) {
    ctx.err(NO_TYPE);
    return 1;
  }
  const conn = connect(ctx, flags);
  if (!conn.ok) return 'refused' in conn ? connectionRefused(ctx, conn.refused, 5) : plainError(ctx, conn.error);
  const client = conn.client;
  const args = resolveArgs(flags.args, 'get', ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const allNamespaces = flagBool(flags, 'all-namespaces');
  if (allNamespaces && args.targets.some((t) => t.names.length > 0)) return plainError(ctx, 'a resource cannot be retrieved by name across all namespaces');
  const output = parseOutput(flagString(flags, 'output'));
  if (!output.ok) return plainError(ctx, output.error);
  const format = output.format;
  const human = format.kind === 'table';
  if (human && (flagBool(flags, 'watch') || flagBool(flags, 'watch-only'))) {
    if (args.targets.length !== 1 || args.targets[0].names.length > 1) return plainError(ctx, 'you may only specify a single resource type');
    const { type, names } = args.targets[0];
    return watchTable(ctx, client, type, {
      allNamespaces, watchOnly: flagBool(flags, 'watch-only'), name: names[0],
      labelSelector: flagString(flags, 'selector'), fieldSelector: flagString(flags, 'field-selector'),
      table: { wide: format.wide, noHeaders: flagBool(flags, 'no-headers'), withNamespace: allNamespaces && type.namespaced, showLabels: flagBool(flags, 'show-labels') },
    });
  }
  const fetched = fetchTargets(client, args.targets, {
    allNamespaces, table: human, labelSelector: flagString(flags, 'selector'), fieldSelector: flagString(flags, 'field-selector'),
  });
  if (flagBool(flags, 'ignore-not-found')) fetched.errors = fetched.errors.filter((e) => !('status' in e) || e.status.reason !== 'NotFound');

  if (human) {
    printHuman(ctx, client, fetched, flags, format.wide, allNamespaces);
    return reportErrors(ctx, fetched.errors);
  }
  if (args.singleItem && fetched.errors.length) return reportErrors(ctx, fetched.errors);
  const items = fetched.infos.flatMap((i) => (i.isList ? (i.body.items as Record<string, unknown>[]) : [i.body]).map((o) => withTypeMeta(o, i.type)));
  const obj = args.singleItem && items.length === 1 && !fetched.infos[0].isList
    ? items[0]
    : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  const printed = printGeneric(format, obj, flagBool(flags, 'no-headers'));
  if (!printed.ok) return reportErrors(ctx, [...fetched.errors, { message: `error: ${printed.error}` }]);
  ctx.out(printed.text);
  return reportErrors(ctx, fetched.errors);
}

function withTypeMeta(o: Record<string, unknown>, t: ResourceType): Record<string, unknown> {
  return o.kind ? o : { apiVersion: groupVersion(t), kind: t.kind, ...o };
}

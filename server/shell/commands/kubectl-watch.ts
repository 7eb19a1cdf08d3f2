// `kubectl get TYPE -w` / `--watch-only`: the table once, then one row per change as the
// cluster moves on in simulated time (added, modified, and deleted objects in their last
// state), through one tabwriter that remembers column widths like kubectl's. Runs until the
// player interrupts it, or a cap of simulated time.
import type { Table, TableRow } from '../../sim/k8s/printers.js';
import type { ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import type { KubeClient } from './kubectl-client.js';
import { reportErrors } from './kubectl-errors.js';
import { apiError, apiPath } from './kubectl-rest.js';
import { renderTable, type TableOptions } from './kubectl-table.js';
import { GET_TABWRITER, TabWriter } from './kubectl-tabwriter.js';
import { advance, canWait, waitBudget } from './kubectl-wait.js';

/** How long a watch runs in simulated time before it stops by itself. */
export const WATCH_CAP_MS = 10 * 60_000;
const STEP_MS = 1000;

export interface WatchOptions {
  allNamespaces: boolean;
  watchOnly: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  table: Omit<TableOptions, 'headerPrinted'>;
  /** A single object by name, or the whole list. */
  name?: string;
}

const rowKey = (r: TableRow) => `${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`;

export function watchTable(ctx: CommandContext, client: KubeClient, t: ResourceType, opts: WatchOptions): number {
  const ns = opts.allNamespaces ? undefined : client.namespace;
  const query: Record<string, string> = {};
  if (opts.labelSelector) query.labelSelector = opts.labelSelector;
  if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
  const fetch = () => client.api({ path: apiPath(t, ns, opts.name), query: opts.name ? {} : query, table: true });
  const first = fetch();
  if (first.status !== 200) return reportErrors(ctx, [apiError(first)]);
  const writer = new TabWriter(GET_TABWRITER);
  let printed = 0;
  const print = (table: Table, rows: TableRow[]) => {
    if (!rows.length) return;
    renderTable({ ...table, rows }, { ...opts.table, headerPrinted: printed > 0 }, writer);
    const all = writer.flush();
    ctx.out(all.slice(printed));
    printed = all.length;
  };
  let table = first.body as Table;
  if (!opts.watchOnly) print(table, table.rows);
  let seen = new Map(table.rows.map((r) => [rowKey(r), r]));
  const budget = waitBudget(ctx, WATCH_CAP_MS);
  if (!canWait(ctx.world)) {
    ctx.wait(budget);
    return 0;
  }
  const start = ctx.elapsed;
  while (ctx.elapsed - start < budget) {
    advance(ctx, Math.min(STEP_MS, budget - (ctx.elapsed - start)));
    const res = fetch();
    if (res.status !== 200 && !(opts.name && res.status === 404)) continue;
    const next = res.status === 200 ? (res.body as Table) : { ...table, rows: [] };
    const now = new Map(next.rows.map((r) => [rowKey(r), r]));
    const changed = next.rows.filter((r) => seen.get(rowKey(r))?.object.metadata.resourceVersion !== r.object.metadata.resourceVersion);
    const gone = [...seen].filter(([k]) => !now.has(k)).map(([, r]) => r);
    print(next, [...changed, ...gone]);
    table = next;
    seen = now;
  }
  return 0;
}

// kubectl's client-side rendering of server-side Tables (cli-runtime tableprinter.go):
// upper-cased headers, priority>0 columns only with -o wide, NAMESPACE prepended with -A,
// LABELS appended with --show-labels, `kind/` name prefixes when several kinds print,
// no header for an empty table. Lines go to the tab writer as cells.
import type { Cell, Table, TableRow } from '../../sim/k8s/printers.js';
import { formatLabels } from '../../sim/k8s/selectors.js';
import { tabLine, type TabLine, type TabWriter } from './kubectl-tabwriter.js';

export interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  showLabels: boolean;
  /** `pod`, `deployment.apps`: set when several kinds are printed together. */
  kindPrefix?: string;
  /** The same columns were printed just before: don't repeat the header. */
  headerPrinted?: boolean;
  /** `-L key`: one column per label key. */
  labelColumns?: string[];
}

const escapeTerminal = (s: string) => s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');

/** Characters a cell is checked for: terminal escapes and cuts, and what splits tab writer cells. */
const SPECIAL = /[\x1b\f\n\r\t]/;
/** A tab or newline in a tab writer cell splits it (kubectl writes the joined line). */
const SPLITS = /[\t\n]/;

function cellText(cell: Cell | null | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    if (!SPECIAL.test(cell)) return cell;
    const cut = cell.search(/[\f\n\r]/);
    return cut >= 0 ? escapeTerminal(cell.slice(0, cut)) + '...' : escapeTerminal(cell);
  }
  return escapeTerminal(String(cell));
}

/** One line to the tab writer: as cells, or as text when a cell must split the way kubectl's writer splits it. */
function writeLine(w: TabWriter, cells: string[], plain: boolean): void {
  if (plain) w.writeRow(cells);
  else w.write(cells.join('\t') + '\n');
}

/** Which of a table's cells print, and which one gets the kind prefix. */
interface View {
  visible: boolean[];
  columns: number;
  nameColumn: number;
}

/**
 * Lines made from frozen rows (which the server hands out again for an unchanged row of one
 * object version), per layout.
 */
const lineCache = new Map<string, WeakMap<TableRow, TabLine>>();

/** The cache for this layout (labels are read from the row's metadata, which a frozen row's version fixes). */
function linesFor(o: TableOptions, view: View): WeakMap<TableRow, TabLine> {
  const key = JSON.stringify([view.visible.slice(0, view.columns), view.nameColumn, o.withNamespace, o.kindPrefix, o.showLabels, o.labelColumns ?? []]);
  let lines = lineCache.get(key);
  if (!lines) {
    if (lineCache.size >= 64) lineCache.clear();
    lineCache.set(key, (lines = new WeakMap()));
  }
  return lines;
}

/** What a row prints as (cells, in order), and whether it can go as cells (no cell holds a tab or newline). */
function rowCells(row: TableRow, o: TableOptions, view: View): { cells: string[]; plain: boolean } {
  const meta = row.object?.metadata;
  const cells: string[] = [];
  let plain = true;
  const push = (text: string, checked = false) => {
    if (!checked && SPLITS.test(text)) plain = false;
    cells.push(text);
  };
  if (o.withNamespace) push(meta?.namespace ?? '');
  const first = cells.length;
  for (let i = 0; i < view.columns && i < row.cells.length; i++) {
    if (!view.visible[i]) continue;
    const cell = row.cells[i];
    const clean = typeof cell === 'string' && !SPECIAL.test(cell);
    const text = clean ? cell : cellText(cell);
    if (i === view.nameColumn) push(`${o.kindPrefix}/${text}`);
    else push(text, clean);
  }
  // (joined with tabs, no visible cell still leaves one empty cell after the namespace)
  if (cells.length === first) cells.push('');
  for (const k of o.labelColumns ?? []) push(meta?.labels?.[k] ?? '');
  if (o.showLabels) push(formatLabels(meta?.labels));
  return { cells, plain };
}

function writeHeader(table: Table, o: TableOptions, visible: boolean[], w: TabWriter): void {
  const headers = [
    ...(o.withNamespace ? ['NAMESPACE'] : []),
    ...table.columnDefinitions.filter((_, i) => visible[i]).map((c) => c.name.toUpperCase()),
    ...(o.labelColumns ?? []).map((k) => k.split('/').pop()!.toUpperCase()),
    ...(o.showLabels ? ['LABELS'] : []),
  ];
  writeLine(w, headers.length ? headers : [''], !headers.some((h) => SPLITS.test(h)));
}

/** Writes the table's header (unless suppressed) and rows to `w`, one tab writer line each. */
export function renderTable(table: Table, o: TableOptions, w: TabWriter): void {
  if (table.rows.length === 0) return;
  const visible = table.columnDefinitions.map((c) => o.wide || c.priority === 0);
  const nameColumn = o.kindPrefix ? table.columnDefinitions.findIndex((c) => c.format === 'name' && c.type === 'string') : -1;
  if (!o.noHeaders && !o.headerPrinted) writeHeader(table, o, visible, w);
  const view: View = { visible, columns: Math.min(visible.length, table.columnDefinitions.length), nameColumn };
  writeRows(table.rows, o, view, w);
}

/** The rows, each as one line: kept lines for frozen rows, made ones for the rest. */
function writeRows(rows: TableRow[], o: TableOptions, view: View, w: TabWriter): void {
  const cache = linesFor(o, view);
  for (const row of rows) {
    let line = cache.get(row);
    if (!line) {
      const { cells, plain } = rowCells(row, o, view);
      if (!plain) {
        writeLine(w, cells, false);
        continue;
      }
      const kept = Object.isFrozen(row);
      line = tabLine(cells, kept);
      if (kept) cache.set(row, line);
    }
    w.writeLine(line);
  }
}

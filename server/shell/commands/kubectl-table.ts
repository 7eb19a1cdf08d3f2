// kubectl's client-side rendering of server-side Tables (cli-runtime tableprinter.go):
// upper-cased headers, priority>0 columns only with -o wide, NAMESPACE prepended with -A,
// LABELS appended with --show-labels, `kind/` name prefixes when several kinds print,
// no header for an empty table. Output is tab-separated lines for the tabwriter.
import type { Cell, Table } from '../../sim/k8s/printers.js';
import { formatLabels } from '../../sim/k8s/selectors.js';

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

function cellText(cell: Cell | null | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    if (!/[\x1b\f\n\r]/.test(cell)) return cell;
    const cut = cell.search(/[\f\n\r]/);
    return cut >= 0 ? escapeTerminal(cell.slice(0, cut)) + '...' : escapeTerminal(cell);
  }
  return escapeTerminal(String(cell));
}

export function renderTable(table: Table, o: TableOptions): string {
  if (table.rows.length === 0) return '';
  const visible = table.columnDefinitions.map((c) => o.wide || c.priority === 0);
  const nameColumn = o.kindPrefix ? table.columnDefinitions.findIndex((c) => c.format === 'name' && c.type === 'string') : -1;
  const labelKeys = o.labelColumns ?? [];
  let out = '';
  if (!o.noHeaders && !o.headerPrinted) {
    const headers = table.columnDefinitions.filter((_, i) => visible[i]).map((c) => c.name.toUpperCase());
    if (o.withNamespace) headers.unshift('NAMESPACE');
    for (const k of labelKeys) headers.push(k.split('/').pop()!.toUpperCase());
    if (o.showLabels) headers.push('LABELS');
    out += headers.join('\t') + '\n';
  }
  const columns = Math.min(visible.length, table.columnDefinitions.length);
  const lines: string[] = [];
  for (const row of table.rows) {
    const meta = row.object?.metadata;
    let line = o.withNamespace ? `${meta?.namespace ?? ''}\t` : '';
    let first = true;
    for (let i = 0; i < columns && i < row.cells.length; i++) {
      if (!visible[i]) continue;
      const text = cellText(row.cells[i]);
      line += (first ? '' : '\t') + (i === nameColumn ? `${o.kindPrefix}/${text}` : text);
      first = false;
    }
    for (const k of labelKeys) line += `\t${meta?.labels?.[k] ?? ''}`;
    if (o.showLabels) line += `\t${formatLabels(meta?.labels)}`;
    lines.push(line);
  }
  return out + lines.join('\n') + '\n';
}

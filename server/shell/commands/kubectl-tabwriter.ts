// A port of Go's text/tabwriter as kubectl uses it: tab-terminated cells aligned in
// columns; a column block is a run of consecutive lines that have a cell in that column;
// a line without tabs flushes (so blocks never span it); the text after the last tab of a
// line is not part of any column. Widths count runes.

export interface TabwriterOptions {
  minwidth: number;
  padding: number;
  /** Keep column widths across flushes (liggitt/tabwriter RememberWidths, used by `kubectl get`). */
  rememberWidths?: boolean;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Code points, as Go counts runes (a surrogate pair is one). */
function runeLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = s.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) n--;
    }
  }
  return n;
}

/** Runs of spaces by length, the short ones kept (padding repeats). */
const SPACES = Array.from({ length: 128 }, (_, n) => ' '.repeat(n));
const spaces = (n: number) => (n <= 0 ? '' : n < SPACES.length ? SPACES[n] : ' '.repeat(n));

/**
 * A complete line: its cells (none holding a tab or newline), the rune width of each but the
 * last (the column cells), and the text it was last formatted to with the column widths
 * numbered `layout`. A caller that writes the same line again saves the measuring and padding.
 */
export interface TabLine {
  readonly cells: readonly string[];
  /** How many cells are column cells (all but the last). */
  readonly columns: number;
  readonly widths: readonly number[];
  layout: number;
  text: string;
}

/** A line; `kept` (it will be written again) shares its width list with equal lines'. */
export function tabLine(cells: readonly string[], kept = false): TabLine {
  const widths: number[] = [];
  for (let j = 0; j < cells.length - 1; j++) widths.push(runeLength(cells[j]));
  return { cells, columns: widths.length, widths: kept ? sharedWidths(widths) : widths, layout: -1, text: '' };
}

/** Width lists by value: the kept lines of a table share a few, which a long table then reads from the same memory. */
const widthLists = new Map<string, readonly number[]>();

function sharedWidths(widths: number[]): readonly number[] {
  const key = widths.join(' ');
  let shared = widthLists.get(key);
  if (!shared) {
    if (widthLists.size >= 10_000) widthLists.clear();
    widthLists.set(key, (shared = widths));
  }
  return shared;
}

/** Column widths by number, so that a line can tell cheaply whether its text still fits them (numbers are never reused). */
const layouts = new Map<string, number>();
let nextLayout = 0;

function layoutOf(widths: number[]): number {
  const key = widths.join(' ');
  let id = layouts.get(key);
  if (id === undefined) {
    if (layouts.size >= 10_000) layouts.clear();
    layouts.set(key, (id = nextLayout++));
  }
  return id;
}

export class TabWriter {
  /** Complete lines not yet formatted. */
  private lines: TabLine[] = [];
  /** While those all have the same number of columns, the widest cell of each (measured as they come). */
  private widest: number[] | undefined;
  /** Cells of the line being written (tab-terminated so far). */
  private open: string[] = [];
  private partial = '';
  private widths: number[] = [];
  private remembered: number[] = [];
  private out = '';

  constructor(private opts: TabwriterOptions) {}

  write(text: string): void {
    let start = 0;
    let tab = text.indexOf('\t');
    let nl = text.indexOf('\n');
    while (tab >= 0 || nl >= 0) {
      const i = tab >= 0 && (nl < 0 || tab < nl) ? tab : nl;
      const ch = text[i];
      if (ch === '\t') tab = text.indexOf('\t', i + 1);
      else nl = text.indexOf('\n', i + 1);
      this.partial += text.slice(start, i);
      start = i + 1;
      this.open.push(this.partial);
      this.partial = '';
      if (ch === '\n') {
        const cells = this.open;
        this.open = [];
        this.endLine(tabLine(cells));
      }
    }
    this.partial += text.slice(start);
  }

  /** Writes a line of cells: the same as write(cells.join('\t') + '\n') when no cell holds a tab or newline. */
  writeRow(cells: string[]): void {
    this.writeLine(tabLine(cells.length ? cells : ['']));
  }

  /** Writes a complete line (see TabLine); the writer only ever updates its formatted text. */
  writeLine(line: TabLine): void {
    if (this.partial || this.open.length) return this.write(line.cells.join('\t') + '\n');
    this.endLine(line);
  }

  /** Formats everything buffered and returns all output so far. */
  flush(): string {
    this.flushLines();
    if (this.partial) {
      this.out += this.partial;
      this.partial = '';
    }
    return this.out;
  }

  /** Forgets remembered widths (kubectl does this between resource types). */
  resetWidths(): void {
    this.remembered = [];
  }

  /** A line without tabs flushes. */
  private endLine(line: TabLine): void {
    const widest = this.widest;
    if (this.lines.length === 0) this.widest = line.widths.slice();
    else if (widest?.length === line.columns) for (let c = 0; c < widest.length; c++) widest[c] = Math.max(widest[c], line.widths[c]);
    else this.widest = undefined;
    this.lines.push(line);
    if (line.columns === 0) this.flushLines();
  }

  private flushLines(): void {
    // Only complete lines are formatted; the open line stays.
    const lines = this.lines;
    if (lines.length === 0) return;
    const widest = this.widest;
    this.lines = [];
    this.widest = undefined;
    this.widths = [];
    if (!widest) {
      this.out += this.format(lines, 0, lines.length, '');
      return;
    }
    // Lines with the same number of columns: each column is one block over all of them.
    for (let column = 0; column < widest.length; column++) this.widths.push(this.columnWidth(column, widest[column]));
    this.out += this.writeLines(lines, 0, lines.length, '');
  }

  /** A column block's width from its widest cell, at least minwidth, and at least what it was (rememberWidths). */
  private columnWidth(column: number, widest: number): number {
    let width = Math.max(this.opts.minwidth, widest + this.opts.padding);
    if (this.opts.rememberWidths) {
      width = Math.max(width, this.remembered[column] ?? 0);
      this.remembered[column] = width;
    }
    return width;
  }

  /** Appends lines line0..line1 to `out`, aligning the columns from the current depth on. */
  private format(lines: TabLine[], line0: number, line1: number, out: string): string {
    const column = this.widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].columns) continue;
      out = this.writeLines(lines, line0, i, out);
      line0 = i;
      let widest = 0;
      for (; i < line1 && column < lines[i].columns; i++) widest = Math.max(widest, lines[i].widths[column]);
      this.widths.push(this.columnWidth(column, widest));
      out = this.format(lines, line0, i, out);
      this.widths.pop();
      line0 = i;
      i--;
    }
    return this.writeLines(lines, line0, line1, out);
  }

  private writeLines(lines: TabLine[], line0: number, line1: number, out: string): string {
    if (line0 >= line1) return out;
    const widths = this.widths;
    const layout = layoutOf(widths);
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      if (line.layout !== layout) {
        const { cells } = line;
        const padded = Math.min(cells.length, widths.length);
        // (joined, the text is one flat string rather than a chain of concatenations)
        const parts: string[] = [];
        for (let j = 0; j < padded; j++) parts.push(cells[j], spaces(widths[j] - line.widths[j]));
        for (let j = padded; j < cells.length; j++) parts.push(cells[j]);
        parts.push('\n');
        line.text = parts.join('');
        line.layout = layout;
      }
      out += line.text;
    }
    return out;
  }
}

/** Aligns tab-separated text in one go. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const w = new TabWriter(opts);
  w.write(text);
  return w.flush();
}

/** `kubectl get` tables: minwidth 6, padding 3, widths remembered across flushes. */
export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3, rememberWidths: true };
/** `kubectl describe`: minwidth 0, padding 2. */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

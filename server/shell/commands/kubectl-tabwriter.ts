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

interface Cell {
  text: string;
  width: number;
}

/** Code points, as Go counts runes (a surrogate pair is one). */
function runeLength(s: string): number {
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

export class TabWriter {
  private lines: Cell[][] = [[]];
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
      const line = this.lines[this.lines.length - 1];
      line.push({ text: this.partial, width: runeLength(this.partial) });
      this.partial = '';
      if (ch === '\n') {
        const cells = line.length;
        this.lines.push([]);
        if (cells === 1) this.flushLines();
      }
    }
    this.partial += text.slice(start);
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

  private flushLines(): void {
    // The last (open) line has no newline yet; only complete lines are formatted.
    const complete = this.lines.slice(0, -1);
    if (complete.length === 0) return;
    this.widths = [];
    this.format(complete, 0, complete.length);
    this.lines = [this.lines[this.lines.length - 1]];
  }

  private format(lines: Cell[][], line0: number, line1: number): void {
    const column = this.widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      this.writeLines(lines, line0, i);
      line0 = i;
      let width = this.opts.minwidth;
      for (; i < line1; i++) {
        if (column >= lines[i].length - 1) break;
        width = Math.max(width, lines[i][column].width + this.opts.padding);
      }
      if (this.opts.rememberWidths) {
        width = Math.max(width, this.remembered[column] ?? 0);
        this.remembered[column] = width;
      }
      this.widths.push(width);
      this.format(lines, line0, i);
      this.widths.pop();
      line0 = i;
      i--;
    }
    this.writeLines(lines, line0, line1);
  }

  private writeLines(lines: Cell[][], line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      lines[i].forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += ' '.repeat(Math.max(0, this.widths[j] - c.width));
      });
      this.out += '\n';
    }
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

// The report's lines as screen rows: long lines wrap at a space (continuations indented like
// the line they continue), so nothing of the report is cut on a narrow terminal.
import { frameCols, type Size } from '../../app/layout.js';

/** Columns of report text (inside the screen's padding). */
export const reportWidth = (size: Size) => frameCols(size) - 2;

export interface ReportRow {
  text: string;
  /** An underlined heading (the next source line is ===== or -----). */
  heading: boolean;
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = ' '.repeat(Math.min(/^ */.exec(line)![0].length + 2, Math.floor(width / 2)));
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > (first ? width : width - indent.length)) {
    const w = first ? width : width - indent.length;
    const space = rest.lastIndexOf(' ', w);
    const cut = space > w / 3 ? space : w;
    out.push((first ? '' : indent) + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  if (rest) out.push((first ? '' : indent) + rest);
  return out;
}

export function reportRows(text: string, width: number): ReportRow[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.flatMap((l, i) => {
    const heading = /^(=+|-+)$/.test(lines[i + 1] ?? '');
    return wrap(l, Math.max(10, width)).map((t) => ({ text: t, heading }));
  });
}

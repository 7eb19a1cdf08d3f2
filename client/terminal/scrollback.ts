// The terminal pane's scrollback: a bounded list of logical lines (the oldest are dropped),
// fed with raw command output. Plain data, updated by returning a new value.

export type LineKind = 'out' | 'err' | 'cmd' | 'info' | 'warn';

export interface Line {
  text: string;
  kind: LineKind;
  /** For a `cmd` line: how many leading characters are the prompt. */
  prompt?: number;
}

export interface Scrollback {
  lines: readonly Line[];
  /** The last line has no newline yet: the next output continues it. */
  open: boolean;
  /** Index of the first line still on screen after Ctrl-L / `clear` (earlier ones stay reachable by scrolling). */
  top: number;
}

export const MAX_LINES = 10_000;

export const emptyScrollback: Scrollback = { lines: [], open: false, top: 0 };

// ESC [ ... final byte, ESC ] ... BEL (titles), other two-byte escapes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-_]/g;
const CLEAR = /\x1b\[[0-3]?J/;

/** Expands tabs to 8-column stops and drops control characters the pane cannot show. */
function printable(text: string, startCol: number): string {
  if (!/[\t\x00-\x08\x0b-\x1f\x7f]/.test(text)) return text;
  let out = '';
  let col = startCol;
  for (const ch of text) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else if (ch >= ' ' && ch !== '\x7f') {
      out += ch;
      col++;
    }
  }
  return out;
}

function bounded(sb: Scrollback, lines: Line[]): Scrollback {
  const extra = lines.length - MAX_LINES;
  if (extra <= 0) return { ...sb, lines };
  return { ...sb, lines: lines.slice(extra), top: Math.max(0, sb.top - extra) };
}

/** Appends output text; a `\r` rewrites its line from the start, a clear-screen sequence scrolls everything off. */
export function appendText(sb: Scrollback, text: string, kind: LineKind): Scrollback {
  if (!text) return sb;
  let cur = sb;
  const clearAt = text.search(CLEAR);
  if (clearAt >= 0) {
    // Output before the clear sequence lands first; what follows starts on a clean screen.
    const tail = text.slice(clearAt).replace(CLEAR, '');
    cur = clearScreen(appendText(sb, text.slice(0, clearAt), kind));
    return appendText(cur, tail, kind);
  }
  const parts = text.replace(ESCAPES, '').replace(/\r\n/g, '\n').split('\n');
  const lines = cur.lines.slice();
  let open = cur.open;
  parts.forEach((raw, i) => {
    const last = i === parts.length - 1;
    if (last && raw === '') return;
    const cr = raw.lastIndexOf('\r');
    const continuing = i === 0 && open && lines.length > 0;
    const base = continuing && cr < 0 ? lines[lines.length - 1].text : '';
    const piece = printable(cr >= 0 ? raw.slice(cr + 1) : raw, base.length);
    if (continuing) lines[lines.length - 1] = { ...lines[lines.length - 1], text: base + piece };
    else lines.push({ text: piece, kind });
    open = last;
  });
  if (parts[parts.length - 1] === '') open = false;
  return bounded({ ...cur, open }, lines);
}

/** Appends one whole line (a command echo, a notice); an open line is closed first. */
export function appendLine(sb: Scrollback, line: Line): Scrollback {
  return bounded({ ...sb, open: false }, [...sb.lines, { ...line, text: printable(line.text, 0) }]);
}

/** Ends an open line, as the shell's next prompt does. */
export function closeLine(sb: Scrollback): Scrollback {
  return sb.open ? { ...sb, open: false } : sb;
}

/** Ctrl-L: the screen starts empty, older lines remain above. */
export function clearScreen(sb: Scrollback): Scrollback {
  return { ...sb, open: false, top: sb.lines.length };
}

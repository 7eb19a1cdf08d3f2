// Full-screen output for Ink. Ink renders in debug mode into this stream (every frame whole,
// unthrottled); the writer compares each frame with the screen and rewrites only the rows
// that changed, each at its absolute position in the alternate screen, inside one
// synchronized update. Typing therefore rewrites one row, streaming output the rows it
// scrolls, and nothing ever clears the screen between frames (no flicker).
import { EventEmitter } from 'node:events';

const ESC = '\x1b[';
// Alternate screen, cursor hidden, and no auto-wrap: below the minimum size a frame wider than
// the terminal is cut at its right edge instead of spilling onto the next row.
export const ENTER = '\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[H\x1b[2J';
export const LEAVE = '\x1b[?7h\x1b[?25h\x1b[?1049l';
const SYNC_ON = '\x1b[?2026h';
const SYNC_OFF = '\x1b[?2026l';

// Foreground/background colours (SGR 30-49, 90-107, with 38;5;n / 38;2;r;g;b forms); bold,
// inverse and underline are kept, so the cursor and the selection still show.
const COLOUR_SGR = /\x1b\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;\d+)*m/g;

/** NO_COLOR (https://no-color.org): set and not empty. */
export const noColour = (env: NodeJS.ProcessEnv = process.env) => !!env.NO_COLOR;

export interface Terminal {
  write(s: string): unknown;
  columns: number;
  rows: number;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

export class ScreenWriter extends EventEmitter {
  readonly isTTY = true;
  private screen: string[] = [];
  private closed = false;
  private readonly onResize = () => {
    // The terminal may have reflowed the old screen: the next frame repaints everything.
    this.screen = [];
    this.out.write(`${ESC}H${ESC}2J`);
    this.emit('resize');
  };

  constructor(
    private readonly out: Terminal,
    private readonly colour = true,
  ) {
    super();
    out.on('resize', this.onResize);
  }

  get columns(): number {
    return this.out.columns;
  }

  get rows(): number {
    return this.out.rows;
  }

  /** Ink writes one whole frame per call. */
  write(frame: string): boolean {
    if (this.closed) return true;
    const lines = (this.colour ? frame : frame.replace(COLOUR_SGR, '')).replace(/\n$/, '').split('\n').slice(0, this.rows);
    let buf = '';
    const n = Math.max(lines.length, this.screen.length);
    for (let i = 0; i < n; i++) {
      const line = lines[i] ?? '';
      if (line === this.screen[i]) continue;
      buf += `${ESC}${i + 1};1H${line}${ESC}0m${ESC}K`;
    }
    this.screen = lines;
    if (buf) this.out.write(SYNC_ON + buf + SYNC_OFF);
    return true;
  }

  close(): void {
    this.closed = true;
    this.out.off('resize', this.onResize);
  }
}

// The sizes of the fixed-height frame, shared by the reducer (page sizes, wrapping) and the
// components that draw it. The frame fills the terminal exactly (screen-writer.ts puts it
// on the alternate screen row by row); below the minimum size it is cut, never wrapped.

export interface Size {
  cols: number;
  rows: number;
}

export const MIN_SIZE: Size = { cols: 60, rows: 16 };

/** Rows the frame may use. */
export const frameRows = (s: Size) => Math.max(MIN_SIZE.rows, s.rows);
export const frameCols = (s: Size) => Math.max(MIN_SIZE.cols, s.cols);

export interface GameLayout {
  /** Terminal pane (or map) size. */
  paneCols: number;
  paneRows: number;
  /** Side column width; 0 when hidden. */
  sideCols: number;
}

/** Side panels show by default from 100 columns; Ctrl-S toggles them at any width. */
export const sideShown = (s: Size, side: boolean | null) => side ?? s.cols >= 100;

export function gameLayout(s: Size, side: boolean | null): GameLayout {
  const cols = frameCols(s);
  const sideCols = sideShown(s, side) ? Math.max(26, Math.min(44, Math.floor(cols * 0.3))) : 0;
  // Header and footer take one row each.
  return { paneCols: cols - sideCols, paneRows: frameRows(s) - 2, sideCols };
}

/** Rows of a full-screen list or document (title, footer and their spacing excluded). */
export const listRows = (s: Size) => frameRows(s) - 5;

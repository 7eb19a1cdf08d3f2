// The visible window of the scrollback: only the rows that fit are computed, walking back
// from the bottom, so the cost of a frame does not grow with the scrollback.
import type { Line, LineKind } from './scrollback.js';

export interface Row {
  text: string;
  kind: LineKind;
  /** Leading characters of this row that belong to a prompt. */
  prompt: number;
}

/** Splits one logical line into rows of at most `width` characters, as a terminal wraps it. */
export function wrapLine(line: Line, width: number): Row[] {
  const w = Math.max(1, width);
  const p = line.prompt ?? 0;
  if (line.text.length <= w) return [{ text: line.text, kind: line.kind, prompt: p }];
  const rows: Row[] = [];
  for (let i = 0; i < line.text.length; i += w) rows.push({ text: line.text.slice(i, i + w), kind: line.kind, prompt: Math.max(0, Math.min(w, p - i)) });
  return rows;
}

export const rowCount = (line: Line, width: number) => Math.max(1, Math.ceil(line.text.length / Math.max(1, width)));

export interface Window {
  rows: Row[];
  /** Rows hidden below the window (0: following the output). */
  below: number;
  /** Whether the window reaches the first line kept. */
  atTop: boolean;
}

/**
 * The rows to draw: `height` rows ending `scroll` rows above the end of `lines[from..]` plus
 * `tail` (the input line). Fewer rows than `height` are returned when the content is short.
 */
export function visibleRows(lines: readonly Line[], from: number, tail: Line[], width: number, height: number, scroll: number): Window {
  const all = scroll > 0 ? 0 : from;
  const want = height + scroll;
  const picked: Row[][] = [];
  let count = 0;
  for (let i = tail.length - 1; i >= 0 && count < want; i--) {
    const r = wrapLine(tail[i], width);
    picked.push(r);
    count += r.length;
  }
  let i = lines.length - 1;
  for (; i >= all && count < want; i--) {
    const r = wrapLine(lines[i], width);
    picked.push(r);
    count += r.length;
  }
  const rows = picked.reverse().flat();
  const end = Math.max(0, rows.length - scroll);
  const start = Math.max(0, end - height);
  return { rows: rows.slice(start, end), below: rows.length - end, atTop: i < all && start === 0 };
}

/** The furthest the window can scroll up: total rows minus one screen. */
export function maxScroll(lines: readonly Line[], tail: Line[], width: number, height: number): number {
  let total = 0;
  for (const l of lines) total += rowCount(l, width);
  for (const l of tail) total += rowCount(l, width);
  return Math.max(0, total - height);
}

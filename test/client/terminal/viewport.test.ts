import { describe, expect, test } from 'vitest';
import type { Line } from '../../../client/terminal/scrollback.js';
import { maxScroll, visibleRows, wrapLine } from '../../../client/terminal/viewport.js';

const lines = (n: number): Line[] => Array.from({ length: n }, (_, i) => ({ text: `line ${i}`, kind: 'out' as const }));
const input: Line = { text: 'root@ws1:~# ', kind: 'cmd', prompt: 12 };

describe('viewport', () => {
  test('a long line wraps like a terminal; the prompt part is marked on the rows it covers', () => {
    const rows = wrapLine({ text: 'root@ws1:~# ' + 'x'.repeat(20), kind: 'cmd', prompt: 12 }, 10);
    expect(rows.map((r) => r.text)).toEqual(['root@ws1:~', '# xxxxxxxx', 'xxxxxxxxxx', 'xx']);
    expect(rows.map((r) => r.prompt)).toEqual([10, 2, 0, 0]);
  });

  test('following the output: the last rows, the input line at the bottom', () => {
    const w = visibleRows(lines(5000), 0, [input], 80, 4, 0);
    expect(w.rows.map((r) => r.text)).toEqual(['line 4997', 'line 4998', 'line 4999', 'root@ws1:~# ']);
    expect(w.below).toBe(0);
  });

  test('short content is drawn from the top (after Ctrl-L only what came since)', () => {
    const w = visibleRows(lines(10), 8, [input], 80, 5, 0);
    expect(w.rows.map((r) => r.text)).toEqual(['line 8', 'line 9', 'root@ws1:~# ']);
  });

  test('scrolled back: the window ends that many rows above the bottom, and may go above a clear', () => {
    const w = visibleRows(lines(100), 90, [], 80, 3, 50);
    expect(w.rows.map((r) => r.text)).toEqual(['line 47', 'line 48', 'line 49']);
    expect(w.below).toBe(50);
    expect(maxScroll(lines(100), [], 80, 3)).toBe(97);
    expect(visibleRows(lines(100), 0, [], 80, 3, 97).atTop).toBe(true);
  });
});

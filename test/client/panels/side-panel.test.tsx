import { describe, expect, test } from 'vitest';
import { Header } from '../../../client/screens/game/Header.js';
import { objectiveItems } from '../../../client/panels/items.js';
import { SidePanel, wrapSegments, type PanelItem } from '../../../client/panels/SidePanel.js';
import { plain, renderAt } from '../helpers/render.js';
import { inGame, roomView } from '../helpers/state.js';

const item = (id: string, t: string): PanelItem => ({ id, segments: [{ text: t }] });

function draw(el: React.ReactElement, cols: number, rows: number): string[] {
  const r = renderAt(el, cols, rows);
  const frame = plain(r.lastFrame());
  r.unmount();
  return frame.split('\n');
}

describe('side panel', () => {
  test('wraps at spaces, keeping the segments and their tones', () => {
    const rows = wrapSegments([{ text: '✘ ', tone: 'bad' }, { text: 'The shop loads on ws1 from the office' }], 12);
    expect(rows.map((r) => r.map((s) => s.text).join(''))).toEqual(['✘ The shop', 'loads on ws1', 'from the', 'office']);
    expect(rows[0][0]).toEqual({ text: '✘ ', tone: 'bad' });
    expect(wrapSegments([{ text: 'x'.repeat(25) }], 10).map((r) => r[0].text)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  test('a log keeps its newest rows and says how many are above', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(String(i), `message ${i}`));
    const lines = draw(<SidePanel title="Chat" items={items} width={24} height={7} anchor="bottom" />, 24, 7);
    expect(lines).toEqual([
      '╭──────────────────────╮',
      '│ Chat                 │',
      '│ ↑ 7 earlier row(s)   │',
      '│ message 7            │',
      '│ message 8            │',
      '│ message 9            │',
      '╰──────────────────────╯',
    ]);
  });

  test('a list keeps its first rows; a tiny panel shows content, not only the "more" row', () => {
    const items = Array.from({ length: 5 }, (_, i) => item(String(i), `objective ${i}`));
    const list = draw(<SidePanel title="Objectives" items={items} width={24} height={6} anchor="top" />, 24, 6).join('\n');
    expect(list).toContain('objective 0');
    expect(list).toContain('objective 1');
    expect(list).toContain('↓ 3 more row(s)');
    const tiny = draw(<SidePanel title="Chat" items={items} width={24} height={5} anchor="bottom" footer={[{ text: 'Ctrl-O to chat' }]} />, 24, 5).join('\n');
    expect(tiny).toContain('objective 4');
    expect(tiny).not.toContain('earlier');
  });

  test('objectives and firing alerts as items', () => {
    const items = objectiveItems(roomView({ objectives: { '0': { title: 'A', green: true }, '1': { title: 'B', green: false } } }));
    expect(items.map((i) => i.segments.map((s) => s.text).join(''))).toEqual(['✔ A', '✘ B', '▲ could not resolve host for http://shop.office.lan/ from ws1']);
  });
});

describe('header', () => {
  test('keeps the clock, objectives and connection when narrow; the title takes what is left', () => {
    const s = inGame({ clock: { simMs: 3_725_000, paused: true, limitMs: 7_200_000 } });
    const wide = draw(<Header room={s.room!} conn={{ state: 'online' }} width={140} />, 140, 2)[0];
    expect(wide.trimEnd()).toBe(' The shop is down for one desk │ ⏱ 1:02:05 · left 57:55 (paused) │ ✘ 0/1 │ hints 0 │ room AbCd1234 │ solo │ ● online');
    const narrow = draw(<Header room={s.room!} conn={{ state: 'retrying', attempt: 1, inMs: 1, reason: 'x', wasOnline: true }} width={80} />, 80, 2)[0];
    expect(narrow).toContain('⏱ 1:02:05 · left 57:55 (paused) │ ✘ 0/1');
    expect(narrow).toContain('○ offline');
    expect([...narrow].length).toBeLessThanOrEqual(80);
  });
});

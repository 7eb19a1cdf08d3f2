// Home, picker, join, lobby, leaderboard, replays and report screens, drawn in a fake
// terminal of a set size from states reached through the reducer.
import { describe, expect, test } from 'vitest';
import type { AppState } from '../../../client/app/state.js';
import { HomeScreen } from '../../../client/screens/home/Home.js';
import { JoinScreen } from '../../../client/screens/join/Join.js';
import { LeaderboardScreen } from '../../../client/screens/leaderboard/Leaderboard.js';
import { LobbyScreen } from '../../../client/screens/lobby/Lobby.js';
import { PickerScreen } from '../../../client/screens/picker/Picker.js';
import { ReplaysScreen } from '../../../client/screens/replays/Replays.js';
import { ReportScreen } from '../../../client/screens/report/Report.js';
import { plain, renderAt } from '../helpers/render.js';
import { drive, inGame, key, online, roomView, server, text } from '../helpers/state.js';

type ScreenComponent = (p: { s: AppState; size: AppState['size'] }) => React.ReactNode;

function draw(Screen: ScreenComponent, s: AppState): string[] {
  const r = renderAt(<Screen s={s} size={s.size} />, s.size.cols, s.size.rows);
  const frame = plain(r.lastFrame());
  r.unmount();
  return frame.split('\n');
}

const fits = (lines: string[], cols: number) => expect(lines.filter((l) => [...l].length > cols)).toEqual([]);

describe('home', () => {
  test('the menu, the logo and where we are connected; fits 80×24', () => {
    const lines = draw(HomeScreen, online(80, 24));
    const f = lines.join('\n');
    for (const item of ['Solo challenge', 'Create team room', 'Join room', 'Leaderboard', 'Replays', 'Quit']) expect(f).toContain(item);
    expect(f).toContain('┌─┐┌─┐');
    expect(f).toContain('Connected to ws://127.0.0.1:7420 as alice');
    expect(f).toMatch(/› Solo challenge/);
    fits(lines, 80);
  });

  test('a short terminal drops the logo; an unreachable server is said in words', () => {
    const s = drive(online(60, 16), [{ type: 'conn', conn: { state: 'retrying', attempt: 2, inMs: 1000, reason: 'connection refused', wasOnline: false } }]).s;
    const f = draw(HomeScreen, s).join('\n');
    expect(f).not.toContain('┌─┐');
    expect(f).toContain('Not connected to ws://127.0.0.1:7420');
    expect(s.notice?.text).toBe('Cannot reach ws://127.0.0.1:7420: connection refused · retrying in 1s');
  });

  test('↓ moves the selection; the shortcut opens the screen', () => {
    let s = drive(online(), [key('down')]).s;
    expect(draw(HomeScreen, s).join('\n')).toMatch(/› Create team room/);
    s = drive(s, [text('l')]).s;
    expect(s.screen).toBe('leaderboard');
  });
});

describe('scenario picker', () => {
  test('every scenario, easiest first, with difficulty, layers, par and best score', () => {
    const s = drive(online(120, 30), [text('s')]).s;
    const lines = draw(PickerScreen, s);
    const rows = lines.filter((l) => /beginner|intermediate|expert/.test(l));
    expect(rows.map((r) => r.match(/beginner|intermediate|expert/)![0])).toEqual(['beginner', 'beginner', 'intermediate', 'expert']);
    const shop = rows.find((r) => r.includes('The shop is down for one desk'))!;
    expect(shop).toMatch(/› The shop is down for one desk\s+beginner\s+link, network\s+08:00\s+150/);
    expect(rows.find((r) => r.includes('Monitoring'))).toMatch(/25:00\s+—/);
  });

  test('typing filters by title, difficulty or layer; Esc clears the filter, then goes back', () => {
    let s = drive(online(80, 24), [text('s'), text('d'), text('n'), text('s')]).s;
    let lines = draw(PickerScreen, s);
    expect(lines.join('\n')).toContain('Filter: dns');
    expect(lines.filter((l) => l.includes('intermediate'))).toHaveLength(1);
    expect(lines.join('\n')).toContain('1 of 4');
    fits(lines, 80);
    s = drive(s, [key('escape')]).s;
    expect(s.screen).toBe('picker');
    expect(s.picker.filter).toBe('');
    s = drive(s, [key('escape')]).s;
    expect(s.screen).toBe('home');
  });

  test('Enter creates the room for the selected scenario; a team room offers the modes', () => {
    let r = drive(online(), [text('s'), key('enter')]);
    expect(r.fx).toContainEqual({ type: 'send', msg: { type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'solo' } });
    r = drive(online(), [text('c'), key('right')]);
    expect(draw(PickerScreen, r.s).join('\n')).toContain('Mode: ‹ incident ›');
  });
});

describe('join', () => {
  test('the code as typed; a bad code is explained', () => {
    let s = drive(online(80, 24), [text('j'), text('ab')]).s;
    expect(draw(JoinScreen, s).join('\n')).toContain('Room code: ab');
    s = drive(s, [key('enter')]).s;
    expect(draw(JoinScreen, s).join('\n')).toContain('A room code is 4 to 16 letters, digits, _ or -.');
    const r = drive(s, [text('cd12'), key('enter')]);
    expect(r.fx).toContainEqual({ type: 'send', msg: { type: 'join', code: 'abcd12' } });
  });
});

describe('lobby', () => {
  function lobby(owner: boolean) {
    let s = online(100, 30);
    if (owner) s = drive(s, [text('c'), key('enter')]).s;
    const view = roomView({ mode: 'team', state: 'lobby', players: { p1: { name: 'alice', role: 'player', ready: true, connected: true }, p2: { name: 'bob', role: 'player', ready: false, connected: true } } });
    return drive(s, [server({ type: 'room', seq: 1, view, you: 'p1' })]).s;
  }

  test('the code to share with the exact join command, the briefing, players and their ready state', () => {
    const s = lobby(true);
    expect(s.screen).toBe('lobby');
    const f = draw(LobbyScreen, s).join('\n');
    expect(f).toContain('AbCd1234');
    expect(f).toContain('opsdrill join ws://127.0.0.1:7420 --room AbCd1234');
    expect(f).toContain('Ticket #4711');
    expect(f).toMatch(/● alice\s+ready/);
    expect(f).toMatch(/○ bob\s+not ready/);
    expect(f).toContain('press s to start');
  });

  test('r toggles ready, s starts (owner), Esc leaves', () => {
    const s = lobby(true);
    expect(drive(s, [text('r')]).fx).toContainEqual({ type: 'send', msg: { type: 'ready', ready: false } });
    expect(drive(s, [text('s')]).fx).toContainEqual({ type: 'send', msg: { type: 'start' } });
    const left = drive(s, [key('escape')]);
    expect(left.s.screen).toBe('home');
    expect(left.fx).toContainEqual({ type: 'send', msg: { type: 'leave' } });
  });
});

describe('leaderboard and replays', () => {
  test('the leaderboard lists rows; ←/→ filters by scenario', () => {
    let s = drive(online(80, 24), [text('l'), server({ type: 'leaderboard', rows: [{ name: 'alice', scenario: 'ws-cannot-reach-shop', mode: 'solo', score: 150, at: '2026-11-23T09:53:00Z' }] })]).s;
    const lines = draw(LeaderboardScreen, s);
    expect(lines.join('\n')).toMatch(/1\s+alice\s+ws-cannot-reach-shop\s+solo\s+150/);
    fits(lines, 80);
    const r = drive(s, [key('right')]);
    expect(r.fx).toContainEqual({ type: 'send', msg: { type: 'leaderboard', scenario: 'ws-cannot-reach-shop' } });
    s = r.s;
    expect(draw(LeaderboardScreen, s).join('\n')).toContain('‹ ws-cannot-reach-shop ›');
  });

  test('replays list finished drills and how to play one', () => {
    const s = drive(online(100, 24), [text('r'), server({ type: 'replays', list: [{ id: 'g123', scenario: 'ws-cannot-reach-shop', mode: 'team', finishedAt: '2026-11-23T09:53:00Z', players: ['alice', 'bob'] }] })]).s;
    const f = draw(ReplaysScreen, s).join('\n');
    expect(f).toMatch(/2026-11-23 09:53\s+ws-cannot-reach-shop\s+team\s+alice, bob/);
    expect(f).toContain('opsdrill replay g123');
  });
});

describe('after-action report', () => {
  const report = ['After-action report: The shop is down for one desk', '='.repeat(50), '', `Scenario ws-cannot-reach-shop (beginner), seed 7, par 8:00, played by alice; times are on the simulated clock from the first command onwards.`, '', ...Array.from({ length: 60 }, (_, i) => `line ${i + 1}`)].join('\n') + '\n';

  function ended(cols = 80, rows = 24) {
    const s = inGame({}, cols, rows);
    return drive(s, [server({ type: 'gameover', report, score: 150, markdown: '# Report\n' }), { type: 'show-report' }]).s;
  }

  test('wraps long lines instead of cutting them, and scrolls by page', () => {
    let s = ended();
    expect(s.screen).toBe('report');
    let lines = draw(ReportScreen, s);
    const f = lines.join('\n');
    expect(f).toContain('Game over · score 150');
    expect(f).toContain('from the first command');
    expect(f).not.toContain('…');
    fits(lines, 80);
    s = drive(s, [key('pagedown')]).s;
    lines = draw(ReportScreen, s);
    expect(lines.join('\n')).toMatch(/lines 20-38 of 66/);
    s = drive(s, [key('end'), ...Array(10).fill(key('pagedown'))]).s;
    expect(draw(ReportScreen, s).join('\n')).toContain('line 60');
  });

  test('e exports the Markdown; Esc goes home and leaves the room', () => {
    const s = ended();
    const r = drive(s, [text('e')]);
    expect(r.fx).toContainEqual({ type: 'export', markdown: '# Report\n', name: 'opsdrill-report-ws-cannot-reach-shop-AbCd1234.md' });
    const done = drive(r.s, [{ type: 'exported', path: '/tmp/x.md' }]).s;
    expect(draw(ReportScreen, done).join('\n')).toContain('exported to /tmp/x.md');
    const back = drive(s, [key('escape')]);
    expect(back.s.screen).toBe('home');
    expect(back.fx).toContainEqual({ type: 'send', msg: { type: 'leave' } });
  });
});

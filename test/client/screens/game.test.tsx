// The game screen: header, shell pane, side panels (objectives, feed, chat, hints), the map,
// in 120×30 and 80×24 terminals.
import { describe, expect, test } from 'vitest';
import type { AppState } from '../../../client/app/state.js';
import { GameScreen } from '../../../client/screens/game/Game.js';
import { plain, renderAt } from '../helpers/render.js';
import { drive, inGame, inRoom, key, ran, server, text } from '../helpers/state.js';

function draw(s: AppState): string[] {
  const r = renderAt(<GameScreen s={s} size={s.size} />, s.size.cols, s.size.rows);
  const frame = plain(r.lastFrame());
  r.unmount();
  return frame.split('\n');
}
const fits = (lines: string[], cols: number) => expect(lines.filter((l) => [...l].length > cols)).toEqual([]);

describe('game screen', () => {
  test('header, briefing, prompt and the objectives panel with its alert (120×30)', () => {
    const lines = draw(inGame());
    const f = lines.join('\n');
    expect(lines[0]).toMatch(/^ The shop is down for one desk │ ⏱ 01:05 \/ par 08:00 │ ✘ 0\/1 │ hints 0 │ room AbCd1234 │ solo │ ● online/);
    expect(f).toContain('Ticket #4711');
    expect(f).toMatch(/root@ws1:~# +│/);
    expect(f).toContain('│ Objectives 0/1');
    expect(f).toContain('│ ✘ The shop loads on ws1');
    expect(f).toContain('▲ could not resolve host for');
    expect(lines).toHaveLength(29);
    fits(lines, 120);
  });

  test('80×24: the shell takes the width, the header keeps clock and objectives', () => {
    const s = ran(inGame({}, 80, 24), 'ip -br addr', 'lo               UNKNOWN        127.0.0.1/8 ::1/128\neth0             UP             10.10.10.50/28\n');
    const lines = draw(s);
    expect(lines[0]).toContain('⏱ 01:05 / par 08:00 │ ✘ 0/1');
    expect(lines.join('\n')).not.toContain('Objectives');
    expect(lines.join('\n')).toContain('root@ws1:~# ip -br addr\nlo               UNKNOWN        127.0.0.1/8 ::1/128\neth0             UP             10.10.10.50/28\nroot@ws1:~#');
    expect(lines).toHaveLength(23);
    fits(lines, 80);
  });

  test('an objective turning green shows at once in the header and panel', () => {
    let s = inGame();
    s = drive(s, [server({ type: 'patch', seq: 2, patches: [{ op: 'replace', path: ['objectives', '0', 'green'], value: true }, { op: 'replace', path: ['alerts', '0', 'firing'], value: false }] })]).s;
    const f = draw(s).join('\n');
    expect(f).toContain('✔ 1/1');
    expect(f).toContain('│ ✔ The shop loads on ws1');
    expect(f).not.toContain('▲');
  });

  test('team room: players, the team feed with exit codes, and chat with Ctrl-O / Esc', () => {
    const players = { p1: { name: 'alice', role: 'player' as const, ready: true, connected: true }, p2: { name: 'bob', role: 'player' as const, ready: true, connected: false } };
    const feed = { '1': { player: 'bob', host: 'ws1', line: 'ip route', exit: 0, at: 1000 }, '2': { player: 'alice', host: 'ws1', line: 'ping -c1 10.10.10.1', exit: 1, at: 2000 } };
    const chat = { '1': { player: 'bob', text: 'the default route is missing on ws1, I think', at: 3000 } };
    let s = inRoom('team', { players, feed, chat });
    let f = draw(s).join('\n');
    expect(f).toContain('Players 2');
    expect(f).toMatch(/● alice/);
    expect(f).toMatch(/○ bob/);
    expect(f).toContain('✔ bob@ws1 ip route');
    expect(f).toContain('✘1 alice@ws1 ping -c1 10.10.10.1');
    expect(f).toContain('│ bob: the default route is        │\n');
    expect(f).toContain('│ missing on ws1, I think          │\n');
    expect(f).toContain('Ctrl-O to chat');
    s = drive(s, [key('ctrl+o'), text('on it')]).s;
    f = draw(s).join('\n');
    expect(f).toContain('› on it');
    const long = draw(drive(s, [text(' and a long message that does not fit the chat panel at all')]).s).join('\n');
    expect(long).toContain('│ › …ot fit the chat panel at all  │');
    const sent = drive(s, [key('enter')]);
    expect(sent.fx).toContainEqual({ type: 'send', msg: { type: 'chat', text: 'on it' } });
    expect(drive(s, [key('escape')]).s.game.focus).toBe('terminal');
  });

  test('narrow team room: the chat opens under the shell while focused', () => {
    const s = drive(inRoom('team', {}, 80, 24), [key('ctrl+o'), text('hello')]).s;
    const lines = draw(s);
    expect(lines.join('\n')).toContain('Chat (Esc: back to the shell)');
    expect(lines.join('\n')).toContain('› hello');
    fits(lines, 80);
  });

  test('a hint asked with Ctrl-G costs points: confirmed, shown in the panel and in the shell', () => {
    let r = drive(inGame(), [key('ctrl+g')]);
    expect(r.s.game.focus).toBe('confirm-hint');
    r = drive(r.s, [text('y')]);
    expect(r.fx).toContainEqual({ type: 'send', msg: { type: 'hint' } });
    const s = drive(r.s, [server({ type: 'hint', tier: 1, text: 'Look at the prefix length of the address of eth0.', cost: 10 })]).s;
    const f = draw(s).join('\n');
    expect(f).toContain('[hint −10 points] Look at the prefix length of the address of eth0.');
    expect(f).toContain('#1 −10 Look at the');
  });

  test('Ctrl-T shows the map of what was discovered, Ctrl-T again the shell', () => {
    let s = ran(inGame(), 'ip addr', '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n    inet 10.10.10.50/28 brd 10.10.10.63 scope global eth0\n       valid_lft forever preferred_lft forever\n');
    s = drive(s, [key('ctrl+t')]).s;
    const f = draw(s).join('\n');
    expect(f).toContain('Topology map');
    expect(f).toContain('10.10.10.48/28');
    expect(f).toMatch(/ws1\s+eth0 10\.10\.10\.50\s+UP/);
    expect(f).not.toContain('root@ws1:~#');
    expect(drive(s, [key('ctrl+t')]).s.game.map).toBe(false);
  });

  test('scrolled back: a bar says how much is below; typing follows the output again', () => {
    let s = inGame({}, 80, 24);
    for (let i = 0; i < 5; i++) s = ran(s, `seq ${i}`, Array.from({ length: 20 }, (_, j) => `out ${i}.${j}`).join('\n') + '\n');
    s = drive(s, [key('pageup')]).s;
    let f = draw(s).join('\n');
    expect(f).toMatch(/\d+ more line\(s\) below · PgDn to follow/);
    s = drive(s, [text('x')]).s;
    f = draw(s).join('\n');
    expect(f).toContain('root@ws1:~# x');
  });
});

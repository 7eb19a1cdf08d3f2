// The whole client component with its store, fed keys through a fake TTY stdin: the shell's
// keys (echo, Ctrl-C, Ctrl-L, Ctrl-R, history, Tab, PgUp), resize, the status line, colours.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../../../client/app/App.js';
import { ScreenWriter } from '../../../client/app/screen-writer.js';
import { type AppEvent, type AppState, type Effect } from '../../../client/app/state.js';
import { createStore } from '../../../client/app/store.js';
import { historyStore } from '../../../client/terminal/history-file.js';
import { plain, renderAt, tick } from '../helpers/render.js';
import { drive, inGame, key, ran, server, text } from '../helpers/state.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

/** The app on a fake terminal; every effect is recorded. */
function mount(initial: AppState) {
  const effects: Effect[] = [];
  const store = createStore(initial, (fx: Effect) => void effects.push(fx));
  const r = renderAt(<App store={store} />, initial.size.cols, initial.size.rows);
  cleanup.push(r.unmount);
  const frame = () => plain(r.lastFrame());
  const type = async (data: string) => {
    r.stdin.write(data);
    await tick();
  };
  return { store, effects, frame, type, stdout: r.stdout, sent: () => effects.flatMap((e) => (e.type === 'send' ? [e.msg] : [])) };
}

describe('the shell pane', () => {
  test('typed keys echo on the prompt line; Enter sends the command', async () => {
    const app = mount(inGame({}, 80, 24));
    await app.type('ip r');
    expect(app.frame()).toContain('root@ws1:~# ip r');
    await app.type('\r');
    expect(app.sent()).toContainEqual({ type: 'exec', id: 'c1', line: 'ip r' });
  });

  test('Ctrl-C cancels the running command (a ping), or drops the line at the prompt', async () => {
    const app = mount(inGame({}, 80, 24));
    await app.type('ping 10.10.10.1\r');
    app.store.dispatch({ type: 'server', msgs: [{ type: 'output', id: 'c1', fd: 1, text: 'PING 10.10.10.1 (10.10.10.1) 56(84) bytes of data.\n' }] });
    await app.type('\x03');
    expect(app.sent()).toContainEqual({ type: 'cancel', id: 'c1' });
    app.store.dispatch({ type: 'server', msgs: [{ type: 'output', id: 'c1', fd: 1, text: '^C\n--- 10.10.10.1 ping statistics ---\n' }, { type: 'exit', id: 'c1', code: 1, prompt: 'root@ws1:~# ' }] });
    await app.type('half a line');
    await app.type('\x03');
    const f = app.frame();
    expect(f).toContain('--- 10.10.10.1 ping statistics ---');
    expect(f).toContain('root@ws1:~# half a line^C');
    expect(f).toMatch(/half a line\^C\nroot@ws1:~# *\n/);
  });

  test('Ctrl-L clears the screen, older lines stay above (PgUp)', async () => {
    const app = mount(ran(inGame({}, 80, 24), 'hostname', 'ws1\n'));
    expect(app.frame()).toContain('Ticket #4711');
    await app.type('\x0c');
    expect(app.frame()).not.toContain('Ticket #4711');
    expect(app.frame().split('\n')[1]).toBe('root@ws1:~#');
    app.store.dispatch({ type: 'key', press: { name: 'pageup' } });
    await tick();
    expect(app.frame()).toContain('Ticket #4711');
  });

  test('↑/↓ walk the history; Ctrl-R finds an older command', async () => {
    let s = inGame({}, 80, 24);
    for (const l of ['ip -br addr', 'ip route', 'ping -c1 10.10.10.1']) s = ran(s, l, '');
    const app = mount(s);
    await app.type('\x1b[A');
    expect(app.frame()).toMatch(/root@ws1:~# ping -c1 10\.10\.10\.1 *\n/);
    await app.type('\x1b[A');
    await app.type('\x1b[A');
    expect(app.frame()).toMatch(/root@ws1:~# ip -br addr *\n/);
    await app.type('\x1b[B');
    expect(app.frame()).toMatch(/root@ws1:~# ip route *\n/);
    await app.type('\x15');
    await app.type('\x12');
    await app.type('br');
    expect(app.frame()).toContain("(reverse-i-search)`br': ip -br addr");
    await app.type('\r');
    expect(app.sent()).toContainEqual({ type: 'exec', id: 'c4', line: 'ip -br addr' });
  });

  test('Tab completes commands, subcommands and hosts already seen; a second Tab lists candidates', async () => {
    const s = ran(inGame({}, 100, 24), 'ip neigh', '10.10.10.1 dev eth0 lladdr 52:54:00:aa:bb:cc REACHABLE\n');
    const app = mount(s);
    const line = () => app.store.getState().term.editor.text;
    await app.type('kubec');
    await app.type('\t');
    expect(line()).toBe('kubectl ');
    await app.type('\x15ip ro\t');
    expect(line()).toBe('ip route ');
    await app.type('\x15ping 10.10\t');
    expect(line()).toBe('ping 10.10.10.1 ');
    await app.type('\x15ip r\t');
    await app.type('\t');
    expect(app.frame()).toMatch(/^root@ws1:~# ip r +│.*\nroute  rule +│/m);
  });

  test('history is saved per scenario and comes back in a new game of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdrill-hist-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = historyStore(dir);
    const r = drive(inGame(), [text('ip -br addr'), key('enter')]);
    const save = r.fx.find((f) => f.type === 'save-history');
    expect(save).toEqual({ type: 'save-history', scenario: 'ws-cannot-reach-shop', entries: ['ip -br addr'] });
    if (save?.type === 'save-history') store.save(save.scenario, save.entries);
    const fresh = inGame();
    const loaded: AppEvent = { type: 'history-loaded', scenario: 'ws-cannot-reach-shop', entries: store.load('ws-cannot-reach-shop') };
    const s = drive(fresh, [loaded, key('up')]).s;
    expect(s.term.editor.text).toBe('ip -br addr');
    expect(store.load('other-scenario')).toEqual([]);
  });
});

describe('frame and terminal', () => {
  test('follows a resize: 120×30 with side panels, then 80×24 without', async () => {
    const app = mount(inGame({}, 120, 30));
    expect(app.frame()).toContain('Objectives 0/1');
    app.stdout.resize(80, 24);
    app.store.dispatch({ type: 'resize', size: { cols: 80, rows: 24 } });
    await tick(10);
    const lines = app.frame().split('\n');
    expect(lines.join('\n')).not.toContain('Objectives');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
  });

  test('the status line shows the keys of the screen, or the question being asked', async () => {
    const app = mount(inGame({}, 140, 30));
    expect(app.frame()).toContain('Tab complete · ↑ history · Ctrl-R search · Ctrl-C stop · PgUp scroll · Ctrl-T map');
    await app.type('\x07');
    expect(app.frame()).toContain('Ask for a hint? It costs points. [y/N]');
    // 80 columns: the game's own keys first.
    const narrow = mount(inGame({}, 80, 24));
    expect(narrow.frame().split('\n').at(-1)).toBe(' Ctrl-G hint · Ctrl-T map · Ctrl-S panels · PgUp scroll · Ctrl-Q leave');
  });

  test('a dropped connection is a sentence, not a stack trace; it clears once back', () => {
    let s = inGame();
    s = drive(s, [{ type: 'conn', conn: { state: 'retrying', attempt: 1, inMs: 500, reason: 'connection reset', wasOnline: true } }]).s;
    expect(s.notice).toMatchObject({ text: 'Connection to the server lost: connection reset · retrying in 1s', level: 'error' });
    s = drive(s, [{ type: 'conn', conn: { state: 'connecting', attempt: 2 } }, { type: 'conn', conn: { state: 'online' } }]).s;
    expect(s.notice?.text).toBe('Reconnected.');
    // The server sends the room and the prompt again: the shell keeps its scrollback.
    const before = s.term.sb.lines.length;
    s = drive(s, [server({ type: 'room', seq: 5, view: s.room!.view, you: 'p1' }, { type: 'prompt', prompt: 'root@ws1:~# ', scrollback: 'old' })]).s;
    expect(s.term.sb.lines.length).toBe(before);
  });

  test('NO_COLOR: colours are dropped from frames, bold and inverse stay', () => {
    const out: string[] = [];
    const term = { write: (x: string) => out.push(x), columns: 20, rows: 3, on() {}, off() {} };
    new ScreenWriter(term, false).write('\x1b[32mgreen\x1b[39m \x1b[7mcur\x1b[27m \x1b[38;5;208morange\x1b[39m\n');
    new ScreenWriter(term, true).write('\x1b[32mgreen\x1b[39m\n');
    expect(out[0]).toContain('green \x1b[7mcur\x1b[27m orange');
    expect(out[0]).not.toMatch(/\x1b\[(32|39|38;5;208)m/);
    expect(out[1]).toContain('\x1b[32mgreen\x1b[39m');
  });
});

describe('a drawing bug', () => {
  test('ends the game through onError instead of drawing a stack trace', async () => {
    const s = inGame({}, 80, 24);
    const broken = { ...s, room: { ...s.room!, view: { ...s.room!.view, objectives: null as never } } };
    const errors: Error[] = [];
    const store = createStore(broken, () => {});
    const original = console.error;
    console.error = () => {};
    try {
      const r = renderAt(<App store={store} onError={(e) => errors.push(e)} />, 80, 24);
      cleanup.push(r.unmount);
      await tick();
      expect(errors).toHaveLength(1);
      expect(plain(r.lastFrame())).not.toMatch(/at \w+ \(|\.tsx:\d+/);
    } finally {
      console.error = original;
    }
  });
});

// End to end: the bundled client in a real terminal (tmux). Solo: `npm start`'s program with a
// temporary data directory, a beginner scenario diagnosed from what the commands print, the
// fix, objectives turning green, the report. Team: a server and two `opsdrill join` clients in
// one room see each other's commands in the team feed. Skipped where tmux is missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gameLayout } from '../../../client/app/layout.js';
import { startEmbedded } from '../../../client/embedded.js';
import { hasTmux, Tmux, type Session } from './tmux.js';

const COLS = 120;
const ROWS = 32;
/** Columns of the shell pane beside the side panels. */
const PANE = gameLayout({ cols: COLS, rows: ROWS }, null).paneCols;
const PROMPT = 'root@ws1:~#';

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell pane's rows (the side panels cut off). */
const shell = (rows: string[]) => rows.map((r) => [...r].slice(0, PANE).join('').trimEnd());

/** Types a command and waits for the prompt to come back after it; returns its output rows. */
async function run(s: Session, line: string): Promise<string[]> {
  s.line(line);
  return s.waitFor(`"${line}" to finish`, (rows) => {
    const pane = shell(rows);
    const at = pane.lastIndexOf(`${PROMPT} ${line}`);
    if (at < 0) return undefined;
    const end = pane.findIndex((r, i) => i > at && r === PROMPT);
    return end > at ? pane.slice(at + 1, end) : undefined;
  });
}

describe.skipIf(!hasTmux())('the client in a real terminal (tmux)', () => {
  const tmux = new Tmux(`opsdrill-e2e-${process.pid}`);
  const dirs: string[] = [];
  let server: ChildProcess | undefined;
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'opsdrill-e2e-'));
    dirs.push(d);
    return d;
  };
  const client = (name: string, args: string, data: string) =>
    tmux.start(name, `cd ${shq(process.cwd())} && XDG_DATA_HOME=${shq(data)} node dist/opsdrill.js ${args}; echo "opsdrill exited with status $?"; sleep 30`, COLS, ROWS);

  beforeAll(() => {
    // What `npm start` runs first: the bundled entry.
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  }, 60_000);

  afterAll(() => {
    tmux.killAll();
    server?.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('solo: pick a beginner scenario, diagnose, fix, objectives turn green, the report appears', async () => {
    const s = client(`opsdrill-e2e-${process.pid}-solo`, '', tempDir());
    // The embedded server loads the catalogue first: seconds on a busy machine.
    await s.waitForText(/Connected to ws:\/\/127\.0\.0\.1:\d+/, 45_000);
    s.type('s');
    await s.waitForText('Solo challenge — pick a scenario');
    s.type('ws-cannot-reach-shop');
    await s.waitForText(/Filter: ws-cannot-reach-shop\s+1 of \d+/);
    s.press('Enter');
    await s.waitFor('the prompt', (rows) => shell(rows).includes(PROMPT));
    let screen = s.screen().join('\n');
    expect(screen).toContain('│ Objectives 0/1');
    expect(screen).toContain('│ ✘ The shop loads on ws1');

    // Diagnose from what the commands print, as a person would.
    const addr = (await run(s, 'ip -br addr')).find((r) => r.startsWith('eth0'))!;
    const routes = await run(s, 'ip route');
    expect(addr).toMatch(/^eth0\s+(UP|DOWN)\s+/);
    if (/\bDOWN\b/.test(addr)) {
      await run(s, 'ip link set eth0 up');
      await run(s, 'ip route add default via 10.10.10.1');
    } else if (addr.includes('10.10.10.50/28')) {
      await run(s, 'ip addr del 10.10.10.50/28 dev eth0');
      await run(s, 'ip addr add 10.10.10.50/24 dev eth0');
      await run(s, 'ip route add default via 10.10.10.1');
    } else {
      expect(routes.join('\n')).toMatch(/^default via (?!10\.10\.10\.1 )/m);
      await run(s, 'ip route replace default via 10.10.10.1');
    }
    screen = (await s.waitForText('│ ✔ The shop loads on ws1')).join('\n');
    expect(screen).toContain('✔ 1/1');

    const report = (await s.waitForText('After-action report: The shop is down for one desk')).join('\n');
    expect(report).toContain('Game over · score');
    expect(report).toContain('Root cause');
    expect(report).toMatch(/ip -br addr/);
    // PageDown scrolls the report; q back home; q quits and gives the terminal back.
    // (Keys in the first second of the report are taken as meant for the shell, and dropped.)
    let pressed = 0;
    await s.waitFor('the report to scroll', (rows) => {
      if (/lines [2-9]\d*-/.test(rows.join('\n'))) return true;
      if (pressed++ % 5 === 0) s.press('PageDown');
      return false;
    });
    s.type('q');
    await s.waitForText('Solo challenge');
    s.type('q');
    await s.waitForText('opsdrill exited with status 0');
  }, 90_000);

  test('team room: two clients see each other’s commands in the team feed', async () => {
    server = spawn(process.execPath, ['dist/opsdrill.js', 'server', '--port', '0', '--data', tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (ws:\/\/\S+?),/.exec(out);
        if (m) resolve(m[1]);
      });
      server!.once('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)));
    });

    const a = client(`opsdrill-e2e-${process.pid}-alice`, `join ${url} --name alice`, tempDir());
    await a.waitForText(`Connected to ${url} as alice`, 45_000);
    a.type('c');
    await a.waitForText('Create a team room');
    a.type('ws-cannot-reach-shop');
    await a.waitForText(/Filter: ws-cannot-reach-shop\s+1 of/);
    a.press('Enter');
    const code = await a.waitFor('the room code', (rows) => /--room (\S+)/.exec(rows.join('\n'))?.[1]);

    const b = client(`opsdrill-e2e-${process.pid}-bob`, `join ${url} --room ${code} --name bob`, tempDir());
    await b.waitForText(/○ bob\s+not ready/);
    await a.waitForText(/bob\s+not ready/);
    a.type('s');
    await a.waitFor('alice at the prompt', (rows) => shell(rows).includes(PROMPT));
    await b.waitFor('bob at the prompt', (rows) => shell(rows).includes(PROMPT));

    await run(a, 'hostname');
    await run(b, 'ip route');
    // The feed shows who ran what, where, with its exit status.
    await b.waitForText('✔ alice@ws1 hostname');
    await a.waitForText('✔ bob@ws1 ip route');
    // And chat: Ctrl-O, a message, Enter.
    b.press('C-o');
    await b.waitForText('Enter send');
    b.line('eth0 looks odd');
    await a.waitForText('bob: eth0 looks odd');
  }, 90_000);

  test('the embedded server: closes cleanly once listening, and at once while still starting', async () => {
    const early = startEmbedded(tempDir(), join(process.cwd(), 'dist/opsdrill.js'));
    const t = Date.now();
    await early.close();
    expect(Date.now() - t).toBeLessThan(2000);
    await expect(early.ready).rejects.toThrow();
    const server = startEmbedded(tempDir(), join(process.cwd(), 'dist/opsdrill.js'));
    expect(await server.ready).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    await server.close();
  }, 60_000);
});

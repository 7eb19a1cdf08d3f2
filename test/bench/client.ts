// Client: cold start of the bundled entry to its first frame (in a pseudo-terminal), keystroke
// to echo with 5,000 lines of scrollback, and typing while a 2,000-line `kubectl get pods -A`
// output lands. The in-process figures drive the real App through Ink and the screen writer,
// as `npm start` draws it.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Figure } from './figures.js';

/** Milliseconds from spawning `node dist/opsdrill.js` in a pty to the home screen's first bytes. */
async function coldStart(): Promise<number | undefined> {
  if (!existsSync('dist/opsdrill.js') || spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status !== 0) return undefined;
  const data = mkdtempSync(join(tmpdir(), 'opsdrill-bench-'));
  try {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', 'stty cols 100 rows 30; exec node dist/opsdrill.js', '/dev/null'], {
      env: { ...process.env, XDG_DATA_HOME: data, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const ms = await new Promise<number | undefined>((resolve) => {
      let out = '';
      const timer = setTimeout(() => resolve(undefined), 10_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Solo challenge')) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      });
    });
    // Quit as a player does, so the embedded server closes cleanly.
    child.stdin.write('q');
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) child.kill('SIGKILL');
    return ms;
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
  }
  read() {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** A terminal that counts what the screen writer sends it. */
class FakeTerminal extends EventEmitter {
  columns = 120;
  rows = 40;
  waiting?: () => void;
  write(s: string) {
    this.waiting?.();
    return s.length >= 0;
  }
  nextWrite(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(), timeoutMs);
      this.waiting = () => {
        this.waiting = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function kubectlPods(n: number): string {
  const rows = ['NAMESPACE     NAME                                      READY   STATUS    RESTARTS   AGE'];
  for (let i = 0; i < n - 1; i++) rows.push(`${['default', 'shop', 'kube-system', 'monitoring'][i % 4].padEnd(14)}${`web-${(i * 7919).toString(36).padStart(6, '0')}-x${i % 97}`.padEnd(42)}1/1     Running   0          ${(i % 50) + 1}m`);
  return rows.join('\n') + '\n';
}

async function inProcess(): Promise<Figure[]> {
  // The bundle runs React's production build (React reads this once, when first loaded).
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const [{ render }, { createElement }, { App }, { ScreenWriter }, { createStore }, state, { appendText }] = await Promise.all([
    import('ink'), import('react'), import('../../client/app/App.js'), import('../../client/app/screen-writer.js'),
    import('../../client/app/store.js'), import('../../client/app/state.js'), import('../../client/terminal/scrollback.js'),
  ]);
  if (env === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = env;
  const view = {
    code: 'BENCH1', mode: 'team' as const, state: 'running' as const,
    scenario: { id: 'bench', title: 'Benchmark', briefing: 'Benchmark.\n', difficulty: 'beginner', parMs: 600_000 },
    players: { p1: { name: 'alice', role: 'player' as const, ready: true, connected: true } },
    objectives: { '0': { title: 'Everything is fine', green: false } }, alerts: {},
    clock: { simMs: 0, paused: false }, feed: {}, chat: {}, hintsUsed: 0,
  };
  let s = state.initialState({ url: 'ws://bench', size: { cols: 120, rows: 40 } });
  [s] = state.update(s, { type: 'conn', conn: { state: 'online' } });
  [s] = state.update(s, { type: 'server', msgs: [{ type: 'welcome', v: 1, playerId: 'p1', resume: 'x', name: 'alice' }, { type: 'room', seq: 1, view, you: 'p1' }, { type: 'prompt', prompt: 'root@ws1:~# ' }] });
  let sb = s.term.sb;
  for (let i = 0; i < 5000; i++) sb = appendText(sb, `line ${i} of scrollback: some output a command printed earlier, long enough to look real\n`, 'out');
  s = { ...s, term: { ...s.term, sb } };

  const term = new FakeTerminal();
  const stdin = new FakeStdin();
  const store = createStore(s, (fx, dispatch) => {
    if (fx.type === 'send' && fx.msg.type === 'exec') {
      const id = fx.msg.id;
      // The server's answer to the next command: a 2,000-line listing, in the chunks it streams.
      const text = kubectlPods(2000);
      setImmediate(() => {
        for (let at = 0; at < text.length; at += 16 * 1024) dispatch({ type: 'server', msgs: [{ type: 'output', id, fd: 1, text: text.slice(at, at + 16 * 1024) }] });
        dispatch({ type: 'server', msgs: [{ type: 'exit', id, code: 0, prompt: 'root@ws1:~# ' }] });
      });
    }
  });
  const screen = new ScreenWriter(term);
  const app = render(createElement(App, { store }), { stdout: screen as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false });
  await new Promise((r) => setTimeout(r, 50));

  const echo = async (ch: string) => {
    const wrote = term.nextWrite();
    const t = performance.now();
    stdin.write(ch);
    await wrote;
    return performance.now() - t;
  };
  const typing: number[] = [];
  for (let i = 0; i < 300; i++) typing.push(await echo(i % 40 === 39 ? '\x15' : 'abcdefghij'[i % 10]));

  // Type a command whose 2,000-line output streams in, and keep typing: the longest any key
  // waits for its echo is how long input was blocked.
  await echo('\x15');
  for (const ch of 'kubectl get pods -A') await echo(ch);
  const during: number[] = [];
  let longest = 0;
  const t0 = performance.now();
  stdin.write('\r');
  let lines = 0;
  while (performance.now() - t0 < 2000) {
    const ms = await echo('x');
    during.push(ms);
    longest = Math.max(longest, ms);
    lines = store.getState().term.sb.lines.length;
    if (!store.getState().term.running && during.length > 20) break;
  }
  if (lines < 5000) throw new Error('the 2,000-line output did not arrive');
  app.unmount();
  screen.close();
  return [
    { name: 'client: keystroke to echo, 5,000 lines of scrollback (median)', value: median(typing), unit: 'ms', target: 16 },
    { name: 'client: keystroke to echo while 2,000 lines land (median)', value: median(during), unit: 'ms', target: 16 },
    { name: 'client: longest wait for an echo while 2,000 lines land', value: longest, unit: 'ms', target: 100 },
  ];
}

export async function clientBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const ms = await coldStart();
    if (ms !== undefined) starts.push(ms);
  }
  if (starts.length) figures.push({ name: 'client: cold start to first frame (bundled entry, median)', value: median(starts), unit: 'ms', target: 400 });
  else console.log('skip client cold start: needs dist/opsdrill.js (npm run build) and script(1)');
  return [...figures, ...(await inProcess())];
}

// Drives the real client in a real terminal: a tmux session of a set size on a socket of its
// own, keys sent with send-keys, the screen read with capture-pane and polled until it shows
// what is expected (no fixed sleeps).
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export const hasTmux = () => spawnSync('sh', ['-c', 'command -v tmux'], { stdio: 'ignore' }).status === 0;

export class Tmux {
  private readonly sessions = new Set<string>();

  constructor(private readonly socket: string) {}

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Starts `command` (run by sh) in a detached session of cols×rows. */
  start(name: string, command: string, cols: number, rows: number): Session {
    this.tmux(['new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), command]);
    this.sessions.add(name);
    return new Session(name, (args) => this.tmux(args));
  }

  /** Kills the sessions this object started, by exact name. */
  killAll(): void {
    for (const name of this.sessions) {
      try {
        this.tmux(['kill-session', '-t', `=${name}`]);
      } catch {
        // Already gone (the program exited and the session closed).
      }
    }
    this.sessions.clear();
    // The server left with its last session; its socket file stays behind.
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
  }
}

export class Session {
  constructor(
    readonly name: string,
    private readonly tmux: (args: string[]) => string,
  ) {}

  /** The visible screen, one string per row. */
  screen(): string[] {
    return this.tmux(['capture-pane', '-p', '-t', `=${this.name}:`]).split('\n');
  }

  /** Types literal text (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', `=${this.name}:`, '-l', text]);
  }

  /** Presses keys by tmux name: Enter, Escape, C-c, PageUp... */
  press(...keys: string[]): void {
    this.tmux(['send-keys', '-t', `=${this.name}:`, ...keys]);
  }

  /** A line typed and Enter pressed, as two sends (as a person types). */
  line(text: string): void {
    this.type(text);
    this.press('Enter');
  }

  alive(): boolean {
    try {
      this.tmux(['has-session', '-t', `=${this.name}`]);
      return true;
    } catch {
      return false;
    }
  }

  /** Polls the screen until `test` passes; fails with the last screen after `timeoutMs`. */
  async waitFor<T>(what: string, test: (rows: string[]) => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    let rows: string[] = [];
    for (;;) {
      rows = this.screen();
      const r = test(rows);
      if (r) return r;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what} in tmux session ${this.name}; the screen was:\n${rows.join('\n')}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** Waits until the screen contains `text` (or matches the pattern). */
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<string[]> {
    const has = (rows: string[]) => (typeof text === 'string' ? rows.join('\n').includes(text) : text.test(rows.join('\n')));
    return this.waitFor(String(text), (rows) => (has(rows) ? rows : undefined), timeoutMs);
  }
}

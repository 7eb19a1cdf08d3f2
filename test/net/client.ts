// A protocol client for tests: real WebSocket, every frame received kept in order, and
// waiting for the next frame of a type.
import { WebSocket } from 'ws';
import { applyPatches, enablePatches, type Patch } from 'immer';
import type { RoomView, ServerMessage } from '../../shared/protocol.js';

enablePatches();

type Msg = ServerMessage;

export class TestClient {
  readonly frames: string[] = [];
  readonly received: Msg[] = [];
  private cursor = 0;
  private waiters: (() => void)[] = [];
  view: RoomView | undefined;
  seq = 0;
  closed = false;
  closeCode: number | undefined;
  playerId = '';
  resume = '';
  gmToken: string | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      const msg = JSON.parse(text) as Msg;
      this.received.push(msg);
      if (msg.type === 'room') {
        this.view = msg.view;
        this.seq = msg.seq;
        if (msg.gmToken) this.gmToken = msg.gmToken;
      } else if (msg.type === 'patch' && this.view) {
        if (msg.seq !== this.seq + 1) throw new Error(`patch ${msg.seq} after ${this.seq}`);
        this.view = applyPatches(this.view, msg.patches as Patch[]);
        this.seq = msg.seq;
      } else if (msg.type === 'welcome') {
        this.playerId = msg.playerId;
        this.resume = msg.resume;
      }
      this.wake();
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.wake();
    });
    ws.on('error', () => {});
  }

  static async connect(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestClient(ws);
  }

  /** Connects and says hello. */
  static async hello(url: string, name: string, resume?: string): Promise<TestClient> {
    const c = await TestClient.connect(url);
    c.send({ type: 'hello', v: 1, name, ...(resume ? { resume } : {}) });
    await c.next('welcome');
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The next unread frame of `type` (matching `pred`); frames before it are skipped. `check` may throw to stop waiting. */
  async next<T extends Msg['type']>(type: T, pred: (m: Extract<Msg, { type: T }>) => boolean = () => true, timeoutMs = 20_000, check?: () => void): Promise<Extract<Msg, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const m = this.received[this.cursor++];
        if (m.type === type && pred(m as Extract<Msg, { type: T }>)) return m as Extract<Msg, { type: T }>;
      }
      check?.();
      if (this.closed) throw new Error(`connection closed (${this.closeCode}) while waiting for ${type}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${type}; last frames: ${this.frames.slice(-5).join('\n')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until the view satisfies `pred`. */
  async until(pred: (v: RoomView) => boolean, timeoutMs = 20_000): Promise<RoomView> {
    const deadline = Date.now() + timeoutMs;
    while (!this.view || !pred(this.view)) {
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error(`timed out waiting for the view; now ${JSON.stringify(this.view)?.slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.view;
  }

  /** Runs a command: its output (stdout and stderr in order) and exit code. */
  async exec(line: string, id = `c${Math.random().toString(36).slice(2)}`): Promise<{ out: string; code: number; prompt: string }> {
    const start = this.received.length;
    this.send({ type: 'exec', id, line });
    const refused = () => this.received.slice(start).find((m) => m.type === 'error' && m.ref === id);
    const exit = await this.next('exit', (m) => m.id === id, 20_000, () => {
      const err = refused();
      if (err) throw new Error(`exec ${line}: ${JSON.stringify(err)}`);
    });
    const out = this.received.slice(start).filter((m): m is Extract<Msg, { type: 'output' }> => m.type === 'output' && m.id === id).map((m) => m.text).join('');
    return { out, code: exit.code, prompt: exit.prompt };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const done = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    await done;
  }
}

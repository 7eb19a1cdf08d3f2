// The client's WebSocket to the game server: says hello (with the resume token after a
// drop), reconnects with exponential back-off, and reports its state in words a player
// understands — never a stack trace.
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../../shared/protocol.js';

export type ConnState =
  | { state: 'connecting'; attempt: number }
  | { state: 'online' }
  | { state: 'retrying'; attempt: number; inMs: number; reason: string; wasOnline: boolean }
  | { state: 'closed' };

export interface ConnectionOptions {
  url: string;
  name: string;
  onMessage: (msgs: ServerMessage[]) => void;
  onState: (s: ConnState) => void;
  /** First back-off delay; doubles up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Why a connection failed, as a sentence fragment: "connection refused", "host not found". */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  const code = e?.code ?? e?.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to host';
    default:
      return e?.message ? e.message.replace(/^Error: /, '') : 'connection failed';
  }
}

export class Connection {
  private ws?: WebSocket;
  private attempt = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private resume?: string;
  private wasOnline = false;
  private batch: ServerMessage[] = [];
  private flushing = false;

  constructor(private readonly opts: ConnectionOptions) {}

  get online(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.closed = false;
    this.open();
  }

  /** Sends a frame; false when offline (the caller says so to the player). */
  send(msg: ClientMessage): boolean {
    if (!this.online) return false;
    this.ws!.send(JSON.stringify(msg));
    return true;
  }

  /** Drops the socket and reconnects at once (resuming), e.g. after missing patches. */
  resync(): void {
    this.ws?.terminate();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.ws?.removeAllListeners();
    this.ws?.on('error', () => {});
    this.ws?.terminate();
    this.opts.onState({ state: 'closed' });
  }

  private open(): void {
    this.attempt++;
    this.opts.onState({ state: 'connecting', attempt: this.attempt });
    const ws = new WebSocket(this.opts.url, { handshakeTimeout: 5000, maxPayload: 16 * 1024 * 1024 });
    this.ws = ws;
    let failure = 'connection closed';
    ws.on('open', () => {
      const hello: ClientMessage = { type: 'hello', v: PROTOCOL_VERSION, name: this.opts.name, ...(this.resume ? { resume: this.resume } : {}) };
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(data.toString()) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'error' && msg.code === 'bad-resume' && this.resume) {
        // The server no longer knows us: start afresh (the app sees a new player id).
        this.resume = undefined;
        ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, name: this.opts.name } satisfies ClientMessage));
        return;
      }
      if (msg.type === 'welcome') {
        this.resume = msg.resume;
        this.attempt = 0;
        this.wasOnline = true;
        this.opts.onState({ state: 'online' });
      }
      this.queue(msg);
    });
    ws.on('error', (err) => {
      failure = describeError(err);
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.flush();
      if (this.closed) return;
      const why = reason.toString() || (code === 1006 ? failure : `closed by the server (${code})`);
      this.retry(why);
    });
  }

  /** Messages arriving together are handed over together, so a burst costs one update. */
  private queue(msg: ServerMessage): void {
    this.batch.push(msg);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    if (!this.batch.length) return;
    const msgs = this.batch;
    this.batch = [];
    this.opts.onMessage(msgs);
  }

  private retry(reason: string): void {
    const base = this.opts.baseDelayMs ?? 500;
    const inMs = Math.min(this.opts.maxDelayMs ?? 8000, base * 2 ** Math.max(0, this.attempt - 1));
    this.opts.onState({ state: 'retrying', attempt: this.attempt, inMs, reason, wasOnline: this.wasOnline });
    this.timer = setTimeout(() => this.open(), inMs);
  }
}

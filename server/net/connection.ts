// One client connection: sends with backpressure (a client that does not read is dropped
// rather than buffered without bound), per-connection rate limits, heartbeat state.
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/protocol.js';
import { Bucket, type RateLimit } from './rate-limit.js';

export interface ConnectionLimits {
  /** Any frame. */
  frames: RateLimit;
  exec: RateLimit;
  chat: RateLimit;
  /** Bytes queued for a client before it is dropped as too slow. */
  maxBuffered: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  frames: { perSecond: 50, burst: 100 },
  exec: { perSecond: 5, burst: 10 },
  chat: { perSecond: 2, burst: 5 },
  maxBuffered: 1 << 20,
};

let nextId = 1;

export class Connection {
  readonly id = nextId++;
  playerId: string | undefined;
  alive = true;
  closed = false;
  private corked = false;
  readonly buckets: { frames: Bucket; exec: Bucket; chat: Bucket };

  constructor(private readonly ws: WebSocket, private readonly limits: ConnectionLimits, private readonly log: (m: string) => void) {
    const now = Date.now();
    this.buckets = { frames: new Bucket(limits.frames, now), exec: new Bucket(limits.exec, now), chat: new Bucket(limits.chat, now) };
  }

  send(msg: ServerMessage): void {
    this.sendText(JSON.stringify(msg));
  }

  /** A message already serialised (one broadcast to several connections). */
  sendText(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBuffered) {
      this.log(`connection ${this.id}: dropped, ${this.ws.bufferedAmount} bytes unread`);
      this.terminate();
      return;
    }
    // Frames sent in one turn of the event loop (a command's patches to a room) leave in one write.
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (socket && !this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    this.ws.send(text);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  ping(): void {
    if (!this.alive) {
      this.terminate();
      return;
    }
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      this.terminate();
    }
  }
}

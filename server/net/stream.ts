// Releases a command's output as the simulated command produced it: each chunk's simulated
// offset is scaled to wall time (1:1 by default, so `ping -c 5` takes about 4 s), and a long
// command's whole stream is squeezed into `capMs`.
import type { Chunk } from '../shell/types.js';

export interface StreamOptions {
  /** Wall ms per simulated ms. */
  scale: number;
  /** Longest wall time one command's output is spread over. */
  capMs: number;
  /** Most characters of output a command may send; the rest is cut with a note. */
  maxChars: number;
}

/** Frames stay well under the client's limits. */
const FRAME_CHARS = 16 * 1024;

export function limitOutput(chunks: Chunk[], maxChars: number): Chunk[] {
  let left = maxChars;
  const out: Chunk[] = [];
  for (const c of chunks) {
    if (c.text.length <= left) {
      out.push(c);
      left -= c.text.length;
      continue;
    }
    if (left > 0) out.push({ ...c, text: c.text.slice(0, left) });
    out.push({ fd: 2, text: `\nopsdrill: output cut at ${Math.round(maxChars / 1024)} KiB\n`, at: c.at });
    break;
  }
  return out;
}

export class OutputStream {
  private chunks: Chunk[];
  private elapsedMs: number;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private factor: number;
  /** Simulated offset of the last chunk sent (-1: none yet). */
  lastSentAt = -1;
  done = false;

  constructor(
    chunks: Chunk[],
    elapsedMs: number,
    private readonly opts: StreamOptions,
    private readonly start: number,
    private readonly now: () => number,
    private readonly emit: (fd: 1 | 2, text: string) => void,
    private readonly finish: () => void,
  ) {
    this.chunks = limitOutput(chunks, opts.maxChars);
    this.elapsedMs = elapsedMs;
    this.factor = this.factorFor(elapsedMs);
  }

  private factorFor(elapsedMs: number): number {
    return elapsedMs * this.opts.scale > this.opts.capMs ? this.opts.capMs / elapsedMs : this.opts.scale;
  }

  /** How far into the command (simulated ms) the player is now. */
  simOffset(): number {
    return this.factor > 0 ? (this.now() - this.start) / this.factor : Infinity;
  }

  get durationMs(): number {
    return this.elapsedMs;
  }

  pump(): void {
    if (this.done) return;
    clearTimeout(this.timer);
    const offset = this.simOffset();
    while (this.next < this.chunks.length && this.chunks[this.next].at <= offset) this.send(this.chunks[this.next++]);
    const due = this.next < this.chunks.length ? this.chunks[this.next].at : this.elapsedMs;
    if (this.next >= this.chunks.length && offset >= this.elapsedMs) {
      this.done = true;
      this.finish();
      return;
    }
    const wait = Math.max(1, Math.ceil(this.start + due * this.factor - this.now()));
    this.timer = setTimeout(() => this.pump(), wait);
  }

  /** Sends everything now (the game is over, or the room closes). */
  flush(): void {
    if (this.done) return;
    clearTimeout(this.timer);
    while (this.next < this.chunks.length) this.send(this.chunks[this.next++]);
    this.done = true;
    this.finish();
  }

  /** Ctrl-C: the command was run again interrupted at `at`; what it printed from there on replaces the rest. */
  interrupt(at: number, chunks: Chunk[], elapsedMs: number): void {
    if (this.done) return;
    clearTimeout(this.timer);
    const sent = this.chunks.slice(0, this.next);
    const sentChars = sent.reduce((n, c) => n + c.text.length, 0);
    const rest = chunks.filter((c) => c.at >= at);
    this.chunks = [...sent, ...limitOutput(rest, Math.max(0, this.opts.maxChars - sentChars))];
    this.elapsedMs = elapsedMs;
    this.flush();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.done = true;
  }

  private send(c: Chunk): void {
    this.lastSentAt = c.at;
    for (let i = 0; i < c.text.length; i += FRAME_CHARS) this.emit(c.fd, c.text.slice(i, i + FRAME_CHARS));
  }
}

// Periodic work over many items (room ticks, heartbeats), spread over its period: doing it
// for hundreds of rooms or connections at once would hold every command waiting behind it.

/** Each call hands out the next 1/`shares` of `items`, in turn; `shares` calls cover them all. */
export class Rotation {
  private cursor = 0;

  next<T>(items: T[], shares: number): T[] {
    if (!items.length) return [];
    const n = Math.ceil(items.length / shares);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(items[(this.cursor + i) % items.length]);
    this.cursor = (this.cursor + n) % items.length;
    return out;
  }
}

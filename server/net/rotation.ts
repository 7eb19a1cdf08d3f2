// Periodic work over many items (room ticks, heartbeats), spread over its period: doing it
// for hundreds of rooms or connections at once would hold every command waiting behind it.

/**
 * Each call hands out the next 1/`shares` of `items`, in turn; `shares` calls cover each item
 * once. With more shares than items, most calls hand out nothing.
 */
export class Rotation {
  private share = 0;

  next<T>(items: T[], shares: number): T[] {
    const s = this.share % shares;
    this.share = (s + 1) % shares;
    return items.slice(Math.floor((s * items.length) / shares), Math.floor(((s + 1) * items.length) / shares));
  }
}

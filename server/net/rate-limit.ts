// Token buckets: `burst` actions at once, refilled at `perSecond`.
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class Bucket {
  private tokens: number;
  private last: number;

  constructor(private readonly limit: RateLimit, now: number) {
    this.tokens = limit.burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

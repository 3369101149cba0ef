/** Options of TokenBuckets. */
export interface RateLimitOptions {
  /** Messages a second each source may send in the long run. */
  readonly perSecond: number;
  /** Messages a source may send at once after being quiet (the bucket's size); perSecond by default. */
  readonly burst?: number;
  /** Sources remembered at most; the least recently seen is forgotten first (it starts full again). */
  readonly maxSources?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One token bucket per source (a peer IP): each message takes a token; tokens come back at
 * `perSecond` up to `burst`. A message with no token left is refused, and the caller drops and
 * counts it. The number of sources is bounded, so spoofed UDP sources cannot grow the table.
 *
 * @example
 * const limits = new TokenBuckets({ perSecond: 5000 });
 * if (!limits.take(peer, Date.now())) metrics.rateLimited++;
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxSources: number;

  constructor(options: RateLimitOptions) {
    this.perMs = Math.max(0, options.perSecond) / 1000;
    this.burst = Math.max(1, options.burst ?? options.perSecond);
    this.maxSources = Math.max(1, options.maxSources ?? 10_000);
  }

  /** Sources remembered now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes `count` tokens of a source's bucket at `now` (ms); false when it has not enough. */
  take(source: string, now: number, count = 1): boolean {
    let bucket = this.buckets.get(source);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxSources) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { tokens: this.burst, at: now };
    } else {
      // Re-inserted, so the map's order is least recently seen first.
      this.buckets.delete(source);
      const elapsed = Math.max(0, now - bucket.at);
      bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perMs);
      bucket.at = now;
    }
    this.buckets.set(source, bucket);
    if (bucket.tokens < count) return false;
    bucket.tokens -= count;
    return true;
  }
}

import type { Clock } from '../time/clock';

/** What one request got from its client's bucket, with what the RateLimit-* headers say. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests a minute (the bucket's capacity). */
  readonly limit: number;
  /** Requests that could be made right now. */
  readonly remaining: number;
  /** Seconds until the bucket is full again (the whole limit available). */
  readonly resetSeconds: number;
  /** When refused: seconds until one request is allowed again (at least 1); else 0. */
  readonly retryAfterSeconds: number;
}

/**
 * Credit is counted in integer units so refills never drift by floating-point rounding: one
 * request costs a minute's worth of milliseconds, and every elapsed millisecond adds `limit`
 * units. A bucket of `limit` requests a minute is therefore full at `limit × MS_PER_MINUTE`.
 */
const MS_PER_MINUTE = 60_000;
const REQUEST_COST = MS_PER_MINUTE;

/**
 * Buckets kept at most; beyond it the least recently used is dropped. Dropping only ever gives a
 * client a fresh (full) bucket, so the bound trades a little leniency under a flood of distinct
 * clients for memory that cannot grow without limit (about 100 bytes a bucket).
 */
export const DEFAULT_MAX_BUCKETS = 100_000;

interface Bucket {
  credit: number;
  updatedAtMs: number;
}

/**
 * Per-client token buckets in this process's memory, timed by the injected clock. A client may
 * burst up to its whole limit, then gets one request per `60 / limit` seconds as credit refills;
 * unlike fixed windows there is no boundary at which twice the limit gets through.
 */
export class RateLimitBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly maxBuckets: number = DEFAULT_MAX_BUCKETS,
  ) {}

  /** Takes one request from `client`'s bucket of `limit` requests a minute (limit ≥ 1). */
  take(client: string, limit: number): RateLimitDecision {
    const now = this.clock.now().getTime();
    const capacity = limit * MS_PER_MINUTE;
    const bucket = this.buckets.get(client);
    let credit = capacity;
    let updatedAtMs = now;
    if (bucket) {
      // A clock stepping backwards must not refill the same interval twice.
      const elapsed = Math.max(0, now - bucket.updatedAtMs);
      credit = Math.min(capacity, bucket.credit + elapsed * limit);
      updatedAtMs = Math.max(now, bucket.updatedAtMs);
      this.buckets.delete(client); // re-inserted below: Map order is least recently used first
    }
    const allowed = credit >= REQUEST_COST;
    if (allowed) credit -= REQUEST_COST;
    this.buckets.set(client, { credit, updatedAtMs });
    this.evictBeyondBound();

    const msPerSecondOfRefill = limit * 1000;
    return {
      allowed,
      limit,
      remaining: Math.floor(credit / REQUEST_COST),
      resetSeconds: Math.ceil((capacity - credit) / msPerSecondOfRefill),
      retryAfterSeconds: allowed
        ? 0
        : Math.max(1, Math.ceil((REQUEST_COST - credit) / msPerSecondOfRefill)),
    };
  }

  /** How many clients have a bucket (for tests of the bound). */
  get size(): number {
    return this.buckets.size;
  }

  private evictBeyondBound(): void {
    for (const client of this.buckets.keys()) {
      if (this.buckets.size <= this.maxBuckets) return;
      this.buckets.delete(client);
    }
  }
}

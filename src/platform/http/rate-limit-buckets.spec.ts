import { FixedClock } from '../time/clock';
import { RateLimitBuckets } from './rate-limit-buckets';

describe('RateLimitBuckets', () => {
  let clock: FixedClock;
  let buckets: RateLimitBuckets;

  beforeEach(() => {
    clock = new FixedClock();
    buckets = new RateLimitBuckets(clock);
  });

  function drain(client: string, limit: number): void {
    for (let i = 0; i < limit; i++) expect(buckets.take(client, limit).allowed).toBe(true);
  }

  it('allows a burst of the whole limit, then refuses with the wait for one request', () => {
    drain('a', 6000);
    const refused = buckets.take('a', 6000);
    expect(refused).toEqual({
      allowed: false,
      limit: 6000,
      remaining: 0,
      resetSeconds: 60,
      retryAfterSeconds: 1,
    });
  });

  it('refills continuously at limit/60 a second, exactly (no rounding drift)', () => {
    drain('a', 7);
    // 7 a minute: one request every 60/7 s = 8571.43 ms.
    clock.advance(8571);
    expect(buckets.take('a', 7).allowed).toBe(false);
    clock.advance(1);
    const allowed = buckets.take('a', 7);
    expect(allowed).toMatchObject({ allowed: true, remaining: 0 });
    // The 4/7 ms of credit left over shortens the next wait to 8571 ms instead of 8572.
    clock.advance(8570);
    expect(buckets.take('a', 7).allowed).toBe(false);
    clock.advance(1);
    expect(buckets.take('a', 7).allowed).toBe(true);
  });

  it('never holds more than the limit, however long the client rests', () => {
    buckets.take('a', 10);
    clock.advance(24 * 3600_000);
    expect(buckets.take('a', 10)).toMatchObject({ remaining: 9, resetSeconds: 6 });
  });

  it('does not refill twice when the clock steps backwards', () => {
    drain('a', 2);
    clock.advance(-60_000);
    expect(buckets.take('a', 2).allowed).toBe(false);
    clock.advance(60_000);
    expect(buckets.take('a', 2).allowed).toBe(false);
    clock.advance(30_000);
    expect(buckets.take('a', 2).allowed).toBe(true);
  });

  it('reports Retry-After in whole seconds, rounded up', () => {
    drain('a', 1);
    clock.advance(59_001);
    expect(buckets.take('a', 1)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(-30_000);
    expect(buckets.take('a', 1)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keeps at most maxBuckets, dropping the least recently used (which starts afresh)', () => {
    const small = new RateLimitBuckets(clock, 2);
    small.take('a', 1);
    small.take('b', 1);
    expect(small.take('a', 1).allowed).toBe(false); // a is now the most recent
    small.take('c', 1); // evicts b
    expect(small.size).toBe(2);
    expect(small.take('a', 1).allowed).toBe(false);
    expect(small.take('b', 1).allowed).toBe(true); // forgotten, so full again (and evicts c)
    expect(small.take('a', 1).allowed).toBe(false);
  });
});

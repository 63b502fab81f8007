import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  it('forgets an entry once its time is up', () => {
    const cache = new ExpiringCache<string>(30_000, 10);
    cache.set('a', 'A', 1_000);
    expect(cache.get('a', 30_999)).toBe('A');
    expect(cache.get('a', 31_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const cache = new ExpiringCache<number>(30_000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBe(2);
    expect(cache.get('c', 0)).toBe(3);
  });

  it('deletes on demand', () => {
    const cache = new ExpiringCache<number>(30_000, 2);
    cache.set('a', 1, 0);
    cache.delete('a');
    expect(cache.get('a', 0)).toBeUndefined();
  });
});

import fc from 'fast-check';
import { mean, percentile, ratio, summarise } from './statistics';

describe('summarise', () => {
  it('gives nulls, not zeros, for no values', () => {
    expect(summarise([])).toEqual({
      count: 0,
      median: null,
      p90: null,
      mean: null,
      min: null,
      max: null,
    });
  });

  it('interpolates the median of an even count and p90 between ranks (type 7)', () => {
    // h(0.5) = 3 * 0.5 = 1.5 -> 2 + 0.5 * (3 - 2); h(0.9) = 2.7 -> 3 + 0.7 * (4 - 3)
    expect(summarise([4, 1, 3, 2])).toEqual({
      count: 4,
      median: 2.5,
      p90: 3.7,
      mean: 2.5,
      min: 1,
      max: 4,
    });
  });

  it('reports the median, not the mean, as the typical value of skewed data', () => {
    // One 100-minute outlier among four quick answers: mean 21, median 1.
    const summary = summarise([1, 1, 100, 1, 2]);
    expect(summary.median).toBe(1);
    expect(summary.mean).toBe(21);
    // h = 4 * 0.9 = 3.6 -> 2 + 0.6 * (100 - 2) = 60.8
    expect(summary.p90).toBeCloseTo(60.8, 10);
  });

  it('takes the median of the raw values, never an average of daily medians', () => {
    const monday = [1, 2, 3];
    const tuesday = [10, 20];
    // Averaging the daily medians would say (2 + 15) / 2 = 8.5; the period median is 3.
    expect(summarise([...monday, ...tuesday]).median).toBe(3);
  });

  it('computes p90 on small samples by interpolation, not by the maximum', () => {
    expect(percentile([10, 20], 0.9)).toBe(19); // h = 0.9
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10); // h = 8.1
    expect(percentile([], 0.9)).toBeNull();
  });

  it('rejects non-finite values and percentiles outside [0, 1]', () => {
    expect(() => summarise([1, Number.NaN])).toThrow(RangeError);
    expect(() => summarise([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('mean', () => {
  it('is exact for integers whose sum passes Number.MAX_SAFE_INTEGER', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9007199254740991
    // (2 * 9007199254740991 + 1) / 3 = 18014398509481983 / 3 = 6004799503160661 exactly
    expect(mean([max, max, 1])).toBe(6004799503160661);
  });

  it('keeps fractional parts of integer means', () => {
    expect(mean([1, 2])).toBe(1.5);
    expect(mean([1, 1, 2])).toBeCloseTo(4 / 3, 15);
  });

  it('handles non-integers with compensated summation', () => {
    expect(mean([0.1, 0.2, 0.3])).toBeCloseTo(0.2, 15);
    expect(mean([1e16, 1, -1e16])).toBeCloseTo(1 / 3, 10);
  });
});

describe('ratio', () => {
  it('is null over an empty denominator', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe('statistics properties', () => {
  const values = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1 });
  const durations = fc.array(fc.integer({ min: 0, max: 366 * 24 * 3_600_000 }), { minLength: 1 });

  it('median lies between min and max', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = summarise(xs);
        return (
          s.median !== null &&
          s.min !== null &&
          s.max !== null &&
          s.min <= s.median &&
          s.median <= s.max
        );
      }),
    );
  });

  it('p90 is never below the median', () => {
    fc.assert(
      fc.property(fc.oneof(values, durations), (xs) => {
        const s = summarise(xs);
        return s.p90 !== null && s.median !== null && s.p90 >= s.median;
      }),
    );
  });

  it('integer mean lies between min and max and does not depend on order', () => {
    fc.assert(
      fc.property(durations, (xs) => {
        const m = mean(xs);
        const reversed = mean([...xs].reverse());
        return m !== null && m === reversed && m >= Math.min(...xs) && m <= Math.max(...xs);
      }),
    );
  });
});

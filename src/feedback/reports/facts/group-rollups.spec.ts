import fc from 'fast-check';
import {
  encodeHistogram,
  forEachBucket,
  spansCovering,
  spansCoveringDays,
  spansOf,
} from './group-rollups';

const decode = (hist: Buffer): [number, number][] => {
  const pairs: [number, number][] = [];
  forEachBucket(hist, (bucket, count) => pairs.push([bucket, count]));
  return pairs;
};

describe('group rollups', () => {
  it('decodes every packed histogram into the buckets and counts it was given', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 400 })),
        fc.array(fc.integer({ min: 1, max: 2 ** 34 })),
        (buckets, counts) => {
          const pairs = [...buckets]
            .sort((a, b) => a - b)
            .map((bucket, i): [number, number] => [
              bucket,
              counts[i % Math.max(1, counts.length)] ?? 1,
            ]);
          expect(decode(encodeHistogram(pairs))).toEqual(pairs);
        },
      ),
    );
  });

  it('packs a typical agent-month bucket in two bytes', () => {
    expect(encodeHistogram([[120, 3]]).length).toBe(2);
    expect(
      encodeHistogram([
        [0, 1],
        [1, 1],
        [130, 200],
      ]),
    ).toEqual(Buffer.from([0, 1, 1, 1, 129, 1, 200, 1]));
  });

  it('refuses buckets out of order and empty buckets', () => {
    expect(() =>
      encodeHistogram([
        [5, 1],
        [4, 1],
      ]),
    ).toThrow();
    expect(() => encodeHistogram([[5, 0]])).toThrow();
  });

  it('counts an instant in its UTC month, quarter and year', () => {
    expect(spansOf('2025-08-31T23:59:59.999Z')).toEqual([
      [0, '2025-08-01'],
      [1, '2025-07-01'],
      [2, '2025-01-01'],
    ]);
    expect(spansOf(new Date('2026-01-01T00:00:00.000Z'))).toEqual([
      [0, '2026-01-01'],
      [1, '2026-01-01'],
      [2, '2026-01-01'],
    ]);
  });

  it('covers whole months with the fewest month, quarter and year spans', () => {
    const spans = (from: string, to: string) =>
      spansCovering(Date.parse(from), Date.parse(to)).map((s) => `${s.span}:${s.start}`);
    expect(spans('2025-01-01', '2026-01-01')).toEqual(['2:2025-01-01']);
    expect(spans('2025-02-01', '2026-02-01')).toEqual([
      '0:2025-02-01',
      '0:2025-03-01',
      '1:2025-04-01',
      '1:2025-07-01',
      '1:2025-10-01',
      '0:2026-01-01',
    ]);
    expect(spans('2024-12-01', '2026-03-01')).toEqual([
      '0:2024-12-01',
      '2:2025-01-01',
      '0:2026-01-01',
      '0:2026-02-01',
    ]);
    expect(spans('2025-05-01', '2025-05-01')).toEqual([]);
  });

  it('covers any run of whole months exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 40 }), (a, length) => {
        const from = Date.UTC(2024, a, 1);
        const to = Date.UTC(2024, a + length, 1);
        const months = spansCovering(from, to).flatMap(({ span, start }) => {
          const first = new Date(`${start}T00:00:00Z`);
          const size = span === 0 ? 1 : span === 1 ? 3 : 12;
          return Array.from({ length: size }, (_, i) =>
            Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1),
          );
        });
        expect(months).toEqual(Array.from({ length }, (_, i) => Date.UTC(2024, a + i, 1)));
      }),
    );
  });

  it('covers any run of whole days exactly once, each span holding the days spansOf puts in it', () => {
    const DAY = 86_400_000;
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 420 }), (a, n) => {
        const from = Date.UTC(2024, 0, 1) + a * DAY;
        const spans = spansCoveringDays(iso(from), iso(from + n * DAY));
        // Every day of the run, in order: the days whose spansOf (with days) names each span.
        const covered = spans.flatMap(({ span, start }) => {
          const days: string[] = [];
          for (let day = Date.parse(`${start}T00:00:00Z`); ; day += DAY) {
            const named = spansOf(new Date(day + 12 * 3_600_000), true).some(
              ([s, first]) => s === span && first === start,
            );
            if (!named) return days;
            days.push(iso(day));
          }
        });
        expect(covered).toEqual(Array.from({ length: n }, (_, i) => iso(from + i * DAY)));
        // At most three blocks and seven single days at each end of the whole months.
        expect(spans.filter((s) => s.span === 3).length).toBeLessThanOrEqual(14);
      }),
    );
  });
});

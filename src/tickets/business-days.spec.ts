import fc from 'fast-check';
import { addBusinessDays, isWeekend } from './business-days';

const DAY_MS = 24 * 60 * 60 * 1000;

function timeOfDay(at: Date): number {
  return at.getTime() - Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}

/** How much of [from, to) falls on Monday–Friday (UTC). */
function weekdayTimeBetween(from: Date, to: Date): number {
  let total = 0;
  let cursor = from.getTime();
  while (cursor < to.getTime()) {
    const at = new Date(cursor);
    const nextMidnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()) + DAY_MS;
    const end = Math.min(nextMidnight, to.getTime());
    if (!isWeekend(at)) total += end - cursor;
    cursor = end;
  }
  return total;
}

/** Instants from 1990 to 2100, at millisecond resolution. */
const instant = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms));
const businessDays = fc.integer({ min: 1, max: 400 });

describe('addBusinessDays (Monday–Friday, UTC, no holidays)', () => {
  it.each([
    // 2026-01-05 is a Monday.
    ['Monday + 4 → Friday, same time', '2026-01-05T09:00:00.000Z', 4, '2026-01-09T09:00:00.000Z'],
    ['Thursday + 1 → Friday', '2026-01-08T17:30:00.000Z', 1, '2026-01-09T17:30:00.000Z'],
    ['Friday + 1 → Monday, same time', '2026-01-09T15:00:00.000Z', 1, '2026-01-12T15:00:00.000Z'],
    ['Friday + 4 → Thursday', '2026-01-09T15:00:00.000Z', 4, '2026-01-15T15:00:00.000Z'],
    ['Wednesday + 5 → next Wednesday', '2026-01-07T08:00:00.000Z', 5, '2026-01-14T08:00:00.000Z'],
    [
      'Tuesday + 12 → Thursday two weeks on',
      '2026-01-06T10:00:00.000Z',
      12,
      '2026-01-22T10:00:00.000Z',
    ],
    ['Saturday + 1 → Tuesday 00:00', '2026-01-10T10:00:00.000Z', 1, '2026-01-13T00:00:00.000Z'],
    ['Sunday 23:59 + 4 → Friday 00:00', '2026-01-11T23:59:00.000Z', 4, '2026-01-16T00:00:00.000Z'],
    ['Saturday + 5 → next Monday 00:00', '2026-01-10T10:00:00.000Z', 5, '2026-01-19T00:00:00.000Z'],
    ['across a month and year end', '2025-12-31T12:00:00.000Z', 3, '2026-01-05T12:00:00.000Z'],
    [
      'a leap day is an ordinary weekday',
      '2028-02-28T06:00:00.000Z',
      1,
      '2028-02-29T06:00:00.000Z',
    ],
  ])('%s', (_, start, days, expected) => {
    expect(addBusinessDays(new Date(start), days).toISOString()).toBe(expected);
  });

  it('adds nothing for 0 days, even at a weekend', () => {
    expect(addBusinessDays(new Date('2026-01-10T10:00:00.000Z'), 0).toISOString()).toBe(
      '2026-01-10T10:00:00.000Z',
    );
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p days', (days) => {
    expect(() => addBusinessDays(new Date('2026-01-05T09:00:00.000Z'), days)).toThrow(RangeError);
  });

  it('refuses an invalid start', () => {
    expect(() => addBusinessDays(new Date('not a date'), 1)).toThrow(RangeError);
  });

  it('does not modify the start', () => {
    const start = new Date('2026-01-09T15:00:00.000Z');
    addBusinessDays(start, 3);
    expect(start.toISOString()).toBe('2026-01-09T15:00:00.000Z');
  });

  describe('properties', () => {
    it('lands on a weekday', () => {
      fc.assert(
        fc.property(instant, businessDays, (start, days) => {
          expect(isWeekend(addBusinessDays(start, days))).toBe(false);
        }),
      );
    });

    it('keeps the time of day of a weekday start; a weekend start counts from midnight', () => {
      fc.assert(
        fc.property(instant, businessDays, (start, days) => {
          const result = addBusinessDays(start, days);
          expect(timeOfDay(result)).toBe(isWeekend(start) ? 0 : timeOfDay(start));
        }),
      );
    });

    it('is strictly increasing in the number of days', () => {
      fc.assert(
        fc.property(instant, businessDays, (start, days) => {
          expect(addBusinessDays(start, days + 1).getTime()).toBeGreaterThan(
            addBusinessDays(start, days).getTime(),
          );
        }),
      );
    });

    it('never moves a later start to an earlier deadline', () => {
      fc.assert(
        fc.property(instant, instant, businessDays, (a, b, days) => {
          const [earlier, later] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
          expect(addBusinessDays(later, days).getTime()).toBeGreaterThanOrEqual(
            addBusinessDays(earlier, days).getTime(),
          );
        }),
      );
    });

    it('spans exactly `days` × 24 h of weekday time', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 60 }), (start, days) => {
          const result = addBusinessDays(start, days);
          expect(weekdayTimeBetween(start, result)).toBe(days * DAY_MS);
        }),
      );
    });

    it('takes at least `days` and at most `days` + 2 per started week + 2 calendar days', () => {
      fc.assert(
        fc.property(instant, businessDays, (start, days) => {
          const elapsed = addBusinessDays(start, days).getTime() - start.getTime();
          expect(elapsed).toBeGreaterThanOrEqual(days * DAY_MS);
          expect(elapsed).toBeLessThanOrEqual((days + 2 * Math.ceil(days / 5) + 2) * DAY_MS);
        }),
      );
    });
  });
});

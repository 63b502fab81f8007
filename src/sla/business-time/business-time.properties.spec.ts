import fc from 'fast-check';
import { WEEKDAYS, createBusinessCalendar } from './business-calendar';
import type { BusinessCalendar, LocalIntervalInput } from './business-calendar';
import { addBusinessTime, businessTimeBetween, isOpen, nextOpening } from './business-time';
import { HOUR } from './testing/test-calendars';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'UTC',
] as const;
const DAY = 24 * HOUR;

const wallClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Any number of intervals per day: sorted unique boundaries paired up (touching is allowed). */
const dayIntervals: fc.Arbitrary<LocalIntervalInput[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 })
  .map((quarters) => {
    const sorted = [...quarters].sort((a, b) => a - b);
    const intervals: LocalIntervalInput[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      intervals.push({ start: wallClock(sorted[i] * 15), end: wallClock(sorted[i + 1] * 15) });
    }
    return intervals;
  });

const holiday = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  closed: fc.option(
    dayIntervals.filter((intervals) => intervals.length > 0),
    { nil: undefined },
  ),
});

/** Random calendars in DST and half-hour zones, with split shifts and full/partial holidays. */
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(holiday, { maxLength: 8, selector: (h) => h.day }),
    alwaysOpen: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), // mostly business calendars
  })
  .filter((r) => r.alwaysOpen || r.days.some((d) => d.length > 0))
  .map((r) =>
    r.alwaysOpen
      ? createBusinessCalendar({ timeZone: r.timeZone, alwaysOpen: true })
      : createBusinessCalendar({
          timeZone: r.timeZone,
          weekdays: Object.fromEntries(WEEKDAYS.map((name, i) => [name, r.days[i]])),
          holidays: r.holidays.map((h) => ({
            date: new Date(Date.UTC(2026, 0, 1) + h.day * DAY).toISOString().slice(0, 10),
            closed: h.closed,
          })),
        }),
  );

// Starts spread over 2026 and early 2027, biased towards the DST-change weekends of these zones.
const DST_INSTANTS = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z', // New York
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z', // Berlin
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z', // Lord Howe
].map(Date.parse);
const startArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: Date.parse('2025-12-20T00:00:00Z'), max: Date.parse('2027-02-01T00:00:00Z') }),
  fc
    .tuple(fc.constantFrom(...DST_INSTANTS), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
    .map(([t, d]) => t + d),
);
const durationArb = fc.oneof(
  fc.integer({ min: 0, max: 30 * DAY }),
  fc.integer({ min: 0, max: 4 * HOUR }),
);

const add = (c: BusinessCalendar, s: number, d: number): number =>
  addBusinessTime(c, new Date(s), d).getTime();

describe('business time properties (fast-check)', () => {
  it('adding then measuring a duration round-trips', () => {
    fc.assert(
      fc.property(calendarArb, startArb, durationArb, (c, s, d) => {
        expect(businessTimeBetween(c, new Date(s), new Date(add(c, s, d)))).toBe(d);
      }),
    );
  });

  it('the due time is monotone in the duration', () => {
    fc.assert(
      fc.property(calendarArb, startArb, durationArb, durationArb, (c, s, d1, d2) => {
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(add(c, s, short)).toBeLessThanOrEqual(add(c, s, long));
      }),
    );
  });

  it('the due time is monotone in the start', () => {
    fc.assert(
      fc.property(
        calendarArb,
        startArb,
        fc.integer({ min: 0, max: 3 * DAY }),
        durationArb,
        (c, s, delta, d) => {
          expect(add(c, s, d)).toBeLessThanOrEqual(add(c, s + delta, d));
        },
      ),
    );
  });

  it('adding in two steps equals adding once', () => {
    fc.assert(
      fc.property(calendarArb, startArb, durationArb, durationArb, (c, s, a, b) => {
        expect(add(c, add(c, s, a), b)).toBe(add(c, s, a + b));
      }),
    );
  });

  it('a positive duration ends in open time or exactly at a closing boundary', () => {
    fc.assert(
      fc.property(
        calendarArb,
        startArb,
        durationArb.filter((d) => d > 0),
        (c, s, d) => {
          const due = add(c, s, d);
          expect(due).toBeGreaterThan(s);
          // The last millisecond counted was open; `due` itself may be the closing instant.
          expect(isOpen(c, new Date(due - 1))).toBe(true);
        },
      ),
    );
  });

  it('nextOpening is open, never earlier than the instant, with no business time in between', () => {
    fc.assert(
      fc.property(calendarArb, startArb, (c, s) => {
        const opening = nextOpening(c, new Date(s));
        expect(opening.getTime()).toBeGreaterThanOrEqual(s);
        expect(isOpen(c, opening)).toBe(true);
        expect(businessTimeBetween(c, new Date(s), opening)).toBe(0);
        expect(isOpen(c, new Date(s))).toBe(opening.getTime() === s);
      }),
    );
  });

  it('business time never exceeds calendar time and is additive over a split point', () => {
    fc.assert(
      fc.property(
        calendarArb,
        startArb,
        fc.integer({ min: 0, max: 20 * DAY }),
        fc.integer({ min: 0, max: 20 * DAY }),
        (c, s, a, b) => {
          const mid = new Date(s + a);
          const end = new Date(s + a + b);
          const whole = businessTimeBetween(c, new Date(s), end);
          expect(whole).toBeLessThanOrEqual(a + b);
          expect(whole).toBe(
            businessTimeBetween(c, new Date(s), mid) + businessTimeBetween(c, mid, end),
          );
        },
      ),
    );
  });

  it('24/7 equals plain arithmetic', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), startArb, durationArb, (zone, s, d) => {
        const c = createBusinessCalendar({ timeZone: zone, alwaysOpen: true });
        expect(add(c, s, d)).toBe(s + d);
        expect(businessTimeBetween(c, new Date(s), new Date(s + d))).toBe(d);
      }),
    );
  });
});

import fc from 'fast-check';
import { createBusinessCalendar } from './business-calendar';
import { addBusinessTime, businessTimeBetween } from './business-time';
import { PausedInterval, dueAfterPauses, elapsedBusinessTime } from './paused-business-time';
import { HOUR, at, hours, officeHours } from './testing/test-calendars';

const berlin = officeHours('Europe/Berlin');
const pause = (start: string, end: string | null): PausedInterval => ({
  start: at(start),
  end: end === null ? null : at(end),
});

describe('paused business time', () => {
  it('a pause during opening hours moves the due time by the paused business time only', () => {
    // Mon 09:00 + 4 h, paused Mon 10:00-Tue 10:00 (7 business hours of pause: Mon 10-17) -> Tue 13:00.
    const pauses = [pause('2026-01-05T10:00:00+01:00', '2026-01-06T10:00:00+01:00')];
    const due = dueAfterPauses(berlin, at('2026-01-05T09:00:00+01:00'), 4 * HOUR, pauses);
    expect(due?.toISOString()).toBe(at('2026-01-06T13:00:00+01:00').toISOString());
    expect(
      elapsedBusinessTime(berlin, at('2026-01-05T09:00:00+01:00'), due ?? at('nonsense'), pauses),
    ).toBe(4 * HOUR);
  });

  it('a pause entirely in closed hours changes nothing', () => {
    const start = at('2026-01-09T16:00:00+01:00'); // Friday
    const pauses = [pause('2026-01-10T10:00:00+01:00', '2026-01-11T10:00:00+01:00')]; // weekend
    expect(dueAfterPauses(berlin, start, 2 * HOUR, pauses)).toEqual(
      addBusinessTime(berlin, start, 2 * HOUR),
    );
  });

  it('overlapping and unsorted pauses are counted once; pauses before the start are ignored', () => {
    const start = at('2026-01-05T09:00:00+01:00');
    const end = at('2026-01-05T17:00:00+01:00');
    const pauses = [
      pause('2026-01-05T12:00:00+01:00', '2026-01-05T14:00:00+01:00'),
      pause('2026-01-05T11:00:00+01:00', '2026-01-05T13:00:00+01:00'),
      pause('2026-01-04T11:00:00+01:00', '2026-01-05T10:00:00+01:00'),
    ];
    expect(elapsedBusinessTime(berlin, start, end, pauses)).toBe(4 * HOUR); // 10-11 and 14-17
  });

  it('an open-ended pause before the budget is used makes the due time unknown', () => {
    const start = at('2026-01-05T09:00:00+01:00');
    expect(
      dueAfterPauses(berlin, start, 4 * HOUR, [pause('2026-01-05T10:00:00+01:00', null)]),
    ).toBeNull();
    // ...but one starting after the due time does not.
    expect(
      dueAfterPauses(berlin, start, 1 * HOUR, [
        pause('2026-01-05T11:00:00+01:00', null),
      ])?.toISOString(),
    ).toBe(at('2026-01-05T10:00:00+01:00').toISOString());
    expect(
      elapsedBusinessTime(berlin, start, at('2026-01-05T17:00:00+01:00'), [
        pause('2026-01-05T10:00:00+01:00', null),
      ]),
    ).toBe(HOUR);
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() =>
      elapsedBusinessTime(berlin, at('2026-01-05T09:00:00Z'), at('2026-01-06T09:00:00Z'), [
        pause('2026-01-05T12:00:00Z', '2026-01-05T11:00:00Z'),
      ]),
    ).toThrow(RangeError);
  });

  describe('properties (fast-check)', () => {
    const calendars = [
      berlin,
      createBusinessCalendar({
        timeZone: 'America/New_York',
        weekdays: hours(
          ['monday', 'wednesday', 'saturday'],
          { start: '01:00', end: '02:30' },
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '24:00' },
        ),
        holidays: [
          { date: '2026-11-04' },
          { date: '2026-03-11', closed: [{ start: '09:00', end: '20:00' }] },
        ],
      }),
      createBusinessCalendar({
        timeZone: 'Australia/Lord_Howe',
        weekdays: hours(['sunday', 'tuesday'], { start: '00:00', end: '24:00' }),
      }),
      createBusinessCalendar({ timeZone: 'Asia/Kolkata', alwaysOpen: true }),
    ];
    const base = Date.parse('2026-02-20T00:00:00Z');
    const span = 300 * 24 * HOUR;
    const startArb = fc.integer({ min: base, max: base + span });
    const pausesArb = fc.array(
      fc.record({
        offset: fc.integer({ min: -5 * 24 * HOUR, max: 40 * 24 * HOUR }),
        length: fc.integer({ min: 0, max: 6 * 24 * HOUR }),
        open: fc.integer({ min: 0, max: 6 }).map((n) => n === 0), // occasionally still paused
      }),
      { maxLength: 5 },
    );
    const toPauses = (
      start: number,
      raw: { offset: number; length: number; open: boolean }[],
    ): PausedInterval[] =>
      raw.map((p) => ({
        start: new Date(start + p.offset),
        end: p.open ? null : new Date(start + p.offset + p.length),
      }));
    const targetArb = fc.integer({ min: 0, max: 20 * 24 * HOUR });

    it('pausing never shortens a due time', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...calendars),
          startArb,
          targetArb,
          pausesArb,
          (c, s, target, raw) => {
            const withPauses = dueAfterPauses(c, new Date(s), target, toPauses(s, raw));
            const without = addBusinessTime(c, new Date(s), target).getTime();
            if (withPauses !== null) expect(withPauses.getTime()).toBeGreaterThanOrEqual(without);
          },
        ),
      );
    });

    it('elapsed business time at the paused due time equals the target', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...calendars),
          startArb,
          targetArb,
          pausesArb,
          (c, s, target, raw) => {
            const pauses = toPauses(s, raw);
            const due = dueAfterPauses(c, new Date(s), target, pauses);
            fc.pre(due !== null);
            if (due !== null) expect(elapsedBusinessTime(c, new Date(s), due, pauses)).toBe(target);
          },
        ),
      );
    });

    it('with no pauses, elapsed time is businessTimeBetween and the due time is addBusinessTime', () => {
      fc.assert(
        fc.property(fc.constantFrom(...calendars), startArb, targetArb, (c, s, target) => {
          const due = addBusinessTime(c, new Date(s), target);
          expect(dueAfterPauses(c, new Date(s), target, [])).toEqual(due);
          expect(elapsedBusinessTime(c, new Date(s), due, [])).toBe(
            businessTimeBetween(c, new Date(s), due),
          );
        }),
      );
    });
  });
});

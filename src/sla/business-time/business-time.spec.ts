import { createBusinessCalendar } from './business-calendar';
import type { BusinessCalendar } from './business-calendar';
import { addBusinessTime, businessTimeBetween, isOpen, nextOpening } from './business-time';
import { NoOpeningHoursError } from './business-time.errors';
import { HOUR, MINUTE, at, everyDay, hours, officeHours } from './testing/test-calendars';

const due = (c: BusinessCalendar, start: string, ms: number): string =>
  addBusinessTime(c, at(start), ms).toISOString();

describe('business time: DST days', () => {
  it.each([
    [
      'Europe/Berlin spring-forward',
      'Europe/Berlin',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
    ],
    [
      'Europe/Berlin fall-back',
      'Europe/Berlin',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
    ],
    [
      'America/New_York spring-forward',
      'America/New_York',
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
    ],
    [
      'America/New_York fall-back',
      'America/New_York',
      '2026-11-01T00:00:00-04:00',
      '2026-11-02T00:00:00-05:00',
    ],
    [
      'Australia/Lord_Howe 30-min spring-forward',
      'Australia/Lord_Howe',
      '2026-10-04T00:00:00+10:30',
      '2026-10-05T00:00:00+11:00',
    ],
    [
      'Australia/Lord_Howe 30-min fall-back',
      'Australia/Lord_Howe',
      '2026-04-05T00:00:00+11:00',
      '2026-04-06T00:00:00+10:30',
    ],
  ])('%s: a 09:00-17:00 day is still 8 h of opening', (_name, zone, dayStart, dayEnd) => {
    const calendar = everyDay(zone, { start: '09:00', end: '17:00' });
    expect(businessTimeBetween(calendar, at(dayStart), at(dayEnd))).toBe(8 * HOUR);
  });

  it.each([
    [
      'Berlin spring-forward day has 23 h',
      'Europe/Berlin',
      '2026-03-29T00:00:00+01:00',
      '2026-03-30T00:00:00+02:00',
      23 * HOUR,
    ],
    [
      'Berlin fall-back day has 25 h',
      'Europe/Berlin',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      25 * HOUR,
    ],
    [
      'New York spring-forward day has 23 h',
      'America/New_York',
      '2026-03-08T00:00:00-05:00',
      '2026-03-09T00:00:00-04:00',
      23 * HOUR,
    ],
    [
      'Lord Howe spring-forward day has 23.5 h',
      'Australia/Lord_Howe',
      '2026-10-04T00:00:00+10:30',
      '2026-10-05T00:00:00+11:00',
      23.5 * HOUR,
    ],
    [
      'Lord Howe fall-back day has 24.5 h',
      'Australia/Lord_Howe',
      '2026-04-05T00:00:00+11:00',
      '2026-04-06T00:00:00+10:30',
      24.5 * HOUR,
    ],
  ])(
    'a 00:00-24:00 calendar counts real elapsed time: %s',
    (_name, zone, dayStart, dayEnd, expected) => {
      const calendar = everyDay(zone, { start: '00:00', end: '24:00' });
      expect(businessTimeBetween(calendar, at(dayStart), at(dayEnd))).toBe(expected);
    },
  );

  it('an interval starting at the non-existent 02:30 opens when the clock reads 03:00', () => {
    const calendar = everyDay('Europe/Berlin', { start: '02:30', end: '04:00' });
    expect(nextOpening(calendar, at('2026-03-29T01:30:00+01:00')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(isOpen(calendar, at('2026-03-29T00:59:59Z'))).toBe(false);
    expect(due(calendar, '2026-03-29T00:00:00+01:00', 1 * HOUR)).toBe('2026-03-29T02:00:00.000Z');
    // On an ordinary day the same interval is 90 minutes.
    expect(
      businessTimeBetween(
        calendar,
        at('2026-03-28T00:00:00+01:00'),
        at('2026-03-29T00:00:00+01:00'),
      ),
    ).toBe(90 * MINUTE);
  });

  it('an interval swallowed whole by the Lord Howe 30-minute gap contributes nothing that day', () => {
    const calendar = everyDay('Australia/Lord_Howe', { start: '02:00', end: '02:30' });
    expect(
      businessTimeBetween(
        calendar,
        at('2026-10-04T00:00:00+10:30'),
        at('2026-10-05T00:00:00+11:00'),
      ),
    ).toBe(0);
    expect(nextOpening(calendar, at('2026-10-04T00:00:00+10:30')).toISOString()).toBe(
      at('2026-10-05T02:00:00+11:00').toISOString(),
    );
  });

  it('a repeated fall-back hour inside opening hours is counted once per real hour', () => {
    const calendar = everyDay('America/New_York', { start: '00:30', end: '03:00' });
    // 00:30 EDT -> 03:00 EST is 3.5 real hours (01:00-02:00 happens twice).
    expect(
      businessTimeBetween(
        calendar,
        at('2026-11-01T00:00:00-04:00'),
        at('2026-11-02T00:00:00-05:00'),
      ),
    ).toBe(3.5 * HOUR);
  });

  it('a due time crossing the New York spring-forward night keeps wall-clock opening hours', () => {
    const calendar = everyDay('America/New_York', { start: '09:00', end: '17:00' });
    expect(due(calendar, '2026-03-07T16:00:00-05:00', 2 * HOUR)).toBe(
      at('2026-03-08T10:00:00-04:00').toISOString(),
    );
  });
});

describe('business time: shifts, weekends and holidays', () => {
  const splitShift = createBusinessCalendar({
    timeZone: 'Europe/Berlin',
    weekdays: hours(
      ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ),
  });

  it('a split shift skips the lunch break', () => {
    expect(due(splitShift, '2026-01-05T11:30:00+01:00', 1 * HOUR)).toBe(
      at('2026-01-05T13:30:00+01:00').toISOString(),
    );
    expect(isOpen(splitShift, at('2026-01-05T12:30:00+01:00'))).toBe(false);
    expect(isOpen(splitShift, at('2026-01-05T13:00:00+01:00'))).toBe(true);
    expect(isOpen(splitShift, at('2026-01-05T12:00:00+01:00'))).toBe(false); // end is exclusive
    expect(nextOpening(splitShift, at('2026-01-05T12:30:00+01:00')).toISOString()).toBe(
      at('2026-01-05T13:00:00+01:00').toISOString(),
    );
    expect(
      businessTimeBetween(
        splitShift,
        at('2026-01-05T00:00:00+01:00'),
        at('2026-01-06T00:00:00+01:00'),
      ),
    ).toBe(8 * HOUR);
  });

  it('a budget ending exactly at closing time is due at closing, not at the next opening', () => {
    expect(due(splitShift, '2026-01-05T11:00:00+01:00', 1 * HOUR)).toBe(
      at('2026-01-05T12:00:00+01:00').toISOString(),
    );
  });

  it('a Friday-evening start rolls to Monday (across the Berlin spring-forward weekend)', () => {
    const calendar = officeHours('Europe/Berlin');
    expect(due(calendar, '2026-03-27T16:00:00+01:00', 2 * HOUR)).toBe(
      at('2026-03-30T10:00:00+02:00').toISOString(),
    );
    expect(due(calendar, '2026-03-27T18:30:00+01:00', 30 * MINUTE)).toBe(
      at('2026-03-30T09:30:00+02:00').toISOString(),
    );
    expect(nextOpening(calendar, at('2026-03-27T18:30:00+01:00')).toISOString()).toBe(
      at('2026-03-30T09:00:00+02:00').toISOString(),
    );
  });

  it('skips a full holiday and the closed part of a partial one', () => {
    const calendar = createBusinessCalendar({
      timeZone: 'Europe/Berlin',
      weekdays: hours(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], {
        start: '09:00',
        end: '17:00',
      }),
      holidays: [
        { date: '2026-12-24', closed: [{ start: '12:00', end: '24:00' }] },
        { date: '2026-12-25' },
      ],
    });
    // Thu 24th: 10:00-12:00 (2 h), Fri 25th closed, weekend, Mon 28th 09:00 + 2 h.
    expect(due(calendar, '2026-12-24T10:00:00+01:00', 4 * HOUR)).toBe(
      at('2026-12-28T11:00:00+01:00').toISOString(),
    );
    expect(isOpen(calendar, at('2026-12-24T11:59:00+01:00'))).toBe(true);
    expect(isOpen(calendar, at('2026-12-24T12:00:00+01:00'))).toBe(false);
    expect(isOpen(calendar, at('2026-12-25T10:00:00+01:00'))).toBe(false);
    expect(
      businessTimeBetween(
        calendar,
        at('2026-12-21T00:00:00+01:00'),
        at('2026-12-28T00:00:00+01:00'),
      ),
    ).toBe((3 * 8 + 3) * HOUR);
  });

  it('a partial holiday closing the middle of the day splits the opening', () => {
    const calendar = createBusinessCalendar({
      timeZone: 'Europe/Berlin',
      weekdays: hours(['monday'], { start: '09:00', end: '17:00' }),
      holidays: [
        {
          date: '2026-01-05',
          closed: [
            { start: '10:00', end: '11:00' },
            { start: '15:00', end: '16:00' },
          ],
        },
      ],
    });
    expect(
      businessTimeBetween(
        calendar,
        at('2026-01-05T00:00:00+01:00'),
        at('2026-01-06T00:00:00+01:00'),
      ),
    ).toBe(6 * HOUR);
    expect(due(calendar, '2026-01-05T09:30:00+01:00', 1 * HOUR)).toBe(
      at('2026-01-05T11:30:00+01:00').toISOString(),
    );
  });

  it('works in Asia/Kolkata (+05:30)', () => {
    const calendar = officeHours('Asia/Kolkata', '09:30', '18:30');
    expect(due(calendar, '2026-01-05T18:00:00+05:30', 1 * HOUR)).toBe(
      at('2026-01-06T10:00:00+05:30').toISOString(),
    );
    expect(isOpen(calendar, at('2026-01-05T04:00:00Z'))).toBe(true); // 09:30 local
    expect(isOpen(calendar, at('2026-01-05T03:59:59Z'))).toBe(false);
  });

  it('a year of 09:00-17:00 every day is 8 h per day in every zone, DST or not', () => {
    for (const [zone, from, to] of [
      ['Europe/Berlin', '2026-01-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00'],
      ['America/New_York', '2026-01-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00'],
      ['Australia/Lord_Howe', '2026-01-01T00:00:00+11:00', '2027-01-01T00:00:00+11:00'],
      ['Asia/Kolkata', '2026-01-01T00:00:00+05:30', '2027-01-01T00:00:00+05:30'],
    ]) {
      const calendar = everyDay(zone, { start: '09:00', end: '17:00' });
      expect(businessTimeBetween(calendar, at(from), at(to))).toBe(365 * 8 * HOUR);
    }
  });
});

describe('business time: edges', () => {
  const calendar = officeHours('Europe/Berlin');

  it('24/7 is plain arithmetic', () => {
    const always = createBusinessCalendar({ timeZone: 'Europe/Berlin', alwaysOpen: true });
    expect(due(always, '2026-03-28T23:00:00Z', 5 * HOUR)).toBe('2026-03-29T04:00:00.000Z');
    expect(
      businessTimeBetween(always, at('2026-03-28T23:00:00Z'), at('2026-03-29T04:00:00Z')),
    ).toBe(5 * HOUR);
    expect(isOpen(always, at('2026-12-25T03:00:00Z'))).toBe(true);
  });

  it('a zero duration is due at the start; a negative one is rejected', () => {
    expect(due(calendar, '2026-01-03T12:00:00Z', 0)).toBe('2026-01-03T12:00:00.000Z');
    expect(() => addBusinessTime(calendar, at('2026-01-03T12:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessTime(calendar, at('nonsense'), 1)).toThrow(RangeError);
  });

  it('businessTimeBetween is signed when to is before from', () => {
    const from = at('2026-01-05T09:00:00+01:00');
    const to = at('2026-01-05T10:00:00+01:00');
    expect(businessTimeBetween(calendar, to, from)).toBe(-1 * HOUR);
  });

  it('long durations walk day by day (ten years of business time)', () => {
    const start = at('2026-01-05T09:00:00+01:00');
    const tenYears = 10 * 52 * 5 * 8 * HOUR;
    const end = addBusinessTime(calendar, start, tenYears);
    expect(businessTimeBetween(calendar, start, end)).toBe(tenYears);
  });

  it('a calendar that never opens fails with NoOpeningHoursError instead of looping', () => {
    // Only constructible by hand: createBusinessCalendar refuses it.
    const never: BusinessCalendar = { ...calendar, openingByWeekday: [[], [], [], [], [], [], []] };
    expect(() => addBusinessTime(never, at('2026-01-05T09:00:00Z'), HOUR)).toThrow(
      NoOpeningHoursError,
    );
    expect(() => nextOpening(never, at('2026-01-05T09:00:00Z'))).toThrow(NoOpeningHoursError);
  });
});

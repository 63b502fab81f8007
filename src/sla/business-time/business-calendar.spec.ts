import { createBusinessCalendar, validateBusinessCalendar } from './business-calendar';
import { BusinessCalendarValidationError } from './business-time.errors';

const fields = (input: unknown): string[] => validateBusinessCalendar(input).map((p) => p.field);
const withMonday = (...intervals: { start: string; end: string }[]) => ({
  timeZone: 'Europe/Berlin',
  weekdays: { monday: intervals },
});

describe('business calendar validation', () => {
  it('accepts split shifts, 24:00 ends, adjacent intervals and partial holidays', () => {
    const input = {
      timeZone: 'Asia/Kolkata',
      weekdays: {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
        tuesday: [
          { start: '00:00', end: '12:00' },
          { start: '12:00', end: '24:00' },
        ],
      },
      holidays: [
        { date: '2026-01-26' },
        { date: '2026-12-24', closed: [{ start: '12:00', end: '24:00' }] },
      ],
    };
    expect(validateBusinessCalendar(input)).toEqual([]);
    const calendar = createBusinessCalendar(input);
    expect(calendar.openingByWeekday[1]).toEqual([
      { start: 480, end: 720 },
      { start: 780, end: 1020 },
    ]);
    expect(calendar.holidays.get('2026-01-26')).toBe('all-day');
    expect(calendar.holidays.get('2026-12-24')).toEqual([{ start: 720, end: 1440 }]);
  });

  it('names the overlapping interval', () => {
    expect(
      validateBusinessCalendar(
        withMonday({ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }),
      ),
    ).toEqual([{ field: 'weekdays.monday[1]', message: expect.stringContaining('overlaps') }]);
  });

  it('rejects unordered intervals', () => {
    expect(
      validateBusinessCalendar(
        withMonday({ start: '13:00', end: '17:00' }, { start: '08:00', end: '12:00' }),
      ),
    ).toEqual([{ field: 'weekdays.monday[1]', message: expect.stringContaining('ascending') }]);
  });

  it.each([
    ['zero-length', '09:00', '09:00'],
    ['negative', '17:00', '09:00'],
  ])('rejects a %s interval', (_name, start, end) => {
    expect(fields(withMonday({ start, end }))).toEqual(['weekdays.monday[0]']);
  });

  it.each([
    ['24:00 as a start', '24:00', '24:00', ['weekdays.monday[0].start']],
    ['a malformed start', '9:00', '17:00', ['weekdays.monday[0].start']],
    ['an out-of-range end', '09:00', '24:30', ['weekdays.monday[0].end']],
    ['minutes past 59', '09:60', '25:00', ['weekdays.monday[0].start', 'weekdays.monday[0].end']],
  ])('rejects %s', (_name, start, end, expected) => {
    expect(fields(withMonday({ start, end }))).toEqual(expected);
  });

  it('rejects an unknown time zone as a field problem and as a typed error', () => {
    const input = {
      timeZone: 'Europe/Atlantis',
      weekdays: { monday: [{ start: '09:00', end: '17:00' }] },
    };
    expect(fields(input)).toEqual(['timeZone']);
    expect(() => createBusinessCalendar(input)).toThrow(BusinessCalendarValidationError);
    try {
      createBusinessCalendar(input);
    } catch (error) {
      expect(error).toBeInstanceOf(BusinessCalendarValidationError);
      expect((error as BusinessCalendarValidationError).problems).toEqual([
        { field: 'timeZone', message: 'unknown time zone "Europe/Atlantis"' },
      ]);
    }
  });

  it('reports every problem at once, with paths for holidays', () => {
    const input = {
      timeZone: 42,
      weekdays: { funday: [], monday: 'all day' },
      holidays: [
        { date: '2026-02-30' },
        {
          date: '2026-12-24',
          closed: [
            { start: '10:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
        { date: '2026-12-25' },
        { date: '2026-12-25' },
        { date: '2026-12-31', closed: [] },
      ],
    };
    expect(fields(input)).toEqual([
      'timeZone',
      'weekdays.funday',
      'weekdays.monday',
      'holidays[0].date',
      'holidays[1].closed[1]',
      'holidays[3].date',
      'holidays[4].closed',
    ]);
  });

  it('requires opening hours unless 24/7, and forbids hours and holidays on a 24/7 calendar', () => {
    expect(fields({ timeZone: 'UTC', weekdays: {} })).toEqual(['weekdays']);
    expect(fields({ timeZone: 'UTC', weekdays: { monday: [] } })).toEqual(['weekdays']);
    expect(fields({ timeZone: 'UTC' })).toEqual(['weekdays']);
    expect(fields({ timeZone: 'UTC', alwaysOpen: true })).toEqual([]);
    expect(fields({ timeZone: 'UTC', alwaysOpen: true, weekdays: {}, holidays: [] })).toEqual([
      'weekdays',
      'holidays',
    ]);
    expect(
      fields({
        timeZone: 'UTC',
        alwaysOpen: 'yes',
        weekdays: { monday: [{ start: '09:00', end: '10:00' }] },
      }),
    ).toEqual(['alwaysOpen']);
  });

  it('rejects a non-object', () => {
    expect(fields(null)).toEqual(['']);
    expect(fields([])).toEqual(['']);
  });
});

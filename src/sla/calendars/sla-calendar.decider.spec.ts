import { InvalidSlaDefinition } from '../shared/sla.errors';
import {
  decideSlaCalendar,
  evolveSlaCalendar,
  initialSlaCalendarState,
  type SlaCalendarState,
} from './sla-calendar.decider';
import type { SlaCalendarInput } from './sla-calendar.definition';
import type { SlaCalendarEvent } from './sla-calendar.events';

const OFFICE: SlaCalendarInput = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  weekdays: {
    monday: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    friday: [{ start: '09:00', end: '15:00' }],
  },
  holidays: [
    { date: '2026-12-25' },
    { date: '2026-12-24', closed: [{ start: '12:00', end: '24:00' }] },
  ],
};

const given = (events: readonly SlaCalendarEvent[]): SlaCalendarState =>
  events.reduce(evolveSlaCalendar, initialSlaCalendarState());

const define = (definition: SlaCalendarInput, at = '2026-01-01T00:00:00.000Z') =>
  ({ type: 'DefineSlaCalendar', calendarId: 'berlin', definition, at }) as const;

describe('SLA calendar decider', () => {
  it('defines a new calendar as version 1 with the canonical definition (holidays sorted)', () => {
    const events = decideSlaCalendar(define(OFFICE), given([]));
    expect(events).toEqual([
      {
        type: 'SlaCalendarDefined',
        data: {
          calendarId: 'berlin',
          version: 1,
          name: 'Berlin office',
          timeZone: 'Europe/Berlin',
          alwaysOpen: false,
          weekdays: OFFICE.weekdays,
          holidays: [
            { date: '2026-12-24', closed: [{ start: '12:00', end: '24:00' }] },
            { date: '2026-12-25' },
          ],
          definedAt: '2026-01-01T00:00:00.000Z',
        },
      },
    ]);
  });

  it('replaces a changed definition with version + 1, and records nothing when unchanged', () => {
    const defined = decideSlaCalendar(define(OFFICE), given([]));
    const state = given(defined);
    expect(decideSlaCalendar(define(OFFICE, '2026-01-02T00:00:00.000Z'), state)).toEqual([]);

    const changed = decideSlaCalendar(
      define({ name: 'Always', timeZone: 'UTC', alwaysOpen: true }, '2026-01-02T00:00:00.000Z'),
      state,
    );
    expect(changed).toEqual([
      {
        type: 'SlaCalendarChanged',
        data: {
          calendarId: 'berlin',
          version: 2,
          name: 'Always',
          timeZone: 'UTC',
          alwaysOpen: true,
          weekdays: {},
          holidays: [],
          changedAt: '2026-01-02T00:00:00.000Z',
        },
      },
    ]);
    expect(given([...defined, ...changed])).toMatchObject({
      version: 2,
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
  });

  it('refuses overlapping intervals and an unknown zone with field problems', () => {
    const invalid: SlaCalendarInput = {
      name: 'Bad',
      timeZone: 'Mars/Olympus',
      weekdays: {
        monday: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
    };
    let error: unknown;
    try {
      decideSlaCalendar(define(invalid), given([]));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidSlaDefinition);
    const errors = (error as InvalidSlaDefinition).extensions.errors as { field: string }[];
    expect(errors.map((e) => e.field)).toEqual(['timeZone', 'weekdays.monday[1]']);
  });
});

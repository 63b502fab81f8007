/**
 * What an SLA calendar is: a name plus a business-time calendar (IANA zone, opening intervals per
 * weekday, holidays with optional partial-day closures, or 24/7). The semantic checks (zone known
 * to ICU, intervals well-formed, ascending and not overlapping, real holiday dates) are the
 * business-time validator's; this only adds the name and a canonical shape, so an unchanged
 * definition compares equal and records nothing.
 */
import {
  WEEKDAYS,
  validateBusinessCalendar,
  type BusinessCalendarInput,
  type Weekday,
} from '../business-time';
import type { SlaFieldProblem } from '../shared/sla.values';

export interface LocalInterval {
  readonly start: string;
  readonly end: string;
}

export interface SlaHoliday {
  readonly date: string;
  /** Closed only within these local intervals; absent = closed all day. */
  readonly closed?: readonly LocalInterval[];
}

export interface SlaCalendarDefinition {
  readonly name: string;
  readonly timeZone: string;
  readonly alwaysOpen: boolean;
  /** Weekday → opening intervals (days without hours omitted); empty when alwaysOpen. */
  readonly weekdays: Readonly<Partial<Record<Weekday, readonly LocalInterval[]>>>;
  /** Sorted by date; empty when alwaysOpen. */
  readonly holidays: readonly SlaHoliday[];
}

/** The definition as a client sends it (PUT body). */
export interface SlaCalendarInput {
  readonly name: string;
  readonly timeZone: string;
  readonly alwaysOpen?: boolean;
  readonly weekdays?: Readonly<Partial<Record<string, readonly LocalInterval[]>>>;
  readonly holidays?: readonly SlaHoliday[];
}

export const MAX_CALENDAR_NAME = 200;

export interface CheckedCalendar {
  readonly problems: readonly SlaFieldProblem[];
  readonly definition?: SlaCalendarDefinition;
}

/** Every field problem of `input`, and the canonical definition when there is none. */
export function checkSlaCalendar(input: SlaCalendarInput): CheckedCalendar {
  const problems: SlaFieldProblem[] = [];
  if (typeof input.name !== 'string' || input.name.trim() === '') {
    problems.push({ field: 'name', message: 'must be a non-blank name' });
  } else if (input.name.length > MAX_CALENDAR_NAME) {
    problems.push({ field: 'name', message: `must be at most ${MAX_CALENDAR_NAME} characters` });
  }
  const calendarInput: Record<string, unknown> = { timeZone: input.timeZone };
  if (input.alwaysOpen !== undefined) calendarInput.alwaysOpen = input.alwaysOpen;
  if (input.weekdays !== undefined) calendarInput.weekdays = input.weekdays;
  if (input.holidays !== undefined) calendarInput.holidays = input.holidays;
  problems.push(...validateBusinessCalendar(calendarInput));
  if (problems.length > 0) return { problems };
  return { problems, definition: canonical(input) };
}

function canonical(input: SlaCalendarInput): SlaCalendarDefinition {
  const alwaysOpen = input.alwaysOpen === true;
  const weekdays: Partial<Record<Weekday, LocalInterval[]>> = {};
  if (!alwaysOpen) {
    for (const day of WEEKDAYS) {
      const intervals = input.weekdays?.[day];
      if (intervals && intervals.length > 0) {
        weekdays[day] = intervals.map((i) => ({ start: i.start, end: i.end }));
      }
    }
  }
  const holidays = alwaysOpen
    ? []
    : [...(input.holidays ?? [])]
        .map((h) =>
          h.closed === undefined
            ? { date: h.date }
            : { date: h.date, closed: h.closed.map((i) => ({ start: i.start, end: i.end })) },
        )
        .sort((a, b) => a.date.localeCompare(b.date));
  return { name: input.name.trim(), timeZone: input.timeZone, alwaysOpen, weekdays, holidays };
}

/** The definition as input to the business-time arithmetic (createBusinessCalendar). */
export function toBusinessCalendarInput(definition: SlaCalendarDefinition): BusinessCalendarInput {
  return definition.alwaysOpen
    ? { timeZone: definition.timeZone, alwaysOpen: true }
    : {
        timeZone: definition.timeZone,
        weekdays: definition.weekdays,
        holidays: definition.holidays,
      };
}

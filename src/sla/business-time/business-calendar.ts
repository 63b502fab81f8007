/**
 * The BusinessCalendar value: when a support team is open, in its own time zone. Built only
 * through `createBusinessCalendar`, which validates everything up front so the arithmetic never
 * has to second-guess its input. `validateBusinessCalendar` returns field-level problems for the
 * HTTP layer (400 + RFC 9457 `errors`).
 */
import { parseIsoDate } from './civil-date';
import {
  BusinessCalendarValidationError,
  CalendarProblem,
  UnknownTimeZoneError,
} from './business-time.errors';
import { assertTimeZone } from './zoned-time';

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const; // index = JS weekday number (0 = Sunday)
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock interval, `HH:MM` to `HH:MM` (end may be `24:00`), start inclusive. */
export interface LocalIntervalInput {
  readonly start: string;
  readonly end: string;
}

export interface HolidayInput {
  /** Local date `YYYY-MM-DD` in the calendar's zone. */
  readonly date: string;
  /** Closed only within these local intervals (a partial day); omitted = closed all day. */
  readonly closed?: readonly LocalIntervalInput[];
}

export interface BusinessCalendarInput {
  /** IANA zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** 24/7: business time equals calendar time; weekdays and holidays must then be omitted. */
  readonly alwaysOpen?: boolean;
  readonly weekdays?: Partial<Record<Weekday, readonly LocalIntervalInput[]>>;
  readonly holidays?: readonly HolidayInput[];
}

/** Minutes since local midnight, `[start, end)`, end <= 1440. */
export interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

export interface BusinessCalendar {
  readonly timeZone: string;
  readonly alwaysOpen: boolean;
  /** Indexed by JS weekday (0 = Sunday); each sorted, non-overlapping. */
  readonly openingByWeekday: readonly (readonly MinuteRange[])[];
  /** Local date -> closed ranges ('all-day' for a full holiday). */
  readonly holidays: ReadonlyMap<string, 'all-day' | readonly MinuteRange[]>;
}

const MINUTES_PER_DAY = 1440;

/** `HH:MM` -> minutes; `24:00` only when allowed (interval ends). */
function parseWallClock(text: unknown, allowEndOfDay: boolean): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '24:00') return allowEndOfDay ? MINUTES_PER_DAY : undefined;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates a list of intervals, pushing problems; returns the ranges when all are valid. */
function checkIntervals(
  value: unknown,
  field: string,
  problems: CalendarProblem[],
): MinuteRange[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ field, message: 'must be an array of { start, end } intervals' });
    return undefined;
  }
  const before = problems.length;
  const ranges: MinuteRange[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!isRecord(item)) {
      problems.push({ field: at, message: 'must be an object { start, end }' });
      return;
    }
    const start = parseWallClock(item.start, false);
    const end = parseWallClock(item.end, true);
    if (start === undefined)
      problems.push({ field: `${at}.start`, message: 'must be HH:MM (00:00-23:59)' });
    if (end === undefined)
      problems.push({ field: `${at}.end`, message: 'must be HH:MM (00:01-24:00)' });
    if (start === undefined || end === undefined) return;
    if (end <= start) {
      problems.push({
        field: at,
        message: 'end must be after start (zero-length or negative interval)',
      });
      return;
    }
    const previous = ranges[ranges.length - 1];
    if (previous && start < previous.start) {
      problems.push({ field: at, message: 'intervals must be in ascending order of start' });
    } else if (previous && start < previous.end) {
      problems.push({
        field: at,
        message: `overlaps the previous interval (${field}[${index - 1}])`,
      });
    }
    ranges.push({ start, end });
  });
  return problems.length === before ? ranges : undefined;
}

interface CheckedCalendar {
  readonly problems: CalendarProblem[];
  readonly calendar?: BusinessCalendar;
}

function check(input: unknown): CheckedCalendar {
  const problems: CalendarProblem[] = [];
  if (!isRecord(input)) return { problems: [{ field: '', message: 'must be an object' }] };

  let timeZone = '';
  if (typeof input.timeZone !== 'string' || input.timeZone === '') {
    problems.push({ field: 'timeZone', message: 'must be an IANA time zone name' });
  } else {
    try {
      assertTimeZone(input.timeZone);
      timeZone = input.timeZone;
    } catch (error) {
      if (!(error instanceof UnknownTimeZoneError)) throw error;
      problems.push({
        field: 'timeZone',
        message: `unknown time zone ${JSON.stringify(input.timeZone)}`,
      });
    }
  }

  if (input.alwaysOpen !== undefined && typeof input.alwaysOpen !== 'boolean') {
    problems.push({ field: 'alwaysOpen', message: 'must be a boolean' });
  }
  const alwaysOpen = input.alwaysOpen === true;

  const openingByWeekday: MinuteRange[][] = WEEKDAYS.map(() => []);
  if (alwaysOpen && input.weekdays !== undefined) {
    // Why reject instead of ignore: a 24/7 calendar with hours is ambiguous; make the admin choose.
    problems.push({ field: 'weekdays', message: 'must be omitted when alwaysOpen is true' });
  } else if (!alwaysOpen) {
    if (!isRecord(input.weekdays)) {
      problems.push({ field: 'weekdays', message: 'must map weekday names to opening intervals' });
    } else {
      for (const [name, intervals] of Object.entries(input.weekdays)) {
        const index = WEEKDAYS.indexOf(name as Weekday);
        if (index < 0) {
          problems.push({
            field: `weekdays.${name}`,
            message: `unknown weekday (use ${WEEKDAYS.join(', ')})`,
          });
          continue;
        }
        const ranges = checkIntervals(intervals, `weekdays.${name}`, problems);
        if (ranges) openingByWeekday[index] = ranges;
      }
      if (problems.length === 0 && openingByWeekday.every((day) => day.length === 0)) {
        problems.push({
          field: 'weekdays',
          message: 'at least one opening interval is required (or set alwaysOpen)',
        });
      }
    }
  }

  const holidays = new Map<string, 'all-day' | MinuteRange[]>();
  if (input.holidays !== undefined) {
    if (alwaysOpen) {
      problems.push({ field: 'holidays', message: 'must be omitted when alwaysOpen is true' });
    } else if (!Array.isArray(input.holidays)) {
      problems.push({ field: 'holidays', message: 'must be an array of { date, closed? }' });
    } else {
      input.holidays.forEach((item: unknown, index) => {
        const at = `holidays[${index}]`;
        if (!isRecord(item)) {
          problems.push({ field: at, message: 'must be an object { date, closed? }' });
          return;
        }
        const date = typeof item.date === 'string' ? item.date : '';
        if (parseIsoDate(date) === undefined) {
          problems.push({ field: `${at}.date`, message: 'must be a real local date YYYY-MM-DD' });
          return;
        }
        if (holidays.has(date)) {
          problems.push({ field: `${at}.date`, message: `duplicate holiday ${date}` });
          return;
        }
        if (item.closed === undefined) {
          holidays.set(date, 'all-day');
          return;
        }
        const closed = checkIntervals(item.closed, `${at}.closed`, problems);
        if (closed && closed.length === 0) {
          problems.push({
            field: `${at}.closed`,
            message: 'must not be empty (omit it for a full-day holiday)',
          });
        } else if (closed) {
          holidays.set(date, closed);
        }
      });
    }
  }

  if (problems.length > 0) return { problems };
  return { problems, calendar: { timeZone, alwaysOpen, openingByWeekday, holidays } };
}

/** Every field-level problem of `input` (empty when it is a valid calendar). */
export function validateBusinessCalendar(input: unknown): CalendarProblem[] {
  return check(input).problems;
}

/** The validated calendar; throws BusinessCalendarValidationError listing every problem. */
export function createBusinessCalendar(input: BusinessCalendarInput | unknown): BusinessCalendar {
  const { problems, calendar } = check(input);
  if (!calendar) throw new BusinessCalendarValidationError(problems);
  return calendar;
}

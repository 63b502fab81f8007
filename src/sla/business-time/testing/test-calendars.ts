/** Calendar fixtures shared by the specs in this folder (test-only; not exported from index). */
import {
  BusinessCalendarInput,
  LocalIntervalInput,
  Weekday,
  createBusinessCalendar,
} from '../business-calendar';
import type { BusinessCalendar } from '../business-calendar';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

const WORKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const ALL_DAYS: readonly Weekday[] = [...WORKDAYS, 'saturday', 'sunday'];

export function hours(
  days: readonly Weekday[],
  ...intervals: LocalIntervalInput[]
): BusinessCalendarInput['weekdays'] {
  return Object.fromEntries(days.map((day) => [day, intervals]));
}

export function officeHours(timeZone: string, start = '09:00', end = '17:00'): BusinessCalendar {
  return createBusinessCalendar({ timeZone, weekdays: hours(WORKDAYS, { start, end }) });
}

export function everyDay(timeZone: string, ...intervals: LocalIntervalInput[]): BusinessCalendar {
  return createBusinessCalendar({ timeZone, weekdays: hours(ALL_DAYS, ...intervals) });
}

export const at = (iso: string): Date => new Date(iso);

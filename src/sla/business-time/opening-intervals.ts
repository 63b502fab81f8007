/**
 * The one place that turns a calendar into concrete open instants: a lazy walk, local day by local
 * day, over that day's opening intervals (weekday hours minus holiday closures), converted to
 * epoch-ms intervals in the calendar's zone. Everything else in this folder is bookkeeping over
 * this stream, so DST and holiday handling live here only.
 */
import type { BusinessCalendar, MinuteRange } from './business-calendar';
import { MS_PER_DAY, MS_PER_MINUTE, isoDateOfDayNumber, weekdayOfDayNumber } from './civil-date';
import { NoOpeningHoursError } from './business-time.errors';
import { firstInstantAtOrAfterLocal, localDayNumberAt, offsetAt } from './zoned-time';

/** `[start, end)` in epoch ms. */
export interface InstantRange {
  readonly start: number;
  readonly end: number;
}

/** Sorted, non-overlapping `ranges` minus sorted `closed`. */
function subtractRanges(
  ranges: readonly MinuteRange[],
  closed: readonly MinuteRange[],
): MinuteRange[] {
  const result: MinuteRange[] = [];
  for (const range of ranges) {
    let start = range.start;
    for (const hole of closed) {
      if (hole.end <= start || hole.start >= range.end) continue;
      if (hole.start > start) result.push({ start, end: hole.start });
      start = Math.max(start, hole.end);
    }
    if (start < range.end) result.push({ start, end: range.end });
  }
  return result;
}

/** Local opening minutes of one local date, after holidays. */
function localOpeningOf(calendar: BusinessCalendar, dayNumber: number): readonly MinuteRange[] {
  const opening = calendar.openingByWeekday[weekdayOfDayNumber(dayNumber)] ?? [];
  if (opening.length === 0 || calendar.holidays.size === 0) return opening;
  const holiday = calendar.holidays.get(isoDateOfDayNumber(dayNumber));
  if (holiday === undefined) return opening;
  return holiday === 'all-day' ? [] : subtractRanges(opening, holiday);
}

/** Opening intervals of one local date as instants (may be fewer than locally: a DST gap can swallow one). */
export function openInstantsOfDay(calendar: BusinessCalendar, dayNumber: number): InstantRange[] {
  const local = localOpeningOf(calendar, dayNumber);
  if (local.length === 0) return [];
  const dayNaive = dayNumber * MS_PER_DAY;
  // Fast path: if the offset is the same a day either side, no transition touches this date
  // (offsets are within ±14 h), so each boundary is a plain subtraction instead of a search.
  const offset = offsetAt(calendar.timeZone, dayNaive - MS_PER_DAY);
  const steady = offset === offsetAt(calendar.timeZone, dayNaive + 2 * MS_PER_DAY);
  const toInstant = (minutes: number): number => {
    const naive = dayNaive + minutes * MS_PER_MINUTE;
    return steady ? naive - offset : firstInstantAtOrAfterLocal(calendar.timeZone, naive);
  };
  const result: InstantRange[] = [];
  for (const range of local) {
    const start = toInstant(range.start);
    const end = toInstant(range.end);
    if (end > start) result.push({ start, end });
  }
  return result;
}

/**
 * Open intervals that end after `fromMs`, in order, the first clipped to start at `fromMs` or
 * later. Infinite for a usable calendar; throws NoOpeningHoursError after more consecutive closed
 * days than holidays + DST gaps could ever explain (so a calendar with no hours fails fast).
 */
export function* openIntervalsFrom(
  calendar: BusinessCalendar,
  fromMs: number,
): Generator<InstantRange, never, undefined> {
  if (calendar.alwaysOpen) {
    yield { start: fromMs, end: Number.POSITIVE_INFINITY };
    throw new Error('unreachable: a 24/7 calendar has one endless interval');
  }
  // Why this bound: only weekday gaps (< 7 days), listed holidays and DST gaps can close a day.
  const maxClosedDays = calendar.holidays.size + 21;
  let closedDays = 0;
  // An instant on local date D is never inside an interval of D-1 (those end by D 00:00).
  for (let day = localDayNumberAt(calendar.timeZone, fromMs); ; day++) {
    const intervals = openInstantsOfDay(calendar, day);
    if (intervals.length === 0) {
      if (++closedDays > maxClosedDays) throw new NoOpeningHoursError(closedDays);
      continue;
    }
    closedDays = 0;
    for (const interval of intervals) {
      if (interval.end <= fromMs) continue;
      yield { start: Math.max(interval.start, fromMs), end: interval.end };
    }
  }
}

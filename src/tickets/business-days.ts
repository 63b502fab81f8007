/**
 * Business days for the auto-close timer (AUTO_CLOSE_AFTER).
 *
 * STOPGAP until SLA calendars exist (the SLA issue brings opening hours, time zones and public
 * holidays per policy): a business day is Monday to Friday in UTC, with no holidays. When the
 * calendars land, the auto-close projection should ask the ticket's calendar instead of this.
 *
 * The rule, chosen so that a later start never gives an earlier result:
 *  - a start on a weekday keeps its time of day: Friday 15:00 + 1 business day = Monday 15:00;
 *  - a start on a weekend counts from the next Monday 00:00 (no business time passes at the
 *    weekend): Saturday 10:00 + 1 business day = Tuesday 00:00;
 *  - the result of adding n ≥ 1 business days is always a weekday.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const SATURDAY = 6;
const SUNDAY = 0;

export function isWeekend(at: Date): boolean {
  const day = at.getUTCDay();
  return day === SATURDAY || day === SUNDAY;
}

/** Midnight UTC of the Monday after a weekend instant. */
function nextMondayMidnight(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const daysToMonday = at.getUTCDay() === SATURDAY ? 2 : 1;
  return new Date(midnight + daysToMonday * DAY_MS);
}

/**
 * `start` plus `days` business days (a whole number ≥ 0; 0 returns `start` unchanged). Throws a
 * RangeError for anything else: a deadline computed from a bad input must not silently shift.
 */
export function addBusinessDays(start: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`business days must be a whole number >= 0 (got ${days})`);
  }
  if (Number.isNaN(start.getTime())) throw new RangeError('the start is not a valid date');
  if (days === 0) return new Date(start.getTime());
  let current = isWeekend(start) ? nextMondayMidnight(start) : new Date(start.getTime());
  // Whole weeks first (5 business days = 7 calendar days from a weekday), then day by day.
  current = new Date(current.getTime() + Math.floor(days / 5) * 7 * DAY_MS);
  let remaining = days % 5;
  while (remaining > 0) {
    current = new Date(current.getTime() + DAY_MS);
    if (!isWeekend(current)) remaining -= 1;
  }
  return current;
}

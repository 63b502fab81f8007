/**
 * Business-time arithmetic over a BusinessCalendar: due times, elapsed business time, open/closed
 * checks. Pure functions of their arguments (no clock). Cost is proportional to the number of
 * local days walked, never to the duration in minutes.
 */
import type { BusinessCalendar } from './business-calendar';
import { openIntervalsFrom } from './opening-intervals';

function instantOf(date: Date, name: string): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/** Epoch-ms core of addBusinessTime, shared with the pause-aware functions. */
export function addBusinessMs(
  calendar: BusinessCalendar,
  startMs: number,
  durationMs: number,
): number {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`durationMs must be a finite, non-negative number (got ${durationMs})`);
  }
  // A zero target is due at once, even when closed: nothing has to elapse.
  if (durationMs === 0) return startMs;
  let remaining = durationMs;
  for (const interval of openIntervalsFrom(calendar, startMs)) {
    const available = interval.end - interval.start;
    // `<=`: a budget that runs out exactly at closing time is due at closing, not next opening.
    if (remaining <= available) return interval.start + remaining;
    remaining -= available;
  }
  throw new Error('unreachable: openIntervalsFrom never ends');
}

/** Epoch-ms core of businessTimeBetween for `fromMs <= toMs`. */
export function businessMsBetween(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
): number {
  if (toMs <= fromMs) return 0;
  if (calendar.alwaysOpen) return toMs - fromMs;
  let total = 0;
  for (const interval of openIntervalsFrom(calendar, fromMs)) {
    if (interval.start >= toMs) return total;
    total += Math.min(interval.end, toMs) - interval.start;
  }
  throw new Error('unreachable: openIntervalsFrom never ends');
}

/**
 * The due time: the instant at which `durationMs` of open time has passed since `start`.
 * Lands inside open time or exactly at a closing boundary (never in closed time, except that a
 * zero duration is due at `start`).
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, durationMs: number): Date {
  return new Date(addBusinessMs(calendar, instantOf(start, 'start'), durationMs));
}

/**
 * Open time between two instants, in ms. Signed: negative when `to` is before `from` (so
 * "remaining until due" goes negative once a cycle is overdue).
 */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const fromMs = instantOf(from, 'from');
  const toMs = instantOf(to, 'to');
  return toMs >= fromMs
    ? businessMsBetween(calendar, fromMs, toMs)
    : -businessMsBetween(calendar, toMs, fromMs);
}

/** Whether `at` is inside an opening interval (start inclusive, end exclusive). */
export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  const atMs = instantOf(at, 'at');
  const first = openIntervalsFrom(calendar, atMs).next().value;
  return first.start === atMs;
}

/** The earliest open instant at or after `at` (`at` itself when open). */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  return new Date(openIntervalsFrom(calendar, instantOf(at, 'at')).next().value.start);
}

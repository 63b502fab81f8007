/**
 * Business time for SLA clocks that can be paused (pending, on hold): paused stretches count as
 * closed, on top of the calendar's closed hours.
 */
import type { BusinessCalendar } from './business-calendar';
import { addBusinessMs, businessMsBetween } from './business-time';

/** A pause; `end: null` means still paused. Intervals may overlap or be unsorted. */
export interface PausedInterval {
  readonly start: Date;
  readonly end: Date | null;
}

interface MsRange {
  readonly start: number;
  readonly end: number;
}

/** Pauses clipped to `[fromMs, ∞)`, sorted and merged so none is counted twice. */
function normalisePauses(pauses: readonly PausedInterval[], fromMs: number): MsRange[] {
  const ranges = pauses
    .map((pause, index) => {
      const start = pause.start.getTime();
      const end = pause.end === null ? Number.POSITIVE_INFINITY : pause.end.getTime();
      if (Number.isNaN(start) || Number.isNaN(end)) {
        throw new RangeError(`pausedIntervals[${index}] has an invalid Date`);
      }
      if (end < start) throw new RangeError(`pausedIntervals[${index}] ends before it starts`);
      return { start: Math.max(start, fromMs), end };
    })
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start);
  const merged: MsRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** Business time from `start` to `end` (ms, >= 0) not covered by any pause. */
export function elapsedBusinessTime(
  calendar: BusinessCalendar,
  start: Date,
  end: Date,
  pausedIntervals: readonly PausedInterval[],
): number {
  const startMs = start.getTime();
  const endMs = end.getTime();
  if (Number.isNaN(startMs) || Number.isNaN(endMs))
    throw new RangeError('start/end is an invalid Date');
  if (endMs <= startMs) return 0;
  let total = businessMsBetween(calendar, startMs, endMs);
  for (const pause of normalisePauses(pausedIntervals, startMs)) {
    if (pause.start >= endMs) break;
    total -= businessMsBetween(calendar, pause.start, Math.min(pause.end, endMs));
  }
  return total;
}

/**
 * The due time of a `targetMs` budget started at `start`, with the clock stopped during pauses:
 * the instant where elapsedBusinessTime reaches `targetMs`. Returns null when an open-ended pause
 * begins before the budget is used up (the due time is unknown until the pause ends).
 */
export function dueAfterPauses(
  calendar: BusinessCalendar,
  start: Date,
  targetMs: number,
  pausedIntervals: readonly PausedInterval[],
): Date | null {
  let cursor = start.getTime();
  if (Number.isNaN(cursor)) throw new RangeError('start is an invalid Date');
  let remaining = targetMs;
  for (const pause of normalisePauses(pausedIntervals, cursor)) {
    const due = addBusinessMs(calendar, cursor, remaining);
    // Due at or before the pause starts: the pause (and any later) cannot move it.
    if (due <= pause.start) return new Date(due);
    remaining -= businessMsBetween(calendar, cursor, pause.start);
    if (pause.end === Number.POSITIVE_INFINITY) return null;
    cursor = pause.end;
  }
  return new Date(addBusinessMs(calendar, cursor, remaining));
}

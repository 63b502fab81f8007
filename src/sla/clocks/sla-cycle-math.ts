/**
 * Business-time arithmetic on folded SLA cycles: due times, warning instants, elapsed and remaining
 * business time, all moved by the cycle's pauses (closed ones and an open one), in the calendar of
 * the policy snapshot. Pure; shared by the decider, the GET and the timers.
 */
import {
  createBusinessCalendar,
  dueAfterPauses,
  elapsedBusinessTime,
  type BusinessCalendar,
  type PausedInterval,
} from '../business-time';
import {
  toBusinessCalendarInput,
  type SlaCalendarDefinition,
} from '../calendars/sla-calendar.definition';
import type { SlaWarningInstant } from './sla-clock.events';
import type { SlaCycle } from './ticket-sla.state';

const UTC_ALWAYS_OPEN: BusinessCalendar = createBusinessCalendar({
  timeZone: 'UTC',
  alwaysOpen: true,
});

// Folded snapshots are reused object by object, so identity caching avoids re-validating the
// same calendar for every cycle of every event.
const calendars = new WeakMap<SlaCalendarDefinition, BusinessCalendar>();

/** The business calendar of a snapshot; with no policy, business time = calendar time (metrics.md). */
export function businessCalendarOf(definition: SlaCalendarDefinition | null): BusinessCalendar {
  if (definition === null) return UTC_ALWAYS_OPEN;
  let calendar = calendars.get(definition);
  if (!calendar) {
    calendar = createBusinessCalendar(toBusinessCalendarInput(definition));
    calendars.set(definition, calendar);
  }
  return calendar;
}

type CyclePauses = Pick<SlaCycle, 'pausedAt' | 'pausedIntervals'>;

/** The cycle's pauses; an open pause is open-ended, or closed at `until` when given. */
export function pausesOf(cycle: CyclePauses, until?: Date): PausedInterval[] {
  const pauses: PausedInterval[] = cycle.pausedIntervals.map((p) => ({
    start: new Date(p.from),
    end: new Date(p.to),
  }));
  if (cycle.pausedAt !== null) {
    pauses.push({ start: new Date(cycle.pausedAt), end: until ?? null });
  }
  return pauses;
}

export interface CycleBudget extends CyclePauses {
  readonly startedAt: string;
  readonly targetSeconds: number;
}

function dueOfFraction(
  calendar: BusinessCalendar,
  cycle: CycleBudget,
  fraction: number,
  until?: Date,
): Date | null {
  const budgetMs = Math.round(cycle.targetSeconds * fraction * 1000);
  return dueAfterPauses(calendar, new Date(cycle.startedAt), budgetMs, pausesOf(cycle, until));
}

/** The due time (null while paused, unless `until` closes the open pause). */
export function dueOf(calendar: BusinessCalendar, cycle: CycleBudget, until?: Date): string | null {
  return dueOfFraction(calendar, cycle, 1, until)?.toISOString() ?? null;
}

/** Instants of the thresholds not yet raised: start + threshold × target in business time, moved by pauses. */
export function warningsOf(
  calendar: BusinessCalendar,
  cycle: CycleBudget,
  thresholds: readonly number[],
  raised: readonly number[],
): SlaWarningInstant[] {
  if (cycle.pausedAt !== null) return [];
  const result: SlaWarningInstant[] = [];
  for (const threshold of thresholds) {
    if (raised.includes(threshold)) continue;
    const at = dueOfFraction(calendar, cycle, threshold);
    if (at) result.push({ threshold, at: at.toISOString() });
  }
  return result;
}

/** Business ms counted by the cycle from its start to `end` (pauses and closed hours excluded). */
export function elapsedBusinessMs(
  calendar: BusinessCalendar,
  cycle: CycleBudget,
  end: Date,
): number {
  return elapsedBusinessTime(calendar, new Date(cycle.startedAt), end, pausesOf(cycle, end));
}

export const toSeconds = (ms: number): number => Math.round(ms / 1000);

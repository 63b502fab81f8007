/**
 * The ticket's cycles as GET /tickets/{id}/sla shows them at `now` (pure). A running cycle past its
 * due time (or with a recorded breach) is `breached` even before it ends: metrics.md counts an
 * answer after the due time as breached, and the customer is already waiting too long.
 * Ended cycles are measured up to their end; a completed cycle's business time is the one it
 * recorded. Cycles ended under an earlier policy are measured in the current policy's calendar
 * (the state keeps only the current snapshot); with no policy, business time = calendar time.
 */
import type { SlaTarget } from '../shared/sla.values';
import type { SlaCancelReason } from './sla-clock.events';
import { businessCalendarOf, elapsedBusinessMs, toSeconds } from './sla-cycle-math';
import type { SlaCycle, TicketSlaState } from './ticket-sla.state';

export type SlaCycleStatus = 'active' | 'paused' | 'achieved' | 'breached' | 'cancelled';

export interface SlaCycleDescription {
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly status: SlaCycleStatus;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly targetSeconds: number;
  readonly startedAt: string;
  /** Null while paused. */
  readonly dueAt: string | null;
  /** Every pause, oldest first; `to: null` for the one still open. */
  readonly pausedIntervals: readonly { readonly from: string; readonly to: string | null }[];
  readonly elapsedBusinessSeconds: number;
  readonly elapsedCalendarSeconds: number;
  /** Negative once overdue. For an ended cycle: what was left when it ended. */
  readonly remainingBusinessSeconds: number;
  /** Calendar time until the due time (negative once overdue); null while paused. */
  readonly remainingCalendarSeconds: number | null;
  readonly warningsRaised: readonly number[];
  readonly breachedAt: string | null;
  readonly endedAt: string | null;
  readonly cancelReason: SlaCancelReason | null;
}

function statusOf(
  cycle: SlaCycle,
  remainingBusinessSeconds: number,
  endMs: number,
): SlaCycleStatus {
  // A recorded breach stays a breach, even if the cycle is later cancelled (solved with the next
  // response still unanswered) or a re-applied policy moved its due time past the answer: the
  // breach list and the compliance report (sla_cycles) count it the same way.
  if (cycle.breachedAt !== null) return 'breached';
  if (cycle.outcome !== null) return cycle.outcome;
  const overdue =
    cycle.dueAt !== null ? endMs > Date.parse(cycle.dueAt) : remainingBusinessSeconds < 0;
  if (overdue) return 'breached';
  return cycle.pausedAt !== null ? 'paused' : 'active';
}

export function describeCycles(state: TicketSlaState, now: Date): SlaCycleDescription[] {
  const calendar = businessCalendarOf(state.policy?.calendar ?? null);
  return state.cycles.map((cycle) => {
    const end = cycle.endedAt !== null ? new Date(cycle.endedAt) : now;
    const endMs = Math.max(end.getTime(), Date.parse(cycle.startedAt));
    const elapsedBusinessSeconds =
      cycle.businessSeconds ?? toSeconds(elapsedBusinessMs(calendar, cycle, new Date(endMs)));
    const remainingBusinessSeconds = cycle.targetSeconds - elapsedBusinessSeconds;
    return {
      cycleId: cycle.cycleId,
      target: cycle.target,
      status: statusOf(cycle, remainingBusinessSeconds, endMs),
      policyId: cycle.policyId,
      policyVersion: cycle.policyVersion,
      targetSeconds: cycle.targetSeconds,
      startedAt: cycle.startedAt,
      dueAt: cycle.dueAt,
      pausedIntervals: [
        ...cycle.pausedIntervals,
        ...(cycle.pausedAt !== null ? [{ from: cycle.pausedAt, to: null }] : []),
      ],
      elapsedBusinessSeconds,
      elapsedCalendarSeconds: toSeconds(endMs - Date.parse(cycle.startedAt)),
      remainingBusinessSeconds,
      remainingCalendarSeconds:
        cycle.dueAt === null ? null : toSeconds(Date.parse(cycle.dueAt) - endMs),
      warningsRaised: cycle.warningsRaised,
      breachedAt: cycle.breachedAt,
      endedAt: cycle.endedAt,
      cancelReason: cycle.cancelReason,
    };
  });
}

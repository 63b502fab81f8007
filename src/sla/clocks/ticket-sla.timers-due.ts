/**
 * What the SLA timers have to record next for a ticket, from its folded SLA state (pure): unraised
 * warning instants, unrecorded breaches and `after_breach` escalation steps of running, unpaused
 * cycles. A paused cycle has no timer (its clock is stopped); it gets them back on resume.
 */
import { addBusinessTime } from '../business-time';
import { parseIsoDuration, type SlaTarget } from '../shared/sla.values';
import { businessCalendarOf } from './sla-cycle-math';
import { runningCycles, type TicketSlaState } from './ticket-sla.state';

export type SlaPendingTimer =
  | {
      readonly kind: 'warning';
      readonly cycleId: string;
      readonly target: SlaTarget;
      readonly threshold: number;
      readonly at: string;
    }
  | {
      readonly kind: 'breach';
      readonly cycleId: string;
      readonly target: SlaTarget;
      readonly at: string;
    }
  | {
      readonly kind: 'after_breach';
      readonly cycleId: string;
      readonly target: SlaTarget;
      readonly stepIndex: number;
      readonly at: string;
    };

/** Every timer still to fire, earliest first. */
export function pendingTimers(state: TicketSlaState): SlaPendingTimer[] {
  const policy = state.policy;
  if (!policy) return [];
  const calendar = businessCalendarOf(policy.calendar);
  const timers: SlaPendingTimer[] = [];
  for (const cycle of runningCycles(state)) {
    if (cycle.pausedAt !== null || cycle.dueAt === null) continue;
    const base = { cycleId: cycle.cycleId, target: cycle.target };
    for (const warning of cycle.warningsAt) {
      timers.push({ kind: 'warning', ...base, threshold: warning.threshold, at: warning.at });
    }
    if (cycle.breachedAt === null) timers.push({ kind: 'breach', ...base, at: cycle.dueAt });
    const breachAt = new Date(cycle.breachedAt ?? cycle.dueAt);
    policy.escalation.forEach((step, stepIndex) => {
      if (step.at !== 'after_breach' || !step.targets.includes(cycle.target)) return;
      if (cycle.stepsTaken.includes(stepIndex)) return;
      const delaySeconds = step.delay === undefined ? 0 : (parseIsoDuration(step.delay) ?? 0);
      // The delay is business time of the policy's calendar, like the targets.
      const at = addBusinessTime(calendar, breachAt, delaySeconds * 1000).toISOString();
      timers.push({ kind: 'after_breach', ...base, stepIndex, at });
    });
  }
  return timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The earliest instant at which a timer has something to record for the ticket, or null. */
export function nextTimerAt(state: TicketSlaState): string | null {
  return pendingTimers(state)[0]?.at ?? null;
}

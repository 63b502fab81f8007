import type { TicketSlaState } from '../ticket-sla.state';
import { afterBreachAt } from './sla-timers.decider';

/**
 * When decideDueTimers will next have something to record for these clocks (null: never, unless
 * an event changes them): the earliest unraised warning instant, unrecorded breach, or untaken
 * escalation step among running, unpaused cycles. A step whose trigger already happened (added by
 * a re-applied policy) is due at once: the cycle's start stands for "already passed".
 *
 * Kept beside the decider rather than taken from the clocks' nextTimerAt on purpose: the deadline
 * row must agree with the decider exactly, or a timer would either fire with nothing to do again
 * and again or be lost. The spec checks the two agree.
 */
export function nextDueTimerAt(sla: TicketSlaState): Date | null {
  let earliest: number | null = null;
  const consider = (at: string | Date): void => {
    const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (earliest === null || ms < earliest) earliest = ms;
  };
  const policy = sla.policy;
  for (const cycle of sla.cycles) {
    if (cycle.endedAt !== null || cycle.pausedAt !== null || cycle.dueAt === null) continue;
    for (const warning of cycle.warningsAt) {
      if (!cycle.warningsRaised.includes(warning.threshold)) consider(warning.at);
    }
    if (cycle.breachedAt === null) consider(cycle.dueAt);
    (policy?.escalation ?? []).forEach((step, index) => {
      if (cycle.stepsTaken.includes(index) || !step.targets.includes(cycle.target)) return;
      switch (step.at) {
        case 'warning':
          if (cycle.warningsRaised.includes(step.threshold ?? NaN)) consider(cycle.startedAt);
          break;
        case 'breach':
          if (cycle.breachedAt !== null) consider(cycle.startedAt);
          break;
        case 'after_breach':
          consider(afterBreachAt(policy!, cycle.breachedAt ?? cycle.dueAt!, step.delay));
          break;
      }
    });
  }
  return earliest === null ? null : new Date(earliest);
}

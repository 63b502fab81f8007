/**
 * A ticket's SLA clocks as the fold of its SLA events alone (every clock transition is an event on
 * the ticket stream, sla-clock.events.ts), so the clocks, the timers and the reports all replay
 * the same facts and never recompute a due time from a policy that may have changed since.
 *
 * Pure: `evolveSla(state, event)` never reads a clock; non-SLA events are ignored by
 * `foldTicketSla`. The shape below is shared with the timers and the reports: additive changes only.
 */
import type { SlaTarget } from '../shared/sla.values';
import type { Priority } from '../../tickets/ticket.values';
import {
  isSlaClockEventType,
  type SlaCancelReason,
  type SlaClockEvent,
  type SlaPolicySnapshot,
  type SlaWarningInstant,
} from './sla-clock.events';

/** A closed pause of a cycle (an open one is the cycle's `pausedAt`). */
export interface SlaPausedInterval {
  readonly from: string;
  readonly to: string;
}

export type SlaCycleOutcome = 'achieved' | 'breached' | 'cancelled';

export interface SlaCycle {
  /** `<target>-<n>`, deterministic within the ticket. */
  readonly cycleId: string;
  readonly target: SlaTarget;
  /** Business seconds of the target under the policy currently measuring the cycle. */
  readonly targetSeconds: number;
  /** The policy (version) that last set this cycle's due time. */
  readonly policyId: string;
  readonly policyVersion: number;
  readonly startedAt: string;
  /** Null while paused; for an ended cycle, the due time it had when it ended. */
  readonly dueAt: string | null;
  /** When the current pause began; null when not paused. */
  readonly pausedAt: string | null;
  /** Closed pauses, oldest first. */
  readonly pausedIntervals: readonly SlaPausedInterval[];
  /** Warning instants still to be raised (empty while paused or ended). */
  readonly warningsAt: readonly SlaWarningInstant[];
  /** Thresholds already raised, in the order they were raised. */
  readonly warningsRaised: readonly number[];
  /**
   * The breach instant (= due time): recorded by the timers (SlaBreached), or, for a cycle that
   * completed late before any timer ran, its due time.
   */
  readonly breachedAt: string | null;
  readonly endedAt: string | null;
  readonly outcome: SlaCycleOutcome | null;
  readonly cancelReason: SlaCancelReason | null;
  /** Escalation step indexes (into policy.escalation) already taken for this cycle. */
  readonly stepsTaken: readonly number[];
  /** Set when the cycle completed (SlaCycleCompleted). */
  readonly businessSeconds: number | null;
  readonly calendarSeconds: number | null;
}

/** The policy the ticket is measured by, as last applied. */
export interface TicketSlaPolicy extends SlaPolicySnapshot {
  /** The ticket priority the targets were taken for. */
  readonly priority: Priority;
  readonly appliedAt: string;
}

export interface TicketSlaState {
  readonly policy: TicketSlaPolicy | null;
  /** Every cycle ever started, in start order (ended ones included). */
  readonly cycles: readonly SlaCycle[];
  /** `nextDueAt` of the last SLA event that carries one. */
  readonly nextDueAt: string | null;
}

export const INITIAL_TICKET_SLA_STATE: TicketSlaState = {
  policy: null,
  cycles: [],
  nextDueAt: null,
};

/** A running cycle: not ended (it may be paused, or overdue). */
export function isRunning(cycle: SlaCycle): boolean {
  return cycle.endedAt === null;
}

export function runningCycles(state: TicketSlaState): readonly SlaCycle[] {
  return state.cycles.filter(isRunning);
}

export function findCycle(state: TicketSlaState, cycleId: string): SlaCycle | undefined {
  return state.cycles.find((cycle) => cycle.cycleId === cycleId);
}

/** How many cycles of `target` were started (the n of the next `<target>-<n>` is this + 1). */
export function cycleCount(state: TicketSlaState, target: SlaTarget): number {
  return state.cycles.filter((cycle) => cycle.target === target).length;
}

function updateCycle(
  state: TicketSlaState,
  cycleId: string,
  change: (cycle: SlaCycle) => SlaCycle,
): readonly SlaCycle[] {
  return state.cycles.map((cycle) => (cycle.cycleId === cycleId ? change(cycle) : cycle));
}

/** Ends an open pause at `at` (a cycle that ends or resumes while paused). */
function closePause(cycle: SlaCycle, at: string): Pick<SlaCycle, 'pausedAt' | 'pausedIntervals'> {
  return cycle.pausedAt === null
    ? { pausedAt: null, pausedIntervals: cycle.pausedIntervals }
    : {
        pausedAt: null,
        pausedIntervals: [...cycle.pausedIntervals, { from: cycle.pausedAt, to: at }],
      };
}

function cancel(cycle: SlaCycle, reason: SlaCancelReason, at: string): SlaCycle {
  if (!isRunning(cycle)) return cycle;
  return {
    ...cycle,
    ...closePause(cycle, at),
    warningsAt: [],
    endedAt: at,
    outcome: 'cancelled',
    cancelReason: reason,
  };
}

function withNextDue(state: TicketSlaState, event: SlaClockEvent): string | null {
  return 'nextDueAt' in event.data ? event.data.nextDueAt : state.nextDueAt;
}

export function evolveSla(state: TicketSlaState, event: SlaClockEvent): TicketSlaState {
  const nextDueAt = withNextDue(state, event);
  switch (event.type) {
    case 'SlaPolicyApplied': {
      const d = event.data;
      const snapshots = d.cycles;
      const policy: TicketSlaPolicy = {
        policyId: d.policyId,
        policyVersion: d.policyVersion,
        policyName: d.policyName,
        calendarId: d.calendarId,
        calendarVersion: d.calendarVersion,
        calendar: d.calendar,
        targets: d.targets,
        pauses: d.pauses,
        warningThresholds: d.warningThresholds,
        escalation: d.escalation,
        priority: d.priority,
        appliedAt: d.appliedAt,
      };
      const cycles = state.cycles.map((cycle) => {
        const s = snapshots.find((candidate) => candidate.cycleId === cycle.cycleId);
        if (!s || !isRunning(cycle)) return cycle;
        // The new policy may pause (or stop pausing) the cycle in the ticket's current status.
        const pause =
          s.pausedAt === null
            ? closePause(cycle, d.appliedAt)
            : { pausedAt: cycle.pausedAt ?? s.pausedAt, pausedIntervals: cycle.pausedIntervals };
        return {
          ...cycle,
          ...pause,
          targetSeconds: d.targets[cycle.target] ?? cycle.targetSeconds,
          policyId: d.policyId,
          policyVersion: d.policyVersion,
          dueAt: s.dueAt,
          warningsAt: s.warningsAt,
        };
      });
      return { policy, cycles, nextDueAt };
    }
    case 'SlaPolicyRemoved': {
      const d = event.data;
      const cycles = state.cycles.map((cycle) =>
        d.cancelledCycleIds.includes(cycle.cycleId)
          ? cancel(cycle, 'policy_removed', d.removedAt)
          : cycle,
      );
      return { policy: null, cycles, nextDueAt };
    }
    case 'SlaCycleStarted': {
      const d = event.data;
      const cycle: SlaCycle = {
        cycleId: d.cycleId,
        target: d.target,
        targetSeconds: d.targetSeconds,
        policyId: d.policyId,
        policyVersion: d.policyVersion,
        startedAt: d.startedAt,
        dueAt: d.dueAt,
        pausedAt: d.dueAt === null ? d.startedAt : null,
        pausedIntervals: [],
        warningsAt: d.warningsAt,
        warningsRaised: [],
        breachedAt: null,
        endedAt: null,
        outcome: null,
        cancelReason: null,
        stepsTaken: [],
        businessSeconds: null,
        calendarSeconds: null,
      };
      const others = state.cycles.filter((existing) => existing.cycleId !== d.cycleId);
      return { ...state, cycles: [...others, cycle], nextDueAt };
    }
    case 'SlaCyclePaused': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        !isRunning(cycle) || cycle.pausedAt !== null
          ? cycle
          : { ...cycle, pausedAt: d.pausedAt, dueAt: null, warningsAt: [] },
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaCycleResumed': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        !isRunning(cycle)
          ? cycle
          : {
              ...cycle,
              pausedAt: null,
              pausedIntervals:
                cycle.pausedAt === null
                  ? cycle.pausedIntervals
                  : [...cycle.pausedIntervals, { from: cycle.pausedAt, to: d.resumedAt }],
              dueAt: d.dueAt,
              warningsAt: d.warningsAt,
            },
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaCycleCompleted': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        !isRunning(cycle)
          ? cycle
          : {
              ...cycle,
              ...closePause(cycle, d.completedAt),
              dueAt: d.dueAt,
              warningsAt: [],
              endedAt: d.completedAt,
              outcome: d.outcome,
              breachedAt: cycle.breachedAt ?? (d.outcome === 'breached' ? d.dueAt : null),
              businessSeconds: d.businessSeconds,
              calendarSeconds: d.calendarSeconds,
            },
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaCycleCancelled': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        cancel(cycle, d.reason, d.cancelledAt),
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaWarningRaised': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        cycle.warningsRaised.includes(d.threshold)
          ? cycle
          : {
              ...cycle,
              warningsAt: cycle.warningsAt.filter((w) => w.threshold !== d.threshold),
              warningsRaised: [...cycle.warningsRaised, d.threshold],
            },
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaBreached': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        cycle.breachedAt !== null ? cycle : { ...cycle, breachedAt: d.breachedAt },
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaEscalationStepTaken': {
      const d = event.data;
      const cycles = updateCycle(state, d.cycleId, (cycle) =>
        cycle.stepsTaken.includes(d.stepIndex)
          ? cycle
          : { ...cycle, stepsTaken: [...cycle.stepsTaken, d.stepIndex] },
      );
      return { ...state, cycles, nextDueAt };
    }
    case 'SlaEscalationNotified':
      return state;
  }
}

/** Anything shaped like a stored event (RecordedEvent, or `{ type, data }` in tests). */
export interface SlaFoldableEvent {
  readonly type: string;
  readonly data: unknown;
}

export function asSlaClockEvent(event: SlaFoldableEvent): SlaClockEvent | undefined {
  return isSlaClockEventType(event.type) ? (event as SlaClockEvent) : undefined;
}

/** The SLA state of a ticket stream: its SLA events folded in order, every other event ignored. */
export function foldTicketSla(
  events: readonly SlaFoldableEvent[],
  initial: TicketSlaState = INITIAL_TICKET_SLA_STATE,
): TicketSlaState {
  let state = initial;
  for (const event of events) {
    const sla = asSlaClockEvent(event);
    if (sla) state = evolveSla(state, sla);
  }
  return state;
}

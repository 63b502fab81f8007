/**
 * The SLA clocks' reaction to ticket events (pure): given the ticket's SLA state (the fold of its
 * SLA events), the ticket before the command, the ticket events the command decided, `now` and —
 * only when the ticket's facts changed — the matching policy, it returns the SLA events to append
 * after the ticket events, in the same append.
 *
 * Rules (every time is the ticket event's own, which is the command's `now`):
 * - Policy (re)application. On TicketOpened (reason `opened`) and when TicketReprioritised,
 *   TicketClassified or TicketCustomerTierChanged changed the facts (priority, customer tier,
 *   channel, type, tags; reason `ticket_changed`), `match` is the currently matching policy and its calendar. It is applied
 *   (SlaPolicyApplied) when it differs from the current one: policy id or version, calendar id or
 *   version, or the targets for the ticket's (new) priority. No match but a policy → SlaPolicyRemoved,
 *   then SlaCycleCancelled(`policy_removed`) for every running cycle. `match === undefined` means
 *   the facts did not change: no (re)application.
 * - Opening with a policy: SlaPolicyApplied (cycles: []) then SlaCycleStarted for firstResponse-1
 *   (start = receivedAt) and resolution-1 (start = openedAt), for the targets the policy has for
 *   the ticket's priority.
 * - Re-application: running cycles keep their start and paused intervals and get
 *   dueAfterPauses under the new target and calendar (pauses are never forgotten); whether a cycle
 *   is paused follows the new policy's pauses for the current status (a pause it no longer
 *   has ends at the application; one it adds begins there). A target the new policy lacks →
 *   SlaCycleCancelled(`target_removed`). Ended cycles never change. Then whatever cycles would be
 *   running now but are not start from their true start (so they may already be overdue; the
 *   timers record the breach at once): first response (no public agent reply yet; from
 *   receivedAt), resolution (not solved; from the last reopening, else openedAt), next response
 *   (the customer awaits an answer; from their first message after the last agent reply). Pauses
 *   before the policy was applied are not reconstructed, except the current one (from the moment
 *   the ticket entered its current pausing status).
 * - TicketReplied by a human agent (author.kind `agent`; automated replies and internal notes do
 *   nothing): completes the running firstResponse and nextResponse cycles, `breached` when the
 *   reply came after the due time, else `achieved`.
 * - TicketReplied by the customer: when no response cycle is running and an agent has replied
 *   publicly before, starts nextResponse-n at repliedAt — decided after the command's other
 *   events (a reply to a pending ticket also resumes it; one to a solved ticket reopens it), so the
 *   cycle starts paused only when the ticket's resulting status pauses nextResponse.
 * - TicketMarkedPending / TicketPutOnHold: pauses running cycles whose target is in
 *   policy.pauses[status] (SlaCyclePaused with the business seconds left); moving between the two
 *   re-evaluates (cycles the new status does not pause resume). TicketResumed / TicketReopened:
 *   paused cycles resume (SlaCycleResumed with the new dueAt and the unraised warnings' instants).
 * - TicketSolved: completes resolution; cancels running firstResponse/nextResponse (`solved`).
 *   TicketReopened: starts resolution-n at reopenedAt with the full target.
 *   TicketClosed / TicketMerged: cancels everything running (`closed` / `merged`).
 * - Every event's nextDueAt is the earliest dueAt among running, unpaused cycles after it.
 * - Warning instants: start + threshold × target in business time, moved by pauses; thresholds
 *   already raised are not listed again.
 */
import type { SlaCalendarDefinition } from '../calendars/sla-calendar.definition';
import type { VersionedPolicy } from '../policies/match-policy';
import { targetSeconds as targetsForPriority } from '../policies/sla-policy.definition';
import { SLA_TARGETS, type SlaTarget } from '../shared/sla.values';
import type { TicketEvent } from '../../tickets/ticket.events';
import { evolve, type Ticket, type TicketState } from '../../tickets/ticket.state';
import type {
  SlaCancelReason,
  SlaClockEvent,
  SlaCycleSnapshot,
  SlaPolicySnapshot,
} from './sla-clock.events';
import {
  businessCalendarOf,
  dueOf,
  elapsedBusinessMs,
  toSeconds,
  warningsOf,
} from './sla-cycle-math';
import {
  cycleCount,
  evolveSla,
  runningCycles,
  type SlaCycle,
  type TicketSlaPolicy,
  type TicketSlaState,
} from './ticket-sla.state';

export { describeCycles, type SlaCycleDescription } from './ticket-sla.describe';
export { nextTimerAt, pendingTimers, type SlaPendingTimer } from './ticket-sla.timers-due';

export interface VersionedCalendar {
  readonly id: string;
  readonly version: number;
  readonly definition: SlaCalendarDefinition;
}

/** The currently matching policy with its calendar. */
export interface SlaMatch {
  readonly policy: VersionedPolicy;
  readonly calendar: VersionedCalendar;
}

export interface SlaReactionInput {
  readonly sla: TicketSlaState;
  readonly ticketBefore: TicketState;
  readonly ticketEvents: readonly TicketEvent[];
  readonly now: Date;
  /** Undefined: the facts did not change (no lookup). Null: no policy matches. */
  readonly match: SlaMatch | null | undefined;
}

const RESPONSE_TARGETS: readonly SlaTarget[] = ['firstResponse', 'nextResponse'];

/** The ticket events after which the policy is (re)evaluated. */
export const FACT_CHANGING_EVENT_TYPES = [
  'TicketOpened',
  'TicketReprioritised',
  'TicketClassified',
  'TicketCustomerTierChanged',
] as const;

export function changesFacts(events: readonly TicketEvent[]): boolean {
  return events.some((event) =>
    (FACT_CHANGING_EVENT_TYPES as readonly string[]).includes(event.type),
  );
}

/** The snapshot of `match` for a ticket of `priority`. */
export function snapshotOf(match: SlaMatch, priority: Ticket['priority']): SlaPolicySnapshot {
  const d = match.policy.definition;
  return {
    policyId: match.policy.id,
    policyVersion: match.policy.version,
    policyName: d.name,
    calendarId: match.calendar.id,
    calendarVersion: match.calendar.version,
    calendar: match.calendar.definition,
    targets: targetsForPriority(d, priority),
    pauses: d.pauses,
    warningThresholds: d.warningThresholds,
    escalation: d.escalation,
  };
}

function sameMeasure(current: TicketSlaPolicy, next: SlaPolicySnapshot): boolean {
  return (
    current.policyId === next.policyId &&
    current.policyVersion === next.policyVersion &&
    current.calendarId === next.calendarId &&
    current.calendarVersion === next.calendarVersion &&
    SLA_TARGETS.every((target) => current.targets[target] === next.targets[target])
  );
}

/** Whether `status` pauses `target` under `policy`. */
function pauses(policy: SlaPolicySnapshot, status: Ticket['status'], target: SlaTarget): boolean {
  return (status === 'pending' || status === 'on_hold') && policy.pauses[status].includes(target);
}

function earliestDue(state: TicketSlaState): string | null {
  let earliest: string | null = null;
  for (const cycle of runningCycles(state)) {
    if (cycle.pausedAt !== null || cycle.dueAt === null) continue;
    if (earliest === null || Date.parse(cycle.dueAt) < Date.parse(earliest)) earliest = cycle.dueAt;
  }
  return earliest;
}

/** Accumulates events, folding each into the SLA state and stamping its nextDueAt. */
class Outbox {
  readonly events: SlaClockEvent[] = [];
  constructor(public sla: TicketSlaState) {}

  emit(event: SlaClockEvent): void {
    const after = evolveSla(this.sla, event);
    let stamped = event;
    if ('nextDueAt' in event.data && event.type !== 'SlaPolicyRemoved') {
      stamped = {
        ...event,
        data: { ...event.data, nextDueAt: earliestDue(after) },
      } as SlaClockEvent;
    }
    this.events.push(stamped);
    this.sla = {
      ...after,
      nextDueAt: 'nextDueAt' in stamped.data ? stamped.data.nextDueAt : after.nextDueAt,
    };
  }
}

export function reactToTicketEvents(input: SlaReactionInput): SlaClockEvent[] {
  const out = new Outbox(input.sla);
  let ticket = input.ticketBefore;
  let customerReplyAt: string | null = null;
  for (const event of input.ticketEvents) {
    ticket = evolve(ticket, event);
    if (!ticket.exists) continue;
    switch (event.type) {
      case 'TicketOpened':
        if (input.match) applyPolicy(out, ticket, input.match, 'opened', event.data.openedAt);
        break;
      case 'TicketReprioritised':
        reevaluate(out, ticket, input.match, event.data.reprioritisedAt);
        break;
      case 'TicketClassified':
        reevaluate(out, ticket, input.match, event.data.classifiedAt);
        break;
      case 'TicketCustomerTierChanged':
        reevaluate(out, ticket, input.match, event.data.changedAt);
        break;
      case 'TicketReplied':
        if (event.data.author.kind === 'agent') {
          for (const cycle of runningCycles(out.sla)) {
            if (RESPONSE_TARGETS.includes(cycle.target)) {
              complete(out, ticket, cycle, event.data.repliedAt);
            }
          }
        } else if (event.data.author.kind === 'customer') {
          customerReplyAt = event.data.repliedAt;
        }
        break;
      case 'TicketMarkedPending':
        repause(out, ticket, event.data.markedPendingAt);
        break;
      case 'TicketPutOnHold':
        repause(out, ticket, event.data.putOnHoldAt);
        break;
      case 'TicketResumed':
        repause(out, ticket, event.data.resumedAt);
        break;
      case 'TicketSolved':
        for (const cycle of runningCycles(out.sla)) {
          if (cycle.target === 'resolution') complete(out, ticket, cycle, event.data.solvedAt);
          else cancel(out, ticket, cycle, 'solved', event.data.solvedAt);
        }
        break;
      case 'TicketReopened':
        repause(out, ticket, event.data.reopenedAt);
        startCycle(out, ticket, 'resolution', event.data.reopenedAt, event.data.reopenedAt);
        break;
      case 'TicketClosed':
        cancelAll(out, ticket, 'closed', event.data.closedAt);
        break;
      case 'TicketMerged':
        cancelAll(out, ticket, 'merged', event.data.mergedAt);
        break;
      default:
        break;
    }
  }
  if (customerReplyAt !== null && ticket.exists) {
    startNextResponse(out, ticket, customerReplyAt, customerReplyAt);
  }
  return out.events;
}

function reevaluate(
  out: Outbox,
  ticket: Ticket,
  match: SlaMatch | null | undefined,
  at: string,
): void {
  if (match === undefined) return;
  if (match !== null) {
    applyPolicy(out, ticket, match, 'ticket_changed', at);
    return;
  }
  const current = out.sla.policy;
  if (current === null) return;
  const running = runningCycles(out.sla);
  out.emit({
    type: 'SlaPolicyRemoved',
    data: {
      ticketId: ticket.id,
      previousPolicyId: current.policyId,
      previousPolicyVersion: current.policyVersion,
      cancelledCycleIds: running.map((cycle) => cycle.cycleId),
      nextDueAt: null,
      removedAt: at,
    },
  });
  for (const cycle of running) {
    out.emit({
      type: 'SlaCycleCancelled',
      data: {
        ticketId: ticket.id,
        cycleId: cycle.cycleId,
        target: cycle.target,
        reason: 'policy_removed',
        cancelledAt: at,
        nextDueAt: null,
      },
    });
  }
}

function applyPolicy(
  out: Outbox,
  ticket: Ticket,
  match: SlaMatch,
  reason: 'opened' | 'ticket_changed',
  at: string,
): void {
  const snapshot = snapshotOf(match, ticket.priority);
  const current = out.sla.policy;
  if (current !== null && sameMeasure(current, snapshot)) return;
  const calendar = businessCalendarOf(snapshot.calendar);
  const cycles: SlaCycleSnapshot[] = [];
  const removed: SlaCycle[] = [];
  for (const cycle of runningCycles(out.sla)) {
    const target = snapshot.targets[cycle.target];
    if (target === undefined) {
      removed.push(cycle);
      continue;
    }
    const shouldPause = pauses(snapshot, ticket.status, cycle.target);
    const pausedAt = shouldPause ? (cycle.pausedAt ?? at) : null;
    const pausedIntervals =
      !shouldPause && cycle.pausedAt !== null
        ? [...cycle.pausedIntervals, { from: cycle.pausedAt, to: at }]
        : cycle.pausedIntervals;
    const budget = { startedAt: cycle.startedAt, targetSeconds: target, pausedAt, pausedIntervals };
    cycles.push({
      cycleId: cycle.cycleId,
      target: cycle.target,
      startedAt: cycle.startedAt,
      dueAt: dueOf(calendar, budget),
      pausedAt,
      warningsAt: warningsOf(calendar, budget, snapshot.warningThresholds, cycle.warningsRaised),
    });
  }
  out.emit({
    type: 'SlaPolicyApplied',
    data: {
      ...snapshot,
      ticketId: ticket.id,
      priority: ticket.priority,
      reason,
      previousPolicyId: current?.policyId ?? null,
      previousPolicyVersion: current?.policyVersion ?? null,
      cycles,
      nextDueAt: null,
      appliedAt: at,
    },
  });
  for (const cycle of removed) cancel(out, ticket, cycle, 'target_removed', at);
  startMissingCycles(out, ticket, reason, at);
}

/** Starts, from their true start, the cycles that would be running now but are not. */
function startMissingCycles(
  out: Outbox,
  ticket: Ticket,
  reason: 'opened' | 'ticket_changed',
  at: string,
): void {
  if (ticket.status === 'solved' || ticket.status === 'closed') return;
  const running = runningCycles(out.sla);
  const runs = (target: SlaTarget): boolean => running.some((cycle) => cycle.target === target);
  const firstResponseEnded = out.sla.cycles.some(
    (cycle) =>
      cycle.target === 'firstResponse' &&
      cycle.endedAt !== null &&
      cycle.cancelReason !== 'target_removed' &&
      cycle.cancelReason !== 'policy_removed',
  );
  if (ticket.firstAgentReplyAt === null && !runs('firstResponse') && !firstResponseEnded) {
    startCycle(out, ticket, 'firstResponse', ticket.receivedAt, at);
  }
  if (!runs('resolution')) {
    startCycle(out, ticket, 'resolution', ticket.lastReopenedAt ?? ticket.openedAt, at);
  }
  if (reason === 'ticket_changed') {
    const awaitingSince = customerAwaitingSince(ticket);
    if (awaitingSince !== null) startNextResponse(out, ticket, awaitingSince, at);
  }
}

/** The customer's first message after the last public agent reply, if there is one. */
function customerAwaitingSince(ticket: Ticket): string | null {
  if (ticket.lastAgentReplyAt === null) return null;
  const lastAgent = Date.parse(ticket.lastAgentReplyAt);
  for (const message of ticket.conversation) {
    if (message.kind === 'reply' && message.author.kind === 'customer') {
      if (Date.parse(message.at) >= lastAgent) return message.at;
    }
  }
  return null;
}

function startNextResponse(out: Outbox, ticket: Ticket, startedAt: string, at: string): void {
  if (ticket.status === 'solved' || ticket.status === 'closed') return;
  if (ticket.publicAgentReplyCount === 0) return;
  const responding = runningCycles(out.sla).some((cycle) =>
    RESPONSE_TARGETS.includes(cycle.target),
  );
  if (!responding) startCycle(out, ticket, 'nextResponse', startedAt, at);
}

/**
 * Starts `<target>-<n+1>` at `startedAt` when the policy has the target. When the ticket's status
 * pauses it, the pause began when that status began (or at the start, if later): a cycle paused
 * from its start has no due time; one whose true start came before the pause is started running
 * and paused at once, so the business time before the pause still counts.
 */
function startCycle(
  out: Outbox,
  ticket: Ticket,
  target: SlaTarget,
  startedAt: string,
  at: string,
): void {
  const policy = out.sla.policy;
  const seconds = policy?.targets[target];
  if (!policy || seconds === undefined) return;
  const calendar = businessCalendarOf(policy.calendar);
  const pausedAt = pauses(policy, ticket.status, target)
    ? latest(startedAt, earliestOf(ticket.statusChangedAt, at))
    : null;
  const pausedFromStart = pausedAt !== null && pausedAt === startedAt;
  const budget = {
    startedAt,
    targetSeconds: seconds,
    pausedAt: pausedFromStart ? startedAt : null,
    pausedIntervals: [],
  };
  const cycleId = `${target}-${cycleCount(out.sla, target) + 1}`;
  out.emit({
    type: 'SlaCycleStarted',
    data: {
      ticketId: ticket.id,
      cycleId,
      target,
      policyId: policy.policyId,
      policyVersion: policy.policyVersion,
      targetSeconds: seconds,
      startedAt,
      dueAt: dueOf(calendar, budget),
      warningsAt: warningsOf(calendar, budget, policy.warningThresholds, []),
      nextDueAt: null,
    },
  });
  if (pausedAt !== null && !pausedFromStart) {
    const cycle = out.sla.cycles.find((c) => c.cycleId === cycleId);
    if (cycle) pause(out, ticket, cycle, pausedAt);
  }
}

const latest = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);
const earliestOf = (a: string, b: string): string => (Date.parse(a) <= Date.parse(b) ? a : b);

/** Pauses or resumes every running cycle as the ticket's current status requires. */
function repause(out: Outbox, ticket: Ticket, at: string): void {
  const policy = out.sla.policy;
  if (!policy) return;
  const calendar = businessCalendarOf(policy.calendar);
  for (const cycle of runningCycles(out.sla)) {
    const shouldPause = pauses(policy, ticket.status, cycle.target);
    if (shouldPause && cycle.pausedAt === null) {
      pause(out, ticket, cycle, at);
    } else if (!shouldPause && cycle.pausedAt !== null) {
      const resumed = {
        ...cycle,
        pausedAt: null,
        pausedIntervals: [...cycle.pausedIntervals, { from: cycle.pausedAt, to: at }],
      };
      out.emit({
        type: 'SlaCycleResumed',
        data: {
          ticketId: ticket.id,
          cycleId: cycle.cycleId,
          target: cycle.target,
          resumedAt: at,
          pausedAt: cycle.pausedAt,
          dueAt: dueOf(calendar, resumed) ?? at,
          warningsAt: warningsOf(calendar, resumed, policy.warningThresholds, cycle.warningsRaised),
          nextDueAt: null,
        },
      });
    }
  }
}

function pause(out: Outbox, ticket: Ticket, cycle: SlaCycle, at: string): void {
  if (ticket.status !== 'pending' && ticket.status !== 'on_hold') return;
  const calendar = businessCalendarOf(out.sla.policy?.calendar ?? null);
  const elapsed = elapsedBusinessMs(calendar, cycle, new Date(at));
  out.emit({
    type: 'SlaCyclePaused',
    data: {
      ticketId: ticket.id,
      cycleId: cycle.cycleId,
      target: cycle.target,
      status: ticket.status,
      pausedAt: at,
      remainingSeconds: cycle.targetSeconds - toSeconds(elapsed),
      nextDueAt: null,
    },
  });
}

function complete(out: Outbox, ticket: Ticket, cycle: SlaCycle, at: string): void {
  const policy = out.sla.policy;
  const calendar = businessCalendarOf(policy?.calendar ?? null);
  const end = new Date(at);
  // A cycle ending while paused is measured as if it resumed at its end.
  const dueAt = dueOf(calendar, cycle, end) ?? at;
  out.emit({
    type: 'SlaCycleCompleted',
    data: {
      ticketId: ticket.id,
      cycleId: cycle.cycleId,
      target: cycle.target,
      outcome: end.getTime() > Date.parse(dueAt) ? 'breached' : 'achieved',
      startedAt: cycle.startedAt,
      dueAt,
      completedAt: at,
      businessSeconds: toSeconds(elapsedBusinessMs(calendar, cycle, end)),
      calendarSeconds: toSeconds(end.getTime() - Date.parse(cycle.startedAt)),
      nextDueAt: null,
    },
  });
}

function cancel(
  out: Outbox,
  ticket: Ticket,
  cycle: SlaCycle,
  reason: SlaCancelReason,
  at: string,
): void {
  out.emit({
    type: 'SlaCycleCancelled',
    data: {
      ticketId: ticket.id,
      cycleId: cycle.cycleId,
      target: cycle.target,
      reason,
      cancelledAt: at,
      nextDueAt: null,
    },
  });
}

function cancelAll(out: Outbox, ticket: Ticket, reason: SlaCancelReason, at: string): void {
  for (const cycle of runningCycles(out.sla)) cancel(out, ticket, cycle, reason, at);
}

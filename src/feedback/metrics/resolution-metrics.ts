/**
 * Resolution durations (metrics.md, version METRIC_DEFINITIONS_VERSION), attributed to the
 * assignee and team recorded on the solve that completes them.
 *
 * - first resolution: opening -> first solve.
 * - full resolution: opening -> last solve; only while that solve stands (a reopened ticket that
 *   is not solved again has no full resolution yet). Measured from the opening, never from a reopen.
 * - requester wait: full resolution minus time on hold; agent work: also minus time pending.
 */
import { calendarDuration, type BusinessDuration } from './business-time';
import type { SolveFact, TicketTimeline, WaitInterval } from './ticket-timeline';

export interface ResolutionMeasurement {
  readonly ticketId: string;
  readonly calendarMs: number;
  readonly businessMs: number;
  readonly completedAt: number;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
}

export function firstResolutionTime(
  ticket: TicketTimeline,
  business: BusinessDuration = calendarDuration,
): ResolutionMeasurement | null {
  return ticket.firstSolve === null ? null : resolvedBy(ticket, ticket.firstSolve, [], business);
}

export function fullResolutionTime(
  ticket: TicketTimeline,
  business: BusinessDuration = calendarDuration,
): ResolutionMeasurement | null {
  return ticket.standingSolve === null
    ? null
    : resolvedBy(ticket, ticket.standingSolve, [], business);
}

export function requesterWaitTime(
  ticket: TicketTimeline,
  business: BusinessDuration = calendarDuration,
): ResolutionMeasurement | null {
  return ticket.standingSolve === null
    ? null
    : resolvedBy(ticket, ticket.standingSolve, ['on_hold'], business);
}

export function agentWorkTime(
  ticket: TicketTimeline,
  business: BusinessDuration = calendarDuration,
): ResolutionMeasurement | null {
  return ticket.standingSolve === null
    ? null
    : resolvedBy(ticket, ticket.standingSolve, ['on_hold', 'pending'], business);
}

function resolvedBy(
  ticket: TicketTimeline,
  solve: SolveFact,
  excluded: readonly WaitInterval['status'][],
  business: BusinessDuration,
): ResolutionMeasurement {
  let calendarMs = solve.at - ticket.openedAt;
  let businessMs = business(ticket.openedAt, solve.at, ticket);
  for (const wait of ticket.waits) {
    if (!excluded.includes(wait.status)) continue;
    // Only the part of the wait inside [opening, solve] is taken off.
    const from = Math.max(wait.from, ticket.openedAt);
    const to = Math.min(wait.to ?? solve.at, solve.at);
    if (to <= from) continue;
    calendarMs -= to - from;
    businessMs -= business(from, to, ticket);
  }
  return {
    ticketId: ticket.ticketId,
    calendarMs,
    businessMs,
    completedAt: solve.at,
    assigneeId: solve.assigneeId,
    teamId: solve.teamId,
  };
}

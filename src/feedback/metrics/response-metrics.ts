/**
 * First and next response times (metrics.md, version METRIC_DEFINITIONS_VERSION). A response is a
 * public reply by a human agent; the timeline already excludes notes, the receipt acknowledgement
 * and bot replies. Each measurement is attributed to the moment and agent that completed it.
 */
import { calendarDuration, type BusinessDuration } from './business-time';
import { summarise, type DistributionSummary } from './statistics';
import type { TicketTimeline } from './ticket-timeline';

export interface ResponseMeasurement {
  readonly ticketId: string;
  readonly calendarMs: number;
  readonly businessMs: number;
  /** When the response was sent: the period it belongs to. */
  readonly completedAt: number;
  readonly agentId: string;
  readonly teamId: string | null;
}

export interface DurationSummaries {
  readonly calendar: DistributionSummary;
  readonly business: DistributionSummary;
}

/** Null while the ticket awaits its first response: unanswered tickets are not in the distribution. */
export function firstResponseTime(
  ticket: TicketTimeline,
  business: BusinessDuration = calendarDuration,
): ResponseMeasurement | null {
  const reply = ticket.firstResponse;
  if (reply === null) return null;
  return {
    ticketId: ticket.ticketId,
    calendarMs: reply.at - ticket.openedAt,
    businessMs: business(ticket.openedAt, reply.at, ticket),
    completedAt: reply.at,
    agentId: reply.agentId,
    teamId: reply.teamId,
  };
}

/** One measurement per answered next-response cycle; cycles still waiting are left out. */
export function nextResponseTimes(
  ticket: TicketTimeline,
  business: BusinessDuration = calendarDuration,
): readonly ResponseMeasurement[] {
  const measurements: ResponseMeasurement[] = [];
  for (const cycle of ticket.responseCycles) {
    if (cycle.answer === null) continue;
    measurements.push({
      ticketId: ticket.ticketId,
      calendarMs: cycle.answer.at - cycle.startedAt,
      businessMs: business(cycle.startedAt, cycle.answer.at, ticket),
      completedAt: cycle.answer.at,
      agentId: cycle.answer.agentId,
      teamId: cycle.answer.teamId,
    });
  }
  return measurements;
}

export function summariseDurations(
  measurements: readonly { readonly calendarMs: number; readonly businessMs: number }[],
): DurationSummaries {
  return {
    calendar: summarise(measurements.map((m) => m.calendarMs)),
    business: summarise(measurements.map((m) => m.businessMs)),
  };
}

export interface AwaitingFirstResponse {
  readonly ticketId: string;
  readonly openedAt: number;
  readonly ageMs: number;
}

/**
 * Tickets still waiting for a first response at `nowMs`, oldest first. `now` is an input (never
 * the clock) so a report is reproducible as of the position it reflects. Solved and closed tickets
 * wait for nothing, and tickets opened after `nowMs` did not exist yet.
 */
export function awaitingFirstResponse(
  tickets: Iterable<TicketTimeline>,
  nowMs: number,
): readonly AwaitingFirstResponse[] {
  const waiting: AwaitingFirstResponse[] = [];
  for (const ticket of tickets) {
    if (ticket.firstResponse !== null || ticket.openedAt > nowMs) continue;
    if (ticket.status === 'solved' || ticket.status === 'closed') continue;
    waiting.push({
      ticketId: ticket.ticketId,
      openedAt: ticket.openedAt,
      ageMs: nowMs - ticket.openedAt,
    });
  }
  return waiting.sort((a, b) => a.openedAt - b.openedAt || (a.ticketId < b.ticketId ? -1 : 1));
}

/**
 * Ticket rates (metrics.md, version METRIC_DEFINITIONS_VERSION). Rates are fractions in [0, 1],
 * null when the denominator is empty. "Solved tickets" are tickets solved at least once (a reopened
 * ticket stays in the denominator, or reopen rate could never see it).
 */
import { SOLVED_WITHIN_MS } from './metric-definitions';
import { ratio } from './statistics';
import type { TicketTimeline } from './ticket-timeline';
import type { SupportLevel } from '../../tickets/ticket.values';

export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  readonly rate: number | null;
}

function rateOf(
  tickets: Iterable<TicketTimeline>,
  inDenominator: (t: TicketTimeline) => boolean,
  inNumerator: (t: TicketTimeline) => boolean,
): Rate {
  let numerator = 0;
  let denominator = 0;
  for (const ticket of tickets) {
    if (!inDenominator(ticket)) continue;
    denominator += 1;
    if (inNumerator(ticket)) numerator += 1;
  }
  return { numerator, denominator, rate: ratio(numerator, denominator) };
}

const wasSolved = (t: TicketTimeline): boolean => t.firstSolve !== null;

/** One-touch: solved, exactly one public human agent reply, never reopened. */
export function isFirstContactResolution(ticket: TicketTimeline): boolean {
  return wasSolved(ticket) && ticket.publicAgentReplyCount === 1 && ticket.reopenCount === 0;
}

export function firstContactResolutionRate(tickets: Iterable<TicketTimeline>): Rate {
  return rateOf(tickets, wasSolved, isFirstContactResolution);
}

export function reopenRate(tickets: Iterable<TicketTimeline>): Rate {
  return rateOf(tickets, wasSolved, (t) => t.reopenCount > 0);
}

/** Share of first resolutions whose calendar duration is at most 24 h. */
export function solvedWithin24h(tickets: Iterable<TicketTimeline>): Rate {
  return rateOf(
    tickets,
    wasSolved,
    (t) => t.firstSolve !== null && t.firstSolve.at - t.openedAt <= SOLVED_WITHIN_MS,
  );
}

export interface EscalationBreakdown<TKey> {
  readonly key: TKey;
  /** Escalation events with this key (a ticket escalated twice for it counts twice). */
  readonly escalations: number;
  /** Tickets escalated at least once with this key. */
  readonly tickets: number;
}

export interface EscalationRate extends Rate {
  readonly byReason: readonly EscalationBreakdown<string>[];
  /** Keyed by the level escalated to. */
  readonly byLevel: readonly EscalationBreakdown<SupportLevel>[];
}

/** Tickets escalated at least once / tickets opened, with counts by reason and level. */
export function escalationRate(tickets: Iterable<TicketTimeline>): EscalationRate {
  const list = [...tickets];
  const byReason = new Map<string, { escalations: number; tickets: Set<string> }>();
  const byLevel = new Map<SupportLevel, { escalations: number; tickets: Set<string> }>();
  for (const ticket of list) {
    for (const escalation of ticket.escalations) {
      count(byReason, escalation.reason, ticket.ticketId);
      count(byLevel, escalation.toLevel, ticket.ticketId);
    }
  }
  return {
    ...rateOf(
      list,
      () => true,
      (t) => t.escalations.length > 0,
    ),
    byReason: breakdown(byReason, (a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    byLevel: breakdown(byLevel, (a, b) => a - b),
  };
}

function count<TKey>(
  map: Map<TKey, { escalations: number; tickets: Set<string> }>,
  key: TKey,
  ticketId: string,
): void {
  const entry = map.get(key) ?? { escalations: 0, tickets: new Set<string>() };
  entry.escalations += 1;
  entry.tickets.add(ticketId);
  map.set(key, entry);
}

function breakdown<TKey>(
  map: Map<TKey, { escalations: number; tickets: Set<string> }>,
  order: (a: TKey, b: TKey) => number,
): EscalationBreakdown<TKey>[] {
  return [...map.entries()]
    .map(([key, entry]) => ({ key, escalations: entry.escalations, tickets: entry.tickets.size }))
    .sort((a, b) => order(a.key, b.key));
}

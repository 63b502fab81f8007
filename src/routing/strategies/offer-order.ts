/**
 * The order waiting tickets are offered to agents: VIP or urgent first (the issue asks for both to
 * jump the queue), then by priority, then by SLA due time (soonest first; tickets without one
 * after those with one), then by age (oldest first), then by id, so the order is total and every
 * router instance offers the same ticket first.
 */
import { PRIORITIES } from '../../tickets/ticket.values';
import { compareIds, instantMillis } from './agent-snapshot';
import type { WaitingTicket } from './waiting-ticket';

type OrderFacts = Pick<WaitingTicket, 'id' | 'priority' | 'customerTier' | 'openedAt' | 'slaDueAt'>;

export function isExpedited(ticket: OrderFacts): boolean {
  return ticket.customerTier === 'vip' || ticket.priority === 'urgent';
}

function priorityRank(ticket: OrderFacts): number {
  // PRIORITIES runs from least to most urgent.
  return PRIORITIES.indexOf(ticket.priority);
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareDue(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareNumbers(instantMillis(a), instantMillis(b));
}

/** Negative when `a` is offered before `b`; 0 only for the same ticket id. */
export function compareOfferOrder(a: OrderFacts, b: OrderFacts): number {
  const expedite = Number(isExpedited(b)) - Number(isExpedited(a));
  if (expedite !== 0) return expedite;
  const priority = priorityRank(b) - priorityRank(a);
  if (priority !== 0) return priority;
  const due = compareDue(a.slaDueAt, b.slaDueAt);
  if (due !== 0) return due;
  const age = compareNumbers(instantMillis(a.openedAt), instantMillis(b.openedAt));
  if (age !== 0) return age;
  return compareIds(a.id, b.id);
}

export function sortForOffer<T extends OrderFacts>(tickets: readonly T[]): T[] {
  return [...tickets].sort(compareOfferOrder);
}

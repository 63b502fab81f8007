/**
 * A ticket as the router keeps it: only what routing needs (queue facts, assignment, status, the
 * stream revision it has seen), folded from the ticket stream's events. Pure: `evolveRouterTicket`
 * reads nothing but its arguments, so the projection and the tests fold the same way.
 */
import { SLA_NEXT_DUE_EVENT_TYPES } from '../../sla/clocks/sla-clock.events';
import type { TicketEvent } from '../../tickets/ticket.events';
import { statusAfter } from '../../tickets/ticket.state';
import {
  FIRST_SUPPORT_LEVEL,
  type SupportLevel,
  type Channel,
  type CustomerTier,
  type Priority,
  type TicketStatus,
  type TicketType,
} from '../../tickets/ticket.values';
import type { RequiredSkill } from '../strategies/required-skills';

export interface RouterTicket {
  readonly id: string;
  /** The last revision of `ticket-<id>` folded in (as a decimal string: bigint is not JSON). */
  readonly revision: string;
  readonly status: TicketStatus;
  readonly channel: Channel;
  readonly type: TicketType;
  readonly priority: Priority;
  readonly customerTier: CustomerTier;
  readonly language: string;
  readonly tags: readonly string[];
  readonly openedAt: string;
  /** From the SLA clocks' `nextDueAt`; null: no running SLA cycle. */
  readonly nextDueAt: string | null;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  /** A human agent replied publicly since the current agent got it (see requeue on offline). */
  readonly answered: boolean;
  /** Where the rules sent it when it was last routed (kept until routed again). */
  readonly route: TicketRoute | null;
  /** Support level (escalation raises it); absent in rows written before it was kept: 1. */
  readonly level?: SupportLevel;
}

export interface TicketRoute {
  readonly teamId: string;
  /** Null: the ticket already sat in the team's queue (escalated or assigned there by hand). */
  readonly ruleId: string | null;
  readonly requiredSkills: readonly RequiredSkill[];
}

/** An event of a ticket stream as the router reads it. */
export interface TicketStreamEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly revision: bigint;
}

const NEXT_DUE_TYPES: ReadonlySet<string> = new Set(SLA_NEXT_DUE_EVENT_TYPES);

/**
 * The router's ticket after one event of its stream. Events at or below the revision already
 * folded are ignored, so re-reading a stream after a write (catch-up) and then meeting the same
 * events in the subscription changes nothing.
 */
export function evolveRouterTicket(
  ticket: RouterTicket | null,
  recorded: TicketStreamEvent,
): RouterTicket | null {
  if (ticket !== null && recorded.revision <= BigInt(ticket.revision)) return ticket;
  const revision = recorded.revision.toString();
  if (recorded.type === 'TicketOpened') {
    if (ticket !== null) return { ...ticket, revision };
    const d = (
      recorded as unknown as { data: Extract<TicketEvent, { type: 'TicketOpened' }>['data'] }
    ).data;
    return {
      id: d.ticketId,
      revision,
      status: 'new',
      channel: d.channel,
      type: d.type,
      priority: d.priority,
      customerTier: d.customer.tier,
      language: d.language,
      tags: d.tags,
      openedAt: d.openedAt,
      nextDueAt: null,
      teamId: null,
      assigneeId: null,
      answered: false,
      route: null,
      level: FIRST_SUPPORT_LEVEL,
    };
  }
  if (ticket === null) return null;
  const next = { ...ticket, revision };
  if (NEXT_DUE_TYPES.has(recorded.type)) {
    const due = recorded.data.nextDueAt;
    return { ...next, nextDueAt: typeof due === 'string' ? due : null };
  }
  const event = { type: recorded.type, data: recorded.data } as unknown as TicketEvent;
  const status = statusAfter(ticket.status, event);
  switch (event.type) {
    case 'TicketClassified':
      return { ...next, status, type: event.data.type, tags: event.data.tags };
    case 'TicketReprioritised':
      return { ...next, status, priority: event.data.priority };
    case 'TicketCustomerTierChanged':
      return { ...next, status, customerTier: event.data.tier };
    case 'TicketAssigned':
    case 'TicketUnassigned': {
      const agentChanged = event.data.agentId !== ticket.assigneeId;
      return {
        ...next,
        status,
        assigneeId: event.data.agentId,
        teamId: event.data.teamId,
        answered: agentChanged ? false : ticket.answered,
      };
    }
    case 'TicketReplied':
      return {
        ...next,
        status,
        answered: ticket.answered || event.data.author.kind === 'agent',
      };
    case 'TicketEscalated':
      return {
        ...next,
        status,
        teamId: event.data.toTeamId,
        level: event.data.toLevel,
        assigneeId: event.data.unassignedAgentId !== null ? null : ticket.assigneeId,
        // A ticket moved to another team is routed afresh within that team.
        route: event.data.toTeamId !== event.data.fromTeamId ? null : ticket.route,
      };
    default:
      return { ...next, status };
  }
}

/** Waiting for an agent: open for work and nobody has it. Pending/on-hold tickets wait on others. */
export function isWaiting(ticket: RouterTicket): boolean {
  return (ticket.status === 'new' || ticket.status === 'open') && ticket.assigneeId === null;
}

/**
 * Whether the ticket counts against its assignee's capacity: every unfinished ticket does, except
 * a pending one when its team says pending frees capacity.
 */
export function countsAsLoad(ticket: RouterTicket, pendingFreesCapacity: boolean): boolean {
  if (ticket.assigneeId === null) return false;
  if (ticket.status === 'solved' || ticket.status === 'closed') return false;
  if (ticket.status === 'pending') return !pendingFreesCapacity;
  return true;
}

/** Ticket events for SLA decider specs (the ticket id is always `t-1`). */
import type { TicketEvent } from '../../../tickets/ticket.events';
import type { AuthorKind, CustomerTier, Priority } from '../../../tickets/ticket.values';

export const TICKET_ID = 't-1';
const ticketId = TICKET_ID;

export const ticket = {
  opened: (
    openedAt: string,
    over: { receivedAt?: string; priority?: Priority; tags?: string[] } = {},
  ): TicketEvent => ({
    type: 'TicketOpened',
    data: {
      ticketId,
      channel: 'email',
      subject: 'Printer on fire',
      description: 'It is on fire.',
      customer: { id: 'c-1', name: 'Ada', email: 'ada@example.com', phone: null, tier: 'standard' },
      type: 'incident',
      priority: over.priority ?? 'normal',
      tags: over.tags ?? [],
      language: 'en',
      receivedAt: over.receivedAt ?? openedAt,
      openedAt,
      followUpOf: null,
    },
  }),
  replied: (kind: AuthorKind, repliedAt: string): TicketEvent => ({
    type: 'TicketReplied',
    data: { ticketId, author: { kind, id: `${kind}-1` }, body: 'Hello', repliedAt },
  }),
  note: (addedAt: string): TicketEvent => ({
    type: 'InternalNoteAdded',
    data: { ticketId, authorId: 'a-1', authorRole: 'agent', body: 'psst', addedAt },
  }),
  pending: (at: string, previousStatus: 'open' | 'on_hold' = 'open'): TicketEvent => ({
    type: 'TicketMarkedPending',
    data: { ticketId, previousStatus, reason: null, markedPendingAt: at },
  }),
  onHold: (at: string, previousStatus: 'open' | 'pending' = 'open'): TicketEvent => ({
    type: 'TicketPutOnHold',
    data: { ticketId, previousStatus, reason: null, putOnHoldAt: at },
  }),
  resumed: (at: string, previousStatus: 'pending' | 'on_hold' = 'pending'): TicketEvent => ({
    type: 'TicketResumed',
    data: { ticketId, previousStatus, trigger: 'manual', resumedAt: at },
  }),
  solved: (at: string): TicketEvent => ({
    type: 'TicketSolved',
    data: {
      ticketId,
      resolutionCode: 'fixed',
      summary: 'done',
      assigneeId: null,
      teamId: null,
      solvedAt: at,
    },
  }),
  reopened: (at: string): TicketEvent => ({
    type: 'TicketReopened',
    data: { ticketId, reason: 'again', trigger: 'manual', reopenedAt: at },
  }),
  closed: (at: string): TicketEvent => ({
    type: 'TicketClosed',
    data: { ticketId, mode: 'manual', closedAt: at },
  }),
  merged: (at: string): TicketEvent => ({
    type: 'TicketMerged',
    data: { ticketId, intoTicketId: 't-2', mergedAt: at },
  }),
  reprioritised: (at: string, priority: Priority, previousPriority: Priority): TicketEvent => ({
    type: 'TicketReprioritised',
    data: { ticketId, priority, previousPriority, reason: 'because', reprioritisedAt: at },
  }),
  tierChanged: (at: string, tier: CustomerTier, previousTier: CustomerTier): TicketEvent => ({
    type: 'TicketCustomerTierChanged',
    data: { ticketId, customerId: 'c-1', tier, previousTier, changedAt: at },
  }),
  classified: (at: string, tags: string[]): TicketEvent => ({
    type: 'TicketClassified',
    data: {
      ticketId,
      type: 'incident',
      tags,
      productArea: null,
      previousType: 'incident',
      previousTags: [],
      previousProductArea: null,
      classifiedAt: at,
    },
  }),
};

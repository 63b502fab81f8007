/**
 * The folded ticket state ↔ a `ticket_details` row. The projection loads rows as `Ticket`s, lets
 * `evolve` (the decider's own fold) apply each event and writes the result back, so the read model
 * follows exactly the rules the write model and `?asOf=` use. The conversation lives in its own
 * table: a `Ticket` made from a row has an empty `conversation`.
 */
import type { Ticket } from '../ticket.state';
import type {
  Channel,
  CloseMode,
  CustomerTier,
  Priority,
  StaffActorType,
  SupportLevel,
  TicketStatus,
  TicketType,
  AuthorKind,
} from '../ticket.values';
import type { ConversationEntry, ConversationEntryKind } from './ticket-details.model';
import { TicketConversationEntity } from './ticket-conversation.entity';
import { TicketDetailsEntity } from './ticket-details.entity';

const date = (iso: string): Date => new Date(iso);
const dateOrNull = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));
const iso = (value: Date): string => value.toISOString();
const isoOrNull = (value: Date | null): string | null => (value === null ? null : iso(value));

export function detailsRowOf(ticket: Ticket, revision: bigint): TicketDetailsEntity {
  const row = new TicketDetailsEntity();
  Object.assign(row, {
    ticketId: ticket.id,
    revision: revision.toString(),
    status: ticket.status,
    statusChangedAt: date(ticket.statusChangedAt),
    channel: ticket.channel,
    subject: ticket.subject,
    description: ticket.description,
    language: ticket.language,
    customerId: ticket.customer.id,
    customerName: ticket.customer.name,
    customerEmail: ticket.customer.email,
    customerPhone: ticket.customer.phone,
    customerTier: ticket.customer.tier,
    type: ticket.type,
    tags: [...ticket.tags],
    productArea: ticket.productArea,
    priority: ticket.priority,
    assigneeId: ticket.assigneeId,
    teamId: ticket.teamId,
    level: ticket.level,
    receivedAt: date(ticket.receivedAt),
    openedAt: date(ticket.openedAt),
    acknowledgedAt: dateOrNull(ticket.acknowledgedAt),
    firstAgentReplyAt: dateOrNull(ticket.firstAgentReplyAt),
    lastAgentReplyAt: dateOrNull(ticket.lastAgentReplyAt),
    lastCustomerReplyAt: dateOrNull(ticket.lastCustomerReplyAt),
    firstSolvedAt: dateOrNull(ticket.firstSolvedAt),
    solvedAt: dateOrNull(ticket.solvedAt),
    lastReopenedAt: dateOrNull(ticket.lastReopenedAt),
    closedAt: dateOrNull(ticket.closedAt),
    updatedAt: date(ticket.updatedAt),
    publicAgentReplyCount: ticket.publicAgentReplyCount,
    customerReplyCount: ticket.customerReplyCount,
    automatedReplyCount: ticket.automatedReplyCount,
    internalNoteCount: ticket.internalNoteCount,
    reopenCount: ticket.reopenCount,
    escalationCount: ticket.escalationCount,
    resolutionCode: ticket.resolution?.code ?? null,
    resolutionSummary: ticket.resolution?.summary ?? null,
    closeMode: ticket.closeMode,
    mergedInto: ticket.mergedInto,
    mergedFrom: [...ticket.mergedFrom],
    followUpOf: ticket.followUpOf,
    followUpTicketIds: [...ticket.followUpTicketIds],
  } satisfies Record<keyof TicketDetailsEntity, unknown>);
  return row;
}

/** The row as a folded ticket. Only this projection writes the table, so the values are trusted. */
export function ticketOfDetailsRow(row: TicketDetailsEntity): Ticket {
  return {
    exists: true,
    id: row.ticketId,
    status: row.status as TicketStatus,
    statusChangedAt: iso(row.statusChangedAt),
    channel: row.channel as Channel,
    subject: row.subject,
    description: row.description,
    language: row.language,
    customer: {
      id: row.customerId,
      name: row.customerName,
      email: row.customerEmail,
      phone: row.customerPhone,
      tier: row.customerTier as CustomerTier,
    },
    type: row.type as TicketType,
    tags: row.tags,
    productArea: row.productArea,
    priority: row.priority as Priority,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    level: row.level as SupportLevel,
    receivedAt: iso(row.receivedAt),
    openedAt: iso(row.openedAt),
    acknowledgedAt: isoOrNull(row.acknowledgedAt),
    firstAgentReplyAt: isoOrNull(row.firstAgentReplyAt),
    lastAgentReplyAt: isoOrNull(row.lastAgentReplyAt),
    lastCustomerReplyAt: isoOrNull(row.lastCustomerReplyAt),
    firstSolvedAt: isoOrNull(row.firstSolvedAt),
    solvedAt: isoOrNull(row.solvedAt),
    lastReopenedAt: isoOrNull(row.lastReopenedAt),
    closedAt: isoOrNull(row.closedAt),
    updatedAt: iso(row.updatedAt),
    publicAgentReplyCount: row.publicAgentReplyCount,
    customerReplyCount: row.customerReplyCount,
    automatedReplyCount: row.automatedReplyCount,
    internalNoteCount: row.internalNoteCount,
    reopenCount: row.reopenCount,
    escalationCount: row.escalationCount,
    resolution:
      row.resolutionCode === null
        ? null
        : { code: row.resolutionCode, summary: row.resolutionSummary ?? '' },
    closeMode: row.closeMode as CloseMode | null,
    mergedInto: row.mergedInto,
    mergedFrom: row.mergedFrom,
    followUpOf: row.followUpOf,
    followUpTicketIds: row.followUpTicketIds,
    conversation: [],
  };
}

export function conversationRowOf(
  ticketId: string,
  entry: ConversationEntry,
): TicketConversationEntity {
  const row = new TicketConversationEntity();
  Object.assign(row, {
    ticketId,
    revision: entry.revision.toString(),
    eventId: entry.eventId,
    kind: entry.kind,
    authorKind: entry.author.kind,
    authorId: entry.author.id,
    authorRole: entry.author.role,
    body: entry.body,
    at: date(entry.at),
  } satisfies Record<keyof TicketConversationEntity, unknown>);
  return row;
}

export function conversationEntryOfRow(row: TicketConversationEntity): ConversationEntry {
  return {
    eventId: row.eventId,
    revision: BigInt(row.revision),
    kind: row.kind as ConversationEntryKind,
    author: {
      kind: row.authorKind as AuthorKind,
      id: row.authorId,
      role: row.authorRole as StaffActorType | null,
    },
    body: row.body,
    at: iso(row.at),
  };
}

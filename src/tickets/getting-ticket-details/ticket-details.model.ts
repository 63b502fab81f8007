/**
 * What both read paths of GET /tickets/{id} produce before it becomes a response: the read model
 * (TicketDetailsReader) and the point-in-time fold of the event stream (`?asOf=`). Keeping one
 * shape, built from the same folded `Ticket` and the same per-event conversation entries, is what
 * makes the two answers identical for the same revision.
 */
import { categoryOf, type RecordedEvent } from '../../event-store/event-store.port';
import type { Ticket } from '../ticket.state';
import { TICKET_STREAM_CATEGORY, type AuthorKind, type StaffActorType } from '../ticket.values';
import type { InternalNoteAddedData, TicketRepliedData } from '../ticket.events';

export type ConversationEntryKind = 'reply' | 'internal_note';

/** One public reply or internal note, as recorded by one event of the ticket's stream. */
export interface ConversationEntry {
  readonly eventId: string;
  /** The stream revision of the event: the conversation order. */
  readonly revision: bigint;
  readonly kind: ConversationEntryKind;
  /**
   * Replies carry the author's kind from the event (a human agent, the customer, or an automated
   * sender) and no role. Internal notes are always written by staff: kind `agent` and the staff
   * role they were written with.
   */
  readonly author: {
    readonly kind: AuthorKind;
    readonly id: string;
    readonly role: StaffActorType | null;
  };
  readonly body: string;
  readonly at: string;
}

export interface TicketDetails {
  /** The folded ticket; its `conversation` is not used (see `conversation` below). */
  readonly ticket: Ticket;
  /** The stream revision this view reflects (the ETag). */
  readonly revision: bigint;
  readonly conversation: readonly ConversationEntry[];
}

/** The ticket id of a `ticket-<id>` stream; undefined for a stream of another category. */
export function ticketIdOfStream(streamName: string): string | undefined {
  if (categoryOf(streamName) !== TICKET_STREAM_CATEGORY) return undefined;
  return streamName.slice(TICKET_STREAM_CATEGORY.length + 1);
}

/**
 * The conversation entry an event records, if it is a reply or an internal note. Only call it for
 * events applied to an existing ticket (what `evolve` adds to the conversation).
 */
export function conversationEntryOf(event: RecordedEvent): ConversationEntry | undefined {
  if (event.type === 'TicketReplied') {
    const data = event.data as unknown as TicketRepliedData;
    return {
      eventId: event.id,
      revision: event.revision,
      kind: 'reply',
      author: { kind: data.author.kind, id: data.author.id, role: null },
      body: data.body,
      at: data.repliedAt,
    };
  }
  if (event.type === 'InternalNoteAdded') {
    const data = event.data as unknown as InternalNoteAddedData;
    return {
      eventId: event.id,
      revision: event.revision,
      kind: 'internal_note',
      author: { kind: 'agent', id: data.authorId, role: data.authorRole },
      body: data.body,
      at: data.addedAt,
    };
  }
  return undefined;
}

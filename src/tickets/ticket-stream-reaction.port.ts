/**
 * A port through which another feature adds its own events to a ticket command's append, decided
 * from the ticket events the command produced (the SLA clocks: a reply completes a first-response
 * cycle, a pend pauses the resolution clock, a reprioritisation re-applies the policy).
 *
 * Why inside the same append rather than a subscriber: the consequence is then atomic with its
 * cause (no window in which a ticket is solved but its resolution clock still runs, nothing to
 * redo after a crash), and the expected revision covers both. The reaction must be deterministic in
 * its inputs (it is re-run on every retry of the command) and must not write anything itself.
 */
import type { RecordedEvent } from '../event-store/event-store.port';
import type { TicketEvent } from './ticket.events';
import type { TicketState } from './ticket.state';

export const TICKET_STREAM_REACTION = Symbol('TicketStreamReaction');

export interface TicketStreamReactionInput {
  readonly ticketId: string;
  /** Every event already on `ticket-<id>` (ticket and other features' events), oldest first. */
  readonly recorded: readonly RecordedEvent[];
  /** The ticket folded from `recorded`, before the new events. */
  readonly stateBefore: TicketState;
  /** What the command decided, in order (never empty). */
  readonly ticketEvents: readonly TicketEvent[];
  readonly now: Date;
}

/** An event the reaction adds; recorded with the `system` actor after the ticket events. */
export interface ReactionEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly schemaVersion: number;
}

export interface TicketStreamReaction {
  react(input: TicketStreamReactionInput): Promise<readonly ReactionEvent[]>;
}

import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection } from '../../projections/projection';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import {
  TICKET_EVENT_TYPES,
  OTHER_TICKET_STREAM_EVENT_TYPES,
  type TicketEvent,
} from '../ticket.events';
import { evolve, initialState, type TicketState } from '../ticket.state';
import { conversationEntryOf, ticketIdOfStream } from './ticket-details.model';
import { conversationRowOf, detailsRowOf, ticketOfDetailsRow } from './ticket-details.row';
import { TicketConversationEntity } from './ticket-conversation.entity';
import { TicketDetailsEntity } from './ticket-details.entity';

export const TICKET_DETAILS_PROJECTION = 'ticket_details';

/** Rows per INSERT statement: keeps bind parameters far below PostgreSQL's 65,535. */
const DETAILS_CHUNK = 500;
const CONVERSATION_CHUNK = 2_000;

interface Tracked {
  state: TicketState;
  /** The stream revision the state reflects; -1n for a ticket not in the table yet. */
  revision: bigint;
  dirty: boolean;
}

/**
 * The ticket details read model. It is fed every ticket event type (TICKET_EVENT_TYPES), so a
 * row's `revision` is its stream's revision: the ETag readers return and what `?minRevision=`
 * waits for. Each batch loads the rows it touches once, folds the events onto them with the
 * decider's own `evolve`, and writes every changed row with one upsert per chunk, plus the new
 * conversation entries. An event at or below a row's revision is skipped, so a replayed batch
 * cannot double a reply or a count.
 */
@Injectable()
@ProjectionDefinition()
export class TicketDetailsProjection implements Projection {
  readonly name = TICKET_DETAILS_PROJECTION;
  readonly version = 1;
  readonly eventTypes: readonly string[] = [
    ...TICKET_EVENT_TYPES,
    ...OTHER_TICKET_STREAM_EVENT_TYPES,
  ];
  readonly tables = ['ticket_details', 'ticket_conversation'];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const tickets = await this.load(events, manager);
    const conversation: TicketConversationEntity[] = [];
    for (const event of events) {
      const ticketId = ticketIdOfStream(event.streamName);
      const tracked = ticketId === undefined ? undefined : tickets.get(ticketId);
      if (ticketId === undefined || tracked === undefined || event.revision <= tracked.revision) {
        continue;
      }
      const before = tracked.state;
      const after = evolve(before, event as unknown as TicketEvent);
      // Events before TicketOpened change nothing (evolve ignores them): no row to write.
      if (!after.exists) continue;
      tracked.state = after;
      tracked.revision = event.revision;
      tracked.dirty = true;
      const entry = before.exists ? conversationEntryOf(event) : undefined;
      if (entry) conversation.push(conversationRowOf(ticketId, entry));
    }
    const rows = [...tickets.values()].flatMap((tracked) =>
      tracked.dirty && tracked.state.exists ? [detailsRowOf(tracked.state, tracked.revision)] : [],
    );
    for (const chunk of chunks(rows, DETAILS_CHUNK)) {
      await manager.upsert(TicketDetailsEntity, chunk, { conflictPaths: ['ticketId'] });
    }
    for (const chunk of chunks(conversation, CONVERSATION_CHUNK)) {
      await manager.insert(TicketConversationEntity, chunk);
    }
  }

  private async load(
    events: readonly RecordedEvent[],
    manager: EntityManager,
  ): Promise<Map<string, Tracked>> {
    const ids = [...new Set(events.flatMap((event) => ticketIdOfStream(event.streamName) ?? []))];
    const tickets = new Map<string, Tracked>(
      ids.map((id) => [id, { state: initialState(), revision: -1n, dirty: false }]),
    );
    if (ids.length === 0) return tickets;
    const rows = await manager.find(TicketDetailsEntity, { where: { ticketId: In(ids) } });
    for (const row of rows) {
      tickets.set(row.ticketId, {
        state: ticketOfDetailsRow(row),
        revision: BigInt(row.revision),
        dirty: false,
      });
    }
    return tickets;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { ApiTicketIdParam, ticketIdFromPath } from '../open-ticket/ticket-command.http';
import { TicketAccess } from '../ticket-access';
import { TicketNotFound } from '../ticket.errors';
import type { TicketEvent } from '../ticket.events';
import { foldTicket } from '../ticket.state';
import { ticketStreamName } from '../ticket.values';
import { DEFAULT_HISTORY_PAGE_SIZE, GetTicketHistoryQuery } from './get-ticket-history.query';
import { TicketHistoryPage, ticketHistoryEventView } from './ticket-history.view';

const MAX_REVISION = 2n ** 63n - 1n;

@ApiTags('tickets')
@Controller('tickets')
export class GetTicketHistoryController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly access: TicketAccess,
  ) {}

  @Get(':id/history')
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: "A ticket's history",
    description:
      'Every event of the ticket, oldest first, exactly as recorded: type, stream revision, data and metadata ' +
      '(actor, correlation and causation ids, occurredAt, schema version, request id) and when the store ' +
      'recorded it. Read from the event stream itself, so it is never behind. Pages follow stream revisions: ' +
      'a page and its `next` link stay valid however many events are appended later. Agents may read the ' +
      'history of tickets assigned to them or to one of their teams.',
  })
  @ApiTicketIdParam()
  @ApiOkResponse({ type: TicketHistoryPage })
  @ApiNotFoundResponse({ description: '`ticket-not-found`: no such ticket.' })
  async history(
    @Param('id') id: string,
    @Query() query: GetTicketHistoryQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TicketHistoryPage> {
    const ticketId = ticketIdFromPath(id);
    const stream = ticketStreamName(ticketId);
    const limit = query.limit ?? DEFAULT_HISTORY_PAGE_SIZE;
    const fromRevision = query.cursor === undefined ? 0n : BigInt(query.cursor) + 1n;
    // A cursor at the largest revision there can be has nothing after it (and cannot be read).
    if (fromRevision > MAX_REVISION) {
      if (!(await this.exists(stream))) throw new TicketNotFound(ticketId);
      return { items: [], next: null };
    }

    let page: RecordedEvent[];
    if (principal.role === 'agent') {
      // Whether an agent may read depends on the ticket's current assignment: fold it all.
      const events = await this.eventStore.readStream(stream);
      const ticket = foldTicket(events.map((event) => event as unknown as TicketEvent));
      if (!ticket.exists) throw new TicketNotFound(ticketId);
      await this.access.assertMayRead(principal, ticket);
      page = events.filter((event) => event.revision >= fromRevision).slice(0, limit + 1);
    } else {
      page = await this.eventStore.readStream(stream, { fromRevision, maxCount: limit + 1 });
      if (page.length === 0 && !(await this.exists(stream))) throw new TicketNotFound(ticketId);
    }

    const items = page.slice(0, limit);
    const last = items.at(-1);
    const next =
      page.length > limit && last
        ? `/tickets/${encodeURIComponent(ticketId)}/history?limit=${limit}&cursor=${last.revision.toString()}`
        : null;
    return { items: items.map(ticketHistoryEventView), next };
  }

  private async exists(stream: string): Promise<boolean> {
    return (await this.eventStore.readStream(stream, { maxCount: 1 })).length > 0;
  }
}

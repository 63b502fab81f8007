import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { formatEtag } from '../../platform/http/concurrency';
import { validationProblem } from '../../platform/http/validation';
import { ApiTicketIdParam, ticketIdFromPath } from '../open-ticket/ticket-command.http';
import {
  parseMinRevision,
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
  waitForRevision,
} from '../read-consistency';
import { TicketAccess } from '../ticket-access';
import { TicketNotFound } from '../ticket.errors';
import { ticketStreamName } from '../ticket.values';
import { GetTicketDetailsQuery } from './get-ticket-details.query';
import { seesInternalNotes } from './internal-note-visibility';
import { foldTicketAsOf, parseAsOf, type AsOf } from './ticket-as-of';
import type { TicketDetails } from './ticket-details.model';
import { TICKET_DETAILS_PROJECTION } from './ticket-details.projection';
import { TicketDetailsReader } from './ticket-details.reader';
import { ticketDetailsView, TicketDetailsView } from './ticket-details.view';

const ETAG_HEADER_DOC = {
  ETag: {
    description:
      'The ticket stream revision the answer reflects, as a weak ETag (`W/"<revision>"`).',
    schema: { type: 'string', maxLength: 30, pattern: '^W/"\\d{1,19}"$' },
  },
} as const;

@ApiTags('tickets')
@Controller('tickets')
export class GetTicketDetailsController {
  constructor(
    private readonly reader: TicketDetailsReader,
    private readonly lag: ProjectionLagReader,
    private readonly access: TicketAccess,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  @Get(':id')
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: 'Get a ticket',
    description:
      'Everything the agent desk shows: customer, classification, assignment, support level, the time of each ' +
      'milestone, reply counts, links (merges, follow-ups) and the conversation in order. Internal notes are ' +
      'shown to staff (admin, supervisor, agent, auditor). Agents may read tickets assigned to them or to one ' +
      'of their teams.\n\n' +
      'Served from the `ticket_details` read model, which trails the log by a little: `X-Projection-Lag` says ' +
      'by how much, and `minRevision` waits (at most 3 s) for a revision just written; if it is still not ' +
      'there the answer is what the read model holds (its ETag is then below `minRevision`).\n\n' +
      'With `asOf` the ticket is folded from its event stream instead, as it stood at that revision or ' +
      'instant (the same shape; no `X-Projection-Lag`, as no read model is involved).',
  })
  @ApiTicketIdParam()
  @ApiOkResponse({
    type: TicketDetailsView,
    headers: { ...ETAG_HEADER_DOC, ...PROJECTION_LAG_HEADER_DOC },
  })
  @ApiNotFoundResponse({
    description:
      '`ticket-not-found`: no such ticket (or not in the read model yet: see `X-Projection-Lag`), or with `asOf`, not yet opened at that point.',
  })
  async get(
    @Param('id') id: string,
    @Query() query: GetTicketDetailsQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketDetailsView> {
    const ticketId = ticketIdFromPath(id);
    const asOf = query.asOf === undefined ? undefined : parseAsOf(query.asOf);
    if (asOf !== undefined && query.minRevision !== undefined) {
      throw validationProblem([
        {
          field: 'minRevision',
          message: 'minRevision cannot be combined with asOf (asOf reads the event stream itself)',
          code: 'conflictsWithAsOf',
        },
      ]);
    }
    const details =
      asOf === undefined
        ? await this.fromReadModel(ticketId, parseMinRevision(query.minRevision), principal, reply)
        : await this.fromStream(ticketId, asOf, principal);
    void reply.header('ETag', formatEtag(details.revision));
    return ticketDetailsView(details, { includeInternalNotes: seesInternalNotes(principal.role) });
  }

  private async fromReadModel(
    ticketId: string,
    minRevision: bigint | undefined,
    principal: Principal,
    reply: FastifyReply,
  ): Promise<TicketDetails> {
    await waitForRevision(minRevision, () => this.reader.revisionOf(ticketId));
    const [details, lag] = await Promise.all([
      this.reader.find(ticketId),
      this.lag.lagOf(TICKET_DETAILS_PROJECTION),
    ]);
    setProjectionLagHeader(reply, lag);
    if (!details) throw new TicketNotFound(ticketId);
    await this.access.assertMayRead(principal, details.ticket);
    return details;
  }

  /**
   * Access is judged on the ticket as it is now (who may read it today), the answer is the
   * ticket as it was then.
   */
  private async fromStream(
    ticketId: string,
    asOf: AsOf,
    principal: Principal,
  ): Promise<TicketDetails> {
    const events = await this.eventStore.readStream(ticketStreamName(ticketId));
    const now = foldTicketAsOf(events);
    if (!now) throw new TicketNotFound(ticketId);
    await this.access.assertMayRead(principal, now.ticket);
    const then = foldTicketAsOf(events, asOf);
    if (!then) throw new TicketNotFound(ticketId);
    return then;
  }
}

import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { TicketAccess } from '../ticket-access';
import { ListTicketsQuery } from './list-tickets.query.dto';
import { pageRequestOf } from './list-tickets.request';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../read-consistency';
import type { TicketVisibility } from './ticket-list.criteria';
import { encodeCursor } from './ticket-list.cursor';
import { TICKET_LIST_PROJECTION } from './ticket-list.projection';
import { TicketListQuery } from './ticket-list.query';
import { TicketListPage, toTicketListItem } from './ticket-list.views';

/** The same request with another cursor: a relative reference, right behind any proxy prefix. */
function pageLink(requestUrl: string, cursor: string): string {
  const [path = '/tickets', search = ''] = requestUrl.split('?', 2);
  const params = new URLSearchParams(search);
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}

const DESCRIPTION = [
  'Filters combine with AND; comma-separated values of one filter mean "any of". Agents see only',
  'tickets assigned to them or to one of their teams.',
  '',
  'Pagination is by keyset: follow `next` (also `links.next` and the `Link: rel="next"` header)',
  'until it is null. Under concurrent writes a walk is stable in this sense: every ticket whose',
  'sort key does not change during the walk is returned exactly once and in order (no page',
  'shifts as with offsets, whatever is inserted or updated elsewhere). A ticket whose sort key',
  'changes meanwhile (sort=updated and it was updated, sort=priority and it was reprioritised)',
  'shows up where it now sorts: again if it moved ahead of the cursor, not at all if it moved',
  'behind it. A ticket that enters the list during a walk is returned if its key lies ahead of',
  'the cursor (sort=created newest first: only if it was opened before the last ticket served).',
  'Filters are evaluated on each page, so a ticket that stops matching leaves later pages.',
  '',
  'The list is a read model: `X-Projection-Lag` says how many ticket events it has not applied',
  'yet and how old the oldest of them is.',
].join('\n');

@ApiTags('tickets')
@Controller('tickets')
export class ListTicketsController {
  constructor(
    private readonly tickets: TicketListQuery,
    private readonly access: TicketAccess,
    private readonly lag: ProjectionLagReader,
  ) {}

  @Get()
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({ summary: 'List tickets (filter, sort, keyset pages)', description: DESCRIPTION })
  @ApiOkResponse({
    type: TicketListPage,
    description: 'One page of tickets.',
    headers: {
      ...PROJECTION_LAG_HEADER_DOC,
      Link: {
        description: 'RFC 8288 link to the next page, when there is one.',
        schema: { type: 'string', maxLength: 8300, pattern: '^<[^>]+>; rel="next"$' },
      },
    },
  })
  @ApiBadRequestResponse({
    description:
      'A parameter out of its set or bounds, given twice, unknown, a range ending before it starts, or a cursor not issued for this sort and order; `errors` names each field.',
  })
  async list(
    @Query() query: ListTicketsQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketListPage> {
    const pageRequest = pageRequestOf(query)(await this.visibilityOf(principal));
    const [result, lag] = await Promise.all([
      this.tickets.page(pageRequest),
      this.lag.lagOf(TICKET_LIST_PROJECTION),
    ]);
    setProjectionLagHeader(reply, lag);
    const next = result.next ? encodeCursor(result.next) : null;
    const nextLink = next ? pageLink(request.url, next) : null;
    if (nextLink) void reply.header('Link', `<${nextLink}>; rel="next"`);
    return {
      items: result.records.map(toTicketListItem),
      next,
      links: { self: request.url, next: nextLink },
    };
  }

  private async visibilityOf(principal: Principal): Promise<TicketVisibility> {
    const teamIds = await this.access.visibleTeamIds(principal);
    if (teamIds === 'all') return 'all';
    return { agentId: principal.principalId, teamIds };
  }
}

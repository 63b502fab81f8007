import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { nextPageLink } from '../../../routing/shared/directory-params';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../../../tickets/read-consistency';
import { FollowUpPageResponse } from '../follow-up.response';
import { FOLLOW_UP_LIST_PROJECTION } from './follow-up-list.projection';
import { FollowUpQueries } from './follow-up.queries';
import { DEFAULT_FOLLOW_UP_PAGE_SIZE, ListFollowUpsQuery } from './list-follow-ups.query';

@ApiTags('follow-ups')
@Controller('feedback/follow-ups')
export class ListFollowUpsController {
  constructor(
    private readonly queries: FollowUpQueries,
    private readonly lag: ProjectionLagReader,
  ) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'List follow-ups, oldest first',
    description:
      'The supervisors’ list of follow-ups raised by low ratings (CSAT 1–2, NPS 0–6), from a ' +
      'read model that trails the event log (X-Projection-Lag; GET /feedback/follow-ups/{id} is ' +
      'always current). Filter by status, source, team or agent. Agents do not see follow-ups: ' +
      'they carry the customer’s verdict on the agent, and calling back is a supervisor’s job.',
  })
  @ApiOkResponse({ type: FollowUpPageResponse, headers: PROJECTION_LAG_HEADER_DOC })
  @ApiBadRequestResponse({ description: '`validation-error`: a filter, limit or cursor.' })
  async list(
    @Query() query: ListFollowUpsQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpPageResponse> {
    const limit = query.limit === undefined ? DEFAULT_FOLLOW_UP_PAGE_SIZE : Number(query.limit);
    const filters = {
      status: query.status,
      source: query.source,
      teamId: query.teamId,
      agentId: query.agentId,
    };
    const [page, lag] = await Promise.all([
      this.queries.page({ ...filters, limit, cursor: query.cursor }),
      this.lag.lagOf(FOLLOW_UP_LIST_PROJECTION),
    ]);
    setProjectionLagHeader(reply, lag);
    return {
      items: page.items,
      next: nextPageLink('/feedback/follow-ups', { ...filters, limit }, page.nextCursor),
    };
  }
}

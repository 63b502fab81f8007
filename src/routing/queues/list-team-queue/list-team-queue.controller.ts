import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../../../tickets/read-consistency';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../agent-directory.port';
import { TeamNotFound } from '../../directory.errors';
import { idParam, isDirectoryId } from '../../shared/directory-params';
import { QueueQueries } from '../queue-read-model/queue.queries';
import { QUEUE_LAG_MAX_AGE_MS, QUEUES_PROJECTION } from '../queue-read-model/queue.projection';
import { pageArgs, pageBody } from '../queue-page';
import { QueuePageQuery } from '../queue-page.query';
import { QueueTicketPage } from '../queue.views';
import { KnownIds } from '../known-ids';

export const SERVICE_ORDER_DESCRIPTION =
  'Service order: priority (urgent first), then the next SLA due time (earliest first; tickets without a running SLA clock last), then age (oldest first), then ticket id. Keyset pages: follow `next` until it is null.';

@ApiTags('queues')
@Controller('queues')
export class ListTeamQueueController {
  /** Teams seen to exist: the per-request existence query is then skipped. */
  private readonly knownTeams = new KnownIds();

  constructor(
    private readonly queues: QueueQueries,
    private readonly lag: ProjectionLagReader,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/tickets')
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: "A team's waiting tickets in service order",
    description: `New or open tickets of the team that no agent has. ${SERVICE_ORDER_DESCRIPTION}`,
  })
  @ApiParam(idParam('team'))
  @ApiOkResponse({ type: QueueTicketPage, headers: PROJECTION_LAG_HEADER_DOC })
  @ApiBadRequestResponse({ description: 'limit out of 1–100, or a cursor this API did not issue.' })
  @ApiNotFoundResponse({ description: 'No such team.' })
  async list(
    @Param('id') teamId: string,
    @Query() query: QueuePageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueTicketPage> {
    const { limit, after } = pageArgs(query);
    if (!isDirectoryId(teamId)) throw new TeamNotFound(teamId);
    const now = this.clock.now();
    const [page, lag, known] = await Promise.all([
      this.queues.teamQueue(teamId, limit, after),
      this.lag.lagOf(QUEUES_PROJECTION, { maxAgeMs: QUEUE_LAG_MAX_AGE_MS }),
      this.knownTeams.has(teamId) || this.queues.teamExists(teamId),
    ]);
    // Not in the read model yet may still be a team created a moment ago: the stream decides.
    if (!known && (await this.directory.team(teamId)).status === 'unknown') {
      throw new TeamNotFound(teamId);
    }
    this.knownTeams.remember(teamId);
    setProjectionLagHeader(reply, lag);
    return pageBody(page, now, request);
  }
}

import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../../../tickets/read-consistency';
import { QueueQueries } from '../queue-read-model/queue.queries';
import { QUEUE_LAG_MAX_AGE_MS, QUEUES_PROJECTION } from '../queue-read-model/queue.projection';
import { ageSeconds } from '../queue-page';
import { QueueOverviewResponse, countsOf } from '../queue.views';

/** "Breaching soon": due within this window from now, or already overdue. */
export const BREACH_WINDOW_MS = 30 * 60 * 1000;

@ApiTags('queues')
@Controller('queues')
export class ListQueuesController {
  constructor(
    private readonly queues: QueueQueries,
    private readonly lag: ProjectionLagReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: 'Work queues per team',
    description:
      'Per team: unsolved tickets by status and priority, unassigned and waiting (new/open, unassigned) counts, the age of the oldest waiting ticket, tickets due within 30 minutes or overdue, online members and their free capacity. From the `queues` read model (`X-Projection-Lag`).',
  })
  @ApiOkResponse({ type: QueueOverviewResponse, headers: PROJECTION_LAG_HEADER_DOC })
  async list(@Res({ passthrough: true }) reply: FastifyReply): Promise<QueueOverviewResponse> {
    const now = this.clock.now();
    const [overview, lag] = await Promise.all([
      this.queues.overview(new Date(now.getTime() + BREACH_WINDOW_MS)),
      this.lag.lagOf(QUEUES_PROJECTION, { maxAgeMs: QUEUE_LAG_MAX_AGE_MS }),
    ]);
    setProjectionLagHeader(reply, lag);
    return {
      asOf: now.toISOString(),
      teams: overview.teams.map((team) => ({
        teamId: team.teamId,
        name: team.name,
        status: team.status,
        counts: countsOf(team.counts),
        oldestWaitingAgeSeconds:
          team.oldestWaitingOpenedAt === null ? null : ageSeconds(team.oldestWaitingOpenedAt, now),
        breachingWithin30Minutes: team.breachingSoon,
        agentsOnline: team.agentsOnline,
        freeCapacity: team.freeCapacity,
      })),
      unrouted: countsOf(overview.unrouted),
    };
  }
}

import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../../../tickets/read-consistency';
import { SLA_CYCLES_PROJECTION } from '../cycles-read-model/sla-cycles.projection';
import { checkPeriod } from '../shared/report-params';
import { DEFAULT_BREACH_PAGE_SIZE, ListBreachesQuery } from './list-breaches.query.dto';
import { SlaBreachQueries } from './sla-breach.queries';
import { SlaBreachPageResponse } from './sla-breach.response';

const DESCRIPTION = [
  'Every SLA cycle that breached: recorded by the SLA timers when the due time passed, or answered',
  'after its due time before the timer ran (metrics.md: an answer after the due time is breached).',
  'A breach is attributed to the team, assignee and priority at the breach instant (= due time);',
  'the period filter applies to that instant. `ongoing` breaches are still unanswered: their',
  '`overdueSeconds` is measured to now.',
  '',
  'Newest breach first (breached-at descending, then ticket and cycle id); keyset pages: follow',
  '`next` until it is null. From the `sla_cycles` read model: `X-Projection-Lag` says how far it',
  'trails the event log.',
].join('\n');

function nextLink(query: ListBreachesQuery, limit: number, cursor: string | null): string | null {
  if (cursor === null) return null;
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'teamId', 'agentId', 'priority', 'target'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  params.set('limit', String(limit));
  params.set('cursor', cursor);
  return `/sla/breaches?${params.toString()}`;
}

@ApiTags('sla')
@Controller('sla/breaches')
export class ListBreachesController {
  constructor(
    private readonly breaches: SlaBreachQueries,
    private readonly lag: ProjectionLagReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'List breached SLA cycles (filter, keyset pages)',
    description: DESCRIPTION,
  })
  @ApiOkResponse({
    type: SlaBreachPageResponse,
    description: 'One page of breaches.',
    headers: { ...PROJECTION_LAG_HEADER_DOC },
  })
  @ApiBadRequestResponse({
    description:
      'A parameter out of its set or bounds, given twice or unknown, `to` not after `from`, or a cursor this API did not return; `errors` names each field.',
  })
  @ApiForbiddenResponse({ description: 'Only admins, supervisors and auditors read breaches.' })
  async list(
    @Query() query: ListBreachesQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaBreachPageResponse> {
    checkPeriod(query.from, query.to);
    // Number(): the global pipe may or may not hand back the transformed DTO.
    const limit = query.limit === undefined ? DEFAULT_BREACH_PAGE_SIZE : Number(query.limit);
    const [page, lag] = await Promise.all([
      this.breaches.page({
        from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
        to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
        teamId: query.teamId,
        agentId: query.agentId,
        priority: query.priority,
        target: query.target,
        limit,
        cursor: query.cursor,
        now: this.clock.now(),
      }),
      this.lag.lagOf(SLA_CYCLES_PROJECTION),
    ]);
    setProjectionLagHeader(reply, lag);
    return { items: page.items, next: nextLink(query, limit, page.nextCursor) };
  }
}

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
import { validationProblem } from '../../../platform/http/validation';
import type { ProblemException } from '../../../platform/http/problem-details';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  PROJECTION_LAG_HEADER_DOC,
  ProjectionLagReader,
  setProjectionLagHeader,
} from '../../../tickets/read-consistency';
import { assertTimeZone } from '../../business-time/zoned-time';
import { SLA_CYCLES_PROJECTION } from '../cycles-read-model/sla-cycles.projection';
import { checkPeriod } from '../shared/report-params';
import {
  DEFAULT_AT_RISK_MINUTES,
  DEFAULT_GROUP,
  MAX_REPORT_DAYS,
  SlaReportQuery,
} from './sla-report.query.dto';
import { ReportTimeZoneUnknownError, SlaReportQueries } from './sla-report.queries';
import { SLA_COMPLIANCE_DEFINITION, SlaReportResponse } from './sla-report.response';

const DESCRIPTION = [
  `SLA compliance (definition \`${SLA_COMPLIANCE_DEFINITION}\`, metrics.md): achieved / (achieved +`,
  'breached) for the cycles decided in the period — an achieved cycle at its completion, a breached',
  'one at its breach instant (its due time; an answer after the due time is a breach). Cancelled',
  'cycles count nowhere. Each cycle is attributed to the team, agent and priority at that moment.',
  '',
  '`groupBy` hour/day/week/month buckets on the wall clock of `timeZone` (weeks start on Monday);',
  'team/agent/priority/channel group by the attribution. `atRisk` lists running cycles due within',
  '`atRiskWithinMinutes` of now; `breachedOpen` those already past due and still unanswered.',
  '',
  '`position` is the event-log position the figures reflect (read in the same snapshot): replaying',
  'the log up to it reproduces them. `lagEvents`/`lagMs` (also `X-Projection-Lag`) say how far the',
  'read model trails the log.',
].join('\n');

function zoneProblem(): ProblemException {
  return validationProblem([
    {
      field: 'timeZone',
      message: 'timeZone must be an IANA time zone, e.g. Europe/Berlin',
      code: 'timeZone',
    },
  ]);
}

@ApiTags('sla')
@Controller('reports/sla')
export class SlaReportController {
  constructor(
    private readonly queries: SlaReportQueries,
    private readonly lag: ProjectionLagReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'SLA compliance per target, by period or attribution',
    description: DESCRIPTION,
  })
  @ApiOkResponse({
    type: SlaReportResponse,
    description: 'The report.',
    headers: { ...PROJECTION_LAG_HEADER_DOC },
  })
  @ApiBadRequestResponse({
    description: `from/to missing or not date-times with a zone, to not after from or more than ${MAX_REPORT_DAYS} days later, an unknown time zone or groupBy, a filter out of its set; \`errors\` names each field.`,
  })
  @ApiForbiddenResponse({ description: 'Only admins, supervisors and auditors read SLA reports.' })
  async report(
    @Query() query: SlaReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaReportResponse> {
    checkPeriod(query.from, query.to, MAX_REPORT_DAYS);
    const timeZone = query.timeZone ?? 'UTC';
    try {
      assertTimeZone(timeZone);
    } catch {
      throw zoneProblem();
    }
    const groupBy = query.groupBy ?? DEFAULT_GROUP;
    const atRiskWithinMinutes =
      query.atRiskWithinMinutes === undefined
        ? DEFAULT_AT_RISK_MINUTES
        : Number(query.atRiskWithinMinutes);
    const now = this.clock.now();
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    let figures;
    try {
      figures = await this.queries.report({
        from,
        to,
        timeZone,
        groupBy,
        teamId: query.teamId,
        agentId: query.agentId,
        priority: query.priority,
        channel: query.channel,
        target: query.target,
        atRiskWithinMinutes,
        now,
      });
    } catch (error) {
      if (error instanceof ReportTimeZoneUnknownError) throw zoneProblem();
      throw error;
    }
    const lag = await this.lag.lagOf(SLA_CYCLES_PROJECTION);
    setProjectionLagHeader(reply, lag);
    return {
      definitionVersion: SLA_COMPLIANCE_DEFINITION,
      from,
      to,
      timeZone,
      groupBy,
      generatedAt: now.toISOString(),
      position: figures.position,
      lagEvents: lag.events,
      lagMs: Math.round(lag.ms),
      totals: figures.totals,
      rows: figures.rows,
      atRisk: { withinMinutes: atRiskWithinMinutes, ...figures.atRisk },
      breachedOpen: figures.breachedOpen,
    };
  }
}

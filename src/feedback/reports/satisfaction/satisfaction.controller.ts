import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { PROJECTION_LAG_HEADER_DOC } from '../../../tickets/read-consistency';
import { REPORT_FEEDBACK_FACTS_PROJECTION } from '../facts/feedback-facts.projection';
import { REPORT_TICKET_FACTS_PROJECTION } from '../facts/ticket-facts.projection';
import { REPORT_BAD_REQUEST, REPORT_DESCRIPTION } from '../query/report-docs';
import { ReportExecutor } from '../query/report-executor';
import { ReportQuery } from '../query/report.query.dto';
import { satisfactionReport, SatisfactionReportView } from './satisfaction.report';

@ApiTags('reports')
@Controller('reports')
export class SatisfactionReportController {
  constructor(private readonly reports: ReportExecutor) {}

  @Get('satisfaction')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Customer satisfaction report (CSAT, NPS, follow-ups)',
    description: [
      'CSAT over the surveys sent in the period (CSAT % = answers of 4-5 / answers; average score; response rate = answers / surveys sent; a replaced answer counts once, as replaced), grouped by the rated agent, the solving team or the ticket dimensions; NPS of the ratings given in the period with promoter, passive and detractor counts; the trend per time bucket; low-score comments; and the follow-ups not yet resolved.',
      REPORT_DESCRIPTION,
    ].join('\n\n'),
  })
  @ApiOkResponse({ type: SatisfactionReportView, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiBadRequestResponse({ description: REPORT_BAD_REQUEST })
  satisfaction(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SatisfactionReportView> {
    return this.reports.execute(
      {
        projections: [REPORT_FEEDBACK_FACTS_PROJECTION, REPORT_TICKET_FACTS_PROJECTION],
        build: satisfactionReport,
      },
      query,
      principal,
      reply,
    );
  }
}

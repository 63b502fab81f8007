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
import { agentsReport, AgentsReportView } from './agents.report';

@ApiTags('reports')
@Controller('reports')
export class AgentsReportController {
  constructor(private readonly reports: ReportExecutor) {}

  @Get('agents')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Per-agent report',
    description: [
      'Per agent: tickets handled (first resolutions attributed to the agent as assignee at solve), first responses sent and their median FRT, median first resolution time (calendar and business), FCR and reopen rates, CSAT of the surveys rating the agent, and SLA compliance of the cycles that ended or breached while the agent held the ticket. Rows are always per agent (`groupBy` may only be `agent`).',
      REPORT_DESCRIPTION,
    ].join('\n\n'),
  })
  @ApiOkResponse({ type: AgentsReportView, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiBadRequestResponse({ description: REPORT_BAD_REQUEST })
  agents(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentsReportView> {
    return this.reports.execute(
      {
        projections: [REPORT_TICKET_FACTS_PROJECTION, REPORT_FEEDBACK_FACTS_PROJECTION],
        allowedGroupBys: ['agent'],
        build: agentsReport,
      },
      query,
      principal,
      reply,
    );
  }
}

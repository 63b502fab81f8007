import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { PROJECTION_LAG_HEADER_DOC } from '../../../tickets/read-consistency';
import { REPORT_TICKET_FACTS_PROJECTION } from '../facts/ticket-facts.projection';
import { REPORT_BAD_REQUEST, REPORT_DESCRIPTION } from '../query/report-docs';
import { ReportExecutor } from '../query/report-executor';
import { ReportQuery } from '../query/report.query.dto';
import { resolutionReport, ResolutionReportView } from './resolution.report';

@ApiTags('reports')
@Controller('reports')
export class ResolutionReportController {
  constructor(private readonly reports: ReportExecutor) {}

  @Get('resolution')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Resolution report',
    description: [
      'First resolution (opening to first solve) and full resolution (opening to last solve) with count, median, p90 and mean in calendar and business time; one-touch (FCR), reopen and solved-within-24-h rates over the tickets first solved in the period, attributed to the assignee at that solve; escalation rate over the tickets opened in the period, by reason and level; and the current backlog by age band.',
      REPORT_DESCRIPTION,
    ].join('\n\n'),
  })
  @ApiOkResponse({ type: ResolutionReportView, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiBadRequestResponse({ description: REPORT_BAD_REQUEST })
  resolution(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResolutionReportView> {
    return this.reports.execute(
      { projections: [REPORT_TICKET_FACTS_PROJECTION], build: resolutionReport },
      query,
      principal,
      reply,
    );
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { PROJECTION_LAG_HEADER_DOC } from '../../../tickets/read-consistency';
import { REPORT_TICKET_FACTS_PROJECTION } from '../facts/ticket-facts.projection';
import { ReportExecutor } from '../query/report-executor';
import { ReportQuery } from '../query/report.query.dto';
import { REPORT_BAD_REQUEST, REPORT_DESCRIPTION } from '../query/report-docs';
import { firstResponseReport, FirstResponseReportView } from './first-response.report';

@ApiTags('reports')
@Controller('reports')
export class FirstResponseReportController {
  constructor(private readonly reports: ReportExecutor) {}

  @Get('first-response')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'First response time report',
    description: [
      "First response time (opening, or the channel's received-at time, to the first public reply by a human agent; notes, acknowledgements and bots do not count): count, median, p90 and mean in calendar and business time, and the share within the SLA target. A first response belongs to the period it was sent in and to the agent who sent it.",
      'Also lists the tickets still awaiting a first response with their ages (a snapshot as of now, matching the dimension filters on the current assignment).',
      REPORT_DESCRIPTION,
    ].join('\n\n'),
  })
  @ApiOkResponse({ type: FirstResponseReportView, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiBadRequestResponse({ description: REPORT_BAD_REQUEST })
  firstResponse(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FirstResponseReportView> {
    return this.reports.execute(
      { projections: [REPORT_TICKET_FACTS_PROJECTION], build: firstResponseReport },
      query,
      principal,
      reply,
    );
  }
}

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
import { volumeReport, VolumeReportView } from './volume.report';

@ApiTags('reports')
@Controller('reports')
export class VolumeReportController {
  constructor(private readonly reports: ReportExecutor) {}

  @Get('volume')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Ticket volume report',
    description: [
      'Tickets opened (in the period, attributed to the current assignment) and first solved (attributed to the assignee at solve), by the requested group, by channel, and by type in Pareto order (most frequent first with running shares; the vital few are the types that together make up 80 % of the volume).',
      REPORT_DESCRIPTION,
    ].join('\n\n'),
  })
  @ApiOkResponse({ type: VolumeReportView, headers: { ...PROJECTION_LAG_HEADER_DOC } })
  @ApiBadRequestResponse({ description: REPORT_BAD_REQUEST })
  volume(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VolumeReportView> {
    return this.reports.execute(
      { projections: [REPORT_TICKET_FACTS_PROJECTION], build: volumeReport },
      query,
      principal,
      reply,
    );
  }
}

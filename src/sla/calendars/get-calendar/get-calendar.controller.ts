import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { formatEtag } from '../../../platform/http/concurrency';
import { SlaConfigCommands } from '../../shared/sla-config-commands.service';
import { SlaCalendarNotFound } from '../../shared/sla.errors';
import { slaIdParam } from '../../shared/sla-params';
import { isSlaId } from '../../shared/sla.values';
import { SlaCalendarResponse, toSlaCalendarResponse } from '../sla-calendar.response';

@ApiTags('sla')
@Controller('sla/calendars')
export class GetCalendarController {
  constructor(private readonly commands: SlaConfigCommands) {}

  @Get(':id')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Get one SLA calendar',
    description: 'Folded from its stream (always current). The ETag is the stream revision.',
  })
  @ApiParam(slaIdParam('calendar'))
  @ApiOkResponse({ type: SlaCalendarResponse })
  @ApiNotFoundResponse({ description: 'No such calendar.' })
  async get(
    @Param('id') calendarId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaCalendarResponse> {
    if (!isSlaId(calendarId)) throw new SlaCalendarNotFound(calendarId);
    const { calendar, revision } = await this.commands.loadCalendar(calendarId);
    reply.header('ETag', formatEtag(revision));
    return toSlaCalendarResponse(calendar, revision);
  }
}

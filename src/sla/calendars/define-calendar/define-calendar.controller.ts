import { Body, Controller, Headers, Param, Put, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { SlaConfigCommands } from '../../shared/sla-config-commands.service';
import { SlaCalendarNotFound } from '../../shared/sla.errors';
import { SLA_IF_MATCH_HEADER_DOC, slaIdParam, slaValidationProblem } from '../../shared/sla-params';
import { isSlaId } from '../../shared/sla.values';
import { checkSlaCalendar, type SlaCalendarInput } from '../sla-calendar.definition';
import { SlaCalendarResponse, toSlaCalendarResponse } from '../sla-calendar.response';
import { DefineCalendarRequest } from './define-calendar.request.dto';

@ApiTags('sla')
@Controller('sla/calendars')
export class DefineCalendarController {
  constructor(private readonly commands: SlaConfigCommands) {}

  @Put(':id')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Create or replace an SLA calendar',
    description:
      'Records SlaCalendarDefined (201) or SlaCalendarChanged (200) on `sla-calendar-<id>` with the full definition and a version; an identical definition records nothing (200). Overlapping or unordered intervals, an unknown time zone or an impossible date are 400 with field errors. Send If-Match with the ETag you read to refuse a change made meanwhile (412).',
  })
  @ApiParam(slaIdParam('calendar'))
  @ApiHeader(SLA_IF_MATCH_HEADER_DOC)
  @ApiCreatedResponse({ type: SlaCalendarResponse, description: 'Defined (ETag set).' })
  @ApiOkResponse({ type: SlaCalendarResponse, description: 'Replaced or unchanged (ETag set).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' })
  async define(
    @Param('id') calendarId: string,
    @Body() body: DefineCalendarRequest,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaCalendarResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    if (!isSlaId(calendarId)) throw new SlaCalendarNotFound(calendarId);
    // Plain JSON: the DTO instance may carry undefined properties the validator would see as keys.
    const definition = JSON.parse(JSON.stringify(body)) as SlaCalendarInput;
    const { problems } = checkSlaCalendar(definition);
    if (problems.length > 0) throw slaValidationProblem(problems);
    const outcome = await this.commands.defineCalendar({
      calendarId,
      definition,
      context,
      ifMatch,
    });
    if (!outcome.state.exists) throw new SlaCalendarNotFound(calendarId);
    const created = outcome.events.some((event) => event.type === 'SlaCalendarDefined');
    reply.status(created ? 201 : 200);
    reply.header('ETag', formatEtag(outcome.revision));
    if (created) reply.header('Location', `/sla/calendars/${calendarId}`);
    return toSlaCalendarResponse(outcome.state, outcome.revision);
  }
}

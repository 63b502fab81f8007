import { Controller, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { ApiIdempotencyKey } from '../../../platform/idempotency/idempotency.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import {
  ApiTicketIdParam,
  ticketIdFromPath,
} from '../../../tickets/open-ticket/ticket-command.http';
import { TicketAccess } from '../../../tickets/ticket-access';
import { TicketCommandRunner } from '../../../tickets/ticket-command-runner';
import { TicketNotFound } from '../../../tickets/ticket.errors';
import { SurveyIssuedResponse } from '../survey.http';
import { SurveyRecords } from '../survey-records';

@ApiTags('surveys')
@Controller('tickets')
export class IssueSurveyController {
  constructor(
    private readonly surveys: SurveyRecords,
    private readonly tickets: TicketCommandRunner,
    private readonly access: TicketAccess,
  ) {}

  @Post(':id/surveys')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Issue a CSAT survey for a solved ticket',
    description:
      'Records SurveyIssued (a new survey on its own `survey-<id>` stream) for the ticket’s ' +
      'customer, rating the ticket’s assignee; it expires after 14 days. Surveys also go out ' +
      'on their own after a solve. The customer link comes from `GET /feedback/surveys/{id}/link`.',
  })
  @ApiTicketIdParam()
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SurveyIssuedResponse, description: 'The survey was issued.' })
  @ApiForbiddenResponse({
    description: '`forbidden`, or `ticket-access-denied`: an agent on a ticket not theirs.',
  })
  @ApiNotFoundResponse({ description: '`ticket-not-found`: there is no such ticket.' })
  @ApiConflictResponse({ description: '`ticket-not-solved`: the ticket is not solved.' })
  async issue(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
  ): Promise<SurveyIssuedResponse> {
    const ticketId = ticketIdFromPath(id);
    const { state } = await this.tickets.load(ticketId);
    if (!state.exists) throw new TicketNotFound(ticketId);
    await this.access.assertMayAct(principal, state);
    const outcome = await this.surveys.issue({ ticketId, context, trigger: 'manual' });
    if (!outcome.issued) throw new Error('a manual survey has a fresh id: it cannot exist yet');
    const { survey } = outcome;
    return { surveyId: survey.surveyId, ticketId: survey.ticketId, expiresAt: survey.expiresAt };
  }
}

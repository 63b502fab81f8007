import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { CurrentCommandContext, type CommandContext } from '../../platform/http/command-context';
import { parseIfMatch } from '../../platform/http/concurrency';
import {
  ApiTicketCommand,
  ticketIdFromPath,
  ticketRevisionResponse,
  type TicketRevisionResponse,
} from '../open-ticket/ticket-command.http';
import { EscalateTicketCommand } from './escalate-ticket.command';
import { EscalateTicketRequest } from './escalate-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class EscalateTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/escalate')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Escalate a ticket to a support level and/or team, with a reason',
    description:
      'Records TicketEscalated (level and team before and after, the reason, and the agent taken ' +
      'off when the team changes). Allowed while the ticket is new, open, pending or on hold. ' +
      'Escalating to the current level and team records nothing.',
    conflicts:
      '`illegal-transition`: the ticket is solved. `escalation-level-not-higher`: the level is ' +
      'below the current one. `team-not-found`, `team-deactivated`: the team cannot take tickets.',
    unprocessable: '`invalid-ticket-command`: neither level nor teamId was given.',
  })
  async escalate(
    @Param('id') id: string,
    @Body() body: EscalateTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new EscalateTicketCommand(
        {
          ticketId: ticketIdFromPath(id),
          level: body.level,
          teamId: body.teamId,
          reason: body.reason,
        },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

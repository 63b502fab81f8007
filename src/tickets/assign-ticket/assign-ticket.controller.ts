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
import { AssignTicketCommand } from './assign-ticket.command';
import { AssignTicketRequest } from './assign-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class AssignTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Assign a ticket to an agent and/or a team',
    description:
      'Records TicketAssigned with the assignment before and after. An agent alone keeps the ' +
      'team; a team alone moves the ticket to that team’s queue and takes the agent off when the ' +
      'team changes. The current assignment again records nothing.',
    conflicts:
      '`agent-not-found`, `agent-deactivated`, `team-not-found`, `team-deactivated`: the agent or ' +
      'team cannot take tickets.',
    unprocessable: '`invalid-ticket-command`: neither agentId nor teamId was given.',
  })
  async assign(
    @Param('id') id: string,
    @Body() body: AssignTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new AssignTicketCommand(
        { ticketId: ticketIdFromPath(id), agentId: body.agentId, teamId: body.teamId },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

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
import { UnassignTicketCommand } from './unassign-ticket.command';
import { UnassignTicketRequest } from './unassign-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class UnassignTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/unassign')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Take the agent and/or team off a ticket',
    description:
      'Records TicketUnassigned with the assignment before and after. Nothing to take off ' +
      'records nothing. The status does not change (an open ticket stays open).',
  })
  async unassign(
    @Param('id') id: string,
    @Body() body: UnassignTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new UnassignTicketCommand(
        { ticketId: ticketIdFromPath(id), scope: body.scope },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

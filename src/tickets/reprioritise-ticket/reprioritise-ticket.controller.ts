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
import { ReprioritiseTicketCommand } from './reprioritise-ticket.command';
import { ReprioritiseTicketRequest } from './reprioritise-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class ReprioritiseTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/priority')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Change the priority of a ticket, with a reason',
    description:
      'Records TicketReprioritised with the priority before and after and the reason. The ' +
      'priority the ticket already has records nothing.',
  })
  async reprioritise(
    @Param('id') id: string,
    @Body() body: ReprioritiseTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new ReprioritiseTicketCommand(
        { ticketId: ticketIdFromPath(id), priority: body.priority, reason: body.reason },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

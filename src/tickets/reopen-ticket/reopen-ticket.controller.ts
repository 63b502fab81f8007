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
import { ReopenTicketCommand } from './reopen-ticket.command';
import { ReopenTicketRequest } from './reopen-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class ReopenTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Reopen a solved ticket',
    description:
      'Records TicketReopened (trigger `manual`): a `solved` ticket is `open` again and its ' +
      'automatic close is called off. A customer message on a solved ticket reopens it by ' +
      'itself.',
    conflicts:
      '`illegal-transition`: the ticket is not `solved`. A closed ticket stays closed ' +
      '(`ticket-closed`): a customer message on it opens a follow-up.',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async reopen(
    @Param('id') id: string,
    @Body() body: ReopenTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new ReopenTicketCommand(
        ticketIdFromPath(id),
        { reason: body.reason },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

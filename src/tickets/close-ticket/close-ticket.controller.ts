import { Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
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
import { CloseTicketCommand } from './close-ticket.command';

@ApiTags('tickets')
@Controller('tickets')
export class CloseTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Close a solved ticket',
    description:
      'Records TicketClosed (mode `manual`). Closed is final: afterwards only a customer ' +
      'message is accepted, and it opens a follow-up ticket. Solved tickets are also closed ' +
      'automatically after AUTO_CLOSE_AFTER business days. No request body.',
    conflicts: '`illegal-transition`: the ticket is not `solved`.',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async close(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new CloseTicketCommand(
        ticketIdFromPath(id),
        { mode: 'manual' },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

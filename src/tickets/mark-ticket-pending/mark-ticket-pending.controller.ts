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
import { MarkTicketPendingCommand } from './mark-ticket-pending.command';
import { MarkTicketPendingRequest } from './mark-ticket-pending.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class MarkTicketPendingController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/pend')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Mark a ticket pending (waiting on the customer)',
    description:
      'Records TicketMarkedPending from `open` or `on_hold`. A customer message on a ' +
      'pending ticket resumes it.',
    conflicts:
      '`illegal-transition`: the ticket is not `open` or `on_hold` (e.g. already pending).',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async pend(
    @Param('id') id: string,
    @Body() body: MarkTicketPendingRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new MarkTicketPendingCommand(
        ticketIdFromPath(id),
        { reason: body.reason },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

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
import { PutTicketOnHoldCommand } from './put-ticket-on-hold.command';
import { PutTicketOnHoldRequest } from './put-ticket-on-hold.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class PutTicketOnHoldController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/hold')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Put a ticket on hold (waiting on a third party)',
    description: 'Records TicketPutOnHold from `open` or `pending`.',
    conflicts:
      '`illegal-transition`: the ticket is not `open` or `pending` (e.g. already on hold).',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async hold(
    @Param('id') id: string,
    @Body() body: PutTicketOnHoldRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new PutTicketOnHoldCommand(
        ticketIdFromPath(id),
        { reason: body.reason },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

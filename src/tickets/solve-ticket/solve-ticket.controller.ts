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
import { SolveTicketCommand } from './solve-ticket.command';
import { SolveTicketRequest } from './solve-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class SolveTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/solve')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Solve a ticket',
    description:
      'Records TicketSolved with the resolution, attributed to the ticket’s assignee and ' +
      'team at this moment. From `open`, `pending` or `on_hold`. The ticket is closed ' +
      'automatically after AUTO_CLOSE_AFTER business days (default 4) unless it is reopened ' +
      'first.',
    conflicts:
      '`ticket-already-solved`: solved twice. `illegal-transition`: a `new` ticket nobody ' +
      'has picked up yet.',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async solve(
    @Param('id') id: string,
    @Body() body: SolveTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new SolveTicketCommand(
        ticketIdFromPath(id),
        { resolutionCode: body.resolutionCode, summary: body.summary },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

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
import { ResumeTicketCommand } from './resume-ticket.command';

@ApiTags('tickets')
@Controller('tickets')
export class ResumeTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/resume')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Resume a waiting ticket',
    description:
      'Records TicketResumed: a `pending` or `on_hold` ticket is `open` again. No request body.',
    conflicts: '`illegal-transition`: the ticket is not `pending` or `on_hold`.',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async resume(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new ResumeTicketCommand(ticketIdFromPath(id), {
        context,
        principal,
        ifMatch: parseIfMatch(ifMatch),
      }),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

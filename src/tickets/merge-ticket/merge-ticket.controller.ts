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
} from '../open-ticket/ticket-command.http';
import { MergeTicketCommand } from './merge-ticket.command';
import { MergeTicketRequest } from './merge-ticket.request.dto';
import { MergedTicketResponse } from './merge-ticket.response.dto';

@ApiTags('tickets')
@Controller('tickets')
export class MergeTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Merge a ticket into another ticket',
    description:
      'The target records TicketMergeReceived, then this ticket (the source) records ' +
      'TicketMerged, which closes it with a link to the target. The two writes are not atomic: ' +
      'every check is made before the first one, and repeating the request after a failure ' +
      'between them completes the merge without recording anything twice. If-Match applies to ' +
      'the source; the answer is the source ticket and its ETag. An agent needs access to both ' +
      'tickets.',
    response: MergedTicketResponse,
    conflicts: '`merge-target-closed`: the target is closed.',
    unprocessable:
      '`merge-into-self`: the target is this ticket. `merge-target-not-found`: there is no target ticket.',
  })
  async merge(
    @Param('id') id: string,
    @Body() body: MergeTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MergedTicketResponse> {
    const outcome = await this.commands.execute(
      new MergeTicketCommand(
        { ticketId: ticketIdFromPath(id), intoTicketId: body.intoTicketId },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return { ...ticketRevisionResponse(reply, outcome), intoTicketId: body.intoTicketId };
  }
}

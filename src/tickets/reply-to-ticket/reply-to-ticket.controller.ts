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
import { ReplyToTicketCommand } from './reply-to-ticket.command';
import { ReplyToTicketRequest } from './reply-to-ticket.request.dto';
import { TicketReplyResponse } from './reply-to-ticket.response.dto';

@ApiTags('tickets')
@Controller('tickets')
export class ReplyToTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/replies')
  @HttpCode(200)
  // Customer messages reach a ticket through staff (phone, e-mail triage): integrator keys have
  // no tickets under the per-ticket access rule.
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Add a public message to a ticket',
    description:
      'Records TicketReplied with the author’s kind. Only a human agent’s reply (`agent`: the ' +
      'caller) counts as a response in reports and SLAs; a bot or macro (`automated`) does not. A ' +
      'customer’s message (`customer`, relayed by staff) reopens a solved ticket and resumes a ' +
      'pending one. On a closed ticket a customer’s message opens a follow-up ticket instead: the ' +
      'closed ticket records TicketFollowUpRequested and stays closed, the follow-up is opened ' +
      'linked to it (`followUpOf`), and `followUpTicketId` names it. Retrying the same customer ' +
      'message after a failure between those two writes opens that same follow-up, not a second.',
    response: TicketReplyResponse,
    conflicts:
      '`ticket-closed`: an agent or automated message on a closed ticket. `ticket-merged`: a ' +
      'customer message on a ticket merged into another (write there).',
    unprocessable:
      '`reply-author-not-allowed`: an `agent` author other than the caller. ' +
      '`idempotency-key-reused`: the key was used for another request.',
  })
  async reply(
    @Param('id') id: string,
    @Body() body: ReplyToTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketReplyResponse> {
    const outcome = await this.commands.execute(
      new ReplyToTicketCommand(
        ticketIdFromPath(id),
        {
          body: body.body,
          ...(body.author ? { author: { kind: body.author.kind, id: body.author.id } } : {}),
        },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    const response: TicketReplyResponse = ticketRevisionResponse(reply, outcome);
    if (outcome.followUpTicketId !== null) response.followUpTicketId = outcome.followUpTicketId;
    return response;
  }
}

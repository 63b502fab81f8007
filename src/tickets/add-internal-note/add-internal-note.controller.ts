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
import { AddInternalNoteCommand } from './add-internal-note.command';
import { AddInternalNoteRequest } from './add-internal-note.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class AddInternalNoteController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/notes')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Add an internal note to a ticket',
    description:
      'Records InternalNoteAdded by the caller (agent, supervisor or admin). Internal notes ' +
      'are for staff only: never shown to customers, never a response.',
    unprocessable: '`idempotency-key-reused`: the key was used for another request.',
  })
  async addNote(
    @Param('id') id: string,
    @Body() body: AddInternalNoteRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new AddInternalNoteCommand(
        ticketIdFromPath(id),
        { body: body.body },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

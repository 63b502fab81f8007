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
import { ClassifyTicketCommand } from './classify-ticket.command';
import { ClassifyTicketRequest } from './classify-ticket.request.dto';

@ApiTags('tickets')
@Controller('tickets')
export class ClassifyTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/classify')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'agent')
  @ApiTicketCommand({
    summary: 'Classify a ticket (type, tags, product area)',
    description:
      'Each given field replaces the current one (`productArea: null` clears it); give at least ' +
      'one. Records TicketClassified with the classification before and after.',
    unprocessable: '`invalid-ticket-command`: none of type, tags or productArea was given.',
  })
  async classify(
    @Param('id') id: string,
    @Body() body: ClassifyTicketRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketRevisionResponse> {
    const outcome = await this.commands.execute(
      new ClassifyTicketCommand(
        {
          ticketId: ticketIdFromPath(id),
          type: body.type,
          tags: body.tags,
          productArea: body.productArea,
        },
        { context, principal, ifMatch: parseIfMatch(ifMatch) },
      ),
    );
    return ticketRevisionResponse(reply, outcome);
  }
}

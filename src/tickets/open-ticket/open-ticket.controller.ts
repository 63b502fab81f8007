import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { CurrentCommandContext, type CommandContext } from '../../platform/http/command-context';
import { formatEtag } from '../../platform/http/concurrency';
import { ApiIdempotencyKey } from '../../platform/idempotency/idempotency.decorators';
import { TicketNotFound } from '../ticket.errors';
import { OpenTicketCommand } from './open-ticket.command';
import { OpenTicketRequest } from './open-ticket.request.dto';
import { OpenedTicketResponse } from './open-ticket.response.dto';
import { TICKET_ETAG_HEADER } from './ticket-command.http';

@ApiTags('tickets')
@Controller('tickets')
export class OpenTicketController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  // Integrators feed the `api` channel through their own integration, not these staff routes.
  @Roles('admin', 'supervisor', 'agent')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Open a ticket',
    description:
      'Records TicketOpened and the automatic receipt acknowledgement to the customer ' +
      '(TicketReceiptAcknowledged, by the `system` actor; it is not a response). The customer ' +
      'record `customer-<id>` is created or updated from `customer` right after the ticket; that ' +
      'second write is not atomic with the first and is repeated safely (it never fails the ' +
      'request once the ticket is open). Send an Idempotency-Key to make a retry safe: without ' +
      'one, a retried request opens a second ticket.',
  })
  @ApiCreatedResponse({
    type: OpenedTicketResponse,
    description: 'The ticket is open.',
    headers: {
      Location: {
        description: 'The new ticket: `/tickets/{id}`.',
        schema: { type: 'string', maxLength: 80, pattern: '^/tickets/[A-Za-z0-9_-]+$' },
      },
      ...TICKET_ETAG_HEADER,
    },
  })
  @ApiUnprocessableEntityResponse({
    description:
      '`invalid-ticket-command`: a rule the schema cannot express, e.g. `receivedAt` in the future.',
  })
  @ApiConflictResponse({
    description: '`ticket-already-exists`: the generated id is taken (practically never).',
  })
  async open(
    @Body() body: OpenTicketRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OpenedTicketResponse> {
    const outcome = await this.commands.execute(
      new OpenTicketCommand(
        {
          channel: body.channel,
          subject: body.subject,
          description: body.description,
          receivedAt: body.receivedAt,
          customer: {
            id: body.customer.id,
            name: body.customer.name,
            email: body.customer.email,
            phone: body.customer.phone,
            tier: body.customer.tier,
          },
          type: body.type,
          priority: body.priority,
          tags: body.tags,
          language: body.language,
        },
        { context, principal },
      ),
    );
    const ticket = outcome.state;
    if (!ticket.exists) throw new TicketNotFound(outcome.ticketId);
    void reply.header('Location', `/tickets/${ticket.id}`);
    void reply.header('ETag', formatEtag(outcome.revision));
    return {
      id: ticket.id,
      status: ticket.status,
      revision: Number(outcome.revision),
      channel: ticket.channel,
      type: ticket.type,
      priority: ticket.priority,
      tags: [...ticket.tags],
      customerId: ticket.customer.id,
      language: ticket.language,
      receivedAt: ticket.receivedAt,
      openedAt: ticket.openedAt,
    };
  }
}

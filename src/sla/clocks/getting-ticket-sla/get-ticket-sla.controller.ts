import { Controller, Get, Inject, Param } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  ApiTicketIdParam,
  ticketIdFromPath,
} from '../../../tickets/open-ticket/ticket-command.http';
import { TicketAccess } from '../../../tickets/ticket-access';
import { TicketNotFound } from '../../../tickets/ticket.errors';
import type { TicketEvent } from '../../../tickets/ticket.events';
import { foldTicket } from '../../../tickets/ticket.state';
import { ticketStreamName } from '../../../tickets/ticket.values';
import { describeCycles } from '../ticket-sla.describe';
import { foldTicketSla } from '../ticket-sla.state';
import { TicketSlaResponse, ticketSlaResponse } from './ticket-sla.response';

@ApiTags('sla')
@Controller('tickets')
export class GetTicketSlaController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: TicketAccess,
  ) {}

  @Get(':id/sla')
  @Roles('admin', 'supervisor', 'agent', 'auditor')
  @ApiOperation({
    summary: "A ticket's SLA clocks",
    description:
      'The policy the ticket is measured by and every SLA cycle (first response, each next response, each ' +
      'resolution) with start, due time, paused intervals, elapsed and remaining business and calendar time, ' +
      'status, warnings raised, breach and end. Folded from the ticket stream itself (never behind); elapsed ' +
      'and remaining times refer to `asOf`. Agents may read tickets assigned to them or to one of their teams.',
  })
  @ApiTicketIdParam()
  @ApiOkResponse({ type: TicketSlaResponse })
  @ApiForbiddenResponse({
    description: '`ticket-access-denied`: an agent outside the ticket’s teams.',
  })
  @ApiNotFoundResponse({ description: '`ticket-not-found`: no such ticket.' })
  async sla(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TicketSlaResponse> {
    const ticketId = ticketIdFromPath(id);
    const events = await this.eventStore.readStream(ticketStreamName(ticketId));
    const ticket = foldTicket(events.map((event) => event as unknown as TicketEvent));
    if (!ticket.exists) throw new TicketNotFound(ticketId);
    await this.access.assertMayRead(principal, ticket);
    const now = this.clock.now();
    const state = foldTicketSla(events);
    return ticketSlaResponse(ticketId, state, describeCycles(state, now), now);
  }
}

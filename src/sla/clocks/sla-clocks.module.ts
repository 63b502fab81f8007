import { Global, Module } from '@nestjs/common';

/**
 * SLA clocks: applies policies to tickets and keeps their cycles (a TICKET_STREAM_REACTION inside
 * every ticket command's append), the durable warning/breach/escalation timers, and
 * GET /tickets/{id}/sla. Global so every module's TicketCommandRunner finds the reaction.
 */
@Global()
@Module({})
export class SlaClocksModule {}

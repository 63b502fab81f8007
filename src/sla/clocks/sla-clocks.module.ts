import { Global, Module } from '@nestjs/common';
import { DirectoryModule } from '../../routing/directory.module';
import { TicketAccess } from '../../tickets/ticket-access';
import { TICKET_STREAM_REACTION } from '../../tickets/ticket-stream-reaction.port';
import { SlaModule } from '../sla.module';
import { GetTicketSlaController } from './getting-ticket-sla/get-ticket-sla.controller';
import { SlaClockReaction } from './sla-clock.reaction';
import { SlaTimersModule } from './timers/sla-timers.module';

/**
 * SLA clocks: applies policies to tickets and keeps their cycles (a TICKET_STREAM_REACTION inside
 * every ticket command's append), the durable warning/breach/escalation timers, and
 * GET /tickets/{id}/sla. Global so every module's TicketCommandRunner finds the reaction.
 */
@Global()
@Module({
  imports: [
    // SlaConfigQueries: the policies and calendars a ticket is matched against.
    SlaModule,
    // The durable warning/breach/escalation timers (their own module: src/sla/clocks/timers).
    SlaTimersModule,
    // AGENT_DIRECTORY for TicketAccess (GET /tickets/{id}/sla: agents read their teams' tickets).
    DirectoryModule,
  ],
  controllers: [GetTicketSlaController],
  providers: [
    SlaClockReaction,
    { provide: TICKET_STREAM_REACTION, useExisting: SlaClockReaction },
    TicketAccess,
  ],
  exports: [TICKET_STREAM_REACTION],
})
export class SlaClocksModule {}

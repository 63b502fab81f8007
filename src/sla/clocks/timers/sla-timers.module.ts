import { Module } from '@nestjs/common';
import { DirectoryModule } from '../../../routing/directory.module';
import { SlaTimerPoller } from './sla-timer.poller';
import { SlaTimerRunner } from './sla-timer-runner';
import { SlaTimersProjection } from './sla-timers.projection';

/**
 * The durable SLA timers: the sla_timers deadline projection, the poller that claims due rows,
 * and the runner that records warnings, breaches and escalation steps on the ticket stream.
 * Needs EVENT_STORE, CLOCK, ID_GENERATOR, PG_POOL (global), AGENT_DIRECTORY (DirectoryModule,
 * for reassign_team) and, when bound, TICKET_STREAM_REACTION (the SLA clocks' reaction, global).
 */
@Module({
  imports: [DirectoryModule],
  providers: [SlaTimerRunner, SlaTimersProjection, SlaTimerPoller],
  exports: [SlaTimerRunner, SlaTimerPoller],
})
export class SlaTimersModule {}

import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../../projections/projections.module';
import { StreamCommandRunner } from '../../routing/shared/stream-command-runner';
import { ProjectionLagReader } from '../../tickets/read-consistency';
import { TicketCommandRunner } from '../../tickets/ticket-command-runner';
import { FollowUpActionsController } from './act-on-follow-up/follow-up-actions.controller';
import { FollowUpCommands } from './follow-up-commands';
import { GetFollowUpController } from './get-follow-up/get-follow-up.controller';
import { FollowUpListProjection } from './list-follow-ups/follow-up-list.projection';
import { FollowUpQueries } from './list-follow-ups/follow-up.queries';
import { ListFollowUpsController } from './list-follow-ups/list-follow-ups.controller';
import { FollowUpRaiserProjection } from './raise-follow-ups/follow-up-raiser.projection';

/**
 * Closing the loop: follow-ups raised by low CSAT (1–2) and NPS detractors (0–6) — the reactor
 * FollowUpRaiserProjection — the supervisors' list (FollowUpListProjection) and the actions
 * acknowledge, contact, resolve on `follow-up-<id>`. Needs EVENT_STORE, CLOCK, ID_GENERATOR,
 * APP_CONFIG, PG_POOL (global).
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [ListFollowUpsController, GetFollowUpController, FollowUpActionsController],
  providers: [
    FollowUpRaiserProjection,
    FollowUpListProjection,
    FollowUpQueries,
    FollowUpCommands,
    StreamCommandRunner,
    TicketCommandRunner,
    ProjectionLagReader,
  ],
})
export class FollowUpsModule {}

import { Module } from '@nestjs/common';
import { EventsFeedController } from './events-feed.controller';
import {
  DEFAULT_SSE_HEARTBEAT_MS,
  EventsFeedService,
  SSE_HEARTBEAT_MS,
} from './events-feed.service';

/**
 * `GET /events` and `GET /events/stream` for integrators. Needs EVENT_STORE (EventStoreModule is
 * global) and the global auth guard for its @Roles.
 */
@Module({
  controllers: [EventsFeedController],
  providers: [EventsFeedService, { provide: SSE_HEARTBEAT_MS, useValue: DEFAULT_SSE_HEARTBEAT_MS }],
})
export class EventsFeedModule {}

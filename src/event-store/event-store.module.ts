import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { PG_POOL } from '../platform/database/database.tokens';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { InstrumentedEventStore } from './instrumented-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { Metrics } from '../platform/metrics/metrics';

/** Provides EVENT_STORE: PostgreSQL by default, EventStoreDB with EVENT_STORE=eventstoredb. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, PG_POOL, Metrics],
          useFactory: (config: AppConfig, pool: Pool, metrics: Metrics): EventStore =>
            new InstrumentedEventStore(
              config.eventStore === 'eventstoredb' && config.eventStoreConnectionString
                ? EsdbEventStore.connect(config.eventStoreConnectionString)
                : new PostgresEventStore(pool),
              metrics,
            ),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

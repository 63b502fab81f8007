import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { EventStoreModule } from './event-store/event-store.module';
import { EventsFeedModule } from './events-feed/events-feed.module';
import { HealthModule } from './health/health.module';
import type { AppConfig } from './platform/config/config';
import { DatabaseModule } from './platform/database/database.module';
import { IdempotencyModule } from './platform/idempotency/idempotency.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { PlatformModule, type PlatformOverrides } from './platform/platform.module';
import { ProjectionsModule } from './projections/projections.module';
import { DirectoryModule } from './routing/directory.module';
import { RoutingRulesModule } from './routing/routing-rules.module';
import { SlaModule } from './sla/sla.module';
import { SlaClocksModule } from './sla/clocks/sla-clocks.module';
import { SlaReportsModule } from './sla/reports/sla-reports.module';
import { RouterModule } from './routing/router/router.module';
import { QueuesModule } from './routing/queues/queues.module';
import { FeedbackModule } from './feedback/feedback.module';
import { TicketsModule } from './tickets/tickets.module';

export interface AppModuleOptions extends PlatformOverrides {
  readonly config: AppConfig;
  /** Resolved before start: DATABASE_URL or the embedded server's URL. */
  readonly databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options.config, options),
        DatabaseModule.forRoot(options.databaseUrl),
        MetricsModule,
        EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
        AuthModule,
        IdempotencyModule,
        ProjectionsModule,
        HealthModule,
        EventsFeedModule,
        DirectoryModule,
        TicketsModule,
        RoutingRulesModule,
        SlaModule,
        SlaClocksModule,
        SlaReportsModule,
        RouterModule,
        QueuesModule,
        FeedbackModule,
      ],
      providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
    };
  }
}

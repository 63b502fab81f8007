import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from './platform/config/config';
import { DatabaseModule } from './platform/database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { PlatformModule, type PlatformOverrides } from './platform/platform.module';

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
        EventStoreModule.forRoot(),
        CqrsModule.forRoot(),
      ],
    };
  }
}

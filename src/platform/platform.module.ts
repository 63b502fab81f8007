import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/config';
import { CLOCK, SystemClock, type Clock } from './time/clock';
import { ID_GENERATOR, RandomIdGenerator, type IdGenerator } from './ids/id-generator';

export interface PlatformOverrides {
  readonly clock?: Clock;
  readonly idGenerator?: IdGenerator;
}

/** Configuration and the time and id ports, available everywhere by DI token. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, overrides: PlatformOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? new SystemClock() },
      { provide: ID_GENERATOR, useValue: overrides.idGenerator ?? new RandomIdGenerator() },
    ];
    return { module: PlatformModule, providers, exports: providers };
  }
}

import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyPurger } from './idempotency-purger';
import { IdempotencyStore } from './idempotency.store';

/**
 * Idempotency-Key support for every POST/PATCH route (a global interceptor that runs after the
 * auth guard, so keys are scoped per API key) and the periodic purge of expired keys. Needs the
 * TypeORM DataSource (DatabaseModule), APP_CONFIG and CLOCK (PlatformModule).
 */
@Global()
@Module({
  providers: [
    IdempotencyStore,
    IdempotencyPurger,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [IdempotencyStore, IdempotencyPurger],
})
export class IdempotencyModule {}

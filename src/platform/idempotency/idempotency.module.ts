import { Global, Module } from '@nestjs/common';
import { IdempotencyBinding } from './idempotency-binding';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyPurger } from './idempotency-purger';
import { IdempotencyStore } from './idempotency.store';

/**
 * Idempotency-Key support for every POST/PATCH route (an interceptor bound to every route that
 * is not read-only, running after the auth guard, so keys are scoped per API key) and the
 * periodic purge of expired keys. Needs the TypeORM DataSource (DatabaseModule), APP_CONFIG and
 * CLOCK (PlatformModule).
 */
@Global()
@Module({
  providers: [
    IdempotencyStore,
    IdempotencyPurger,
    IdempotencyInterceptor,
    // Binds the interceptor to every non-GET route (see IdempotencyBinding for why not global).
    IdempotencyBinding,
  ],
  exports: [IdempotencyStore, IdempotencyPurger],
})
export class IdempotencyModule {}

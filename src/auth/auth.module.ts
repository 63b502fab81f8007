import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { AdminKeyBootstrap } from './admin-key-bootstrap';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';

/**
 * API keys, the admin endpoints that manage them, the start-up admin key, and the guard.
 * Needs TypeORM (forRoot) and PlatformModule (CLOCK, APP_CONFIG) in the application. The app
 * registers the guard globally: `{ provide: APP_GUARD, useExisting: ApiKeyGuard }`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  controllers: [AdminApiKeysController],
  providers: [ApiKeysService, ApiKeyGuard, AdminKeyBootstrap],
  exports: [ApiKeysService, ApiKeyGuard],
})
export class AuthModule {}

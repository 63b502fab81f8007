/**
 * Test support (not loaded by the application): a small Fastify Nest app with the real AuthModule
 * on a real PostgreSQL, the guard registered globally exactly as the app module does, and a
 * controller exercising `@Public`, `@Roles` and the default (admin-only) rule.
 */
import { Controller, Get, Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Actor } from '../../event-store/event-store.port';
import { loadConfig } from '../../platform/config/config';
import { dataSourceOptions } from '../../platform/database/data-source-options';
import { PlatformModule } from '../../platform/platform.module';
import type { FixedClock } from '../../platform/time/clock';
import { ApiKeyGuard } from '../api-key.guard';
import { CurrentActor, CurrentPrincipal, Public, Roles } from '../auth.decorators';
import { AuthModule } from '../auth.module';
import type { Principal } from '../principal';

@Controller('test')
export class ProbeController {
  @Public()
  @Get('public')
  open(): { ok: true } {
    return { ok: true };
  }

  @Roles('agent', 'supervisor')
  @Get('agents')
  agents(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): { principal: Principal; actor: Actor } {
    return { principal, actor };
  }

  /** Neither @Public nor @Roles: admin-only by default. */
  @Get('undeclared')
  undeclared(@CurrentPrincipal() principal: Principal): { principal: Principal } {
    return { principal };
  }
}

/** A public class whose one method opts back into authentication: the method wins. */
@Public()
@Controller('test/open-class')
export class PublicClassProbeController {
  @Get()
  open(): { ok: true } {
    return { ok: true };
  }

  @Roles('auditor')
  @Get('audited')
  audited(): { ok: true } {
    return { ok: true };
  }
}

@Module({})
class AuthTestRootModule {
  static forRoot(
    databaseUrl: string,
    env: Record<string, string>,
    clock: FixedClock,
  ): DynamicModule {
    return {
      module: AuthTestRootModule,
      imports: [
        PlatformModule.forRoot(loadConfig({ LOG_LEVEL: 'error', ...env }), { clock }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        AuthModule,
      ],
      controllers: [ProbeController, PublicClassProbeController],
      providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
    };
  }
}

export async function createAuthTestApp(options: {
  databaseUrl: string;
  clock: FixedClock;
  env?: Record<string, string>;
}): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthTestRootModule.forRoot(options.databaseUrl, options.env ?? {}, options.clock)],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  // Stands in for the global pipe the HTTP conventions configure (unknown properties: 400).
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

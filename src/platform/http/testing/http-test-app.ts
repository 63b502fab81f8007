/**
 * Test support (not production code): a small Nest Fastify app with the HTTP conventions applied
 * exactly as app.factory.ts applies them, around whatever test controllers and modules a spec
 * brings. Log lines are captured so specs can assert on them.
 */
import type { ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { loadConfig, type AppConfig } from '../../config/config';
import { PlatformModule } from '../../platform.module';
import { FixedClock } from '../../time/clock';
import { configureHttp, fastifyOptions } from '../configure-http';

export interface HttpTestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly clock: FixedClock;
  /** Every log line written so far, parsed. */
  readonly logs: Record<string, unknown>[];
}

export async function createHttpTestApp(
  metadata: ModuleMetadata,
  env: Readonly<Record<string, string>> = {},
): Promise<HttpTestApp> {
  const config = loadConfig({ LOG_LEVEL: 'info', ...env });
  const clock = new FixedClock();
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [PlatformModule.forRoot(config, { clock }), ...(metadata.imports ?? [])],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter(fastifyOptions(config)),
    { logger: false },
  );
  const logs: Record<string, unknown>[] = [];
  configureHttp(app, config, {
    logSink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, config, clock, logs };
}

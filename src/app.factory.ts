import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppModuleOptions } from './app.module';
import { configureHttp, fastifyOptions } from './platform/http/configure-http';
import { configureOpenApi } from './platform/openapi/openapi';
import { createJsonLogger } from './platform/logging/json-logger';

/**
 * Builds the whole application (not yet listening). main.ts and the API/e2e tests use the same
 * path, so what the tests drive is what production runs.
 */
export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    new FastifyAdapter(fastifyOptions(options.config)),
    { bufferLogs: true, abortOnError: false, logger: createJsonLogger(options.config.logLevel) },
  );
  configureHttp(app, options.config);
  configureOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

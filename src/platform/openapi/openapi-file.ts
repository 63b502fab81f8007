import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../app.module';
import { loadConfig } from '../config/config';
import { fastifyOptions } from '../http/configure-http';
import { buildOpenApiDocument } from './openapi';
import { stableOpenApiJson } from './stable-json';

/** Where `npm run openapi` writes the document, relative to the repository root. */
export const OPENAPI_FILE = 'openapi/openapi.json';

/**
 * The committed OpenAPI document, as text, generated from the code alone: the application is
 * created in preview mode, which builds the module graph but instantiates no provider, so no
 * database is started or contacted (the URL below is never dialled).
 */
export async function generateOpenApiJson(): Promise<string> {
  // Defaults only: the document must not depend on the environment it is generated in.
  const config = loadConfig({});
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      databaseUrl: 'postgres://openapi-preview@127.0.0.1:1/never-connected',
    }),
    new FastifyAdapter(fastifyOptions(config)),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return stableOpenApiJson(buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config/config';

/** Fastify server options: body limit, request ids. (Filled in by the HTTP conventions work.) */
export function fastifyOptions(config: AppConfig): FastifyServerOptions {
  return { bodyLimit: config.bodyLimitBytes };
}

/** Global pipes, filters, interceptors and hooks implementing the HTTP conventions. */
export function configureHttp(_app: NestFastifyApplication, _config: AppConfig): void {}

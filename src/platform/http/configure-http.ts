import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config/config';
import { createJsonLogger, type JsonLogger, type LogSink } from '../logging/json-logger';
import { Metrics } from '../metrics/metrics';
import { CLOCK, SystemClock, type Clock } from '../time/clock';
import { registerJsonBodyParser } from './json-body-parser';
import { ProblemDetailsFilter } from './problem-details.filter';
import { registerRateLimit } from './rate-limit';
import { registerRequestHooks } from './request-hooks';
import { requestIdOf } from './request-id';
import { RouteTable } from './route-table';
import { createValidationPipe } from './validation';

/** Fastify server options: body limit, and request ids taken from X-Request-Id when sane. */
export function fastifyOptions(config: AppConfig): FastifyServerOptions {
  return {
    bodyLimit: config.bodyLimitBytes,
    // We read X-Request-Id ourselves (genReqId) so that an unsafe value is never trusted.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Logging is ours (JSON lines from the onResponse hook), not Fastify's pino.
    logger: false,
  };
}

export interface ConfigureHttpOptions {
  /** Where log lines go; stdout by default. Tests capture them. */
  readonly logSink?: LogSink;
}

function metricsOf(app: NestFastifyApplication, logger: JsonLogger): Metrics | undefined {
  try {
    return app.get(Metrics, { strict: false });
  } catch {
    logger.write('warn', 'MetricsModule is not imported: HTTP latency is not recorded');
    return undefined;
  }
}

function clockOf(app: NestFastifyApplication, logger: JsonLogger): Clock {
  try {
    return app.get<symbol, Clock>(CLOCK, { strict: false });
  } catch {
    logger.write(
      'warn',
      'PlatformModule is not imported: rate limits are timed by the system clock',
    );
    return new SystemClock();
  }
}

/**
 * The HTTP conventions every route follows; call after NestFactory.create and before app.init():
 * JSON logs (also installed as Nest's logger), request ids, per-client rate limits
 * (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_ANONYMOUS_PER_MINUTE), JSON-only bodies capped at
 * BODY_LIMIT_BYTES, a strict global ValidationPipe, RFC 9457 problems for every error (404/405
 * included) and the request latency histogram.
 */
export function configureHttp(
  app: NestFastifyApplication,
  config: AppConfig,
  options: ConfigureHttpOptions = {},
): JsonLogger {
  const logger = createJsonLogger(config.logLevel, options.logSink);
  app.useLogger(logger);
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));

  registerJsonBodyParser(app, config.bodyLimitBytes);
  registerRequestHooks(fastify, logger, metricsOf(app, logger));
  // After the request id hook (a 429 carries it too), before anything that parses or authenticates.
  registerRateLimit(fastify, config, clockOf(app, logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger, routes, config));
  return logger;
}

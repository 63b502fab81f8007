import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal';
import type { JsonLogger } from '../logging/json-logger';
import type { Metrics } from '../metrics/metrics';
import { REQUEST_ID_HEADER } from './request-id';

/** The label for requests no route matched: raw URLs would make the metric's cardinality unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The route pattern (`/tickets/:id`), never the raw URL. */
export function routeLabelOf(request: FastifyRequest): string {
  return request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
}

function principalKeyIdOf(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { principal?: Principal }).principal?.keyId;
}

/**
 * Per-request plumbing on the Fastify instance (so it covers 404s and body-parsing errors, which
 * never reach a Nest interceptor): the request id header on every response, one structured log
 * line per request and the latency histogram.
 */
export function registerRequestHooks(
  fastify: FastifyInstance,
  logger: JsonLogger,
  metrics: Metrics | undefined,
): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });

  // An error response may have been started from a context that reset headers; make sure.
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
    if (!reply.hasHeader(REQUEST_ID_HEADER)) void reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const route = routeLabelOf(request);
    const statusCode = reply.statusCode;
    const durationMs = reply.elapsedTime;
    metrics?.httpRequestDuration.observe(
      { method: request.method, route, status_code: String(statusCode) },
      durationMs / 1000,
    );
    const level = statusCode >= 500 ? 'error' : 'info';
    // Checked first so that a level that drops the line (LOG_LEVEL=warn) does not build it.
    if (logger.isEnabled(level)) logRequest(logger, level, request, route, statusCode, durationMs);
    done();
  });
}

function logRequest(
  logger: JsonLogger,
  level: 'error' | 'info',
  request: FastifyRequest,
  route: string,
  statusCode: number,
  durationMs: number,
): void {
  logger.write(level, 'request completed', {
    requestId: request.id,
    method: request.method,
    url: request.url.split('?', 1)[0],
    route,
    statusCode,
    durationMs: Math.round(durationMs * 100) / 100,
    principalKeyId: principalKeyIdOf(request),
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import type { Clock } from '../time/clock';
import { ProblemException } from './problem-details';
import { RateLimitBuckets, type RateLimitDecision } from './rate-limit-buckets';
import { rateLimitClientOf, type RateLimitClient } from './rate-limit-client';

/** Routes never limited: load balancers and orchestrators poll /health as often as they like. */
export const RATE_LIMIT_EXEMPT_PATHS: ReadonlySet<string> = new Set(['/health']);

export const RATE_LIMITED_PROBLEM = { type: 'rate-limited', title: 'Too many requests' } as const;

/** IETF draft-ietf-httpapi-ratelimit-headers names, as sent (lower case, like all our headers). */
export const RATE_LIMIT_HEADERS = {
  limit: 'ratelimit-limit',
  remaining: 'ratelimit-remaining',
  reset: 'ratelimit-reset',
} as const;

export type RateLimits = Pick<AppConfig, 'rateLimitPerMinute' | 'rateLimitAnonymousPerMinute'>;

function headersOf(decision: RateLimitDecision): Record<string, string> {
  return {
    [RATE_LIMIT_HEADERS.limit]: String(decision.limit),
    [RATE_LIMIT_HEADERS.remaining]: String(decision.remaining),
    [RATE_LIMIT_HEADERS.reset]: String(decision.resetSeconds),
  };
}

function rateLimitedProblem(
  client: RateLimitClient,
  decision: RateLimitDecision,
): ProblemException {
  const who = client.kind === 'key' ? 'this API key' : 'your address without an API key';
  return new ProblemException({
    ...RATE_LIMITED_PROBLEM,
    status: 429,
    detail: `The limit for ${who} is ${decision.limit} requests a minute; retry in ${decision.retryAfterSeconds} s.`,
    // Repeated here so the problem response carries them whatever the error path does to headers.
    headers: { ...headersOf(decision), 'retry-after': String(decision.retryAfterSeconds) },
  });
}

function isExempt(request: FastifyRequest): boolean {
  // The matched route, not the raw URL: a query string or encoding cannot dodge the limit.
  return !request.is404 && RATE_LIMIT_EXEMPT_PATHS.has(request.routeOptions.url ?? '');
}

/**
 * Per-client rate limiting as the first thing after the request id, before body parsing and
 * authentication, so refused requests cost neither. Every limited response carries
 * RateLimit-Limit / -Remaining / -Reset; over the limit the request ends with a 429 problem and
 * Retry-After (rendered by ProblemDetailsFilter like every other error).
 *
 * Counters live in this process: with N instances behind a load balancer a client effectively
 * gets up to N × the limit. A shared store (e.g. Redis) would make it exact; we do not have one.
 */
export function registerRateLimit(
  fastify: FastifyInstance,
  limits: RateLimits,
  clock: Clock,
  buckets: RateLimitBuckets = new RateLimitBuckets(clock),
): void {
  if (limits.rateLimitPerMinute === 0 && limits.rateLimitAnonymousPerMinute === 0) return;

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (isExempt(request)) return done();
    const client = rateLimitClientOf(request.headers.authorization, request.ip);
    const limit =
      client.kind === 'key' ? limits.rateLimitPerMinute : limits.rateLimitAnonymousPerMinute;
    if (limit === 0) return done();

    const decision = buckets.take(client.id, limit);
    void reply.headers(headersOf(decision));
    if (decision.allowed) return done();
    done(rateLimitedProblem(client, decision));
  });
}

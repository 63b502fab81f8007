import {
  Injectable,
  Logger,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { Principal } from '../../auth/principal';
import { PLATFORM_PROBLEMS, ProblemException } from '../http/problem-details';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';
import { SKIP_IDEMPOTENCY_KEY } from './idempotency.decorators';
import { IdempotencyStore, type IdempotencyScope, type StoredResponse } from './idempotency.store';

/** Methods whose effect a retry could repeat: creates and commands. */
const IDEMPOTENT_METHODS = new Set(['POST', 'PATCH']);

/** Response headers a replay must carry to mean the same thing as the original. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'content-location'] as const;

/** Seconds to wait before retrying while the first request with the key is still running. */
export const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

type PayloadCapture = { readonly body: string | null; readonly contentType: string | undefined };

/** The bytes Fastify will send for a handler result, when we can store them. */
function capturePayload(result: unknown): PayloadCapture | undefined {
  if (result === undefined || result === null) return { body: null, contentType: undefined };
  if (typeof result === 'string') return { body: result, contentType: 'text/plain; charset=utf-8' };
  if (Buffer.isBuffer(result) || result instanceof StreamableFile) return undefined;
  if (typeof (result as { pipe?: unknown }).pipe === 'function') return undefined;
  try {
    return { body: JSON.stringify(result), contentType: 'application/json; charset=utf-8' };
  } catch {
    return undefined;
  }
}

function headerValue(reply: FastifyReply, name: string): string | undefined {
  const value = reply.getHeader(name);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * `Idempotency-Key` on POST and PATCH: the first request with a key runs and its response is
 * stored; a retry with the same key and the same request gets that response back (with
 * `Idempotent-Replayed: true`) without running the handler, so nothing is appended twice.
 * Same key with a different request: 422. Same key while the first is still running: 409.
 * Only successful responses are stored: a failed request releases the key for a retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (header === undefined || !IDEMPOTENT_METHODS.has(request.method)) return next.handle();
    const skip = this.reflector.getAllAndOverride<boolean | undefined>(SKIP_IDEMPOTENCY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (skip) return next.handle();

    const principal = (request as FastifyRequest & { principal?: Principal }).principal;
    const id: IdempotencyScope = {
      scope: principal?.keyId ?? 'anonymous',
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      key: parseIdempotencyKey(header),
    };
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const outcome = await this.store.begin(id, fingerprint);

    switch (outcome.kind) {
      case 'mismatch':
        throw new ProblemException({
          ...PLATFORM_PROBLEMS.idempotencyKeyReused,
          status: 422,
          detail:
            'This Idempotency-Key was already used for a different request (method, URL or body); ' +
            'use a new key for a new request.',
        });
      case 'in_flight':
        throw new ProblemException({
          ...PLATFORM_PROBLEMS.idempotencyKeyInFlight,
          status: 409,
          detail: 'The first request with this Idempotency-Key has not finished; retry shortly.',
          headers: { 'retry-after': String(IN_FLIGHT_RETRY_AFTER_SECONDS) },
        });
      case 'replay':
        return of(this.replay(reply, outcome.response));
      case 'acquired':
        return next.handle().pipe(
          mergeMap((result) => from(this.record(id, outcome.lockToken, reply, result))),
          catchError((error: unknown) =>
            from(this.release(id, outcome.lockToken)).pipe(mergeMap(() => throwError(() => error))),
          ),
        );
    }
  }

  private replay(reply: FastifyReply, response: StoredResponse): string | undefined {
    void reply.status(response.status);
    for (const [name, value] of Object.entries(response.headers)) void reply.header(name, value);
    void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return response.body ?? undefined;
  }

  /** Stores the response, then lets the original result through unchanged. */
  private async record(
    id: IdempotencyScope,
    lockToken: string,
    reply: FastifyReply,
    result: unknown,
  ): Promise<unknown> {
    const payload = capturePayload(result);
    if (payload === undefined || reply.sent) {
      // Not something we can replay byte for byte: leave the key free rather than lie later.
      await this.release(id, lockToken);
      return result;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = headerValue(reply, name);
      if (value !== undefined) headers[name] = value;
    }
    if (headers['content-type'] === undefined && payload.contentType !== undefined) {
      headers['content-type'] = payload.contentType;
    }
    try {
      await this.store.complete(id, lockToken, {
        status: reply.statusCode,
        headers,
        body: payload.body,
      });
    } catch (error) {
      // The command succeeded; failing the response now would invite a duplicate retry. The key
      // stays in flight and is taken over after IN_FLIGHT_TAKEOVER_MS.
      this.logger.error(error instanceof Error ? error : String(error));
    }
    return result;
  }

  private async release(id: IdempotencyScope, lockToken: string): Promise<void> {
    try {
      await this.store.release(id, lockToken);
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error));
    }
  }
}

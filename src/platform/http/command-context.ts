import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { actorOf, type Principal } from '../../auth/principal';
import type { Actor } from '../../event-store/event-store.port';
import { acceptableRequestId } from './request-id';

/**
 * Who asks and in answer to what: the metadata every event a command records carries. The
 * correlation id follows a whole conversation across services (`X-Correlation-Id`, else this
 * request's id); the causation id is the request that directly caused the events.
 */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly requestId?: string;
}

export const CORRELATION_ID_HEADER = 'x-correlation-id';

export function commandContextOf(
  request: FastifyRequest & { principal?: Principal },
): CommandContext {
  if (!request.principal) throw new Error('A command route must be authenticated');
  const requestId = String(request.id);
  return {
    actor: actorOf(request.principal),
    correlationId: acceptableRequestId(request.headers[CORRELATION_ID_HEADER]) ?? requestId,
    causationId: requestId,
    requestId,
  };
}

/** The CommandContext of the current HTTP request. */
export const CurrentCommandContext = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext =>
    commandContextOf(
      context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>(),
    ),
);

import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from '../../event-store/event-store.errors';
import type { JsonLogger } from '../logging/json-logger';
import { DomainError } from './domain-error';
import {
  PLATFORM_PROBLEMS,
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  problemForStatus,
  problemTypeUri,
  type ProblemDetails,
  type ProblemInit,
} from './problem-details';
import type { RouteTable } from './route-table';

/** Seconds a client should wait before retrying when a backing service is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Driver error codes meaning "the database cannot be reached right now", not a bug. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

interface ResolvedProblem extends ProblemInit {
  /** Unexpected: log with the stack at error level. */
  readonly unexpected?: boolean;
}

function hasStringCode(error: unknown): error is { code: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Fastify's own client errors (FST_ERR_*), should one arrive without Nest's mapping. */
function fastifyClientError(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error) || error.name !== 'FastifyError') return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return { status, message: error.message };
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0] ?? request.url;
}

/**
 * The one place errors become responses: everything (route errors, body parsing, unknown routes,
 * domain and event-store errors, bugs) is answered as RFC 9457 `application/problem+json` with
 * the request id. Unexpected errors are logged with their stack and answered with a generic 500
 * that reveals nothing internal.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    private readonly routes: RouteTable,
    private readonly options: { readonly bodyLimitBytes: number },
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.resolve(exception, request);

    const logFields = {
      requestId: request.id,
      method: request.method,
      url: pathOf(request),
      statusCode: problem.status,
    };
    if (problem.unexpected) {
      this.logger.write('error', 'unexpected error', {
        ...logFields,
        err: errorDetails(exception),
      });
    } else if (problem.status >= 500) {
      this.logger.write('warn', problem.detail, { ...logFields, err: errorDetails(exception) });
    }

    if (reply.sent) return; // A streamed response already started; nothing more can be sent.
    const body: ProblemDetails = {
      ...(problem.extensions ?? {}),
      type: problemTypeUri(problem.type),
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: pathOf(request),
      requestId: request.id,
      ...(problem.errors ? { errors: problem.errors } : {}),
    };
    void reply
      .status(problem.status)
      .headers({ ...(problem.headers ?? {}), 'content-type': PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify(body));
  }

  private resolve(exception: unknown, request: FastifyRequest): ResolvedProblem {
    if (exception instanceof ProblemException) return exception.problem;

    if (exception instanceof DomainError) {
      return {
        type: exception.type,
        title: exception.title,
        status: exception.status,
        detail: exception.detail,
        extensions: exception.extensions,
      };
    }

    if (exception instanceof WrongExpectedVersionError) {
      const currentRevision = exception.actual.toString();
      if (request.headers['if-match'] !== undefined) {
        return {
          ...PLATFORM_PROBLEMS.preconditionFailed,
          status: 412,
          detail: `The resource is now at revision ${currentRevision}; read it again (its ETag) and retry.`,
          extensions: { currentRevision },
        };
      }
      return {
        ...PLATFORM_PROBLEMS.concurrencyConflict,
        status: 409,
        detail: 'The resource was changed by another request at the same time; retry the request.',
        extensions: { currentRevision },
      };
    }

    if (exception instanceof EventIdConflictError) {
      return {
        ...PLATFORM_PROBLEMS.eventIdConflict,
        status: 409,
        detail: 'Events with these ids were already recorded with different content.',
      };
    }

    if (
      exception instanceof EventStoreUnavailableError ||
      (hasStringCode(exception) && UNAVAILABLE_CODES.has(exception.code))
    ) {
      return {
        ...PLATFORM_PROBLEMS.serviceUnavailable,
        status: 503,
        detail: 'A backing service is unavailable; retry shortly.',
        headers: { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      };
    }

    if (exception instanceof HttpException) return this.fromHttpException(exception, request);

    const fastify = fastifyClientError(exception);
    if (fastify) return this.fromStatus(fastify.status, fastify.message, request);

    return {
      ...PLATFORM_PROBLEMS.internal,
      status: 500,
      detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
      unexpected: true,
    };
  }

  private fromHttpException(exception: HttpException, request: FastifyRequest): ResolvedProblem {
    const status = exception.getStatus();
    if (status >= 500 && status !== 503) {
      // Whatever the message says was written for developers, not clients.
      return {
        ...problemForStatus(status),
        status,
        detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
        unexpected: status === 500,
      };
    }
    return this.fromStatus(
      status,
      messageOf(exception.getResponse()) ?? exception.message,
      request,
    );
  }

  private fromStatus(status: number, message: string, request: FastifyRequest): ResolvedProblem {
    if (status === 404 && request.is404) return this.unmatchedRoute(request);
    if (status === 413) {
      return {
        ...PLATFORM_PROBLEMS.payloadTooLarge,
        status,
        detail: `The request body exceeds the limit of ${this.options.bodyLimitBytes} bytes.`,
      };
    }
    if (status === 415) {
      return {
        ...PLATFORM_PROBLEMS.unsupportedMediaType,
        status,
        detail: `Send request bodies as application/json (got ${describeContentType(request)}).`,
      };
    }
    return { ...problemForStatus(status), status, detail: message };
  }

  /** The router matched nothing: 405 when the path exists under other methods, else 404. */
  private unmatchedRoute(request: FastifyRequest): ResolvedProblem {
    const allowed = this.routes.allowedMethods(request.url);
    if (allowed.length > 0) {
      return {
        ...PLATFORM_PROBLEMS.methodNotAllowed,
        status: 405,
        detail: `${request.method} is not supported here; allowed: ${allowed.join(', ')}.`,
        headers: { allow: allowed.join(', ') },
      };
    }
    return {
      ...PLATFORM_PROBLEMS.notFound,
      status: 404,
      detail: `No route matches ${request.method} ${pathOf(request)}.`,
    };
  }
}

function describeContentType(request: FastifyRequest): string {
  const value = request.headers['content-type'];
  return value === undefined ? 'no Content-Type' : value.slice(0, 100);
}

function errorDetails(exception: unknown): Record<string, unknown> {
  if (exception instanceof Error) {
    return { name: exception.name, message: exception.message, stack: exception.stack };
  }
  return { value: String(exception) };
}

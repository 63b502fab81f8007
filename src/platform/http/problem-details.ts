import { HttpException } from '@nestjs/common';

/** Every problem `type` is a stable URI under this base: `${PROBLEM_TYPE_BASE}<slug>`. */
export const PROBLEM_TYPE_BASE = 'https://servicetrail.dev/problems/';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemTypeUri(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

/** One invalid field of a request: `field` is a dotted path (`customer.email`, `tags[2]`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  /** Machine-readable reason, e.g. `isEmail`, `unknown-property`. */
  readonly code: string;
}

/** An RFC 9457 problem details body as Servicetrail sends it. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path the problem occurred on. */
  readonly instance: string;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface ProblemInit {
  /** Slug appended to PROBLEM_TYPE_BASE, e.g. `validation-error`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** Extra members of the problem body (RFC 9457 extensions). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers that belong to the problem (Retry-After, Allow). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An HTTP failure whose problem body is decided where it is thrown. The exception filter renders
 * it as is; `instance` and `requestId` are added from the request.
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail, problem.status);
    this.name = 'ProblemException';
  }
}

/** The problem slugs the platform itself produces (features add their own via DomainError). */
export const PLATFORM_PROBLEMS = {
  validation: { type: 'validation-error', title: 'Your request is not valid' },
  malformedJson: { type: 'malformed-json', title: 'The request body is not valid JSON' },
  badRequest: { type: 'bad-request', title: 'Bad request' },
  unauthorized: { type: 'unauthorized', title: 'Authentication required' },
  forbidden: { type: 'forbidden', title: 'Not allowed' },
  notFound: { type: 'not-found', title: 'Not found' },
  methodNotAllowed: { type: 'method-not-allowed', title: 'Method not allowed' },
  notAcceptable: { type: 'not-acceptable', title: 'Not acceptable' },
  conflict: { type: 'conflict', title: 'Conflict' },
  gone: { type: 'gone', title: 'Gone' },
  payloadTooLarge: { type: 'payload-too-large', title: 'Request body too large' },
  unsupportedMediaType: { type: 'unsupported-media-type', title: 'Unsupported media type' },
  unprocessable: { type: 'unprocessable-entity', title: 'Unprocessable request' },
  tooManyRequests: { type: 'too-many-requests', title: 'Too many requests' },
  concurrencyConflict: {
    type: 'concurrency-conflict',
    title: 'The resource was changed by another request',
  },
  preconditionFailed: {
    type: 'precondition-failed',
    title: 'The resource is not at the revision you sent in If-Match',
  },
  invalidIfMatch: { type: 'invalid-if-match', title: 'The If-Match header is not valid' },
  eventIdConflict: {
    type: 'event-id-conflict',
    title: 'These event ids were already recorded with other content',
  },
  serviceUnavailable: { type: 'service-unavailable', title: 'Service temporarily unavailable' },
  internal: { type: 'internal-error', title: 'Internal server error' },
  invalidIdempotencyKey: {
    type: 'invalid-idempotency-key',
    title: 'The Idempotency-Key header is not valid',
  },
  idempotencyKeyReused: {
    type: 'idempotency-key-reused',
    title: 'This Idempotency-Key was used with a different request',
  },
  idempotencyKeyInFlight: {
    type: 'idempotency-key-in-flight',
    title: 'A request with this Idempotency-Key is still being processed',
  },
} as const satisfies Readonly<Record<string, { type: string; title: string }>>;

/** The problem for a status nothing more specific was said about. */
export function problemForStatus(status: number): { type: string; title: string } {
  switch (status) {
    case 400:
      return PLATFORM_PROBLEMS.badRequest;
    case 401:
      return PLATFORM_PROBLEMS.unauthorized;
    case 403:
      return PLATFORM_PROBLEMS.forbidden;
    case 404:
      return PLATFORM_PROBLEMS.notFound;
    case 405:
      return PLATFORM_PROBLEMS.methodNotAllowed;
    case 406:
      return PLATFORM_PROBLEMS.notAcceptable;
    case 409:
      return PLATFORM_PROBLEMS.conflict;
    case 410:
      return PLATFORM_PROBLEMS.gone;
    case 412:
      return PLATFORM_PROBLEMS.preconditionFailed;
    case 413:
      return PLATFORM_PROBLEMS.payloadTooLarge;
    case 415:
      return PLATFORM_PROBLEMS.unsupportedMediaType;
    case 422:
      return PLATFORM_PROBLEMS.unprocessable;
    case 429:
      return PLATFORM_PROBLEMS.tooManyRequests;
    case 503:
      return PLATFORM_PROBLEMS.serviceUnavailable;
    default:
      return status >= 500
        ? PLATFORM_PROBLEMS.internal
        : { type: `http-${status}`, title: `HTTP error ${status}` };
  }
}

import type {
  ComponentsObject,
  HeaderObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { MAX_RATE_LIMIT_PER_MINUTE } from '../config/config';
import { PROBLEM_TYPE_BASE } from '../http/problem-details';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/problem-details.filter';

/**
 * The OpenAPI side of the HTTP conventions (src/platform/http): the RFC 9457 problem body every
 * error uses, the responses every operation can give, and the headers every response carries.
 * Keep in step with problem-details.ts / problem-details.filter.ts / rate-limit.ts.
 */

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Documented cap on `errors` (OWASP asks every array to be bounded). The validation pipe must
 * list at most this many; see the report to the lead (src/platform/http/validation.ts).
 */
export const MAX_FIELD_ERRORS = 100;

const FIELD_ERROR: SchemaObject = {
  type: 'object',
  required: ['field', 'message', 'code'],
  additionalProperties: false,
  properties: {
    field: {
      type: 'string',
      maxLength: 500,
      pattern: '^\\S.*$',
      description:
        'Dotted path of the field (`customer.email`, `tags[2]`), query parameter or header name.',
    },
    message: {
      type: 'string',
      maxLength: 1000,
      pattern: '^\\S.*$',
      description: 'What is wrong with it.',
    },
    code: {
      type: 'string',
      maxLength: 100,
      pattern: '^[A-Za-z0-9_.-]+$',
      description: 'Machine-readable reason, e.g. `isInt`, `unknown-property`.',
    },
  },
};

const PROBLEM_DETAILS: SchemaObject = {
  type: 'object',
  description:
    'RFC 9457 problem details. `type` is a stable URI per kind of problem; further members may be present for some types (e.g. `currentRevision`).',
  required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      maxLength: 200,
      example: `${PROBLEM_TYPE_BASE}validation-error`,
    },
    title: {
      type: 'string',
      maxLength: 200,
      pattern: '^\\S.*$',
      example: 'Your request is not valid',
    },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', maxLength: 2000, pattern: '^\\S.*$' },
    instance: {
      type: 'string',
      format: 'uri-reference',
      maxLength: 2048,
      description: 'The request path.',
    },
    requestId: {
      type: 'string',
      maxLength: 128,
      pattern: '^[A-Za-z0-9._:-]+$',
      description: 'The X-Request-Id of the request; quote it when reporting a problem.',
    },
    errors: {
      type: 'array',
      maxItems: MAX_FIELD_ERRORS,
      description: 'For validation problems: one entry per invalid field.',
      items: { $ref: '#/components/schemas/FieldError' },
    },
  },
};

export const REQUEST_ID_HEADER_REF: ReferenceObject = { $ref: '#/components/headers/X-Request-Id' };

const REQUEST_ID_HEADER: HeaderObject = {
  description:
    'The request id: the caller’s `X-Request-Id` when acceptable, otherwise a generated one.',
  schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
};

const WHEN_ABSENT =
  'Absent when the deployment turned the limit off (`RATE_LIMIT_PER_MINUTE` / `RATE_LIMIT_ANONYMOUS_PER_MINUTE` = 0).';

/** IETF draft-ietf-httpapi-ratelimit-headers, as rate-limit.ts sends them. */
const RATE_LIMIT_HEADERS: Record<string, HeaderObject> = {
  'RateLimit-Limit': {
    description: `Requests a minute this client may make: per API key, or per IP address for requests without a usable key. ${WHEN_ABSENT}`,
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_RATE_LIMIT_PER_MINUTE },
  },
  'RateLimit-Remaining': {
    description: `Requests this client may still make right now; credit refills continuously at Limit/60 a second. ${WHEN_ABSENT}`,
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: MAX_RATE_LIMIT_PER_MINUTE },
  },
  'RateLimit-Reset': {
    description: `Seconds until the whole limit is available again. ${WHEN_ABSENT}`,
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 60 },
  },
};

/** The RateLimit-* headers, by reference, for a response of a rate-limited operation. */
export const RATE_LIMIT_HEADER_REFS: Readonly<Record<string, ReferenceObject>> = Object.fromEntries(
  Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

function problemResponse(
  description: string,
  headers: Record<string, HeaderObject | ReferenceObject> = {},
): ResponseObject {
  return {
    description,
    headers: { 'X-Request-Id': REQUEST_ID_HEADER_REF, ...headers },
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
  };
}

/**
 * Standard responses by name; operations reference them as `#/components/responses/<name>`.
 * All but InternalError are only given to rate-limited operations (openapi-conventions.ts: the
 * exempt /health is public and takes no input), hence their RateLimit-* headers.
 */
export const STANDARD_RESPONSES = {
  BadRequest: problemResponse(
    'The request is not valid: malformed JSON, a field or parameter that breaks its constraints, or an unknown property. `errors` lists each field.',
    { ...RATE_LIMIT_HEADER_REFS },
  ),
  Unauthorized: problemResponse('No usable API key: send `Authorization: Bearer <api key>`.', {
    ...RATE_LIMIT_HEADER_REFS,
    'WWW-Authenticate': {
      description: 'RFC 6750 challenge, e.g. `Bearer realm="servicetrail", error="invalid_token"`.',
      schema: { type: 'string', maxLength: 200, pattern: '^Bearer .*$' },
    },
  }),
  Forbidden: problemResponse('The API key’s role may not perform this operation.', {
    ...RATE_LIMIT_HEADER_REFS,
  }),
  PayloadTooLarge: problemResponse('The request body exceeds the configured size limit.', {
    ...RATE_LIMIT_HEADER_REFS,
  }),
  TooManyRequests: problemResponse(
    `This client used up its rate limit (type \`${PROBLEM_TYPE_BASE}rate-limited\`): wait \`Retry-After\` seconds. Limits are per API key, or per IP address for requests without a usable key, and per server process.`,
    {
      ...RATE_LIMIT_HEADER_REFS,
      'Retry-After': {
        description: 'Seconds until the next request will be allowed.',
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 60 },
      },
    },
  ),
  // No RateLimit-* here: unlimited operations (/health) can fail with a 500 too.
  InternalError: problemResponse(
    'An unexpected failure; the body reveals nothing internal. Quote `requestId` when reporting it.',
  ),
  ServiceUnavailable: problemResponse(
    'The database or the event store is unreachable; retry later.',
    {
      ...RATE_LIMIT_HEADER_REFS,
      'Retry-After': {
        description: `Seconds to wait before retrying (${UNAVAILABLE_RETRY_AFTER_SECONDS}).`,
        schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
      },
    },
  ),
} as const satisfies Record<string, ResponseObject>;

export type StandardResponseName = keyof typeof STANDARD_RESPONSES;

export function standardResponseRef(name: StandardResponseName): ReferenceObject {
  return { $ref: `#/components/responses/${name}` };
}

/** Problem content for an error response an operation described without a body. */
export function problemContent(): ResponseObject['content'] {
  return { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } };
}

export function conventionComponents(): ComponentsObject {
  return {
    schemas: { ProblemDetails: PROBLEM_DETAILS, FieldError: FIELD_ERROR },
    responses: { ...STANDARD_RESPONSES },
    headers: { 'X-Request-Id': REQUEST_ID_HEADER, ...RATE_LIMIT_HEADERS },
  };
}

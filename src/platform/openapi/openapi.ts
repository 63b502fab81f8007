import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import {
  DEFAULT_RATE_LIMIT_ANONYMOUS_PER_MINUTE,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
} from '../config/config';
import { registerDocsUi } from './docs-ui';
import { applyHttpConventions } from './openapi-conventions';
import { packageVersion } from './package-version';
import { collectRouteAccess, operationIdOf } from './route-access';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';
export const BEARER_SCHEME = 'bearer';

const DESCRIPTION = [
  'Event-sourced service-operations backend: tickets, SLAs, routing, feedback and reports.',
  '',
  '**Authentication**: every operation except those marked otherwise needs `Authorization: Bearer <api key>`.',
  'Keys carry one role (admin, supervisor, agent, integrator, auditor); a missing or unknown key gets 401, a role the operation does not admit 403.',
  '',
  '**Errors** are RFC 9457 `application/problem+json` with a stable `type` URI, the `requestId`, and for validation failures one `errors` entry per field.',
  '',
  '**Every response** carries `X-Request-Id` (yours when you send an acceptable one).',
  '',
  `**Rate limits**: each API key may make a set number of requests a minute (${DEFAULT_RATE_LIMIT_PER_MINUTE} unless the deployment says otherwise), and requests without a usable key are limited per IP address (${DEFAULT_RATE_LIMIT_ANONYMOUS_PER_MINUTE} a minute by default).`,
  'A client may use its whole limit in a burst; credit then refills continuously. Every response except from `/health` carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds); over the limit the answer is 429 (`rate-limited`) with `Retry-After`.',
  'Limits are counted per server process, so behind a load balancer with several instances a client may get somewhat more.',
].join('\n');

interface RouterConfig {
  readonly routerOptions?: { readonly maxParamLength?: number };
  /** Where Fastify before 5.6 kept it. */
  readonly maxParamLength?: number;
}

/** Fastify's default, for an application on another HTTP adapter. */
const DEFAULT_MAX_PARAM_LENGTH = 100;

function maxParamLengthOf(app: INestApplication): number {
  const instance: unknown = app.getHttpAdapter().getInstance();
  const config = (instance as { initialConfig?: RouterConfig }).initialConfig;
  return (
    config?.routerOptions?.maxParamLength ?? config?.maxParamLength ?? DEFAULT_MAX_PARAM_LENGTH
  );
}

/**
 * The OpenAPI document of an application, generated from its controllers and DTO decorators and
 * then given the HTTP conventions (see openapi-conventions.ts). Works on a `preview: true`
 * application (no providers instantiated, no database), which is how `npm run openapi` runs.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Servicetrail')
    .setDescription(DESCRIPTION)
    .setVersion(packageVersion())
    .addServer(
      '/',
      'This deployment (local, staging or production alike): the API is served from the root of the host serving this document.',
      undefined,
      { 'x-internal': false },
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        // An opaque, revocable API key issued by an admin; not a JWT.
        bearerFormat: 'API key',
        description:
          'An API key issued by an admin (`POST /admin/api-keys`); the key’s role decides what it may do.',
      },
      BEARER_SCHEME,
    )
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  // DocumentBuilder starts from an empty contact object; say nothing rather than something empty.
  delete config.info.contact;
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => operationIdOf(controller, method),
  });
  return applyHttpConventions(document, {
    accessByOperationId: collectRouteAccess(app),
    maxParamLength: maxParamLengthOf(app),
  });
}

/**
 * Serves the document at /openapi.json and interactive docs at /docs. Both are plain Fastify
 * routes outside Nest's guards, hence public. Call before `app.init()`.
 */
export function configureOpenApi(app: NestFastifyApplication): void {
  const document = buildOpenApiDocument(app);
  // The JSON only: the UI is served by registerDocsUi (see there why not by SwaggerModule).
  SwaggerModule.setup(DOCS_PATH, app, document, {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON_PATH,
  });
  registerDocsUi(app.getHttpAdapter().getInstance(), {
    docsPath: DOCS_PATH,
    documentUrl: OPENAPI_JSON_PATH,
    title: 'Servicetrail API',
  });
}

/**
 * The global OpenAPI conventions, on a preview application with controllers written for the
 * test: what any feature's routes get without per-route decorators.
 */
import { Body, Controller, Delete, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiNotFoundResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  type OpenAPIObject,
  type OperationObject,
  type ReferenceObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { Public, Roles } from '../../auth/auth.decorators';
import { buildOpenApiDocument } from './openapi';
import { stableOpenApiJson } from './stable-json';

class WidgetBody {
  @ApiProperty({ maxLength: 50, pattern: '^\\S+$' })
  name!: string;
}

class WidgetQuery {
  @ApiPropertyOptional({ maxLength: 20, pattern: '^\\S+$' })
  colour?: string;
}

@ApiTags('widgets')
@Roles('agent', 'supervisor')
@Controller('widgets')
class WidgetsController {
  @Get()
  list(@Query() _query: WidgetQuery): string[] {
    return [];
  }

  @Post()
  create(@Body() _body: WidgetBody): string {
    return 'created';
  }

  @Get(':id')
  @ApiNotFoundResponse({ description: 'No such widget.' })
  get(@Param('id') id: string): string {
    return id;
  }

  @Public()
  @Get('public/count')
  count(): number {
    return 0;
  }
}

@Controller('admin/widgets')
class AdminWidgetsController {
  @Delete(':id')
  remove(@Param('id') id: string): string {
    return id;
  }
}

/** At the path the rate limiter exempts. */
@Controller('health')
class HealthLikeController {
  @Public()
  @Get()
  check(): string {
    return 'ok';
  }
}

@Module({ controllers: [WidgetsController, AdminWidgetsController, HealthLikeController] })
class WidgetsModule {}

function operation(
  document: OpenAPIObject,
  path: string,
  method: 'get' | 'post' | 'delete',
): OperationObject {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path} in the document`);
  return found;
}

function responseCodes(op: OperationObject): string[] {
  return Object.keys(op.responses).sort();
}

function resolved(
  document: OpenAPIObject,
  response: ResponseObject | ReferenceObject | undefined,
): ResponseObject {
  if (response === undefined) throw new Error('no such response');
  if (!('$ref' in response)) return response;
  const found = document.components?.responses?.[response.$ref.split('/').pop() ?? ''];
  if (!found || '$ref' in found) throw new Error(`unresolvable ${response.$ref}`);
  return found;
}

const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

describe('OpenAPI conventions', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      WidgetsModule,
      new FastifyAdapter({ routerOptions: { maxParamLength: 64 } }),
      { preview: true, logger: false },
    );
    document = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('requires the bearer key globally and marks @Public routes with empty security', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(operation(document, '/widgets/public/count', 'get').security).toEqual([]);
    expect(operation(document, '/widgets', 'get').security).toBeUndefined();
  });

  it('states the roles the guard admits, defaulting to admin like the guard', () => {
    const list = operation(document, '/widgets', 'get');
    expect(list['x-roles' as keyof OperationObject]).toEqual(['agent', 'supervisor']);
    expect(list.description).toContain(
      'Requires an API key with the role `agent` or `supervisor`.',
    );
    const remove = operation(document, '/admin/widgets/{id}', 'delete');
    expect(remove['x-roles' as keyof OperationObject]).toEqual(['admin']);
  });

  it('adds the problem responses each operation can give', () => {
    expect(responseCodes(operation(document, '/widgets', 'get'))).toEqual([
      '200',
      '400',
      '401',
      '403',
      '429',
      '500',
      '503',
    ]);
    expect(responseCodes(operation(document, '/widgets', 'post'))).toEqual([
      '201',
      '400',
      '401',
      '403',
      '413',
      '429',
      '500',
      '503',
    ]);
    // No input, no key: only what can still happen.
    expect(responseCodes(operation(document, '/widgets/public/count', 'get'))).toEqual([
      '200',
      '429',
      '500',
    ]);
    // Not rate limited either.
    expect(responseCodes(operation(document, '/health', 'get'))).toEqual(['200', '500']);
    expect(operation(document, '/widgets', 'get').responses['401']).toEqual({
      $ref: '#/components/responses/Unauthorized',
    });
  });

  it('gives error responses declared without a body the problem body, keeping their description', () => {
    const notFound = operation(document, '/widgets/{id}', 'get').responses['404'] as ResponseObject;
    expect(notFound.description).toBe('No such widget.');
    expect(notFound.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    });
    expect(document.components?.schemas?.ProblemDetails).toMatchObject({
      required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
    });
  });

  it('documents X-Request-Id on every response', () => {
    for (const item of Object.values(document.paths)) {
      for (const op of [item.get, item.post, item.delete]) {
        for (const response of Object.values(op?.responses ?? {})) {
          if (!response) continue;
          const resolved =
            '$ref' in response
              ? document.components?.responses?.[response.$ref.split('/').pop() ?? '']
              : response;
          expect((resolved as ResponseObject).headers?.['X-Request-Id']).toEqual({
            $ref: '#/components/headers/X-Request-Id',
          });
        }
      }
    }
  });

  it('documents the rate limit: RateLimit-* on every response but from /health, 429 with Retry-After', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const op of [item.get, item.post, item.delete]) {
        for (const [status, response] of Object.entries(op?.responses ?? {})) {
          if (!response || status === '500') continue;
          const names = Object.keys(resolved(document, response).headers ?? {});
          if (path === '/health')
            expect(names).not.toEqual(expect.arrayContaining(['RateLimit-Limit']));
          else expect(names).toEqual(expect.arrayContaining(RATE_LIMIT_HEADERS));
        }
      }
    }
    const tooMany = resolved(document, operation(document, '/widgets', 'get').responses['429']);
    expect(tooMany.headers?.['Retry-After']).toMatchObject({ schema: { type: 'integer' } });
    expect(tooMany.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    });
    expect(document.components?.headers?.['RateLimit-Reset']).toMatchObject({
      schema: { type: 'integer', minimum: 0, maximum: 60 },
    });
  });

  it("bounds unconstrained path parameters by the router's maxParamLength", () => {
    const [id] = operation(document, '/widgets/{id}', 'get').parameters ?? [];
    expect(id).toMatchObject({ in: 'path', name: 'id', schema: { type: 'string', maxLength: 64 } });
  });

  it('declares every tag it uses', () => {
    expect(document.tags?.map((tag) => tag.name)).toEqual(expect.arrayContaining(['widgets']));
  });

  it('writes the committed form: sorted keys, conventional top level, 2-space indent, final newline', () => {
    const json = stableOpenApiJson({
      paths: { '/b': {}, '/a': {} },
      openapi: '3.0.0',
      info: { version: '1', title: 't' },
    });
    expect(json).toBe(
      '{\n  "openapi": "3.0.0",\n  "info": {\n    "title": "t",\n    "version": "1"\n  },\n  "paths": {\n    "/a": {},\n    "/b": {}\n  }\n}\n',
    );
  });
});

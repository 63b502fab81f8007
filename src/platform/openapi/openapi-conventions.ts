import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
  TagObject,
} from '@nestjs/swagger';
import { DEFAULT_ROLES } from '../../auth/api-key.guard';
import { RATE_LIMIT_EXEMPT_PATHS } from '../http/rate-limit';
import type { OperationAccess } from './route-access';
import {
  conventionComponents,
  problemContent,
  RATE_LIMIT_HEADER_REFS,
  REQUEST_ID_HEADER_REF,
  standardResponseRef,
  type StandardResponseName,
} from './problem-responses';

/**
 * Applies the HTTP conventions to every operation of a generated document, so that routes added
 * by any feature are documented alike without per-route decorators:
 *  - security: the global bearer requirement, `security: []` on public routes, and the roles the
 *    auth guard admits in the description and `x-roles`;
 *  - the problem responses the platform can give (400 when there is input, 401/403/503 when
 *    secured, 413 with a body, 429 unless exempt from rate limiting, 500 always), and problem
 *    content on error responses declared without a body;
 *  - `X-Request-Id` on every response, and the `RateLimit-*` headers on every response of a
 *    rate-limited operation (all but RATE_LIMIT_EXEMPT_PATHS, see src/platform/http/rate-limit.ts);
 *  - string path parameters without a bound get the router's real one (Fastify's maxParamLength:
 *    a longer segment matches no route);
 *  - every tag an operation uses is declared at the top level.
 * Responses an operation already documents (with content) are left as they are.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Responses = Record<string, ResponseObject | ReferenceObject>;

function isReference(value: object): value is ReferenceObject {
  return '$ref' in value;
}

function hasInput(operation: OperationObject): boolean {
  return (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
}

/** What the platform does to every request of one operation, besides the operation itself. */
interface OperationTraits {
  readonly access: OperationAccess;
  readonly rateLimited: boolean;
}

function standardResponsesFor(
  operation: OperationObject,
  { access, rateLimited }: OperationTraits,
): [string, StandardResponseName][] {
  const wanted: [string, StandardResponseName][] = [];
  if (hasInput(operation)) wanted.push(['400', 'BadRequest']);
  if (!access.public) wanted.push(['401', 'Unauthorized'], ['403', 'Forbidden']);
  if (operation.requestBody !== undefined) wanted.push(['413', 'PayloadTooLarge']);
  if (rateLimited) wanted.push(['429', 'TooManyRequests']);
  wanted.push(['500', 'InternalError']);
  // Checking the API key reads the database, so any secured operation can meet it down.
  if (!access.public) wanted.push(['503', 'ServiceUnavailable']);
  return wanted;
}

function withConventionalHeaders(response: ResponseObject, rateLimited: boolean): ResponseObject {
  const headers: Record<string, HeaderObject | ReferenceObject> = { ...(response.headers ?? {}) };
  headers['X-Request-Id'] ??= REQUEST_ID_HEADER_REF;
  if (rateLimited) {
    for (const [name, ref] of Object.entries(RATE_LIMIT_HEADER_REFS)) headers[name] ??= ref;
  }
  return { ...response, headers };
}

function conventionalResponses(operation: OperationObject, traits: OperationTraits): Responses {
  const responses: Responses = {};
  for (const [status, response] of Object.entries(operation.responses as Responses)) {
    if (isReference(response)) {
      responses[status] = response;
      continue;
    }
    const isError = /^[45]/.test(status);
    responses[status] = withConventionalHeaders(
      isError && response.content === undefined
        ? { ...response, content: problemContent() }
        : response,
      traits.rateLimited,
    );
  }
  for (const [status, name] of standardResponsesFor(operation, traits)) {
    responses[status] ??= standardResponseRef(name);
  }
  return responses;
}

function boundedPathParameters(
  operation: OperationObject,
  maxParamLength: number,
): OperationObject {
  if (!operation.parameters) return operation;
  const parameters = operation.parameters.map((parameter) => {
    if (isReference(parameter) || parameter.in !== 'path' || !parameter.schema) return parameter;
    const schema = parameter.schema;
    if (isReference(schema) || schema.type !== 'string') return parameter;
    if (schema.maxLength !== undefined || schema.enum !== undefined || 'const' in schema) {
      return parameter;
    }
    return { ...parameter, schema: { ...schema, maxLength: maxParamLength } };
  });
  return { ...operation, parameters };
}

function describeAccess(operation: OperationObject, access: OperationAccess): OperationObject {
  if (access.public) return { ...operation, security: [] };
  const roles = access.roles.map((role) => `\`${role}\``);
  const list = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}` : roles[0];
  const note = list ? `Requires an API key with the role ${list}.` : 'No API key may call this.';
  return {
    ...operation,
    description: operation.description ? `${operation.description}\n\n${note}` : note,
    'x-roles': [...access.roles],
  } as OperationObject;
}

function declaredTags(document: OpenAPIObject, paths: Record<string, PathItemObject>): TagObject[] {
  const tags = [...(document.tags ?? [])];
  const used = new Set<string>();
  for (const item of Object.values(paths)) {
    for (const method of METHODS) for (const tag of item[method]?.tags ?? []) used.add(tag);
  }
  for (const name of [...used].sort()) {
    if (!tags.some((tag) => tag.name === name)) tags.push({ name });
  }
  return tags;
}

export interface ConventionInputs {
  /** Who may call each operation, by operation id (see route-access.ts). */
  readonly accessByOperationId: ReadonlyMap<string, OperationAccess>;
  /** The router's longest path parameter (Fastify `maxParamLength`). */
  readonly maxParamLength: number;
}

export function applyHttpConventions(
  document: OpenAPIObject,
  inputs: ConventionInputs,
): OpenAPIObject {
  const paths: Record<string, PathItemObject> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const converted: PathItemObject = { ...item };
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // An operation the scan cannot attribute is treated like the guard's default: admin only.
      const access = inputs.accessByOperationId.get(operation.operationId ?? '') ?? {
        public: false,
        roles: DEFAULT_ROLES,
      };
      const described = describeAccess(
        boundedPathParameters(operation, inputs.maxParamLength),
        access,
      );
      // Exempt paths are literal (no parameters), so the document's path is the route's.
      const traits = { access, rateLimited: !RATE_LIMIT_EXEMPT_PATHS.has(path) };
      converted[method] = { ...described, responses: conventionalResponses(described, traits) };
    }
    paths[path] = converted;
  }
  const components = conventionComponents();
  return {
    ...document,
    tags: declaredTags(document, paths),
    paths,
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, ...components.schemas },
      responses: { ...document.components?.responses, ...components.responses },
      headers: { ...document.components?.headers, ...components.headers },
    },
  };
}

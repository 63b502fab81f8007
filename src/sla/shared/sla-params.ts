import { validationProblem } from '../../platform/http/validation';
import type { ProblemException } from '../../platform/http/problem-details';
import { SLA_ID_PATTERN, type SlaFieldProblem } from './sla.values';

/** The `{id}` path parameter of calendar and policy routes, for @ApiParam. */
export function slaIdParam(what: 'calendar' | 'policy'): {
  name: string;
  description: string;
  example: string;
  schema: { type: 'string'; pattern: string; maxLength: number };
} {
  return {
    name: 'id',
    description: `The SLA ${what} id (chosen by the client: PUT creates or replaces).`,
    example: what === 'calendar' ? 'berlin-office' : 'vip-urgent',
    schema: { type: 'string', pattern: SLA_ID_PATTERN.source, maxLength: 128 },
  };
}

/** The If-Match header of PUT routes, for @ApiHeader. */
export const SLA_IF_MATCH_HEADER_DOC = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag from a read (W/"<revision>"): the change is made only if the resource is still at that revision, else 412. W/"-1" is not accepted; omit the header to create.',
  schema: { type: 'string' as const, maxLength: 24, pattern: '^(W/)?"[0-9]{1,19}"$' },
};

/** Field problems of a configuration as the platform's 400 validation problem. */
export function slaValidationProblem(problems: readonly SlaFieldProblem[]): ProblemException {
  return validationProblem(
    problems.map((p) => ({ field: p.field || '(body)', message: p.message, code: 'sla-rule' })),
  );
}

export const DEFAULT_SLA_PAGE_SIZE = 50;
export const MAX_SLA_PAGE_SIZE = 100;
export const SLA_CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}$/;

/** Opaque keyset cursor: base64url JSON of the last row's sort key. */
export function encodeSlaCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeSlaCursor(
  cursor: string,
  shape: readonly ('string' | 'number')[],
): unknown[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== shape.length ||
    decoded.some((value, index) => typeof value !== shape[index])
  ) {
    throw validationProblem([
      { field: 'cursor', message: 'cursor must be a cursor this API returned', code: 'cursor' },
    ]);
  }
  return decoded as unknown[];
}

/** Relative URL of a list's next page, or null. */
export function nextSlaPageLink(path: string, limit: number, cursor: string | null): string | null {
  if (cursor === null) return null;
  return `${path}?${new URLSearchParams({ limit: String(limit), cursor }).toString()}`;
}

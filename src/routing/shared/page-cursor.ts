import type { ProblemException } from '../../platform/http/problem-details';
import { validationProblem } from '../../platform/http/validation';

/** Keyset cursors over (timestamp, id): opaque base64url JSON to clients. */
export interface KeysetPosition {
  readonly at: string;
  readonly id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== 'string' ||
    typeof decoded[1] !== 'string' ||
    Number.isNaN(Date.parse(decoded[0]))
  ) {
    throw invalidCursor();
  }
  return { at: decoded[0], id: decoded[1] };
}

function invalidCursor(): ProblemException {
  return validationProblem([
    { field: 'cursor', message: 'cursor must be a cursor this API returned', code: 'cursor' },
  ]);
}

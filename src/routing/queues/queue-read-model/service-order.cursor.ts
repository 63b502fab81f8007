/**
 * Keyset cursors over the service order (urgent first, earliest SLA due first with no due time
 * last, oldest first, then id): opaque base64url JSON to clients.
 */
import { validationProblem } from '../../../platform/http/validation';

export interface ServiceOrderKey {
  /** 0 urgent … 3 low. */
  readonly servicePriority: number;
  /** ISO-8601, or null: no running SLA clock (sorts last). */
  readonly nextDueAt: string | null;
  readonly openedAt: string;
  readonly ticketId: string;
}

export function encodeServiceCursor(key: ServiceOrderKey): string {
  return Buffer.from(
    JSON.stringify([key.servicePriority, key.nextDueAt, key.openedAt, key.ticketId]),
  ).toString('base64url');
}

export function decodeServiceCursor(cursor: string): ServiceOrderKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw invalidCursor();
  const [servicePriority, nextDueAt, openedAt, ticketId] = decoded as unknown[];
  const isTime = (value: unknown): value is string =>
    typeof value === 'string' && !Number.isNaN(Date.parse(value));
  if (
    typeof servicePriority !== 'number' ||
    !Number.isInteger(servicePriority) ||
    servicePriority < 0 ||
    servicePriority > 3 ||
    (nextDueAt !== null && !isTime(nextDueAt)) ||
    !isTime(openedAt) ||
    typeof ticketId !== 'string' ||
    ticketId === ''
  ) {
    throw invalidCursor();
  }
  return { servicePriority, nextDueAt, openedAt, ticketId };
}

function invalidCursor(): ReturnType<typeof validationProblem> {
  return validationProblem([
    { field: 'cursor', message: 'cursor must be a cursor this API returned', code: 'cursor' },
  ]);
}

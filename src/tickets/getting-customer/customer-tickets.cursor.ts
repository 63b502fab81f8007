import { validationProblem } from '../../platform/http/validation';

/** Where a page of a customer's tickets (newest first) continues: strictly before this ticket. */
export interface CustomerTicketsCursor {
  readonly openedAt: Date;
  readonly ticketId: string;
}

export function encodeCustomerTicketsCursor(cursor: CustomerTicketsCursor): string {
  return Buffer.from(JSON.stringify([cursor.openedAt.toISOString(), cursor.ticketId])).toString(
    'base64url',
  );
}

function invalidCursor(): Error {
  return validationProblem([
    { field: 'cursor', message: 'cursor must be a cursor this API returned', code: 'cursor' },
  ]);
}

/** The cursor a `next` link carried; a 400 field error for anything this API did not issue. */
export function decodeCustomerTicketsCursor(value: string): CustomerTicketsCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    typeof decoded[0] !== 'string' ||
    typeof decoded[1] !== 'string'
  ) {
    throw invalidCursor();
  }
  const openedAt = new Date(decoded[0]);
  if (Number.isNaN(openedAt.getTime())) throw invalidCursor();
  return { openedAt, ticketId: decoded[1] };
}

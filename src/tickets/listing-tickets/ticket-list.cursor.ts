/**
 * The opaque `cursor` of `GET /tickets`: base64url of a small JSON document holding the sort, the
 * direction and the sort key of the last row served. Clients never parse it; the server checks
 * every part before it reaches SQL, so a tampered cursor is a 400, never a 500.
 */
import {
  LIST_SORTS,
  SORT_ORDERS,
  type ListSort,
  type SortKey,
  type SortOrder,
} from './ticket-list.criteria';

export const MAX_CURSOR_LENGTH = 512;
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

const CURSOR_VERSION = 1;
/** A PostgreSQL timestamp printed in UTC with microseconds (see ticket-list.sql.ts). */
const KEY_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
/** Any printable ASCII: ticket ids are uuids, but the key is only compared, never interpreted. */
const KEY_ID = /^[\x21-\x7e]{1,200}$/;

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

interface CursorDocument {
  v: number;
  s: ListSort;
  o: SortOrder;
  r?: number;
  a: string;
  i: string;
}

export function encodeCursor(key: SortKey): string {
  const document: CursorDocument = {
    v: CURSOR_VERSION,
    s: key.sort,
    o: key.order,
    ...(key.rank !== undefined ? { r: key.rank } : {}),
    a: key.at,
    i: key.id,
  };
  return Buffer.from(JSON.stringify(document), 'utf8').toString('base64url');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real instant (no 30 February, no hour 24), so PostgreSQL can never reject it. */
function isKeyTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = KEY_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

function parseDocument(cursor: string): Record<string, unknown> {
  if (cursor.length > MAX_CURSOR_LENGTH || !CURSOR_PATTERN.test(cursor)) {
    throw new InvalidCursorError('cursor is not a cursor this API issued');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not a cursor this API issued');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidCursorError('cursor is not a cursor this API issued');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The sort key a cursor names. It must have been issued for the same `sort` and `order` as the
 * request: a key of one ordering means nothing in another.
 */
export function decodeCursor(cursor: string, sort: ListSort, order: SortOrder): SortKey {
  const document = parseDocument(cursor);
  const { v, s, o, r, a, i } = document;
  const wellFormed =
    v === CURSOR_VERSION &&
    (LIST_SORTS as readonly unknown[]).includes(s) &&
    (SORT_ORDERS as readonly unknown[]).includes(o) &&
    isKeyTime(a) &&
    typeof i === 'string' &&
    KEY_ID.test(i) &&
    (s === 'priority'
      ? typeof r === 'number' && Number.isInteger(r) && r >= 0 && r <= 3
      : r === undefined) &&
    Object.keys(document).length === (s === 'priority' ? 6 : 5);
  if (!wellFormed) throw new InvalidCursorError('cursor is not a cursor this API issued');
  if (s !== sort || o !== order) {
    throw new InvalidCursorError(
      `cursor was issued for sort=${String(s)}&order=${String(o)}; send the same sort and order, or drop the cursor to start over`,
    );
  }
  return {
    sort,
    order,
    ...(sort === 'priority' ? { rank: r as number } : {}),
    at: a,
    id: i,
  };
}

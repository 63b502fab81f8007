import type { Position } from '../event-store.port';

/**
 * A position of the PostgreSQL log: the appending transaction's id (xid8) and the event's
 * global_position, compared in that order. Both as decimal strings, exactly as PostgreSQL prints
 * them, so no precision is lost and no BigInt is needed on the read path.
 */
export interface LogPosition {
  readonly transactionId: string;
  readonly globalPosition: string;
}

/** Before every event: transaction ids and sequence values are both positive. */
export const START_POSITION: LogPosition = { transactionId: '0', globalPosition: '0' };

/**
 * The position string a client sent is not one this adapter produces. Matched by name (not
 * class) by adapter-neutral callers, e.g. the event feed, to answer 400.
 */
export class InvalidPositionError extends Error {
  override readonly name = 'InvalidPositionError';

  constructor(readonly position: string) {
    super(`not a position of this event store: ${JSON.stringify(position.slice(0, 100))}`);
  }
}

const TRANSACTION_DIGITS = 20; // xid8 is unsigned 64-bit: up to 18446744073709551615
const POSITION_DIGITS = 19; // bigint: up to 9223372036854775807
const MAX_TRANSACTION_ID = 2n ** 64n - 1n;
const MAX_GLOBAL_POSITION = 2n ** 63n - 1n;
const FORMAT = /^(\d{20})-(\d{19})$/;

/**
 * Fixed-width, zero-padded: string order equals log order, so a position stays meaningful even
 * to code that (wrongly) compares them as strings.
 */
export function encodePosition(transactionId: string, globalPosition: string): Position {
  return `${transactionId.padStart(TRANSACTION_DIGITS, '0')}-${globalPosition.padStart(POSITION_DIGITS, '0')}`;
}

export function encodeLogPosition(position: LogPosition): Position {
  return encodePosition(position.transactionId, position.globalPosition);
}

export function decodePosition(position: Position): LogPosition {
  const match = typeof position === 'string' ? FORMAT.exec(position) : null;
  if (!match) throw new InvalidPositionError(String(position));
  const transactionId = BigInt(match[1]);
  const globalPosition = BigInt(match[2]);
  if (transactionId > MAX_TRANSACTION_ID || globalPosition > MAX_GLOBAL_POSITION) {
    throw new InvalidPositionError(position);
  }
  return { transactionId: transactionId.toString(), globalPosition: globalPosition.toString() };
}

/** 'start' (a Position is a string too) or a position, as accepted by readAll and countEventsAfter. */
export function decodeFrom(from: Position | undefined): LogPosition {
  return from === undefined || from === 'start' ? START_POSITION : decodePosition(from);
}

import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '../event-store.port';

/**
 * The port's expected revision in the client's terms. Both are 0-based with "no stream" meaning
 * "before revision 0", so an exact revision passes through unchanged; -1n (an empty stream) is
 * sent as NO_STREAM because the server rejects a negative revision.
 */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (expected < -1n) throw new RangeError(`Invalid expected revision ${expected.toString()}`);
      return expected === -1n ? NO_STREAM : expected;
  }
}

/**
 * The revision the first event of a batch must land on when the caller named one, or null when
 * the mode ('any', 'stream_exists') leaves it to the store.
 */
export function firstTargetRevision(expected: ExpectedRevision): bigint | null {
  if (expected === 'no_stream') return 0n;
  if (typeof expected === 'bigint') return expected + 1n;
  return null;
}

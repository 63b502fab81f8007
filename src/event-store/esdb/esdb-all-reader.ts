/**
 * Paged reads of $all. The client's readAll cannot filter on the server, and a read *from* a
 * position includes the event at that position (a subscription from it does not), so every page
 * is consumed completely (no half-read gRPC stream is left behind) and records at or before the
 * cursor are dropped here: callers get "strictly after" semantics whatever the server does.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamRecordedEvent,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { mapEsdbError } from './esdb-errors';
import { comparePositions, type EsdbLogPosition } from './esdb-position';

export type ScanDirection = 'forwards' | 'backwards';

export async function readAllPage(
  client: EventStoreDBClient,
  from: EsdbLogPosition | 'start' | 'end',
  direction: ScanDirection,
  maxCount: number,
): Promise<AllStreamRecordedEvent[]> {
  const records: AllStreamRecordedEvent[] = [];
  try {
    const read = client.readAll({
      fromPosition: from === 'start' ? START : from === 'end' ? END : from,
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      maxCount,
      resolveLinkTos: false,
    });
    for await (const resolved of read) {
      if (resolved.event) records.push(resolved.event);
    }
  } catch (error) {
    throw mapEsdbError(error);
  }
  return records;
}

function isBeyond(
  position: EsdbLogPosition,
  cursor: EsdbLogPosition,
  direction: ScanDirection,
): boolean {
  const order = comparePositions(position, cursor);
  return direction === 'forwards' ? order > 0 : order < 0;
}

/**
 * Every record of $all (system ones included) strictly after `after` (forwards) or strictly
 * before it (backwards); from the start/end of the log when `after` is undefined.
 */
export async function* scanAll(
  client: EventStoreDBClient,
  after: EsdbLogPosition | undefined,
  direction: ScanDirection,
  pageSize: number,
): AsyncGenerator<AllStreamRecordedEvent> {
  // A page of one could be nothing but the (inclusive) cursor record, forever.
  const size = Math.max(2, Math.floor(pageSize));
  let cursor = after;
  for (;;) {
    const origin = cursor ?? (direction === 'forwards' ? 'start' : 'end');
    const page = await readAllPage(client, origin, direction, size);
    let fresh = 0;
    for (const record of page) {
      if (cursor && !isBeyond(record.position, cursor, direction)) continue;
      cursor = record.position;
      fresh += 1;
      yield record;
    }
    if (page.length < size || fresh === 0) return;
  }
}

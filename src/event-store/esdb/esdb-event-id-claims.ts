/**
 * Global uniqueness of event ids on EventStoreDB, which only deduplicates within one stream.
 *
 * The port (and the PostgreSQL adapter, through its primary key) refuses ids already recorded in
 * another stream, even when two appends race. ESDB's one atomic primitive is the expected
 * revision, so each id is claimed by creating the stream `_event-id-<id>` with NO_STREAM: exactly
 * one claimant can create it, and its single event names the stream the id belongs to. Ids are
 * claimed in sorted order, the first one alone: two appends racing with the same batch meet on
 * the same first id, and the loser stops before claiming anything, so one of them wins outright.
 *
 * Cost: one small extra event (and stream) per appended event, and two round trips per append.
 * A claim is never released: if the append that claimed an id then fails (wrong expected
 * version), the id can still be appended to the same stream, but no longer to another one.
 * Claim streams are internal and never appear in reads or subscriptions (esdb-filter.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type EventStoreDBClient,
  type JSONEventData,
} from '@eventstore/db-client';
import { normalizeId } from './esdb-validation';

export const EVENT_ID_CLAIM_STREAM_PREFIX = '_event-id-';
export const EVENT_ID_CLAIMED = 'EventIdClaimed';

export function claimStreamOf(eventId: string): string {
  return `${EVENT_ID_CLAIM_STREAM_PREFIX}${normalizeId(eventId)}`;
}

export function isEventIdClaimStream(streamName: string): boolean {
  return streamName.startsWith(EVENT_ID_CLAIM_STREAM_PREFIX);
}

export class EventIdClaims {
  constructor(private readonly client: EventStoreDBClient) {}

  /**
   * Claims every id for `streamName` (ids it already holds count as claimed).
   * @returns the ids held by other streams; empty when all are this stream's
   */
  async claim(streamName: string, eventIds: readonly string[]): Promise<string[]> {
    const [first, ...rest] = [...new Set(eventIds.map(normalizeId))].sort();
    if (first === undefined) return [];
    if ((await this.claimOne(streamName, first)) !== streamName) return [first];
    const holders = await Promise.all(rest.map((id) => this.claimOne(streamName, id)));
    return rest.filter((_, index) => holders[index] !== streamName);
  }

  /** The stream that holds the id after this attempt. */
  private async claimOne(streamName: string, eventId: string): Promise<string | undefined> {
    const claim: JSONEventData = {
      id: randomUUID(),
      contentType: 'application/json',
      type: EVENT_ID_CLAIMED,
      data: { streamName },
      metadata: undefined,
    };
    try {
      const created = await this.client.appendToStream(claimStreamOf(eventId), claim, {
        expectedRevision: NO_STREAM,
      });
      // success is false (instead of a throw) under throwOnAppendFailure=false.
      if (created.success) return streamName;
    } catch (error) {
      if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
    }
    return this.holderOf(eventId);
  }

  private async holderOf(eventId: string): Promise<string | undefined> {
    let holder: string | undefined;
    const read = this.client.readStream(claimStreamOf(eventId), {
      fromRevision: START,
      direction: FORWARDS,
      maxCount: 1,
    });
    for await (const resolved of read) {
      const data: unknown = resolved.event?.data;
      if (typeof data === 'object' && data !== null && 'streamName' in data) {
        const claimed = data.streamName;
        if (typeof claimed === 'string') holder = claimed;
      }
    }
    return holder;
  }
}

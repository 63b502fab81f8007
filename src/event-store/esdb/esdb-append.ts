/**
 * appendToStream on EventStoreDB with the port's idempotency and conflict rules.
 *
 * Cost, and why: five round trips (two of them small reads) and one extra tiny event per
 * appended event, where the PostgreSQL adapter needs one statement. EventStoreDB deduplicates
 * by event id only within a stream, never compares content, checks only the first id (and only
 * against a bounded cache) for 'any'/'stream_exists', and writes an id again at another
 * revision; the port promises a conflict in all those cases. So:
 * 1. read the tail of the stream (at most `window` events: normally all of a per-aggregate
 *    stream) and classify the batch's ids (esdb-idempotency.ts): a retry is answered from there
 *    and a conflict refused, before anything is written;
 * 2. claim the ids for this stream (esdb-event-id-claims.ts: one sequential write for the first
 *    id, the others in parallel), refusing ids another stream holds;
 * 3. append with the caller's expected revision, which ESDB enforces atomically; a wrong
 *    expected version is classified again, as it may be a retry or partial duplicate that
 *    raced step 1;
 * 4. read back the revisions written and check they hold exactly this batch: an append of the
 *    same ids with other content that raced step 1, and that ESDB took for an idempotent
 *    retry, is caught here.
 * Not detected: ids recorded in this stream further back than the window, where ESDB does not
 * catch them either (at an exact revision equal to the current one, or with 'any' /
 * 'stream_exists' once ESDB's id cache has forgotten them): they are appended again. A retry at
 * its original exact revision is still recognised there, by ESDB itself, and content-checked by
 * step 4.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { EventIdConflictError, WrongExpectedVersionError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { isStreamNotFoundError } from './esdb-errors';
import { EventIdClaims } from './esdb-event-id-claims';
import { hasSameContent, toEventData, toRecordedEvent, type EsdbEvent } from './esdb-event-mapping';
import { toEsdbExpectedRevision } from './esdb-expected-revision';
import { classifyRecordedIds, type DuplicateCheck, type RecordedMatch } from './esdb-idempotency';
import { encodePosition, isKnownPosition } from './esdb-position';
import { normalizeId } from './esdb-validation';

/** Before every event of $all (ESDB's first records are its own, past position 0). */
const START_OF_LOG = encodePosition({ commit: 0n, prepare: 0n });

interface StreamTail {
  /** The stream's last revision; -1n when it does not exist. */
  readonly current: bigint;
  /** The newest event, when there is one. */
  readonly last: EsdbEvent | undefined;
}

export class EsdbAppender {
  private readonly claims: EventIdClaims;

  constructor(
    private readonly client: EventStoreDBClient,
    /** How many of a stream's newest events are searched for the batch's ids. */
    private readonly window: number,
  ) {
    this.claims = new EventIdClaims(client);
  }

  async append(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) return this.appendNothing(streamName, expected);
    const before = await this.checkRecordedIds(streamName, events, expected);
    if (before.kind !== 'new') return settle(streamName, before);
    const elsewhere = await this.claims.claim(
      streamName,
      events.map((event) => event.id),
    );
    if (elsewhere.length > 0) {
      throw new EventIdConflictError(
        streamName,
        elsewhere,
        'the event ids are recorded in another stream',
      );
    }
    let written: { readonly success: boolean; readonly nextExpectedRevision: bigint };
    try {
      written = await this.client.appendToStream(streamName, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
    } catch (error) {
      if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
      return this.afterWrongExpectedVersion(streamName, events, expected, error);
    }
    // A connection string with throwOnAppendFailure=false reports the conflict this way instead.
    if (!written.success) {
      return this.afterWrongExpectedVersion(streamName, events, expected, undefined);
    }
    const lastRevision = written.nextExpectedRevision;
    return this.confirmWritten(streamName, events, lastRevision);
  }

  /**
   * ESDB also reports partial duplicates and stale retries as a wrong expected version, and the
   * ids may have been written since step 1: classify again before calling it a version conflict.
   */
  private async afterWrongExpectedVersion(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    error: EsdbWrongExpectedVersionError | undefined,
  ): Promise<AppendResult> {
    const after = await this.checkRecordedIds(streamName, events, expected);
    if (after.kind !== 'new') return settle(streamName, after);
    if (error) throw error;
    const { current } = await this.tail(streamName);
    throw new WrongExpectedVersionError(streamName, expected, current);
  }

  /** An empty append writes nothing but still answers whether the expectation holds. */
  private async appendNothing(
    streamName: string,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const { current, last } = await this.tail(streamName);
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1n) ||
      (expected === 'stream_exists' && current !== -1n) ||
      expected === current;
    if (!holds) throw new WrongExpectedVersionError(streamName, expected, current);
    return {
      nextExpectedRevision: current,
      position:
        last && isKnownPosition(last.position) ? encodePosition(last.position) : START_OF_LOG,
    };
  }

  private async tail(streamName: string): Promise<StreamTail> {
    let last: EsdbEvent | undefined;
    try {
      const read = this.client.readStream(streamName, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
      });
      for await (const resolved of read) last = resolved.event ?? last;
    } catch (error) {
      if (!isStreamNotFoundError(error)) throw error;
    }
    return { current: last ? last.revision : -1n, last };
  }

  /** Step 1: which of the batch's ids the newest `window` events of the stream carry. */
  private async checkRecordedIds(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<DuplicateCheck> {
    const ids = new Set(events.map((event) => normalizeId(event.id)));
    const recorded = new Map<string, RecordedMatch>();
    const commitByRevision = new Map<bigint, string>();
    try {
      const read = this.client.readStream(streamName, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: this.window,
        resolveLinkTos: false,
      });
      for await (const resolved of read) {
        const event = resolved.event;
        if (!event) continue;
        if (isKnownPosition(event.position)) {
          commitByRevision.set(event.revision, event.position.commit.toString());
        }
        const id = normalizeId(event.id);
        if (ids.has(id) && !recorded.has(id)) recorded.set(id, toRecordedEvent(event));
      }
    } catch (error) {
      if (!isStreamNotFoundError(error)) throw error;
    }
    return classifyRecordedIds(events, recorded, expected, (revision) =>
      commitByRevision.get(revision),
    );
  }

  /** Step 3: the revisions ESDB says the batch occupies hold exactly this batch. */
  private async confirmWritten(
    streamName: string,
    events: readonly NewEvent[],
    lastRevision: bigint,
  ): Promise<AppendResult> {
    const firstRevision = lastRevision - BigInt(events.length) + 1n;
    const written: RecordedEvent[] = [];
    const read = this.client.readStream(streamName, {
      fromRevision: firstRevision,
      direction: FORWARDS,
      maxCount: events.length,
      resolveLinkTos: false,
    });
    for await (const resolved of read) {
      if (resolved.event) written.push(toRecordedEvent(resolved.event));
    }
    const last = written[written.length - 1];
    if (
      !last ||
      written.length !== events.length ||
      events.some((event, index) => normalizeId(event.id) !== normalizeId(written[index].id))
    ) {
      throw new Error(
        `EventStoreDB reported the append to ${streamName} at revisions ${firstRevision.toString()}..${lastRevision.toString()}, which do not hold the appended events`,
      );
    }
    const changed = events.filter((event, index) => !hasSameContent(event, written[index]));
    if (changed.length > 0) {
      throw new EventIdConflictError(
        streamName,
        changed.map((event) => normalizeId(event.id)),
        'the event ids are recorded with other content',
      );
    }
    return { nextExpectedRevision: lastRevision, position: last.position };
  }
}

function settle(streamName: string, check: Exclude<DuplicateCheck, { kind: 'new' }>): AppendResult {
  if (check.kind === 'retry') return check.result;
  throw new EventIdConflictError(streamName, check.eventIds, check.detail);
}

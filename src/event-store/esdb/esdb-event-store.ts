/**
 * The EventStore port on EventStoreDB (chosen with EVENT_STORE=eventstoredb and
 * EVENTSTORE_CONNECTION_STRING). Requires EventStoreDB 22.6 or later: earlier servers do not
 * return the $all position of events read from a stream, which appends and readStream report.
 *
 * Costs that differ from the PostgreSQL adapter, and why:
 * - appendToStream: five round trips and one small id-claim event per appended event, to give
 *   EventStoreDB the port's idempotency and id-uniqueness rules (see esdb-append.ts).
 * - readAll, headPosition and countEventsAfter filter on the client (the client's readAll has no
 *   server-side filter), so they also scan the system records ESDB interleaves ($stats,
 *   $metadata…). countEventsAfter stops at `countCap`.
 * Every client failure leaves this class as a port error (esdb-errors.ts): an unreachable
 * server is EventStoreUnavailableError("event store unavailable").
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  type ReadRevision,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  EventSubscription,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port';
import { scanAll } from './esdb-all-reader';
import { EsdbAppender } from './esdb-append';
import { isStreamNotFoundError, mapEsdbError, UNAVAILABLE_MESSAGE } from './esdb-errors';
import { toRecordedEvent } from './esdb-event-mapping';
import { matchesFilter } from './esdb-filter';
import { decodePosition, encodePosition } from './esdb-position';
import {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_SUBSCRIPTION_RETRY,
  EsdbSubscription,
  type SubscriptionRetryPolicy,
} from './esdb-subscription';
import { assertCount, assertNewEvents, assertStreamName } from './esdb-validation';

export interface EsdbEventStoreOptions {
  /** ping() fails with EventStoreUnavailableError when the server has not answered by then. */
  readonly pingTimeoutMs?: number;
  /** How many of a stream's newest events an append searches for its ids (esdb-append.ts). */
  readonly duplicateCheckWindow?: number;
  /** countEventsAfter counts at most this many events (it has to read them). */
  readonly countCap?: number;
  readonly subscriptionRetry?: Partial<SubscriptionRetryPolicy>;
}

export const DEFAULT_PING_TIMEOUT_MS = 5_000;
export const DEFAULT_DUPLICATE_CHECK_WINDOW = 1_000;
export const DEFAULT_COUNT_CAP = 10_000;

const SCAN_PAGE_SIZE = 1_000;

export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly appender: EsdbAppender;
  private readonly pingTimeoutMs: number;
  private readonly countCap: number;
  private readonly subscriptionRetry: SubscriptionRetryPolicy;
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    this.appender = new EsdbAppender(
      client,
      options.duplicateCheckWindow ?? DEFAULT_DUPLICATE_CHECK_WINDOW,
    );
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.countCap = options.countCap ?? DEFAULT_COUNT_CAP;
    this.subscriptionRetry = { ...DEFAULT_SUBSCRIPTION_RETRY, ...options.subscriptionRetry };
  }

  /**
   * Creates the client; no connection is made until the first call, so an unreachable server
   * shows up as EventStoreUnavailableError from that call (and from ping()), not here. A
   * malformed connection string throws at once.
   */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    assertNewEvents(streamName, events);
    this.assertOpen();
    try {
      return await this.appender.append(streamName, events, options.expectedRevision);
    } catch (error) {
      throw mapEsdbError(error, { streamName, expectedRevision: options.expectedRevision });
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamName(streamName);
    assertCount('maxCount', options.maxCount);
    if (options.fromRevision !== undefined && options.fromRevision < 0n) {
      throw new RangeError(`fromRevision must be at least 0, got ${options.fromRevision}`);
    }
    this.assertOpen();
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const fromRevision: ReadRevision = options.fromRevision ?? (backwards ? END : START);
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        fromRevision,
        direction: backwards ? BACKWARDS : FORWARDS,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        resolveLinkTos: false,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (isStreamNotFoundError(error)) return [];
      throw mapEsdbError(error);
    }
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertCount('maxCount', options.maxCount);
    const after =
      options.from === undefined || options.from === 'start'
        ? undefined
        : decodePosition(options.from);
    this.assertOpen();
    const events: RecordedEvent[] = [];
    if (options.maxCount === 0) return events;
    // One more than asked: a read from a position returns that position's event again.
    const pageSize = Math.min(Math.max(options.maxCount + 1, 64), SCAN_PAGE_SIZE);
    try {
      for await (const record of scanAll(this.client, after, 'forwards', pageSize)) {
        if (!matchesFilter(options.filter, record.streamId, record.type)) continue;
        events.push(toRecordedEvent(record));
        if (events.length >= options.maxCount) break;
      }
    } catch (error) {
      throw mapEsdbError(error);
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    if (this.closed) throw new Error('the event store is closed');
    const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    }
    const subscription = new EsdbSubscription(
      this.client,
      { ...options, maxBatchSize },
      this.subscriptionRetry,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    try {
      for await (const record of scanAll(this.client, undefined, 'backwards', 256)) {
        if (matchesFilter(undefined, record.streamId, record.type)) {
          return encodePosition(record.position);
        }
      }
    } catch (error) {
      throw mapEsdbError(error);
    }
    return null;
  }

  /**
   * Counts by reading (ESDB keeps no per-filter counts), so stops at `countCap`.
   * `from` is 'start' or a position (Position is a string, so the union is just Position).
   */
  async countEventsAfter(from: Position, filter?: EventFilter): Promise<number> {
    const after = from === 'start' ? undefined : decodePosition(from);
    this.assertOpen();
    let count = 0;
    try {
      for await (const record of scanAll(this.client, after, 'forwards', SCAN_PAGE_SIZE)) {
        if (!matchesFilter(filter, record.streamId, record.type)) continue;
        count += 1;
        if (count >= this.countCap) break;
      }
    } catch (error) {
      throw mapEsdbError(error);
    }
    return count;
  }

  /** One backwards read of a single $all record, bounded by `pingTimeoutMs`. */
  async ping(): Promise<void> {
    this.assertOpen();
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    const timer = setTimeout(() => {
      void read.cancel().catch(() => undefined);
      read.destroy(new EventStoreUnavailableError(UNAVAILABLE_MESSAGE));
    }, this.pingTimeoutMs);
    try {
      for await (const resolved of read) void resolved;
    } catch (error) {
      throw mapEsdbError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`${UNAVAILABLE_MESSAGE} (closed)`);
  }
}

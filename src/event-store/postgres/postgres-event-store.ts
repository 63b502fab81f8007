import { Client, type Pool } from 'pg';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../event-store.errors';
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
import { appendError, appendRequest, assertStreamName, revisionMatches } from './append-request';
import { CommitNotifier } from './commit-notifier';
import { toRecordedEvent } from './event-row';
import { NotificationListener } from './notification-listener';
import { translatingErrors } from './pg-errors';
import {
  decodeFrom,
  encodeLogPosition,
  encodePosition,
  START_POSITION,
  type LogPosition,
} from './position';
import {
  PostgresSubscription,
  type SubscriptionPage,
  type SubscriptionSource,
  type SubscriptionStart,
} from './postgres-subscription';
import {
  APPEND,
  COUNT_AFTER,
  END_OF_LOG,
  HEAD_POSITION,
  NOTIFY_CHANNEL,
  READ_ALL,
  READ_STREAM_BACKWARDS,
  READ_STREAM_FORWARDS,
  STREAM_HEAD,
  SUBSCRIPTION_PAGE,
  type AppendRow,
  type EndOfLogRow,
  type EventRow,
  type PositionRow,
  type StreamHeadRow,
  type SubscriptionPageRow,
} from './sql';

export interface PostgresEventStoreOptions {
  /** Longest a caught-up subscription waits without a notification before polling. */
  readonly pollIntervalMs?: number;
  /** countEventsAfter stops counting here (the port allows a cap; counting is a scan). */
  readonly countLimit?: number;
  /** ping() gives up (unavailable) after this long. */
  readonly pingTimeoutMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_COUNT_LIMIT = 1_000_000;
const DEFAULT_PING_TIMEOUT_MS = 3_000;
const DEFAULT_MAX_BATCH_SIZE = 500;
const HELD_BACK_MIN_DELAY_MS = 10;
const HELD_BACK_MAX_DELAY_MS = 200;
const LISTENER_APPLICATION_NAME = 'servicetrail-event-store-listener';

function assertCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** Empty lists mean "no condition", as if the field were absent. */
function filterParameters(filter: EventFilter | undefined): [string[] | null, string[] | null] {
  const prefixes = filter?.streamPrefixes?.length ? [...filter.streamPrefixes] : null;
  const types = filter?.eventTypes?.length ? [...filter.eventTypes] : null;
  return [prefixes, types];
}

/**
 * The event store on PostgreSQL (tables es_streams and es_events, function
 * es_append_to_stream: see the migration). The pool belongs to the caller: close() stops
 * subscriptions and the listening connection but leaves the pool open.
 */
export class PostgresEventStore implements EventStore {
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly listener: NotificationListener;
  private readonly notifier: CommitNotifier;
  private readonly pollIntervalMs: number;
  private readonly countLimit: number;
  private readonly pingTimeoutMs: number;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.countLimit = options.countLimit ?? DEFAULT_COUNT_LIMIT;
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.notifier = new CommitNotifier(pool);
    this.listener = new NotificationListener({
      channel: NOTIFY_CHANNEL,
      createClient: () =>
        new Client({
          ...pool.options,
          application_name: LISTENER_APPLICATION_NAME,
          keepAlive: true,
        }),
      onNotification: () => this.wakeSubscriptions(),
      onConnected: () => this.wakeSubscriptions(),
    });
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const request = appendRequest(streamName, events, options.expectedRevision);
    if (events.length === 0) return this.appendNothing(streamName, options);
    let row: AppendRow;
    try {
      const result = await this.pool.query<AppendRow>({
        ...APPEND,
        values: [...request.parameters],
      });
      row = result.rows[0];
    } catch (error) {
      throw appendError(error, request);
    }
    if (!row.idempotent) {
      // Subscriptions of this store need not wait for the NOTIFY round trip.
      this.wakeSubscriptions();
      this.notifier.notify();
    }
    return {
      nextExpectedRevision: BigInt(row.next_revision),
      position: encodePosition(row.transaction_id, row.global_position),
    };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamName(streamName);
    assertCount('maxCount', options.maxCount);
    if (options.fromRevision !== undefined && options.fromRevision < 0n) {
      throw new RangeError(`fromRevision must be at least 0, got ${options.fromRevision}`);
    }
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const statement = backwards ? READ_STREAM_BACKWARDS : READ_STREAM_FORWARDS;
    const from = options.fromRevision?.toString() ?? (backwards ? null : '0');
    const { rows } = await translatingErrors(() =>
      this.pool.query<EventRow>({
        ...statement,
        values: [streamName, from, options.maxCount ?? null],
      }),
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertCount('maxCount', options.maxCount);
    const after = decodeFrom(options.from);
    if (options.maxCount === 0) return [];
    const { rows } = await translatingErrors(() =>
      this.pool.query<EventRow>({
        ...READ_ALL,
        values: [
          after.transactionId,
          after.globalPosition,
          ...filterParameters(options.filter),
          options.maxCount,
        ],
      }),
    );
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    if (this.closed) throw new Error('the event store is closed');
    const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    }
    let resolveStart: () => Promise<SubscriptionStart>;
    if (options.from === 'end') {
      resolveStart = () => this.endOfLog();
    } else {
      const after = decodeFrom(options.from); // throws InvalidPositionError now, not on next()
      resolveStart = async () => ({ after });
    }
    const source: SubscriptionSource = {
      readPage: (after, filter, scanLimit, committedBefore) =>
        this.readPage(after, filter, scanLimit, committedBefore),
      register: (subscription) => {
        this.subscriptions.add(subscription);
        this.listener.start();
      },
      unregister: (subscription) => this.subscriptions.delete(subscription),
    };
    return new PostgresSubscription(source, resolveStart, options.filter, maxBatchSize, {
      pollIntervalMs: this.pollIntervalMs,
      heldBackMinDelayMs: Math.min(HELD_BACK_MIN_DELAY_MS, this.pollIntervalMs),
      heldBackMaxDelayMs: Math.min(HELD_BACK_MAX_DELAY_MS, this.pollIntervalMs),
    });
  }

  async headPosition(): Promise<Position | null> {
    const head = await translatingErrors(() => this.head());
    return head ? encodeLogPosition(head) : null;
  }

  async countEventsAfter(from: Position, filter?: EventFilter): Promise<number> {
    const after = decodeFrom(from);
    const { rows } = await translatingErrors(() =>
      this.pool.query<{ count: number }>({
        ...COUNT_AFTER,
        values: [
          after.transactionId,
          after.globalPosition,
          ...filterParameters(filter),
          this.countLimit,
        ],
      }),
    );
    return rows[0].count;
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.pingTimeoutMs} ms`)),
        this.pingTimeoutMs,
      );
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
    } catch (error) {
      // Whatever stops the store from answering (refused, timed out, bad credentials) is
      // unavailability to the caller: /health reports not ready, the API answers 503.
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventStoreUnavailableError(`event store unavailable: PostgreSQL: ${reason}`, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await Promise.all([this.listener.stop(), this.notifier.close()]);
  }

  private wakeSubscriptions(): void {
    for (const subscription of this.subscriptions) subscription.wake();
  }

  private async head(): Promise<LogPosition | null> {
    const { rows } = await this.pool.query<PositionRow>(HEAD_POSITION);
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : null;
  }

  private async endOfLog(): Promise<SubscriptionStart> {
    const { rows } = await this.pool.query<EndOfLogRow>(END_OF_LOG);
    const row = rows[0];
    const after =
      row.transaction_id && row.global_position
        ? { transactionId: row.transaction_id, globalPosition: row.global_position }
        : START_POSITION;
    return { after, committedBefore: row.snapshot };
  }

  private async readPage(
    after: LogPosition,
    filter: EventFilter | undefined,
    scanLimit: number,
    committedBefore: string | undefined,
  ): Promise<SubscriptionPage> {
    const { rows } = await this.pool.query<SubscriptionPageRow>({
      ...SUBSCRIPTION_PAGE,
      values: [
        after.transactionId,
        after.globalPosition,
        ...filterParameters(filter),
        scanLimit,
        committedBefore ?? null,
      ],
    });
    const events: RecordedEvent[] = [];
    let scannedTo: LogPosition | undefined;
    let scanned = 0;
    for (const row of rows) {
      if (!row.transaction_id || !row.global_position) continue; // the lone row of an empty page
      scanned += 1;
      scannedTo = { transactionId: row.transaction_id, globalPosition: row.global_position };
      if (row.matched) events.push(toRecordedEvent(row as EventRow));
    }
    return {
      events,
      scannedTo,
      full: scanned >= scanLimit,
      heldBack: rows[0]?.held_back ?? false,
    };
  }

  /** An empty append writes nothing but still answers whether the expectation holds. */
  private async appendNothing(streamName: string, options: AppendOptions): Promise<AppendResult> {
    const { rows } = await translatingErrors(() =>
      this.pool.query<StreamHeadRow>({ ...STREAM_HEAD, values: [streamName] }),
    );
    const row = rows[0];
    const current = row ? BigInt(row.revision) : -1n;
    if (!revisionMatches(options.expectedRevision, current)) {
      throw new WrongExpectedVersionError(streamName, options.expectedRevision, current);
    }
    const position =
      row?.transaction_id && row.global_position
        ? encodePosition(row.transaction_id, row.global_position)
        : encodeLogPosition(START_POSITION);
    return { nextExpectedRevision: current, position };
  }
}

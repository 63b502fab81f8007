/**
 * The port's catch-up subscription on EventStoreDB's subscribeToAll.
 *
 * Exactly once, in order, across reconnects: every record the server sends (matching or not)
 * moves `lastSeen` forward, and a dropped subscription is re-opened from `lastSeen`, which is
 * exclusive on the server; anything at or before it that still arrives is dropped, so no event
 * is delivered twice and none is skipped. Events already queued when a failure happens are
 * still delivered before the failure is thrown.
 *
 * Filter checkpoints are deliberately not used as resume points: what a checkpoint position
 * denotes (last scanned vs next to scan) has varied between server versions, and resuming
 * "after" the wrong one would skip an event. Re-scanning filtered-out records is cheaper than
 * that risk.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type { EventSubscription, RecordedEvent, SubscribeToAllOptions } from '../event-store.port';
import { readAllPage } from './esdb-all-reader';
import { isTransientError, mapEsdbError } from './esdb-errors';
import { toRecordedEvent } from './esdb-event-mapping';
import { matchesFilter, toServerFilter } from './esdb-filter';
import { comparePositions, decodePosition, type EsdbLogPosition } from './esdb-position';
import { BatchQueue } from './batch-queue';

export interface SubscriptionRetryPolicy {
  /** Delay before the first re-subscription; doubled after each failed attempt. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Failed attempts in a row (no event and no server confirmation in between) after which the
   * iteration throws, e.g. EventStoreUnavailableError while the server stays unreachable.
   */
  readonly maxConsecutiveFailures: number;
}

/** About a minute of retrying (0.1 s doubling to 5 s) before an outage is reported. */
export const DEFAULT_SUBSCRIPTION_RETRY: SubscriptionRetryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  maxConsecutiveFailures: 20,
};

export const DEFAULT_MAX_BATCH_SIZE = 500;

type From = EsdbLogPosition | 'start' | 'end';

interface ActiveSource {
  readonly subscription: AllStreamSubscription;
  detach(): Promise<void>;
}

export class EsdbSubscription implements EventSubscription {
  private readonly queue = new BatchQueue<RecordedEvent>();
  private readonly maxBatchSize: number;
  private readonly highWaterMark: number;
  private from: From;
  /** The last record received from the server (matching the filter or not). */
  private lastSeen: EsdbLogPosition | undefined;
  private active: ActiveSource | undefined;
  private paused = false;
  private closed = false;
  private iterated = false;
  private failure: Error | undefined;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly retry: SubscriptionRetryPolicy,
    private readonly onClosed: (subscription: EsdbSubscription) => void,
  ) {
    this.maxBatchSize = Math.max(1, Math.floor(options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE));
    // Stop reading from the server while the consumer lags this far behind.
    this.highWaterMark = Math.max(4 * this.maxBatchSize, 1024);
    this.from =
      options.from === 'start' || options.from === 'end'
        ? options.from
        : decodePosition(options.from);
    this.lastSeen = typeof this.from === 'object' ? this.from : undefined;
    void this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<readonly RecordedEvent[]> {
    if (this.iterated) throw new Error('An EventStoreDB subscription can be iterated only once');
    this.iterated = true;
    return this.batches();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.queue.clear();
    this.queue.wake();
    this.onClosed(this);
    await this.detach();
  }

  private async *batches(): AsyncGenerator<readonly RecordedEvent[]> {
    try {
      for (;;) {
        const batch = await this.nextBatch();
        if (!batch) return;
        yield batch;
      }
    } finally {
      await this.close();
    }
  }

  private async nextBatch(): Promise<RecordedEvent[] | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      if (this.queue.size > 0) {
        const batch = this.queue.take(this.maxBatchSize);
        this.resumeIfDrained();
        return batch;
      }
      if (this.failure) throw this.failure;
      await this.queue.waitForItems();
      // Records of one server burst arrive within one turn of the event loop: let the rest of
      // it land so that events that came together leave together.
      if (this.queue.size > 0 && this.queue.size < this.maxBatchSize) await nextTurn();
    }
  }

  private async connect(): Promise<void> {
    if (this.closed || this.failure) return;
    try {
      if (this.from === 'end') {
        // Pin "end" to a concrete position, so that a re-subscription after an error resumes
        // exactly where this subscription started instead of at a later end.
        const [last] = await readAllPage(this.client, 'end', 'backwards', 1);
        if (this.closed) return;
        this.from = last ? last.position : 'start';
        this.lastSeen = last?.position;
      }
      const subscription = this.client.subscribeToAll({
        fromPosition: this.from === 'start' ? START : this.from,
        filter: toServerFilter(this.options.filter),
        resolveLinkTos: false,
      });
      this.attach(subscription);
    } catch (error) {
      this.onSourceFailure(undefined, error, isTransientError(error));
    }
  }

  private attach(subscription: AllStreamSubscription): void {
    const onData = (resolved: AllStreamResolvedEvent): void =>
      this.onRecord(subscription, resolved);
    const onConfirmation = (): void => {
      if (this.active?.subscription === subscription) this.failures = 0;
    };
    const onError = (error: Error): void =>
      this.onSourceFailure(subscription, error, isTransientError(error));
    // The server ending a catch-up subscription without an error is a drop like any other.
    const onEnd = (): void =>
      this.onSourceFailure(subscription, new Error('EventStoreDB ended the subscription'), true);
    subscription.on('data', onData);
    subscription.on('confirmation', onConfirmation);
    subscription.on('error', onError);
    subscription.on('end', onEnd);
    subscription.on('close', onEnd);
    this.active = {
      subscription,
      detach: async () => {
        subscription.removeListener('data', onData);
        subscription.removeListener('confirmation', onConfirmation);
        subscription.removeListener('error', onError);
        subscription.removeListener('end', onEnd);
        subscription.removeListener('close', onEnd);
        // A late error from a stream we let go must not become an unhandled 'error' event.
        subscription.on('error', () => undefined);
        await subscription.unsubscribe().catch(() => undefined);
      },
    };
  }

  private async detach(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    this.paused = false;
    await active?.detach();
  }

  private onRecord(subscription: AllStreamSubscription, resolved: AllStreamResolvedEvent): void {
    if (this.closed || this.active?.subscription !== subscription) return;
    const record = resolved.event;
    if (!record) return;
    this.failures = 0;
    if (this.lastSeen && comparePositions(record.position, this.lastSeen) <= 0) return;
    this.lastSeen = record.position;
    if (!matchesFilter(this.options.filter, record.streamId, record.type)) return;
    let event: RecordedEvent;
    try {
      event = toRecordedEvent(record);
    } catch (error) {
      // Never skip: an event we cannot map stops the subscription where it stands.
      this.fail(mapEsdbError(error));
      return;
    }
    this.queue.push(event);
    if (!this.paused && this.queue.size >= this.highWaterMark) {
      this.paused = true;
      subscription.pause();
    }
  }

  private resumeIfDrained(): void {
    if (this.paused && this.queue.size <= this.highWaterMark / 2) {
      this.paused = false;
      this.active?.subscription.resume();
    }
  }

  private onSourceFailure(
    subscription: AllStreamSubscription | undefined,
    error: unknown,
    transient: boolean,
  ): void {
    if (this.closed || this.failure) return;
    if (subscription && this.active?.subscription !== subscription) return;
    void this.detach();
    this.failures += 1;
    if (!transient || this.failures >= this.retry.maxConsecutiveFailures) {
      this.fail(mapEsdbError(error));
      return;
    }
    if (this.lastSeen) this.from = this.lastSeen;
    const delay = Math.min(
      this.retry.maxDelayMs,
      this.retry.initialDelayMs * 2 ** (this.failures - 1),
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  private fail(error: Error): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    void this.detach();
    this.queue.wake();
  }
}

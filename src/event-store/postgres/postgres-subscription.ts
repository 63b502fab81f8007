import type { EventFilter, EventSubscription, RecordedEvent } from '../event-store.port';
import { isConnectionError } from './pg-errors';
import type { LogPosition } from './position';
import { WakeSignal } from './wake-signal';

/** What one subscription step read from the log (see SUBSCRIPTION_PAGE). */
export interface SubscriptionPage {
  /** Events after the cursor that match the filter, in global order. */
  readonly events: RecordedEvent[];
  /** The last row scanned, matched or not: the cursor of the next step; undefined if none. */
  readonly scannedTo: LogPosition | undefined;
  /** The scan stopped at its limit: more rows are readable right now. */
  readonly full: boolean;
  /** Committed rows wait above the fence for an older transaction to end. */
  readonly heldBack: boolean;
}

/** Where a subscription starts (exclusive). */
export interface SubscriptionStart {
  readonly after: LogPosition;
  /**
   * From 'end' only: the snapshot (pg_snapshot text) taken at subscription time. Rows of
   * transactions visible in it were committed before the subscription and are not delivered,
   * even those the fence still held back when the head was read.
   */
  readonly committedBefore?: string;
}

/** The part of the store a subscription needs; keeps this file free of SQL. */
export interface SubscriptionSource {
  readPage(
    after: LogPosition,
    filter: EventFilter | undefined,
    scanLimit: number,
    committedBefore: string | undefined,
  ): Promise<SubscriptionPage>;
  register(subscription: PostgresSubscription): void;
  unregister(subscription: PostgresSubscription): void;
}

export interface SubscriptionTiming {
  /** Longest wait without a notification before reading anyway (the polling fallback). */
  readonly pollIntervalMs: number;
  /** First re-read delay while the fence holds rows back; doubles up to pollIntervalMs. */
  readonly heldBackMinDelayMs: number;
  /** Upper bound of the re-read delay while the fence holds rows back. */
  readonly heldBackMaxDelayMs: number;
}

/** Past the snapshot's xmax every transaction is newer than the snapshot: no more to skip. */
function isPastSnapshot(cursor: LogPosition, snapshot: string): boolean {
  const xmax = snapshot.split(':')[1];
  return xmax !== undefined && /^\d+$/.test(xmax) && BigInt(cursor.transactionId) >= BigInt(xmax);
}

/** Returned by a read interrupted by close(). */
const CLOSED = Symbol('closed');

/** Wider scans when filtering, so a selective filter needs fewer round trips per match. */
const FILTERED_MIN_SCAN = 1_000;

/**
 * A catch-up subscription over the fenced global order. It reads page after page until it is
 * caught up, then sleeps until woken (NOTIFY from any process, or an append of this store), and
 * polls as a fallback: every pollIntervalMs, and quickly while the fence holds committed rows
 * back (the transaction they wait for may never notify: it need not be an append).
 *
 * Each event is yielded exactly once, in order: the cursor only moves over rows below the fence,
 * and no row can appear below the fence after the cursor has passed it.
 */
export class PostgresSubscription implements EventSubscription {
  private readonly signal = new WakeSignal();
  private closed = false;
  private iterated = false;
  private inFlight: Promise<unknown> | undefined;
  private firstStart: Promise<SubscriptionStart> | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    /** The exclusive start: the decoded checkpoint or, for 'end', the head at subscription time. */
    private readonly resolveStart: () => Promise<SubscriptionStart>,
    private readonly filter: EventFilter | undefined,
    private readonly maxBatchSize: number,
    private readonly timing: SubscriptionTiming,
  ) {
    // Resolved now, not at the first next(): 'end' means the end when subscribeToAll was called.
    this.firstStart = resolveStart();
    // Observed here so an early failure is not an unhandled rejection; iteration re-awaits it.
    this.firstStart.catch(() => undefined);
    source.register(this);
  }

  /** New events may be readable (a notification, a local append, a reconnected listener). */
  wake(): void {
    this.signal.wake();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.source.unregister(this);
    this.signal.wake();
    await this.inFlight?.catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<readonly RecordedEvent[]> {
    if (this.iterated) throw new Error('an event subscription can be iterated only once');
    this.iterated = true;
    return this.batches();
  }

  private async *batches(): AsyncGenerator<readonly RecordedEvent[]> {
    try {
      const start = await this.track(this.retrying(() => this.startPosition()));
      if (start === CLOSED) return;
      let cursor = start.after;
      let committedBefore = start.committedBefore;
      const scanLimit = this.filter
        ? Math.max(this.maxBatchSize, FILTERED_MIN_SCAN)
        : this.maxBatchSize;
      let heldBackDelay = this.timing.heldBackMinDelayMs;
      while (!this.closed) {
        this.signal.reset();
        const page = await this.track(
          this.retrying(() =>
            this.source.readPage(cursor, this.filter, scanLimit, committedBefore),
          ),
        );
        if (page === CLOSED || this.closed) return;
        for (let from = 0; from < page.events.length; from += this.maxBatchSize) {
          yield page.events.slice(from, from + this.maxBatchSize);
          if (this.closed) return;
        }
        if (page.scannedTo) {
          cursor = page.scannedTo;
          heldBackDelay = this.timing.heldBackMinDelayMs;
          if (committedBefore && isPastSnapshot(cursor, committedBefore)) {
            committedBefore = undefined;
          }
        }
        if (page.full) continue;
        if (page.heldBack) {
          await this.signal.wait(heldBackDelay);
          heldBackDelay = Math.min(heldBackDelay * 2, this.timing.heldBackMaxDelayMs);
        } else {
          await this.signal.wait(this.timing.pollIntervalMs);
        }
      }
    } finally {
      this.closed = true;
      this.source.unregister(this);
    }
  }

  /** Lets close() wait for the query in flight, so no connection is in use once it resolves. */
  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight = promise;
    return promise;
  }

  private startPosition(): Promise<SubscriptionStart> {
    const first = this.firstStart;
    this.firstStart = undefined;
    return first ?? this.resolveStart();
  }

  /**
   * Rides out an unreachable database (restart, fail-over) by retrying until closed; any other
   * error is a bug or a broken schema and ends the iteration with that error.
   */
  private async retrying<T>(read: () => Promise<T>): Promise<T | typeof CLOSED> {
    for (;;) {
      try {
        return await read();
      } catch (error) {
        if (this.closed) return CLOSED;
        if (!isConnectionError(error)) throw error;
        await this.signal.wait(this.timing.pollIntervalMs);
        if (this.closed) return CLOSED;
      }
    }
  }
}

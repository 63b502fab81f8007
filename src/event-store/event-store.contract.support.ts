/**
 * Helpers of the event store contract suite (event-store.contract.ts). Port-only: nothing here
 * knows which adapter runs, so the PostgreSQL and EventStoreDB adapters are held to one standard.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  EventMetadata,
  EventStore,
  EventSubscription,
  NewEvent,
  Position,
  RecordedEvent,
} from './event-store.port';

const TEST_METADATA: EventMetadata = {
  actor: { type: 'agent', id: 'agent-1' },
  correlationId: '5b0e1a1e-8c1b-4a55-9a43-0c7f3f1a0001',
  causationId: null,
  occurredAt: '2026-01-05T09:00:00.000Z',
  schemaVersion: 1,
};

export function newEvent(
  type = 'ContractTested',
  data: Readonly<Record<string, unknown>> = { value: randomUUID() },
  metadata: EventMetadata = TEST_METADATA,
): NewEvent {
  return { id: randomUUID(), type, data, metadata };
}

export function newEvents(count: number, type = 'ContractTested'): NewEvent[] {
  return Array.from({ length: count }, (_, index) =>
    newEvent(type, { index, value: randomUUID() }),
  );
}

/**
 * Stream names are unique per test (an EventStoreDB server has no per-test database), and each
 * test gets its own category so a stream-prefix filter isolates its events in the global log.
 */
export class StreamNames {
  private readonly run = randomBytes(4).toString('hex');
  private categories = 0;

  /** A fresh category, e.g. `ct3f9a01c2x7`, never a prefix of another one of this run. */
  category(): string {
    this.categories += 1;
    return `ct${this.run}x${this.categories}y`;
  }

  stream(category = this.category()): string {
    return `${category}-${randomUUID()}`;
  }
}

export function idsOf(events: readonly { readonly id: string }[]): string[] {
  return events.map((event) => event.id);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The global log may lag its writes (the PostgreSQL adapter shows an event only once no older
 * transaction is running, and other test files write to the same server): retry until `done`.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const pauseMs = 20;
  for (let waited = 0; ; waited += pauseMs) {
    const value = await read();
    if (done(value) || waited >= timeoutMs) return value;
    await sleep(pauseMs);
  }
}

/** Everything after `from` matching a stream prefix, read page by page. */
export async function readAllAfter(
  store: EventStore,
  from: Position,
  streamPrefix: string,
  pageSize = 100,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after = from;
  for (;;) {
    const page = await store.readAll({
      from: after,
      maxCount: pageSize,
      filter: { streamPrefixes: [streamPrefix] },
    });
    events.push(...page);
    if (page.length < pageSize) return events;
    after = page[page.length - 1].position;
  }
}

/** readAllAfter, retried until it holds `count` events. */
export function readAllEventually(
  store: EventStore,
  from: Position,
  streamPrefix: string,
  count: number,
): Promise<RecordedEvent[]> {
  return eventually(
    () => readAllAfter(store, from, streamPrefix),
    (events) => events.length >= count,
  );
}

/** The checkpoint "now": reads after it see only events appended later. */
export async function checkpoint(store: EventStore): Promise<Position> {
  return (await store.headPosition()) ?? 'start';
}

/**
 * Drives one subscription: collects its batches until a condition holds, failing (and closing
 * the subscription) after a timeout instead of hanging the test.
 */
export class SubscriptionReader {
  readonly batches: (readonly RecordedEvent[])[] = [];
  private readonly iterator: AsyncIterator<readonly RecordedEvent[]>;
  private finished = false;

  constructor(readonly subscription: EventSubscription) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  get events(): RecordedEvent[] {
    return this.batches.flat();
  }

  get done(): boolean {
    return this.finished;
  }

  /** Reads batches until `until(events)` holds; rejects on timeout or if iteration ends first. */
  async readUntil(
    until: (events: RecordedEvent[]) => boolean,
    timeoutMs = 15_000,
  ): Promise<RecordedEvent[]> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.subscription.close();
    }, timeoutMs);
    try {
      while (!until(this.events)) {
        const next = await this.iterator.next();
        if (next.done) {
          this.finished = true;
          break;
        }
        this.batches.push(next.value);
      }
    } finally {
      clearTimeout(timer);
    }
    if (!until(this.events)) {
      throw new Error(
        `subscription ${timedOut ? `timed out after ${timeoutMs} ms` : 'ended'} with ${this.events.length} events`,
      );
    }
    return this.events;
  }

  readCount(count: number, timeoutMs?: number): Promise<RecordedEvent[]> {
    return this.readUntil((events) => events.length >= count, timeoutMs);
  }

  /** Waits for the iteration to end (after close()); rejects if it yields or hangs. */
  async expectEnd(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const next = await Promise.race([this.iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout')
      throw new Error(`iteration did not end within ${timeoutMs} ms of close()`);
    if (!next.done) throw new Error(`iteration yielded ${next.value.length} events after close()`);
    this.finished = true;
  }
}

/** Rejects unless `promise` rejects; returns the error for further checks. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

import type { Metrics } from '../platform/metrics/metrics';
import { WrongExpectedVersionError } from './event-store.errors';
import {
  categoryOf,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from './event-store.port';

/** Counts appends and conflicts for /metrics around whichever adapter is configured. */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: Metrics,
  ) {}

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    try {
      const result = await this.inner.appendToStream(streamName, events, options);
      this.metrics.eventsAppended.inc({ category: categoryOf(streamName) }, events.length);
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) this.metrics.appendConflicts.inc();
      throw error;
    }
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamName, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<Position | null> {
    return this.inner.headPosition();
  }

  countEventsAfter(from: 'start' | Position, filter?: EventFilter): Promise<number> {
    return this.inner.countEventsAfter(from, filter);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

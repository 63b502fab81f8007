/**
 * The event store port. Modelled on EventStoreDB semantics so that the PostgreSQL adapter (the
 * embedded default) and the EventStoreDB adapter are interchangeable and pass one contract suite
 * (event-store.contract.ts).
 *
 * Revisions are 0-based bigints; a stream that does not exist has revision -1n.
 * Positions are opaque, totally ordered tokens (strings) meaningful only to the adapter that
 * produced them; consumers store and pass them back, never parse them.
 */

export const EVENT_STORE = Symbol('EventStore');

/** Who caused an event. `system` is the product acting on its own (timers, routing, surveys). */
export type ActorType =
  'admin' | 'supervisor' | 'agent' | 'integrator' | 'auditor' | 'customer' | 'system';

export interface Actor {
  readonly type: ActorType;
  readonly id: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  /** Shared by every event caused by one original request. */
  readonly correlationId: string;
  /** The id of the command/request/event that directly caused this event; null for an origin. */
  readonly causationId: string | null;
  /** ISO-8601 instant from the injected Clock when the command was decided. */
  readonly occurredAt: string;
  /** Version of this event type's data schema (upcasters bring old versions forward). */
  readonly schemaVersion: number;
  /** The HTTP request that produced it, when there was one. */
  readonly requestId?: string;
}

/** An event about to be appended: plain readonly data. `id` is a uuid chosen by the caller. */
export interface NewEvent<
  TType extends string = string,
  TData extends object = Readonly<Record<string, unknown>>,
> {
  readonly id: string;
  readonly type: TType;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

export type Position = string;

export interface RecordedEvent<
  TType extends string = string,
  TData extends object = Readonly<Record<string, unknown>>,
> extends NewEvent<TType, TData> {
  readonly streamName: string;
  /** 0-based revision within its stream. */
  readonly revision: bigint;
  /** Global, opaque, ordered position in the log. */
  readonly position: Position;
  readonly recordedAt: Date;
}

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event now in the stream (pass it as the next expectedRevision). */
  readonly nextExpectedRevision: bigint;
  /** The position of the last appended event. */
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
  readonly direction?: Direction;
}

export interface EventFilter {
  /** Keep events whose stream name starts with any of these, e.g. `ticket-`. */
  readonly streamPrefixes?: readonly string[];
  /** Keep events whose type is one of these (exact match). */
  readonly eventTypes?: readonly string[];
}

export type ReadFrom = 'start' | 'end' | Position;

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to 'start'. */
  readonly from?: 'start' | Position;
  readonly maxCount: number;
  readonly filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: 'start' replays everything, 'end' only follows new appends. */
  readonly from: ReadFrom;
  readonly filter?: EventFilter;
  /** Upper bound on one yielded batch. */
  readonly maxBatchSize?: number;
}

/**
 * A catch-up subscription: replays history after `from`, then follows live appends. Yields
 * non-empty batches in global order, each event exactly once. Iteration ends after close().
 */
export interface EventSubscription extends AsyncIterable<readonly RecordedEvent[]> {
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Events of every stream in global order (only those no subscriber could miss later). */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  subscribeToAll(options: SubscribeToAllOptions): EventSubscription;

  /** The position of the newest event readable in global order, or null for an empty log. */
  headPosition(): Promise<Position | null>;

  /**
   * How many committed events (matching the filter) lie after `from`, including any not yet
   * readable in global order (a consumer at `from` is behind by this much); adapters may cap it.
   */
  countEventsAfter(from: 'start' | Position, filter?: EventFilter): Promise<number>;

  /** Resolves when the store answers; rejects with EventStoreUnavailableError otherwise. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

/** `<category>-<id>`, e.g. `ticket-3f2…`. */
/**
 * Whether `a` lies after `b` in the log. Positions stay opaque, but both adapters encode them
 * fixed-width and zero-padded so that string order is log order (postgres/position.ts,
 * esdb/esdb-position.ts), which this relies on.
 */
export function positionIsAfter(a: Position, b: Position): boolean {
  return a > b;
}

export function streamNameOf(category: string, id: string): string {
  return `${category}-${id}`;
}

export function categoryOf(streamName: string): string {
  const dash = streamName.indexOf('-');
  return dash === -1 ? streamName : streamName.slice(0, dash);
}

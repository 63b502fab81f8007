import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  EVENT_STORE,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  type Position,
  type RecordedEvent,
} from '../event-store/event-store.port';
import { SseSession } from './sse-session';
import { rejectedPosition } from './events-feed.errors';

/** Heartbeat period of the SSE stream; a token so tests can shorten it. */
export const SSE_HEARTBEAT_MS = Symbol('SseHeartbeatMs');
export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;

/** Largest batch one SSE write carries; bounds memory per connection. */
const SSE_MAX_BATCH = 500;

export interface FeedCursor {
  /** 'start' or a position (the port's ReadAllOptions.from). */
  readonly after: Position;
  /** The request field the cursor came from, named in a 400 when the store rejects it. */
  readonly source: string;
  readonly filter: EventFilter | undefined;
}

/**
 * The integrators' event feed: pages of the global log (readAll) and live SSE sessions
 * (subscribeToAll). Ordering and exactly-once delivery under concurrent writers come from the
 * event store port; this service only translates cursors and owns open connections so they end
 * on shutdown.
 */
@Injectable()
export class EventsFeedService implements BeforeApplicationShutdown {
  private readonly sessions = new Set<SseSession>();
  private shuttingDown = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SSE_HEARTBEAT_MS) private readonly heartbeatMs: number,
  ) {}

  async readPage(cursor: FeedCursor, limit: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readAll({
        from: cursor.after,
        maxCount: limit,
        filter: cursor.filter,
      });
    } catch (error) {
      throw rejectedPosition(error, cursor);
    }
  }

  /**
   * Opens the subscription for a stream while a 400 can still be sent: adapters reject a cursor
   * either at once (PostgreSQL) or on the first read (which the probe below triggers), and both
   * must happen before the response is committed to a 200 event stream.
   */
  async subscribe(cursor: FeedCursor): Promise<EventSubscription> {
    if (cursor.after !== 'start') await this.readPage(cursor, 1);
    try {
      return this.store.subscribeToAll({
        from: cursor.after,
        filter: cursor.filter,
        maxBatchSize: SSE_MAX_BATCH,
      });
    } catch (error) {
      throw rejectedPosition(error, cursor);
    }
  }

  /** Streams the subscription into the (hijacked, headers written) response until either ends. */
  attach(response: ServerResponse, subscription: EventSubscription): SseSession {
    const session = new SseSession(response, subscription, this.heartbeatMs);
    this.sessions.add(session);
    void session.finished().finally(() => this.sessions.delete(session));
    // A stream that slipped in after shutdown began would keep the server from closing.
    if (this.shuttingDown) void session.close();
    return session;
  }

  /** SSE connections currently open (for tests and diagnostics). */
  get openStreams(): number {
    return this.sessions.size;
  }

  /** Open streams never end on their own; end them before the HTTP server waits for them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.sessions].map((session) => session.close()));
  }
}

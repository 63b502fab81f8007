import { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { EventSubscription, RecordedEvent } from '../event-store/event-store.port';
import { toFeedEventView } from './events-feed.views';

/** How long the client waits before reconnecting after the connection drops (SSE `retry:`). */
export const SSE_RETRY_MS = 3000;

/** One SSE frame per event: `id` is the position, so `Last-Event-ID` resumes right after it. */
export function formatSseEvent(event: RecordedEvent): string {
  // `event:` must stay on one line; JSON.stringify never emits a raw line break.
  const type = event.type.replace(/[\r\n]/g, ' ');
  return `id: ${event.position}\nevent: ${type}\ndata: ${JSON.stringify(toFeedEventView(event))}\n\n`;
}

/**
 * One open `GET /events/stream` connection: pumps a catch-up subscription into the raw response
 * (waiting for `drain` so a slow client slows the subscription instead of buffering the log in
 * memory), writes heartbeat comments so idle proxies keep the connection, and releases the
 * subscription however the connection ends (client gone, store failure, app shutdown).
 */
export class SseSession {
  private readonly logger = new Logger(SseSession.name);
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private wakeWriter: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly response: ServerResponse,
    private readonly subscription: EventSubscription,
    heartbeatMs: number,
  ) {
    response.on('close', () => void this.close());
    response.on('drain', () => this.wakeWriter?.());
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.write(`retry: ${SSE_RETRY_MS}\n\n`);
    this.done = this.pump();
    // The client may have gone while the subscription was being opened: 'close' already fired.
    if (response.destroyed || !response.socket || response.socket.destroyed) void this.close();
  }

  /** Resolves when the session has ended and its subscription is closed. */
  finished(): Promise<void> {
    return this.done;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.wakeWriter?.();
    try {
      await this.subscription.close();
    } catch (error) {
      this.logger.warn(`closing an event stream subscription failed: ${String(error)}`);
    } finally {
      if (!this.response.writableEnded) this.response.end();
    }
  }

  private async pump(): Promise<void> {
    try {
      for await (const batch of this.subscription) {
        if (this.closed) break;
        if (!this.write(batch.map(formatSseEvent).join(''))) await this.writable();
      }
    } catch (error) {
      // Headers are long gone, so no problem document: end the stream; the client reconnects
      // with Last-Event-ID and resumes exactly where it was.
      if (!this.closed) {
        this.logger.warn(`event stream ended by a subscription error: ${String(error)}`);
      }
    } finally {
      await this.close();
    }
  }

  private write(chunk: string): boolean {
    if (this.closed || this.response.writableEnded || this.response.destroyed) return true;
    return this.response.write(chunk);
  }

  private writable(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeWriter = () => {
        this.wakeWriter = undefined;
        resolve();
      };
    });
  }
}

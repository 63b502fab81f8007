/**
 * Test helper for API tests of the ticket reads: drives tickets through the real HTTP command
 * routes (POST /tickets, /tickets/{id}/…) of the whole app, and waits for read models by polling
 * the reads themselves (bounded), never by sleeping.
 */
import request from 'supertest';
import type { TestApp } from '../../../../test/support/test-app';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port';
import { ticketStreamName } from '../../ticket.values';

export const bearer = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });

export const OPEN_TICKET_BODY = {
  channel: 'email',
  subject: 'Printer on fire',
  description: 'The office printer is on fire again.',
  customer: {
    id: 'crm-ada',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0000',
    tier: 'premium',
  },
  type: 'incident',
  priority: 'high',
  tags: ['printer'],
  language: 'en',
} as const;

export class TicketApi {
  constructor(private readonly testApp: TestApp) {}

  private get server() {
    return this.testApp.app.getHttpServer();
  }

  /** POST /tickets; returns the new ticket's id and revision. */
  async open(
    body: Readonly<Record<string, unknown>> = {},
    key = this.testApp.adminKey,
  ): Promise<{ id: string; revision: number }> {
    const response = await request(this.server)
      .post('/tickets')
      .set(bearer(key))
      .send({ ...OPEN_TICKET_BODY, ...body });
    if (response.status !== 201) {
      throw new Error(`POST /tickets: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const opened = response.body as { id: string; revision: number };
    return { id: opened.id, revision: opened.revision };
  }

  /** POST /tickets/{id}/{command}; returns the revision after it. */
  async command(
    ticketId: string,
    command: string,
    body: Readonly<Record<string, unknown>> = {},
    key = this.testApp.adminKey,
  ): Promise<number> {
    const response = await request(this.server)
      .post(`/tickets/${ticketId}/${command}`)
      .set(bearer(key))
      .send(body);
    if (response.status !== 200) {
      throw new Error(
        `POST /tickets/${ticketId}/${command}: ${response.status} ${JSON.stringify(response.body)}`,
      );
    }
    return (response.body as { revision: number }).revision;
  }

  get(path: string, key = this.testApp.adminKey): request.Test {
    return request(this.server).get(path).set(bearer(key));
  }

  /**
   * GET /tickets/{id} once the read model holds `revision` (using `?minRevision=` and, should a
   * loaded machine need more than its 3 s, asking again for up to `timeoutMs`).
   */
  async details(
    ticketId: string,
    revision: number,
    key = this.testApp.adminKey,
    timeoutMs = 15_000,
  ): Promise<request.Response> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const response = await this.get(`/tickets/${ticketId}?minRevision=${revision}`, key);
      if (response.status === 200 && response.headers.etag === `W/"${revision}"`) return response;
      if (performance.now() > deadline) {
        throw new Error(
          `ticket ${ticketId} did not reach revision ${revision}: ${response.status} ${response.headers.etag}`,
        );
      }
    }
  }

  /** The ticket's recorded events, straight from the event store. */
  events(ticketId: string): Promise<RecordedEvent[]> {
    return this.testApp.app.get<EventStore>(EVENT_STORE).readStream(ticketStreamName(ticketId));
  }
}

/** Polls `check` until it returns true; fails after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

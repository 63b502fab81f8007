/**
 * The integrators' event feed over HTTP, against a real PostgreSQL event store and the real auth
 * guard, HTTP conventions and validation.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pool } from 'pg';
import request from 'supertest';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeysService } from '../auth/api-keys.service';
import { AuthModule } from '../auth/auth.module';
import type { Role } from '../auth/principal';
import { EVENT_STORE, type EventStore, type NewEvent } from '../event-store/event-store.port';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { loadConfig } from '../platform/config/config';
import { dataSourceOptions } from '../platform/database/data-source-options';
import { configureHttp, fastifyOptions } from '../platform/http/configure-http';
import { PlatformModule } from '../platform/platform.module';
import { FixedClock } from '../platform/time/clock';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { EventsFeedModule } from './events-feed.module';
import { EventsFeedService, SSE_HEARTBEAT_MS } from './events-feed.service';

const ADMIN_KEY = 'events-feed-admin-key-0123456789';
const HEARTBEAT_MS = 200;

interface FeedItem {
  id: string;
  position: string;
  stream: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

interface FeedPage {
  items: FeedItem[];
  next: string | null;
  links: { self: string; next: string };
}

// ---------------------------------------------------------------------------------------------
// A minimal Server-Sent Events client (what an integrator would run), on the raw socket.

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  readonly ended: Promise<void>;
  private buffer = '';
  private waiters: (() => void)[] = [];

  private constructor(
    readonly response: http.IncomingMessage,
    private readonly req: http.ClientRequest,
  ) {
    response.setEncoding('utf8');
    // close() aborts the response on purpose; that is not a test failure.
    response.on('error', () => undefined);
    response.on('data', (chunk: string) => this.receive(chunk));
    this.ended = new Promise((resolve) => {
      response.on('close', () => resolve());
      response.on('end', () => resolve());
    });
  }

  static open(baseUrl: string, path: string, headers: Record<string, string>): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${baseUrl}${path}`, {
        headers: { accept: 'text/event-stream', ...headers },
      });
      req.on('response', (response) => resolve(new SseClient(response, req)));
      req.on('error', reject);
    });
  }

  get events(): FeedItem[] {
    return this.messages.map((message) => JSON.parse(message.data ?? 'null') as FeedItem);
  }

  async waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    // A deadline for a test that would otherwise hang, not a timing assertion.
    const deadline = setTimeout(() => this.wake(), timeoutMs);
    try {
      const started = process.hrtime.bigint();
      while (!condition()) {
        if (process.hrtime.bigint() - started > BigInt(timeoutMs) * 1_000_000n) {
          throw new Error(`SSE client: timed out waiting for ${what}`);
        }
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    } finally {
      clearTimeout(deadline);
    }
  }

  close(): void {
    this.req.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = {};
      let isMessage = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) [message.id, isMessage] = [line.slice(4), true];
        else if (line.startsWith('event: ')) [message.event, isMessage] = [line.slice(7), true];
        else if (line.startsWith('data: ')) [message.data, isMessage] = [line.slice(6), true];
      }
      if (isMessage) this.messages.push(message);
    }
    this.wake();
  }
}

// ---------------------------------------------------------------------------------------------

describe('event feed (GET /events, GET /events/stream)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let appClosed = false;
  const keys: Partial<Record<Role, string>> = {};

  function auth(role: Role): Record<string, string> {
    const key = keys[role];
    if (!key) throw new Error(`no key for ${role}`);
    return { authorization: `Bearer ${key}` };
  }

  function newEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
    return {
      id: randomUUID(),
      type,
      data,
      metadata: {
        actor: { type: 'system', id: 'events-feed-test' },
        correlationId: randomUUID(),
        causationId: null,
        occurredAt: '2026-01-05T09:00:00.000Z',
        schemaVersion: 1,
      },
    };
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * The PostgreSQL store exposes an event only once no older transaction is still running in the
   * cluster, and other test files share this cluster: an append becomes readable when their
   * transactions end, not necessarily at once. Tests wait for that, then assert on the feed.
   */
  async function readable(stream: string, id: string): Promise<void> {
    const started = process.hrtime.bigint();
    for (;;) {
      const events = await store.readAll({
        maxCount: 10_000,
        filter: { streamPrefixes: [stream] },
      });
      if (events.some((event) => event.id === id)) return;
      if (process.hrtime.bigint() - started > 60_000_000_000n) {
        throw new Error(`event ${id} of ${stream} never became readable`);
      }
      await pause(20);
    }
  }

  async function append(stream: string, ...types: string[]): Promise<NewEvent[]> {
    const events = types.map((type, index) => newEvent(type, { index }));
    await store.appendToStream(stream, events, { expectedRevision: 'any' });
    await readable(stream, events[events.length - 1].id);
    return events;
  }

  async function page(
    query: string,
    role: Role = 'integrator',
  ): Promise<{ body: FeedPage; link: string }> {
    const response = await request(app.getHttpServer())
      .get(`/events${query}`)
      .set(auth(role))
      .expect(200);
    return { body: response.body as FeedPage, link: String(response.headers.link) };
  }

  /** Follows `next` until a page comes back empty; returns every item in order. */
  async function pageThrough(query: string, limit: number): Promise<FeedItem[]> {
    const items: FeedItem[] = [];
    let after: string | null = null;
    for (;;) {
      const cursor: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
      const { body } = await page(`?limit=${limit}${query}${cursor}`);
      items.push(...body.items);
      if (body.items.length === 0) return items;
      after = body.next;
    }
  }

  /** A category no other test writes to, so each test sees only its own events. */
  function category(): string {
    return `feed${randomUUID().slice(0, 8)}`;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 20 });
    pool.on('error', () => undefined);
    store = new PostgresEventStore(pool, { pollIntervalMs: 200 });
    const eventStore: EventStore = store;

    @Global()
    @Module({ providers: [{ provide: EVENT_STORE, useValue: eventStore }], exports: [EVENT_STORE] })
    class TestEventStoreModule {}

    const config = loadConfig({ ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot(config, { clock: new FixedClock() }),
        TypeOrmModule.forRoot(dataSourceOptions(database.url)),
        TestEventStoreModule,
        AuthModule,
        EventsFeedModule,
      ],
      providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
    })
      .overrideProvider(SSE_HEARTBEAT_MS)
      .useValue(HEARTBEAT_MS)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter(fastifyOptions(config)),
    );
    configureHttp(app, config, { logSink: () => undefined });
    await app.init();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
    baseUrl = baseUrl.replace('[::1]', '127.0.0.1');

    keys.admin = ADMIN_KEY;
    const apiKeys = app.get(ApiKeysService);
    const creator = { keyId: 'test', role: 'admin' as const, principalId: 'test-admin' };
    for (const role of ['integrator', 'auditor', 'agent', 'supervisor'] as const) {
      keys[role] = (
        await apiKeys.create({ role, principalId: `${role}-1`, name: `${role} key` }, creator)
      ).key;
    }
  });

  afterAll(async () => {
    if (!appClosed) await app?.close();
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  describe('GET /events', () => {
    // Runs first, while the log of this file's database is still empty.
    it('answers an empty page with next: null on an empty log, and the same cursor when nothing is new', async () => {
      const { body, link } = await page('');
      expect(body).toEqual({
        items: [],
        next: null,
        links: { self: '/events?limit=100', next: '/events?limit=100' },
      });
      expect(link).toBe('</events?limit=100>; rel="next"');

      const [event] = await append(`${category()}-1`, 'Seeded');
      const first = await page('?limit=1');
      expect(first.body.items.map((item) => item.id)).toEqual([event.id]);
      const cursor = first.body.next as string;

      const empty = await page(`?after=${encodeURIComponent(cursor)}&limit=1`);
      expect(empty.body.items).toEqual([]);
      expect(empty.body.next).toBe(cursor);
    });

    it('pages through every event in global order with after/next and the Link header', async () => {
      const cat = category();
      const appended: NewEvent[] = [];
      for (let i = 0; i < 5; i++) {
        appended.push(...(await append(`${cat}-${i % 2}`, 'A', 'B', 'C', 'D', 'E')));
      }

      const seen: FeedItem[] = [];
      let query = `?stream=${cat}-&limit=10`;
      for (let pages = 0; pages < 10; pages++) {
        const { body, link } = await page(query);
        expect(link).toBe(`<${body.links.next}>; rel="next"`);
        if (body.items.length === 0) break;
        expect(body.items.length).toBeLessThanOrEqual(10);
        expect(body.next).toBe(body.items.at(-1)?.position);
        seen.push(...body.items);
        query = body.links.next.replace('/events', '');
      }
      expect(seen.map((item) => item.id)).toEqual(appended.map((event) => event.id));

      const stored = await store.readAll({
        maxCount: 1000,
        filter: { streamPrefixes: [`${cat}-`] },
      });
      expect(seen.map((item) => item.position)).toEqual(stored.map((event) => event.position));
      const first = seen[0];
      expect(first).toEqual({
        id: appended[0].id,
        position: stored[0].position,
        stream: `${cat}-0`,
        revision: '0',
        type: 'A',
        data: { index: 0 },
        metadata: appended[0].metadata,
        recordedAt: stored[0].recordedAt.toISOString(),
      });
      expect(
        seen.filter((item) => item.stream === `${cat}-1`).map((item) => item.revision),
      ).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    });

    it('keeps only the requested types and stream prefix', async () => {
      const tickets = category();
      const orders = category();
      await append(`${tickets}-1`, 'Opened', 'Replied', 'Solved');
      await append(`${orders}-1`, 'Opened', 'Shipped');
      await append(`${tickets}-2`, 'Opened', 'Solved');

      const byStream = await pageThrough(`&stream=${tickets}-`, 100);
      expect(byStream.map((item) => `${item.stream}:${item.type}`)).toEqual([
        `${tickets}-1:Opened`,
        `${tickets}-1:Replied`,
        `${tickets}-1:Solved`,
        `${tickets}-2:Opened`,
        `${tickets}-2:Solved`,
      ]);

      const byBoth = await pageThrough(`&stream=${tickets}-&types=Solved,Replied`, 1);
      expect(byBoth.map((item) => `${item.stream}:${item.type}`)).toEqual([
        `${tickets}-1:Replied`,
        `${tickets}-1:Solved`,
        `${tickets}-2:Solved`,
      ]);

      const shipped = await pageThrough('&types=Shipped', 100);
      expect(shipped.map((item) => item.stream)).toEqual([`${orders}-1`]);

      const { body } = await page(`?stream=${tickets}-&types=Solved&limit=1`);
      expect(body.links.next).toBe(
        `/events?after=${encodeURIComponent(body.next as string)}&limit=1&types=Solved&stream=${tickets}-`,
      );
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=1.5', 'limit'],
      ['after=%20bad', 'after'],
      [`after=${'9'.repeat(129)}`, 'after'],
      ['types=A,,B', 'types'],
      ['stream=ticket%20x', 'stream'],
      ['colour=red', 'colour'],
    ])('rejects %s with a 400 problem naming %s', async (query, field) => {
      const response = await request(app.getHttpServer())
        .get(`/events?${query}`)
        .set(auth('integrator'))
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 400,
        type: expect.stringContaining('validation-error'),
      });
      const errors = (response.body as { errors: { field: string }[] }).errors;
      expect(errors.map((error) => error.field)).toContain(field);
    });

    it('answers a well-formed position the store did not produce with a 400, not a 500', async () => {
      const response = await request(app.getHttpServer())
        .get('/events?after=not-a-real-position')
        .set(auth('integrator'))
        .expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'after', code: 'unknown-position' }),
      ]);
    });

    it('admits integrator, auditor and admin keys only', async () => {
      for (const role of ['integrator', 'auditor', 'admin'] as const) {
        await request(app.getHttpServer()).get('/events?limit=1').set(auth(role)).expect(200);
      }
      for (const role of ['agent', 'supervisor'] as const) {
        await request(app.getHttpServer()).get('/events?limit=1').set(auth(role)).expect(403);
        await request(app.getHttpServer()).get('/events/stream').set(auth(role)).expect(403);
      }
      await request(app.getHttpServer()).get('/events').expect(401);
      await request(app.getHttpServer()).get('/events/stream').expect(401);
    });
  });

  describe('GET /events/stream', () => {
    it('sends history, then live events, in order, with SSE framing and headers', async () => {
      const cat = category();
      const history = [
        ...(await append(`${cat}-1`, 'Opened', 'Replied')),
        ...(await append(`${cat}-2`, 'Opened')),
      ];

      const client = await SseClient.open(baseUrl, `/events/stream?stream=${cat}-`, {
        ...auth('integrator'),
        'x-request-id': 'sse-test-request',
      });
      try {
        expect(client.response.statusCode).toBe(200);
        expect(client.response.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(client.response.headers['cache-control']).toBe('no-store');
        expect(client.response.headers['x-accel-buffering']).toBe('no');
        expect(client.response.headers['x-request-id']).toBe('sse-test-request');

        await client.waitFor(() => client.messages.length >= 3, 'the history');
        const live = [
          ...(await append(`${cat}-1`, 'Solved')),
          ...(await append(`${cat}-3`, 'Opened', 'Solved')),
        ];
        await client.waitFor(() => client.messages.length >= 6, 'the live events');

        const expected = [...history, ...live];
        expect(client.events.map((event) => event.id)).toEqual(expected.map((event) => event.id));
        const stored = await store.readAll({
          maxCount: 100,
          filter: { streamPrefixes: [`${cat}-`] },
        });
        expect(client.messages.map((message) => message.id)).toEqual(
          stored.map((event) => event.position),
        );
        expect(client.messages.map((message) => message.event)).toEqual(
          stored.map((event) => event.type),
        );
        expect(client.events[0]).toMatchObject({
          stream: `${cat}-1`,
          revision: '0',
          type: 'Opened',
        });
      } finally {
        client.close();
      }
    });

    it('resumes after Last-Event-ID (or ?after) without duplicates or gaps', async () => {
      const cat = category();
      const first = await append(`${cat}-1`, 'A', 'B', 'C', 'D');
      const client = await SseClient.open(
        baseUrl,
        `/events/stream?stream=${cat}-`,
        auth('integrator'),
      );
      await client.waitFor(() => client.messages.length >= 4, 'four events');
      client.close();
      const lastId = client.messages[1].id as string; // as if the client only processed two

      const more = await append(`${cat}-2`, 'E', 'F');
      const resumed = await SseClient.open(
        baseUrl,
        `/events/stream?stream=${cat}-&after=ignored-when-header-present`,
        {
          ...auth('integrator'),
          'last-event-id': lastId,
        },
      );
      const viaQuery = await SseClient.open(
        baseUrl,
        `/events/stream?stream=${cat}-&after=${encodeURIComponent(lastId)}`,
        auth('integrator'),
      );
      try {
        const expected = [...first.slice(2), ...more].map((event) => event.id);
        await resumed.waitFor(
          () => resumed.messages.length >= expected.length,
          'the resumed events',
        );
        await viaQuery.waitFor(
          () => viaQuery.messages.length >= expected.length,
          'the resumed events',
        );
        // One more live event proves nothing is still queued behind what was already received.
        const [last] = await append(`${cat}-2`, 'G');
        await resumed.waitFor(() => resumed.messages.length > expected.length, 'the live event');
        await viaQuery.waitFor(() => viaQuery.messages.length > expected.length, 'the live event');
        expect(resumed.events.map((event) => event.id)).toEqual([...expected, last.id]);
        expect(viaQuery.events.map((event) => event.id)).toEqual([...expected, last.id]);
      } finally {
        resumed.close();
        viaQuery.close();
      }
    });

    it('filters by type and sends heartbeat comments while idle', async () => {
      const cat = category();
      await append(`${cat}-1`, 'Opened', 'Noise', 'Solved');
      const client = await SseClient.open(
        baseUrl,
        `/events/stream?stream=${cat}-&types=Opened,Solved`,
        auth('auditor'),
      );
      try {
        await client.waitFor(() => client.messages.length >= 2, 'the filtered events');
        await client.waitFor(() => client.comments.includes('heartbeat'), 'a heartbeat comment');
        expect(client.messages.map((message) => message.event)).toEqual(['Opened', 'Solved']);
      } finally {
        client.close();
      }
    });

    it('answers a malformed or unknown Last-Event-ID with a 400 problem before streaming', async () => {
      for (const [header, code] of [
        ['bad id with spaces', 'matches'],
        ['not-a-real-position', 'unknown-position'],
      ]) {
        const response = await request(app.getHttpServer())
          .get('/events/stream')
          .set({ ...auth('integrator'), 'last-event-id': header })
          .expect(400)
          .expect('content-type', /application\/problem\+json/);
        expect(response.body.errors).toEqual([
          expect.objectContaining({ field: 'Last-Event-ID', code }),
        ]);
      }
      await request(app.getHttpServer())
        .get('/events/stream?limit=5')
        .set(auth('integrator'))
        .expect(400);
    });

    it('closes the subscription when the client disconnects', async () => {
      const feed = app.get(EventsFeedService);
      const before = feed.openStreams;
      const client = await SseClient.open(baseUrl, '/events/stream', auth('integrator'));
      await client.waitFor(() => client.messages.length > 0, 'some history');
      expect(feed.openStreams).toBe(before + 1);
      client.close();
      await client.ended;
      const started = process.hrtime.bigint();
      while (feed.openStreams !== before) {
        if (process.hrtime.bigint() - started > 10_000_000_000n)
          throw new Error('stream not released');
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(feed.openStreams).toBe(before);
    });
  });

  describe('under concurrent writers', () => {
    it('delivers every event exactly once, in the store order, to a pager and to a stream', async () => {
      const cat = category();
      const writers = 8;
      const appendsPerWriter = 25;
      const stream = await SseClient.open(
        baseUrl,
        `/events/stream?stream=${cat}-`,
        auth('integrator'),
      );

      const written: string[] = [];
      const writing = Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let i = 0; i < appendsPerWriter; i++) {
            // Several streams per writer and shared streams across writers, 1 to 3 events each.
            const events = Array.from({ length: 1 + ((writer + i) % 3) }, () =>
              newEvent('Written', { writer, i }),
            );
            await store.appendToStream(`${cat}-${(writer * 7 + i) % 11}`, events, {
              expectedRevision: 'any',
            });
            written.push(...events.map((event) => event.id));
          }
        }),
      );

      // Page while the writers run, then until everything written has come through.
      const paged: FeedItem[] = [];
      let after: string | null = null;
      let done = false;
      void writing.then(() => (done = true));
      const started = process.hrtime.bigint();
      while (!done || paged.length < written.length) {
        const cursor: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
        const { body } = await page(`?stream=${cat}-&limit=7${cursor}`);
        paged.push(...body.items);
        after = body.next;
        if (body.items.length === 0) await pause(10);
        if (process.hrtime.bigint() - started > 60_000_000_000n) break; // the assertions say what is missing
      }
      // And nothing after it.
      const { body: rest } = await page(
        `?stream=${cat}-&limit=7&after=${encodeURIComponent(String(after))}`,
      );
      paged.push(...rest.items);
      await writing;

      try {
        await stream.waitFor(() => stream.messages.length >= written.length, 'every written event');
        const stored = await store.readAll({
          maxCount: 10_000,
          filter: { streamPrefixes: [`${cat}-`] },
        });
        const storeOrder = stored.map((event) => event.id);
        expect(new Set(storeOrder)).toEqual(new Set(written));
        expect(storeOrder).toHaveLength(written.length);

        expect(paged.map((item) => item.id)).toEqual(storeOrder);
        expect(stream.events.map((item) => item.id)).toEqual(storeOrder);
        // Within each stream, revisions are gapless and ascending.
        const revisions = new Map<string, number[]>();
        for (const item of paged)
          revisions.set(item.stream, [
            ...(revisions.get(item.stream) ?? []),
            Number(item.revision),
          ]);
        for (const list of revisions.values()) expect(list).toEqual(list.map((_, index) => index));
      } finally {
        stream.close();
      }
    });
  });

  describe('on shutdown', () => {
    it('ends open streams so the application can close', async () => {
      const client = await SseClient.open(baseUrl, '/events/stream', auth('integrator'));
      await client.waitFor(() => client.messages.length > 0, 'some history');
      await app.close();
      appClosed = true;
      await client.ended;
      expect(app.get(EventsFeedService).openStreams).toBe(0);
    });
  });
});

import { Client, Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { describeEventStoreContract } from '../event-store.contract';
import {
  checkpoint,
  eventually,
  idsOf,
  newEvent,
  newEvents,
  readAllAfter,
  rejectionOf,
  sleep,
  StreamNames,
  SubscriptionReader,
} from '../event-store.contract.support';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import { InvalidPositionError } from './position';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 30 });
  // Idle connections ended by the server (the database is dropped WITH (FORCE) at teardown) must
  // not surface as an unhandled 'error' event that crashes the test file.
  pool.on('error', () => undefined);
  const store = new PostgresEventStore(pool);
  return {
    store,
    teardown: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
});

describe('PostgresEventStore (PostgreSQL specifics)', () => {
  const names = new StreamNames();
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  const clients: Client[] = [];
  const stores: PostgresEventStore[] = [];

  async function rawClient(): Promise<Client> {
    const client = new Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }

  function newStore(pollIntervalMs: number): PostgresEventStore {
    const created = new PostgresEventStore(pool, { pollIntervalMs });
    stores.push(created);
    return created;
  }

  /** Backend pids of the LISTEN connections open on this test database. */
  async function listenerPids(): Promise<number[]> {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'servicetrail-event-store-listener'
          AND query ILIKE 'LISTEN%'`,
    );
    return rows.map((row) => row.pid);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 20 });
    pool.on('error', () => undefined);
    store = newStore(500);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
  });

  afterAll(async () => {
    await Promise.all(stores.map((created) => created.close()));
    await pool.end();
    await database.drop();
  });

  it('never skips an event whose transaction took a lower position but committed later', async () => {
    const category = names.category();
    const [slowStream, fastStream] = [names.stream(category), names.stream(category)];
    const from = await checkpoint(store);
    const reader = new SubscriptionReader(
      store.subscribeToAll({ from, filter: { streamPrefixes: [`${category}-`] } }),
    );
    const reading = reader.readCount(2);
    try {
      // The slow transaction appends first (lower global_position) and stays open.
      const slow = await rawClient();
      const slowEvent = newEvent('Slow');
      await slow.query('BEGIN');
      await slow.query(`SELECT * FROM es_append_to_stream($1, 'no_stream', NULL, $2::jsonb)`, [
        slowStream,
        JSON.stringify([slowEvent]),
      ]);
      // The fast one appends later (higher global_position) and commits first.
      const fastEvent = newEvent('Fast');
      await store.appendToStream(fastStream, [fastEvent], { expectedRevision: 'no_stream' });

      // A naive reader following global_position sees the fast event and checkpoints past it...
      const naiveFirst = await pool.query<{ event_id: string; global_position: string }>(
        `SELECT event_id, global_position FROM es_events WHERE stream_name ^@ $1 ORDER BY global_position`,
        [`${category}-`],
      );
      expect(naiveFirst.rows.map((row) => row.event_id)).toEqual([fastEvent.id]);
      const naiveCheckpoint = naiveFirst.rows[0].global_position;

      // ...while the fenced reads hold it back: the slow transaction is older and still running.
      await sleep(300);
      expect(reader.events).toEqual([]);
      expect(await readAllAfter(store, from, `${category}-`)).toEqual([]);

      await slow.query('COMMIT');

      // The naive reader has skipped the slow event for good: its position is below the checkpoint.
      const naiveNext = await pool.query(
        `SELECT event_id FROM es_events WHERE stream_name ^@ $1 AND global_position > $2 ORDER BY global_position`,
        [`${category}-`, naiveCheckpoint],
      );
      expect(naiveNext.rows).toEqual([]);
      const positions = await pool.query<{ event_id: string; below: boolean }>(
        `SELECT event_id, global_position < $2 AS below FROM es_events WHERE event_id = $1`,
        [slowEvent.id, naiveCheckpoint],
      );
      expect(positions.rows).toEqual([{ event_id: slowEvent.id, below: true }]);

      // The subscriber gets both, once each, in transaction order.
      expect(idsOf(await reading)).toEqual([slowEvent.id, fastEvent.id]);
      const sentinel = newEvent('Sentinel');
      await store.appendToStream(names.stream(category), [sentinel], {
        expectedRevision: 'no_stream',
      });
      expect(idsOf(await reader.readCount(3))).toEqual([slowEvent.id, fastEvent.id, sentinel.id]);
      expect(idsOf(await readAllAfter(store, from, `${category}-`))).toEqual([
        slowEvent.id,
        fastEvent.id,
        sentinel.id,
      ]);
    } finally {
      await reader.subscription.close();
      await reading.catch(() => undefined);
    }
  });

  it('polls while an unrelated transaction holds the fence, though nothing notifies when it ends', async () => {
    const patient = newStore(60_000); // the fallback poll alone would take a minute
    const category = names.category();
    const from = await checkpoint(patient);
    const reader = new SubscriptionReader(
      patient.subscribeToAll({ from, filter: { streamPrefixes: [`${category}-`] } }),
    );
    const reading = reader.readCount(1, 5_000);
    try {
      const unrelated = await rawClient();
      await unrelated.query('BEGIN');
      await unrelated.query('SELECT pg_current_xact_id()'); // takes a transaction id, writes nothing
      const event = newEvent();
      await patient.appendToStream(names.stream(category), [event], {
        expectedRevision: 'no_stream',
      });
      await sleep(300);
      expect(reader.events).toEqual([]);

      await unrelated.query('COMMIT');
      expect(idsOf(await reading)).toEqual([event.id]);
    } finally {
      await reader.subscription.close();
      await reading.catch(() => undefined);
    }
  });

  it("from 'end' skips events committed before subscribing even while the fence still held them back", async () => {
    const category = names.category();
    const stream = names.stream(category);
    const holder = await rawClient();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const old = newEvent('Old');
    await store.appendToStream(stream, [old], { expectedRevision: 'no_stream' });

    const reader = new SubscriptionReader(
      store.subscribeToAll({ from: 'end', filter: { streamPrefixes: [`${category}-`] } }),
    );
    try {
      await sleep(100); // let the subscription take its starting snapshot
      await holder.query('COMMIT');
      const fresh = newEvent('New');
      await store.appendToStream(stream, [fresh], { expectedRevision: 0n });
      expect(idsOf(await reader.readCount(1))).toEqual([fresh.id]);
    } finally {
      await reader.subscription.close();
    }
  });

  it('wakes subscribers through LISTEN/NOTIFY when another process appends', async () => {
    const listening = newStore(60_000);
    const category = names.category();
    const before = await listenerPids();
    const reader = new SubscriptionReader(
      listening.subscribeToAll({ from: 'end', filter: { streamPrefixes: [`${category}-`] } }),
    );
    try {
      await eventually(listenerPids, (pids) => pids.length > before.length);
      await sleep(200); // settle into the long wait
      const writer = newStore(60_000); // another store instance: no in-process wake-up
      const event = newEvent();
      await writer.appendToStream(names.stream(category), [event], {
        expectedRevision: 'no_stream',
      });
      expect(idsOf(await reader.readCount(1, 5_000))).toEqual([event.id]);
    } finally {
      await reader.subscription.close();
    }
  });

  it('re-establishes the listening connection when it is lost', async () => {
    const isolatedDatabase = await createTestDatabase();
    const isolatedPool = new Pool({ connectionString: isolatedDatabase.url, max: 5 });
    isolatedPool.on('error', () => undefined);
    const listening = new PostgresEventStore(isolatedPool, { pollIntervalMs: 60_000 });
    const writer = new PostgresEventStore(isolatedPool, { pollIntervalMs: 60_000 });
    const listeners = async (): Promise<number[]> => {
      const { rows } = await isolatedPool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'servicetrail-event-store-listener'
            AND query ILIKE 'LISTEN%'`,
      );
      return rows.map((row) => row.pid);
    };
    const reader = new SubscriptionReader(listening.subscribeToAll({ from: 'end' }));
    try {
      const [first] = await eventually(listeners, (pids) => pids.length === 1);
      await isolatedPool.query('SELECT pg_terminate_backend($1)', [first]);
      const [second] = await eventually(
        listeners,
        (pids) => pids.length === 1 && pids[0] !== first,
      );
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      await sleep(200);
      const event = newEvent();
      await writer.appendToStream(names.stream(), [event], { expectedRevision: 'no_stream' });
      expect(idsOf(await reader.readCount(1, 5_000))).toEqual([event.id]);
    } finally {
      await reader.subscription.close();
      await listening.close();
      await writer.close();
      // close() releases the listening connection.
      expect(await eventually(listeners, (pids) => pids.length === 0)).toEqual([]);
      await isolatedPool.end();
      await isolatedDatabase.drop();
    }
  });

  it('reports an unreachable server as EventStoreUnavailableError', async () => {
    const deadPool = new Pool({
      connectionString: 'postgres://nobody:secret@127.0.0.1:1/none',
      max: 1,
    });
    deadPool.on('error', () => undefined);
    const dead = new PostgresEventStore(deadPool);
    try {
      expect(await rejectionOf(dead.ping())).toBeInstanceOf(EventStoreUnavailableError);
      expect(
        await rejectionOf(
          dead.appendToStream(names.stream(), [newEvent()], { expectedRevision: 'any' }),
        ),
      ).toBeInstanceOf(EventStoreUnavailableError);
      expect(await rejectionOf(dead.readStream(names.stream()))).toBeInstanceOf(
        EventStoreUnavailableError,
      );
      expect(await rejectionOf(dead.readAll({ maxCount: 1 }))).toBeInstanceOf(
        EventStoreUnavailableError,
      );
      expect(await rejectionOf(dead.headPosition())).toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await dead.close();
      await deadPool.end();
    }
  });

  it('rejects positions it did not produce with InvalidPositionError', async () => {
    for (const bad of [
      '',
      'abc',
      '12-34',
      '0000000000000000000x-0000000000000000001',
      '99999999999999999999-0000000000000000001',
    ]) {
      expect(await rejectionOf(store.readAll({ from: bad, maxCount: 1 }))).toBeInstanceOf(
        InvalidPositionError,
      );
      expect(await rejectionOf(store.countEventsAfter(bad))).toBeInstanceOf(InvalidPositionError);
      expect(() => store.subscribeToAll({ from: bad })).toThrow(InvalidPositionError);
    }
  });

  it('orders positions as strings the way the log orders them', async () => {
    const category = names.category();
    const from = await checkpoint(store);
    for (let index = 0; index < 12; index += 1) {
      await store.appendToStream(names.stream(category), newEvents(1 + (index % 3)), {
        expectedRevision: 'no_stream',
      });
    }
    const all = await eventually(
      () => readAllAfter(store, from, `${category}-`),
      (events) => events.length === 24,
    );
    const positions = all.map((event) => event.position);
    expect([...positions].sort()).toEqual(positions);
  });

  it('treats a subset of an earlier append, or stream_exists for a first append, as a different append', async () => {
    const stream = names.stream();
    const batch = newEvents(3);
    await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    expect(
      await rejectionOf(
        store.appendToStream(stream, batch.slice(0, 2), { expectedRevision: 'no_stream' }),
      ),
    ).toBeInstanceOf(EventIdConflictError);
    expect(
      await rejectionOf(store.appendToStream(stream, batch, { expectedRevision: 'stream_exists' })),
    ).toBeInstanceOf(EventIdConflictError);
    expect(
      await rejectionOf(
        store.appendToStream(stream, [batch[0], batch[0]], { expectedRevision: 'any' }),
      ),
    ).toBeInstanceOf(EventIdConflictError);
  });

  it('answers an empty append with the current revision, writing nothing', async () => {
    const stream = names.stream();
    const missing = await store.appendToStream(stream, [], { expectedRevision: 'no_stream' });
    expect(missing.nextExpectedRevision).toBe(-1n);
    const written = await store.appendToStream(stream, newEvents(2), {
      expectedRevision: 'no_stream',
    });
    expect(await store.appendToStream(stream, [], { expectedRevision: 1n })).toEqual(written);
    expect(
      await rejectionOf(store.appendToStream(stream, [], { expectedRevision: 'no_stream' })),
    ).toBeInstanceOf(WrongExpectedVersionError);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('keeps one stream row per stream and no trace of rejected appends', async () => {
    const stream = names.stream();
    await rejectionOf(
      store.appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
    );
    const none = await pool.query('SELECT revision FROM es_streams WHERE stream_name = $1', [
      stream,
    ]);
    expect(none.rows).toEqual([]);
    await store.appendToStream(stream, newEvents(3), { expectedRevision: 'any' });
    const one = await pool.query<{ revision: string }>(
      'SELECT revision::text FROM es_streams WHERE stream_name = $1',
      [stream],
    );
    expect(one.rows).toEqual([{ revision: '2' }]);
  });
});

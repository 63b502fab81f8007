import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { checkpoints } from './checkpoint-store';
import {
  appendCounted,
  countedEvent,
  countedRows,
  createCountingTables,
  CountingProjection,
} from './testing/counting-projection';
import { eventually, RunnerInstance, sqlOf } from './testing/runner-harness';

describe('ProjectionRunner (PostgreSQL)', () => {
  let database: TestDatabase;
  let client: Client;
  let admin: ReturnType<typeof sqlOf>;
  const instances: RunnerInstance[] = [];

  async function instance(
    projection: CountingProjection,
    options: Parameters<typeof RunnerInstance.create>[2] = {},
  ): Promise<RunnerInstance> {
    const created = await RunnerInstance.create(database.url, [projection], options);
    instances.push(created);
    return created;
  }

  /** Σ 1..n, the total of appendCounted(n) for one key. */
  const sumTo = (n: number): number => (n * (n + 1)) / 2;

  beforeEach(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    admin = sqlOf(client);
    await createCountingTables(admin);
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((created) => created.close()));
    await client.end();
    await database.drop();
  });

  it('applies the events of its types to the read model and follows new appends', async () => {
    const projection = new CountingProjection();
    const a = await instance(projection);
    await appendCounted(a.store, 'counter-1', 12, 'x', 5);
    await appendCounted(a.store, 'counter-2', 7, 'y');
    await a.store.appendToStream('other-1', [countedEvent('x', 1000, 'NotCounted')], {
      expectedRevision: 'any',
    });

    a.runner.start();
    expect(await a.runner.waitForCatchUp(10_000)).toBe(true);

    const rows = await countedRows(admin);
    expect(rows.totals).toEqual([
      { key: 'x', total: sumTo(12), events: 12 },
      { key: 'y', total: sumTo(7), events: 7 },
    ]);
    const logged = await a.store.readAll({ maxCount: 100, filter: { eventTypes: ['Counted'] } });
    expect(rows.log.map((row) => row.event_id)).toEqual(logged.map((event) => event.id));

    const [status] = await a.runner.status();
    expect(status).toMatchObject({
      name: 'counting',
      version: 1,
      position: logged.at(-1)?.position,
      lagEvents: 0,
      lagMs: 0,
      state: 'running',
      lastError: null,
      rebuild: null,
    });
    expect(await a.metrics.projectionLagEvents.get()).toMatchObject({
      values: [{ labels: { projection: 'counting' }, value: 0 }],
    });

    await appendCounted(a.store, 'counter-1', 3, 'z');
    expect(await a.runner.waitForCatchUp(10_000)).toBe(true);
    expect((await countedRows(admin)).totals[2]).toEqual({ key: 'z', total: sumTo(3), events: 3 });
  });

  it('reports lag in events and milliseconds while nothing applies the events', async () => {
    const a = await instance(new CountingProjection());
    await appendCounted(a.store, 'counter-1', 4);
    const [oldest] = await a.store.readAll({ maxCount: 1 });
    if (!oldest) throw new Error('no event appended');
    a.clock.set(new Date(oldest.recordedAt.getTime() + 90_000));

    const [status] = await a.runner.status();
    expect(status).toMatchObject({ lagEvents: 4, lagMs: 90_000, state: 'stopped', position: null });
    expect(await a.metrics.projectionLagSeconds.get()).toMatchObject({
      values: [{ labels: { projection: 'counting' }, value: 90 }],
    });
  });

  it('continues exactly where it stopped after a graceful stop mid-way', async () => {
    const projection = new CountingProjection();
    let batches = 0;
    const a = await instance(projection);
    await appendCounted(a.store, 'counter-1', 60, 'k', 10);
    projection.beforeCommit = async () => {
      batches += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
    };
    a.runner.start();
    await eventually(() => batches >= 2, 10_000, 'two batches');
    await a.runner.stop();

    const stoppedAt = await checkpoints.find(admin, 'counting');
    const partial = await countedRows(admin);
    // The in-flight batch committed together with its checkpoint: rows match the position.
    expect(partial.log.length).toBeGreaterThan(0);
    expect(partial.log.length).toBeLessThan(60);
    const applied = await a.store.readAll({ maxCount: partial.log.length });
    expect(stoppedAt?.position).toBe(applied.at(-1)?.position);

    const b = await instance(new CountingProjection());
    b.runner.start();
    expect(await b.runner.waitForCatchUp(10_000)).toBe(true);
    const rows = await countedRows(admin);
    expect(rows.totals).toEqual([{ key: 'k', total: sumTo(60), events: 60 }]);
    expect(new Set(rows.log.map((row) => row.event_id)).size).toBe(60);
  });

  it('is exactly-once across a crash in the middle of a batch, and a standby takes over', async () => {
    const crashing = new CountingProjection();
    const a = await RunnerInstance.create(database.url, [crashing], {}, 'instance-a');
    instances.push(a);
    const standbyProjection = new CountingProjection();
    const b = await instance(standbyProjection);
    await appendCounted(a.store, 'counter-1', 45, 'k', 9);

    // A batch of A is held open inside its transaction, rows written but not committed.
    let releaseBatch: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (releaseBatch = resolve));
    let inFlight = false;
    let batches = 0;
    crashing.beforeCommit = async () => {
      batches += 1;
      if (batches === 3) {
        inFlight = true;
        await held;
      }
    };
    a.runner.start();
    await eventually(() => inFlight, 10_000, "A's third batch");
    b.runner.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standbyProjection.handledEvents).toBe(0);
    expect((await b.runner.status())[0]?.state).toBe('standby');

    // The crash: every connection of instance A dies (its transaction and its lock with them).
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'instance-a'`,
    );
    releaseBatch();
    await a.runner.stop();

    expect(await b.runner.waitForCatchUp(15_000)).toBe(true);
    const rows = await countedRows(admin);
    expect(rows.totals).toEqual([{ key: 'k', total: sumTo(45), events: 45 }]);
    const ids = rows.log.map((row) => row.event_id);
    expect(new Set(ids).size).toBe(45);
    expect(ids).toEqual((await b.store.readAll({ maxCount: 100 })).map((event) => event.id));
    expect(standbyProjection.handledEvents).toBeGreaterThan(0);
  });

  it('runs each projection on one instance only and fails over when that instance stops', async () => {
    const first = new CountingProjection();
    const second = new CountingProjection();
    const a = await instance(first);
    const b = await instance(second);
    await appendCounted(a.store, 'counter-1', 30, 'k', 10);

    a.runner.start();
    await eventually(async () => (await a.runner.status())[0]?.state === 'running', 10_000, 'A');
    b.runner.start();
    await appendCounted(b.store, 'counter-2', 10, 'm');
    expect(await b.runner.waitForCatchUp(10_000)).toBe(true);

    expect(first.handledEvents).toBe(40);
    expect(second.handledEvents).toBe(0);
    expect((await a.runner.status())[0]?.state).toBe('running');
    expect((await b.runner.status())[0]?.state).toBe('standby');

    await a.runner.stop();
    await eventually(async () => (await b.runner.status())[0]?.state === 'running', 10_000, 'B');
    await appendCounted(b.store, 'counter-2', 5, 'n');
    expect(await b.runner.waitForCatchUp(10_000)).toBe(true);

    expect(second.handledEvents).toBe(5);
    expect((await countedRows(admin)).totals).toEqual([
      { key: 'k', total: sumTo(30), events: 30 },
      { key: 'm', total: sumTo(10), events: 10 },
      { key: 'n', total: sumTo(5), events: 5 },
    ]);
  });

  it('does not advance past a failing batch: it is rolled back, retried and reported', async () => {
    const projection = new CountingProjection();
    projection.failWhen = (event) => event.data.amount === 7;
    const a = await instance(projection, { maxBatchSize: 3 });
    await appendCounted(a.store, 'counter-1', 10); // batches 1-3, 4-6, 7-9, 10
    const events = await a.store.readAll({ maxCount: 10 });
    a.runner.start();

    await eventually(
      async () => (await a.runner.status())[0]?.state === 'failed',
      10_000,
      'failed',
    );
    const handledWhenFailed = projection.handledEvents;
    await eventually(() => projection.handledEvents > handledWhenFailed, 10_000, 'a retry');

    const [failed] = await a.runner.status();
    expect(failed?.lastError).toContain('cannot count event');
    expect(failed?.position).toBe(events[5]?.position);
    expect(failed?.lagEvents).toBe(4);
    expect((await checkpoints.find(admin, 'counting'))?.lastError).toContain('cannot count event');
    const stuck = await countedRows(admin);
    expect(stuck.log.map((row) => row.amount)).toEqual([1, 2, 3, 4, 5, 6]);

    projection.failWhen = undefined;
    expect(await a.runner.waitForCatchUp(10_000)).toBe(true);
    const [recovered] = await a.runner.status();
    expect(recovered).toMatchObject({ state: 'running', lastError: null, lagEvents: 0 });
    expect((await countedRows(admin)).totals).toEqual([{ key: 'k', total: sumTo(10), events: 10 }]);
  });
});

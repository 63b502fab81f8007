import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { checkpoints } from './checkpoint-store';
import { ProjectionNotRebuildableError, UnknownProjectionError } from './projection.errors';
import {
  appendCounted,
  countedRows,
  createCountingTables,
  CountingProjection,
  untilReadable,
} from './testing/counting-projection';
import { eventually, RunnerInstance, sqlOf } from './testing/runner-harness';

describe('Projection rebuilds (PostgreSQL)', () => {
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

  async function close(stopped: RunnerInstance): Promise<void> {
    instances.splice(instances.indexOf(stopped), 1);
    await stopped.close();
  }

  /** What a fresh replay of the log produces: one log row per event in order, and the sums. */
  async function freshReplay(source: RunnerInstance, version: number) {
    const events = await source.store.readAll({
      maxCount: 10_000,
      filter: { eventTypes: ['Counted'] },
    });
    const totals = new Map<string, { key: string; total: number; events: number }>();
    for (const event of events) {
      const key = String(event.data.key);
      const row = totals.get(key) ?? { key, total: 0, events: 0 };
      row.total += Number(event.data.amount);
      row.events += 1;
      totals.set(key, row);
    }
    return {
      totals: [...totals.values()].sort((a, b) => a.key.localeCompare(b.key)),
      log: events.map((event) => ({
        event_id: event.id,
        key: event.data.key,
        amount: event.data.amount,
        version,
      })),
    };
  }

  async function schemaExists(name: string): Promise<boolean> {
    return (await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name])).length > 0;
  }

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

  it('rebuilds a bumped version into fresh tables while the old ones serve, then switches', async () => {
    const v1 = await instance(new CountingProjection('counting', 1));
    await appendCounted(v1.store, 'counter-1', 20, 'k', 5);
    await appendCounted(v1.store, 'counter-2', 10, 'm', 5);
    v1.runner.start();
    expect(await v1.runner.waitForCatchUp(10_000)).toBe(true);
    const servedByV1 = await countedRows(admin);
    expect(servedByV1).toEqual(await freshReplay(v1, 1));
    await close(v1);

    const projection = new CountingProjection('counting', 2);
    let releaseBatch: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (releaseBatch = resolve));
    let batches = 0;
    projection.beforeCommit = async () => {
      batches += 1;
      if (batches === 2) await held;
    };
    const v2 = await instance(projection);
    v2.runner.start();
    await eventually(() => batches === 2, 10_000, 'the second rebuild batch');

    // Mid-rebuild: the serving tables are untouched and readable; the copies fill up.
    const [during] = await v2.runner.status();
    expect(during).toMatchObject({ version: 1, targetVersion: 2, state: 'rebuilding' });
    expect(during?.rebuild).toMatchObject({ version: 2 });
    expect(during?.rebuild?.position).not.toBeNull();
    expect(await countedRows(admin)).toEqual(servedByV1);
    expect((await countedRows(admin, 'rebuild_counting')).log).toHaveLength(10);
    // (Not readable before the held batch ends: it is an older open transaction.)
    const appendedMeanwhile = await appendCounted(v2.store, 'counter-3', 4, 'n', 1, false);
    expect(await countedRows(admin)).toEqual(servedByV1);

    releaseBatch();
    await untilReadable(v2.store, appendedMeanwhile ?? '');
    expect(await v2.runner.waitForCatchUp(10_000)).toBe(true);

    expect(await countedRows(admin)).toEqual(await freshReplay(v2, 2));
    const [after] = await v2.runner.status();
    expect(after).toMatchObject({ version: 2, targetVersion: 2, state: 'running', rebuild: null });
    expect(await schemaExists('rebuild_counting')).toBe(false);

    // The live loop continues on the switched-in tables.
    await appendCounted(v2.store, 'counter-3', 2, 'n');
    expect(await v2.runner.waitForCatchUp(10_000)).toBe(true);
    expect(await countedRows(admin)).toEqual(await freshReplay(v2, 2));
  });

  it('keeps the names migrations rely on, foreign keys and sequences through the switch', async () => {
    const v1 = await instance(new CountingProjection('counting', 1));
    await appendCounted(v1.store, 'counter-1', 5);
    v1.runner.start();
    expect(await v1.runner.waitForCatchUp(10_000)).toBe(true);
    await close(v1);
    const v2 = await instance(new CountingProjection('counting', 2));
    v2.runner.start();
    expect(await v2.runner.waitForCatchUp(10_000)).toBe(true);
    expect((await countedRows(admin)).log.map((row) => row.version)).toEqual([2, 2, 2, 2, 2]);

    const indexes = await admin.query(
      `SELECT indexrelid::regclass::text AS name FROM pg_index
       WHERE indrelid IN ('counted_log'::regclass, 'counted_totals'::regclass) ORDER BY 1`,
    );
    expect(indexes).toEqual([
      { name: '"IDX_counted_log_key"' },
      { name: '"PK_counted_log"' },
      { name: '"PK_counted_totals"' },
    ]);
    const constraints = await admin.query(
      `SELECT conname, contype FROM pg_constraint
       WHERE conrelid IN ('counted_log'::regclass, 'counted_totals'::regclass) ORDER BY 1`,
    );
    expect(constraints).toEqual([
      { conname: 'FK_counted_log_key', contype: 'f' },
      { conname: 'PK_counted_log', contype: 'p' },
      { conname: 'PK_counted_totals', contype: 'p' },
      { conname: 'counted_totals_total_check', contype: 'c' },
    ]);
    await expect(
      admin.query(
        `INSERT INTO counted_log (event_id, key, amount, version)
         VALUES (gen_random_uuid(), 'no-such-key', 1, 2)`,
      ),
    ).rejects.toThrow(/FK_counted_log_key/);
    const [owner] = await admin.query(
      `SELECT pg_get_serial_sequence('public.counted_log', 'id') AS sequence`,
    );
    expect(owner).toEqual({ sequence: 'public.counted_log_id_seq' });
  });

  it('keeps serving the old tables when the switch fails, and retries it until it succeeds', async () => {
    const v1 = await instance(new CountingProjection('counting', 1));
    await appendCounted(v1.store, 'counter-1', 6);
    v1.runner.start();
    expect(await v1.runner.waitForCatchUp(10_000)).toBe(true);
    await close(v1);
    const servedByV1 = await countedRows(admin);
    // Something outside the projection depends on a serving table: it cannot be dropped.
    await admin.query('CREATE VIEW counted_report AS SELECT key, total FROM counted_totals');

    const v2 = await instance(new CountingProjection('counting', 2));
    v2.runner.start();
    await eventually(
      async () => (await v2.runner.status())[0]?.state === 'failed',
      10_000,
      'the failed switch',
    );
    const [failed] = await v2.runner.status();
    expect(failed?.lastError).toMatch(/depend/);
    expect(failed).toMatchObject({ version: 1, rebuild: { version: 2 } });
    expect(await countedRows(admin)).toEqual(servedByV1);
    expect((await countedRows(admin, 'rebuild_counting')).log).toHaveLength(6);

    await admin.query('DROP VIEW counted_report');
    expect(await v2.runner.waitForCatchUp(10_000)).toBe(true);
    expect(await countedRows(admin)).toEqual(await freshReplay(v2, 2));
    expect((await v2.runner.status())[0]).toMatchObject({ state: 'running', lastError: null });
  });

  it('resumes an interrupted rebuild from its own checkpoint instead of starting over', async () => {
    const v1 = await instance(new CountingProjection('counting', 1));
    await appendCounted(v1.store, 'counter-1', 40, 'k', 10);
    v1.runner.start();
    expect(await v1.runner.waitForCatchUp(10_000)).toBe(true);
    await close(v1);

    const first = new CountingProjection('counting', 2);
    let batches = 0;
    first.beforeCommit = async () => {
      batches += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
    };
    const interrupted = await instance(first);
    interrupted.runner.start();
    await eventually(() => batches >= 2, 10_000, 'two rebuild batches');
    await close(interrupted);
    const progress = await checkpoints.find(admin, 'counting');
    expect(progress).toMatchObject({ version: 1, rebuildVersion: 2 });
    expect(progress?.rebuildPosition).not.toBeNull();
    const appliedBeforeStop = (await countedRows(admin, 'rebuild_counting')).log.length;
    expect(appliedBeforeStop).toBeGreaterThan(0);
    expect(appliedBeforeStop).toBeLessThan(40);

    const second = new CountingProjection('counting', 2);
    const resumed = await instance(second);
    resumed.runner.start();
    expect(await resumed.runner.waitForCatchUp(10_000)).toBe(true);

    expect(second.handledEvents).toBe(40 - appliedBeforeStop);
    expect(await countedRows(admin)).toEqual(await freshReplay(resumed, 2));
  });

  it('performs a rebuild requested through an instance that does not run the projection', async () => {
    const holderProjection = new CountingProjection();
    const standbyProjection = new CountingProjection();
    const holder = await instance(holderProjection);
    await appendCounted(holder.store, 'counter-1', 15, 'k', 5);
    holder.runner.start();
    expect(await holder.runner.waitForCatchUp(10_000)).toBe(true);
    const standby = await instance(standbyProjection);
    standby.runner.start();
    await eventually(
      async () => (await standby.runner.status())[0]?.state === 'standby',
      10_000,
      'standby',
    );
    // Damage the read model: a rebuild is how an operator repairs it.
    await admin.query('UPDATE counted_totals SET total = 0');
    const handledBefore = holderProjection.handledEvents;

    const request = await standby.runner.requestRebuild('counting');
    expect(request).toMatchObject({ name: 'counting', version: 1 });
    await eventually(
      async () => holderProjection.handledEvents >= handledBefore + 15,
      10_000,
      'the replay',
    );
    expect(await standby.runner.waitForCatchUp(10_000)).toBe(true);

    expect(await countedRows(admin)).toEqual(await freshReplay(holder, 1));
    expect(standbyProjection.handledEvents).toBe(0);
    expect(await checkpoints.find(admin, 'counting')).toMatchObject({
      version: 1,
      rebuildVersion: null,
      rebuildRequestedAt: null,
    });
  });

  it('rejects rebuild requests for unknown projections and projections without tables', async () => {
    const tableless = Object.assign(new CountingProjection('tableless'), { tables: [] });
    const { runner } = await instance(tableless);
    await expect(runner.requestRebuild('nope')).rejects.toBeInstanceOf(UnknownProjectionError);
    await expect(runner.requestRebuild('nope')).rejects.toMatchObject({ status: 404 });
    await expect(runner.requestRebuild('tableless')).rejects.toBeInstanceOf(
      ProjectionNotRebuildableError,
    );
    expect(await checkpoints.all(admin)).toEqual([]);
  });

  it('an instance running an older version stands aside instead of writing', async () => {
    const v2 = await instance(new CountingProjection('counting', 2));
    await appendCounted(v2.store, 'counter-1', 5);
    v2.runner.start();
    expect(await v2.runner.waitForCatchUp(10_000)).toBe(true);
    await close(v2);
    const served = await countedRows(admin);

    const old = new CountingProjection('counting', 1);
    const v1 = await instance(old);
    v1.runner.start();
    await appendCounted(v1.store, 'counter-1', 3);
    await eventually(
      async () => ((await v1.runner.status())[0]?.lastError ?? '').includes('version 2'),
      10_000,
      'the version conflict',
    );
    expect(old.handledEvents).toBe(0);
    expect(await countedRows(admin)).toEqual(served);
  });
});

import { Client } from 'pg';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection } from './projection';
import { appendCounted, createCountingTables } from './testing/counting-projection';
import { eventually, RunnerInstance, sqlOf } from './testing/runner-harness';

/** A read-model entity as features write them: no schema, so the search_path decides. */
@Entity({ name: 'counted_totals' })
class CountedTotal {
  @PrimaryColumn('text')
  key!: string;

  @Column('integer')
  total!: number;

  @Column('integer')
  events!: number;
}

/** Writes through a TypeORM repository, as feature projections will. */
class RepositoryProjection implements Projection {
  readonly name = 'by_repository';
  readonly eventTypes = ['Counted'];
  readonly tables = ['counted_totals'];
  beforeCommit: (() => Promise<void>) | undefined;

  constructor(readonly version: number) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(CountedTotal);
    for (const event of events) {
      const key = String(event.data.key);
      const row = (await repository.findOneBy({ key })) ?? { key, total: 0, events: 0 };
      // Version 2 counts twice the amount: the rebuilt rows are recognisably the new version's.
      row.total += Number(event.data.amount) * this.version;
      row.events += 1;
      await repository.save(row);
    }
    await this.beforeCommit?.();
  }
}

describe('Rebuilding a projection that writes through TypeORM repositories', () => {
  let database: TestDatabase;
  let client: Client;
  const instances: RunnerInstance[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await createCountingTables(sqlOf(client));
    // Only counted_totals is this projection's; the log's foreign key would pin it in place.
    await client.query('DROP TABLE counted_log');
  });

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((created) => created.close()));
    await client.end();
    await database.drop();
  });

  async function instance(projection: RepositoryProjection): Promise<RunnerInstance> {
    const created = await RunnerInstance.create(database.url, [projection], {}, 'repo', [
      CountedTotal,
    ]);
    instances.push(created);
    return created;
  }

  async function totals(schema = 'public'): Promise<unknown[]> {
    const result = await client.query<{ key: string; total: number; events: number }>(
      `SELECT key, total, events FROM "${schema}".counted_totals`,
    );
    return result.rows;
  }

  it('writes the rebuild into the copies and leaves the serving table alone until the switch', async () => {
    const v1 = await instance(new RepositoryProjection(1));
    await appendCounted(v1.store, 'counter-1', 20, 'k', 5);
    v1.runner.start();
    expect(await v1.runner.waitForCatchUp(10_000)).toBe(true);
    expect(await totals()).toEqual([{ key: 'k', total: 210, events: 20 }]);
    await v1.close();
    instances.splice(instances.indexOf(v1), 1);

    const projection = new RepositoryProjection(2);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let batches = 0;
    projection.beforeCommit = async () => {
      batches += 1;
      if (batches === 2) await held;
    };
    const v2 = await instance(projection);
    v2.runner.start();
    await eventually(() => batches === 2, 10_000, 'the second rebuild batch');
    expect(await totals()).toEqual([{ key: 'k', total: 210, events: 20 }]);
    expect(await totals('rebuild_by_repository')).toEqual([{ key: 'k', total: 110, events: 10 }]);

    release();
    expect(await v2.runner.waitForCatchUp(10_000)).toBe(true);
    expect(await totals()).toEqual([{ key: 'k', total: 420, events: 20 }]);
  });
});

/**
 * Test helper for "given events → then rows" projection tests: a fresh database (all migrations
 * applied), the real PostgreSQL event store, a TicketDriver on a FixedClock, and `project`, which
 * feeds the recorded events of some streams to a projection's `handle` inside a real transaction,
 * in batches of the size asked for, the way the runner does.
 */
import { Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { PostgresEventStore } from '../../../event-store/postgres/postgres-event-store';
import type { Projection } from '../../../projections/projection';
import { FixedClock } from '../../../platform/time/clock';
import { TicketDriver } from './ticket-driver';

export class ReadModelHarness {
  private constructor(
    readonly database: TestDatabase,
    readonly pool: Pool,
    readonly store: PostgresEventStore,
    readonly dataSource: DataSource,
    readonly clock: FixedClock,
    readonly driver: TicketDriver,
  ) {}

  static async create(entities: DataSourceOptions['entities']): Promise<ReadModelHarness> {
    const database = await createTestDatabase();
    const pool = new Pool({ connectionString: database.url, max: 4 });
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, { pollIntervalMs: 50 });
    const dataSource = new DataSource({ type: 'postgres', url: database.url, entities });
    await dataSource.initialize();
    const clock = new FixedClock('2026-01-05T09:00:00.000Z');
    return new ReadModelHarness(
      database,
      pool,
      store,
      dataSource,
      clock,
      new TicketDriver(store, clock),
    );
  }

  /** Every event of these streams, stream by stream, each stream in revision order. */
  async eventsOf(streams: readonly string[]): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (const stream of streams) events.push(...(await this.store.readStream(stream)));
    return events;
  }

  /** Hands `events` (only the types it declares) to `projection.handle`, one transaction per batch. */
  async project(
    projection: Projection,
    events: readonly RecordedEvent[],
    batchSize = 500,
  ): Promise<void> {
    const wanted = events.filter((event) => projection.eventTypes.includes(event.type));
    for (let start = 0; start < wanted.length; start += batchSize) {
      const batch = wanted.slice(start, start + batchSize);
      await this.dataSource.transaction((manager) => projection.handle(batch, manager));
    }
  }

  async rows<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, parameters)).rows as T[];
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.dataSource.destroy();
    await this.pool.end();
    await this.database.drop();
  }
}

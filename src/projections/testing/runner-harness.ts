import { Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PostgresEventStore } from '../../event-store/postgres/postgres-event-store';
import { Metrics } from '../../platform/metrics/metrics';
import { FixedClock } from '../../platform/time/clock';
import type { Projection } from '../projection';
import { StaticProjectionRegistry } from '../projection-registry';
import { ProjectionRunner } from '../projection-runner';
import type { ProjectionRunnerOptions } from '../projection-runner.options';

/** Short timings so failover and retries happen within a test. */
export const FAST_RUNNER_OPTIONS: ProjectionRunnerOptions = {
  lockRetryMs: 100,
  controlPollMs: 50,
  maxBatchSize: 10,
  retryInitialMs: 20,
  retryMaxMs: 200,
  metricsIntervalMs: 60_000,
  swapLockTimeoutMs: 1_000,
};

/**
 * One application instance as far as projections are concerned: its own pools (so its own
 * advisory lock session), event store adapter and runner, on a shared test database.
 */
export class RunnerInstance {
  private constructor(
    readonly runner: ProjectionRunner,
    readonly store: PostgresEventStore,
    readonly dataSource: DataSource,
    readonly pool: Pool,
    readonly metrics: Metrics,
    readonly clock: FixedClock,
  ) {}

  static async create(
    url: string,
    projections: readonly Projection[],
    options: Partial<ProjectionRunnerOptions> = {},
    /** Tags this instance's connections, e.g. to kill them to simulate a crash. */
    applicationName = 'projection-test',
    /** TypeORM entities the projections' handlers use. */
    entities: DataSourceOptions['entities'] = [],
  ): Promise<RunnerInstance> {
    const pool = new Pool({ connectionString: url, max: 6, application_name: applicationName });
    pool.on('error', () => undefined);
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      entities,
      extra: { max: 6, application_name: applicationName },
    });
    await dataSource.initialize();
    const store = new PostgresEventStore(pool, { pollIntervalMs: 50 });
    const metrics = new Metrics();
    const clock = new FixedClock();
    const runner = new ProjectionRunner(
      new StaticProjectionRegistry(projections),
      store,
      dataSource,
      pool,
      clock,
      metrics,
      { projectionsEnabled: true },
      { ...FAST_RUNNER_OPTIONS, ...options },
    );
    return new RunnerInstance(runner, store, dataSource, pool, metrics, clock);
  }

  async close(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.dataSource.destroy();
    await this.pool.end();
  }
}

/** Polls `check` until it returns true; fails the test after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A pg Client as a SqlRunner (rows of the result, like TypeORM's query()). */
export function sqlOf(client: {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}): { query(sql: string, parameters?: unknown[]): Promise<unknown[]> } {
  return { query: async (text, values) => (await client.query(text, values)).rows };
}

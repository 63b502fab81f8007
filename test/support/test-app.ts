/**
 * The whole application on a fresh test database, with a clock the test drives. API and e2e
 * tests use this; it goes through the same createApp as production.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/platform/config/config';
import { FixedClock } from '../../src/platform/time/clock';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly clock: FixedClock;
  readonly database: TestDatabase;
  readonly config: AppConfig;
  /** A ready-made admin key (ADMIN_API_KEY) for `Authorization: Bearer …`. */
  readonly adminKey: string;
  close(): Promise<void>;
}

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export async function createTestApp(
  env: Readonly<Record<string, string>> = {},
  options: { database?: TestDatabase; clock?: FixedClock } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new FixedClock();
  const config = loadConfig({ ADMIN_API_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'error', ...env });
  const app = await createApp({ config, databaseUrl: database.url, clock });
  return {
    app,
    clock,
    database,
    config,
    adminKey: TEST_ADMIN_KEY,
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}

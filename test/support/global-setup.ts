/**
 * One PostgreSQL for the whole jest run: DATABASE_URL when set, else an embedded server in a
 * throw-away directory (so two runs on one machine never share a cluster). Migrations are applied
 * once to a template database; every test file clones it (test-database.ts).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { TEMPLATE_DATABASE, withDatabase } from './test-database';

declare global {
  var __EMBEDDED_PG__: EmbeddedPostgres | undefined;
  var __EMBEDDED_PG_DIR__: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicetrail-test-'));
    await fs.chmod(dir, 0o755);
    const server = await EmbeddedPostgres.start({
      dataDir: dir,
      database: 'postgres',
      // Durability is irrelevant for a throw-away test cluster; speed is not.
      settings: {
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
        max_connections: '400',
      },
    });
    globalThis.__EMBEDDED_PG__ = server;
    globalThis.__EMBEDDED_PG_DIR__ = dir;
    adminUrl = server.adminUrl;
  }
  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(dataSourceOptions(withDatabase(adminUrl, TEMPLATE_DATABASE)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The database a benchmark runs against: a fresh database on DATABASE_URL's server, or an
 * embedded PostgreSQL in a throw-away directory with the server's default durability settings
 * (fsync and synchronous_commit on), migrated exactly as the application migrates.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { EmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

export interface BenchDatabase {
  readonly url: string;
  /** Where it runs, for the report. */
  readonly description: string;
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

export async function openBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const name = `servicetrail_bench_${randomBytes(4).toString('hex')}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    await createDatabase(external, name);
    const url = withDatabase(external, name);
    await migrate(url);
    return {
      url,
      description: `DATABASE_URL server, database ${name}`,
      close: () => dropDatabase(external, name),
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicetrail-bench-'));
  await fs.chmod(dir, 0o755);
  log(`starting embedded PostgreSQL in ${dir} (default durability settings)`);
  const server = await EmbeddedPostgres.start({ dataDir: dir, database: name, log });
  try {
    await migrate(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: server.url,
    description: `embedded PostgreSQL (${dir})`,
    close: async () => {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm run rebuild`: rebuilds every read model from the event log, blue/green, and waits until
 * each has been switched in.
 *
 * Boots the application context (no HTTP listener) on DATABASE_URL, or on the embedded
 * PostgreSQL in DATA_DIR, with projections enabled, asks the ProjectionRunner for a rebuild of
 * every projection that has tables, waits until all serve their rebuilt tables and have caught up
 * with the log, prints a summary and exits 0 (1 on timeout or error).
 *
 * Other instances may be running against the same database: the rebuild request is recorded in
 * the checkpoint row and whichever instance holds a projection's lock performs it (this one, if
 * none does). Their reads keep being served by the old tables until the switch.
 *
 * Environment: the application's (DATABASE_URL, DATA_DIR, EVENT_STORE, LOG_LEVEL, …), plus
 * REBUILD_TIMEOUT_SECONDS (default 3600).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { ConfigError, loadConfig, type AppConfig } from '../src/platform/config/config';
import { resolveDatabase, type ResolvedDatabase } from '../src/platform/database/database-url';
import { EmbeddedPostgresError } from '../src/platform/database/embedded-postgres';
import { createJsonLogger } from '../src/platform/logging/json-logger';
import { ProjectionRunner } from '../src/projections/projection-runner';
import type { ProjectionStatus } from '../src/projections/projection-status';
import { quoteIdent } from '../src/projections/rebuild-schema';

const PROGRESS_EVERY_MS = 5_000;

export interface RebuildSummaryRow {
  readonly name: string;
  readonly version: number;
  /** `rebuilt`, or `skipped` for a projection without tables (nothing to rebuild). */
  readonly outcome: 'rebuilt' | 'skipped';
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

export interface RebuildSummary {
  readonly rows: readonly RebuildSummaryRow[];
  readonly seconds: number;
}

export class RebuildTimeoutError extends Error {
  override readonly name = 'RebuildTimeoutError';
}

function progressLine(statuses: readonly ProjectionStatus[]): string {
  return statuses
    .map((status) => {
      const rebuild = status.rebuild
        ? ` (rebuilding v${status.rebuild.version}, at ${status.rebuild.position ?? 'start'})`
        : status.rebuildRequested
          ? ' (rebuild requested)'
          : '';
      return `${status.name}: ${status.state}${rebuild}${status.lastError ? `, last error: ${status.lastError}` : ''}`;
    })
    .join('; ');
}

/**
 * Requests a rebuild of every projection with tables and resolves once all are switched in and
 * caught up; rejects with RebuildTimeoutError after `timeoutMs`. Someone must run the
 * projections (this context's runner, or another instance's).
 */
export async function rebuildAllProjections(
  context: Pick<INestApplicationContext, 'get'>,
  options: { timeoutMs: number; log?: (line: string) => void },
): Promise<RebuildSummary> {
  const log = options.log ?? ((): void => undefined);
  const runner = context.get(ProjectionRunner);
  const dataSource = context.get(DataSource);
  const started = performance.now();
  const projections = runner.projections();
  const rebuildable = projections.filter((projection) => (projection.tables ?? []).length > 0);
  for (const projection of rebuildable) {
    const request = await runner.requestRebuild(projection.name);
    log(`rebuild of ${request.name} (version ${request.version}) requested`);
  }
  const progress = setInterval(() => {
    runner
      .status()
      .then((statuses) => log(progressLine(statuses)))
      .catch(() => undefined);
  }, PROGRESS_EVERY_MS);
  progress.unref();
  try {
    const names = rebuildable.map((projection) => projection.name);
    if (!(await runner.waitForCatchUp(options.timeoutMs, names))) {
      throw new RebuildTimeoutError(
        `the rebuild did not finish within ${Math.round(options.timeoutMs / 1000)} s: ${progressLine(await runner.status())}`,
      );
    }
  } finally {
    clearInterval(progress);
  }
  const rows: RebuildSummaryRow[] = [];
  for (const projection of projections) {
    const tables = [];
    for (const table of projection.tables ?? []) {
      const [counted] = await dataSource.query<{ rows: string }[]>(
        `SELECT count(*)::bigint::text AS rows FROM public.${quoteIdent(table)}`,
      );
      tables.push({ table, rows: Number(counted?.rows ?? 0) });
    }
    rows.push({
      name: projection.name,
      version: projection.version,
      outcome: tables.length > 0 ? 'rebuilt' : 'skipped',
      tables,
    });
  }
  return { rows, seconds: (performance.now() - started) / 1000 };
}

export function summaryTable(summary: RebuildSummary): string {
  const lines = [
    `Rebuilt ${summary.rows.filter((row) => row.outcome === 'rebuilt').length} projection(s) in ${summary.seconds.toFixed(1)} s`,
    '',
    '| projection | version | outcome | table | rows |',
    '|---|---:|---|---|---:|',
  ];
  for (const row of summary.rows) {
    if (row.tables.length === 0) {
      lines.push(`| ${row.name} | ${row.version} | ${row.outcome} (no tables) | – | – |`);
    }
    for (const table of row.tables) {
      lines.push(
        `| ${row.name} | ${row.version} | ${row.outcome} | ${table.table} | ${table.rows.toLocaleString('en-US')} |`,
      );
    }
  }
  return lines.join('\n');
}

function timeoutSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.REBUILD_TIMEOUT_SECONDS?.trim();
  if (raw === undefined || raw === '') return 3600;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(
      'REBUILD_TIMEOUT_SECONDS',
      `must be a whole number of seconds (got "${raw}")`,
    );
  }
  return Number(raw);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  let timeoutMs: number;
  try {
    // This process must be able to run the rebuild itself when no other instance does.
    config = { ...loadConfig(), projectionsEnabled: true };
    timeoutMs = timeoutSeconds(process.env) * 1000;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };

  let database: ResolvedDatabase;
  try {
    database = await resolveDatabase(config, log);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) fail(`Database error: ${error.message}`);
    throw error;
  }

  let context: INestApplicationContext | undefined;
  let exitCode = 0;
  try {
    context = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config, databaseUrl: database.url }),
      { logger: createJsonLogger(config.logLevel), abortOnError: false },
    );
    const summary = await rebuildAllProjections(context, { timeoutMs, log });
    process.stdout.write(`${summaryTable(summary)}\n`);
  } catch (error) {
    process.stderr.write(
      `Rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    exitCode = 1;
  } finally {
    await context?.close();
    await database.embedded?.stop();
  }
  process.exit(exitCode);
}

if (require.main === module) {
  main().catch((error: unknown) =>
    fail(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

import 'reflect-metadata';
import { createApp } from './app.factory';
import { SystemClock } from './platform/time/clock';
import { ConfigError, loadConfig, type AppConfig } from './platform/config/config';
import { resolveDatabase, type ResolvedDatabase } from './platform/database/database-url';
import { EmbeddedPostgresError } from './platform/database/embedded-postgres';

function logLine(level: string, msg: string, extra: Record<string, unknown> = {}): void {
  // Same shape as the request logs: one JSON object per line.
  process.stdout.write(
    `${JSON.stringify({ level, time: new SystemClock().now().toISOString(), msg, ...extra })}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let database: ResolvedDatabase;
  try {
    database = await resolveDatabase(config, (msg) => logLine('info', msg));
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) fail(`Database error: ${error.message}`);
    throw error;
  }

  const app = await createApp({ config, databaseUrl: database.url }).catch(
    async (error: unknown) => {
      await database.embedded?.stop();
      fail(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  );

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logLine('info', 'shutting down', { signal });
    // Hard stop if something hangs: never leave the process half-alive.
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 15_000);
    force.unref();
    try {
      // Fastify stops accepting connections and waits for in-flight requests; Nest then runs
      // the shutdown hooks: projections checkpoint and stop, pools close.
      await app.close();
    } finally {
      await database.embedded?.stop();
      logLine('info', 'stopped');
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  logLine('info', 'listening', { url: await app.getUrl() });
}

main().catch((error: unknown) =>
  fail(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`),
);

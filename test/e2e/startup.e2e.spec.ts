/**
 * The process as an operator runs it: configuration errors are one line, the API serves, and
 * SIGTERM drains and stops cleanly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '..', '..');

function startMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  const cleanEnv = { ...process.env };
  delete cleanEnv.DATABASE_URL;
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...cleanEnv, ...env },
  });
}

function collect(child: ChildProcessWithoutNullStreams): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { out: () => out, err: () => err };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('servicetrail process', () => {
  it.each([
    [{ PORT: 'eighty' }, 'Configuration error: PORT must be a whole number (got "eighty")'],
    [
      { DATABASE_URL: 'mysql://db/x' },
      'Configuration error: DATABASE_URL must use the postgres:// scheme',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'Configuration error: LOG_LEVEL must be one of debug, info, warn, error',
    ],
  ])('refuses %j with one line naming the variable', async (env, message) => {
    const child = startMain(env);
    const output = collect(child);
    expect(await exitOf(child)).toBe(1);
    expect(output.err().trim().split('\n')).toHaveLength(1);
    expect(output.err()).toContain(message);
    expect(output.err()).not.toMatch(/\n\s+at /);
  });

  describe('with a database', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      // Empty, as on a first start: the process must run every migration before anything that
      // reads a table (a provider that queried a table during start-up once broke this).
      database = await createTestDatabase({ empty: true });
    });

    afterAll(async () => {
      await database.drop();
    });

    it('migrates an empty database, serves /health and stops cleanly on SIGTERM', async () => {
      const child = startMain({
        DATABASE_URL: database.url,
        PORT: '0',
        ADMIN_API_KEY: 'startup-test-admin-key-0123456789',
      });
      const output = collect(child);
      const exited = exitOf(child);
      const url = await waitFor(() => {
        const line = output
          .out()
          .split('\n')
          .find((l) => l.includes('"msg":"listening"'));
        return line ? (JSON.parse(line) as { url: string }).url : undefined;
      }, 60_000);

      const health = await fetch(`${url}/health`, { headers: { 'X-Request-Id': 'startup-probe' } });
      expect(health.status).toBe(200);
      expect(health.headers.get('x-request-id')).toBe('startup-probe');
      expect(await health.json()).toMatchObject({
        status: expect.stringMatching(/ready|degraded/),
        database: { status: 'up' },
        eventStore: { status: 'up' },
      });
      const unauthenticated = await fetch(`${url}/admin/projections`);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('content-type')).toContain('application/problem+json');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = output
        .out()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; requestId?: string });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
      expect(lines.some((l) => l.requestId === 'startup-probe')).toBe(true);
    });
  });
});

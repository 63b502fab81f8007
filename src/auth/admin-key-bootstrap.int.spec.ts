import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { FixedClock } from '../platform/time/clock';
import { createAuthTestApp } from './testing/auth-test-app';

const GENERATED_LINE =
  /^Generated admin API key \(shown once\): (st_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\n$/;

/** What the app writes to stdout while `run` runs (and nothing reaches the terminal). */
async function captureStdout<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    return { result: await run(), lines };
  } finally {
    spy.mockRestore();
  }
}

describe('admin key bootstrap', () => {
  const databases: TestDatabase[] = [];
  const apps: NestFastifyApplication[] = [];
  const clock = new FixedClock('2026-01-05T09:00:00.000Z');

  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  async function boot(database: TestDatabase, env: Record<string, string> = {}) {
    const { result: app, lines } = await captureStdout(() =>
      createAuthTestApp({ databaseUrl: database.url, clock, env }),
    );
    apps.push(app);
    const generated = lines.filter((line) => line.startsWith('Generated admin API key'));
    return { app, generated };
  }

  async function rows(database: TestDatabase): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (
        await client.query<Record<string, unknown>>(
          'SELECT * FROM api_keys ORDER BY created_at, id',
        )
      ).rows;
    } finally {
      await client.end();
    }
  }

  const listKeys = (app: NestFastifyApplication, key: string) =>
    request(app.getHttpServer()).get('/admin/api-keys').set('Authorization', `Bearer ${key}`);

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('generates an admin key on first start, prints it once, and never again', async () => {
    const database = await freshDatabase();
    const first = await boot(database);
    expect(first.generated).toHaveLength(1);
    const key = GENERATED_LINE.exec(first.generated[0])?.[1];
    expect(key).toBeDefined();
    await listKeys(first.app, key!).expect(200);

    const stored = await rows(database);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ role: 'admin', created_by: 'bootstrap', revoked_at: null });
    // The secret is everything after `st_<id>_` (base64url, so it may itself contain '_').
    expect(JSON.stringify(stored)).not.toContain(key!.slice('st_'.length + 16 + 1));

    await first.app.close();
    apps.length = 0;
    const second = await boot(database);
    expect(second.generated).toEqual([]);
    await listKeys(second.app, key!).expect(200);
    expect(await rows(database)).toHaveLength(1);
  });

  it('generates exactly one key when two instances start at once', async () => {
    const database = await freshDatabase();
    // One capture around both starts: a capture per start would race (each restores
    // process.stdout.write when its own start ends, so the other's line could escape it).
    const { result: started, lines } = await captureStdout(() =>
      Promise.all([
        createAuthTestApp({ databaseUrl: database.url, clock, env: {} }),
        createAuthTestApp({ databaseUrl: database.url, clock, env: {} }),
      ]),
    );
    apps.push(...started);
    expect(lines.filter((line) => line.startsWith('Generated admin API key'))).toHaveLength(1);
    expect(await rows(database)).toHaveLength(1);
  });

  it('stores ADMIN_API_KEY hashed and accepts it verbatim, printing nothing', async () => {
    const database = await freshDatabase();
    const configured = 'my-own-admin-key-with-enough-length';
    const { app, generated } = await boot(database, { ADMIN_API_KEY: configured });
    expect(generated).toEqual([]);
    await listKeys(app, configured).expect(200);

    const stored = await rows(database);
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toMatch(/^cfg-[0-9a-f]{16}$/);
    expect(stored[0].secret_hash).toBe(createHash('sha256').update(configured).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(configured);

    // Restarting with the same key stores nothing new.
    await app.close();
    apps.length = 0;
    const again = await boot(database, { ADMIN_API_KEY: configured });
    await listKeys(again.app, configured).expect(200);
    expect(await rows(database)).toHaveLength(1);
  });

  it('stores ADMIN_API_KEY when keys already exist, so a configured key always works', async () => {
    const database = await freshDatabase();
    const first = await boot(database);
    const generatedKey = GENERATED_LINE.exec(first.generated[0])![1];
    await first.app.close();
    apps.length = 0;

    const configured = 'configured-later-0123456789abcdef';
    const { app, generated } = await boot(database, { ADMIN_API_KEY: configured });
    expect(generated).toEqual([]);
    await listKeys(app, configured).expect(200);
    await listKeys(app, generatedKey).expect(200);
    expect(await rows(database)).toHaveLength(2);
  });

  it('uses the key id of an ADMIN_API_KEY given in the st_ format', async () => {
    const database = await freshDatabase();
    const configured = `st_00112233aabbccdd_${'x'.repeat(43)}`;
    const { app } = await boot(database, { ADMIN_API_KEY: configured });
    await listKeys(app, configured).expect(200);
    expect((await rows(database)).map((row) => row.id)).toEqual(['00112233aabbccdd']);
  });

  it('keeps a revoked ADMIN_API_KEY revoked across a restart', async () => {
    const database = await freshDatabase();
    const configured = 'revoke-me-later-0123456789abcdef';
    const first = await boot(database, { ADMIN_API_KEY: configured });
    const other = await request(first.app.getHttpServer())
      .post('/admin/api-keys')
      .set('Authorization', `Bearer ${configured}`)
      .send({ role: 'admin', principalId: 'replacement', name: 'replacement' })
      .expect(201);
    const configuredId = (await rows(database)).find((row) => row.created_by === 'bootstrap')?.id;
    await request(first.app.getHttpServer())
      .delete(`/admin/api-keys/${String(configuredId)}`)
      .set('Authorization', `Bearer ${(other.body as { key: string }).key}`)
      .expect(200);
    await first.app.close();
    apps.length = 0;

    const second = await boot(database, { ADMIN_API_KEY: configured });
    await listKeys(second.app, configured).expect(401);
    expect(await rows(database)).toHaveLength(2);
  });
});

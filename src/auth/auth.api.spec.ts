import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { FixedClock } from '../platform/time/clock';
import { SKIP_IDEMPOTENCY_KEY } from '../platform/idempotency/idempotency.decorators';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { LastAdminKeyError } from './api-keys.errors';
import { createAuthTestApp } from './testing/auth-test-app';

const ADMIN_KEY = 'configured-admin-key-0123456789abcdef';
const AGENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('API key authentication and roles (HTTP)', () => {
  let database: TestDatabase;
  let db: Client;
  let app: NestFastifyApplication;
  const clock = new FixedClock('2026-01-05T09:00:00.000Z');

  const http = () => request(app.getHttpServer());
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  async function createKey(
    body: Record<string, unknown>,
    adminKey = ADMIN_KEY,
  ): Promise<{ id: string; key: string }> {
    const res = await http().post('/admin/api-keys').set(bearer(adminKey)).send(body).expect(201);
    return res.body as { id: string; key: string };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    app = await createAuthTestApp({
      databaseUrl: database.url,
      clock,
      env: { ADMIN_API_KEY: ADMIN_KEY },
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
    await database?.drop();
  });

  describe('401: no usable key', () => {
    it('lets anyone call a @Public route', async () => {
      await http().get('/test/public').expect(200, { ok: true });
    });

    it('rejects a request without Authorization, naming the scheme', async () => {
      const res = await http().get('/test/undeclared').expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="servicetrail"');
      expect(res.body.message).toContain('Missing API key');
    });

    it.each([
      ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['Bearer without a token', 'Bearer'],
      ['a token too short to be a key', 'Bearer abc'],
      ['two tokens', `Bearer ${ADMIN_KEY} ${ADMIN_KEY}`],
    ])('rejects a malformed header (%s)', async (_, header) => {
      const res = await http().get('/test/undeclared').set('Authorization', header).expect(401);
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="servicetrail", error="invalid_request"',
      );
      expect(res.body.message).toContain('Malformed Authorization header');
    });

    it('rejects an unknown key and a known key id with the wrong secret alike', async () => {
      const unknown = `st_0123456789abcdef_${'A'.repeat(43)}`;
      const res = await http().get('/test/undeclared').set(bearer(unknown)).expect(401);
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="servicetrail", error="invalid_token"',
      );
      expect(res.body.message).toBe('Unknown API key');

      const { key } = await createKey({ role: 'admin', principalId: 'ops', name: 'ops' });
      const forged = `${key.slice(0, -4)}${key.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      const forgedRes = await http().get('/test/undeclared').set(bearer(forged)).expect(401);
      expect(forgedRes.body.message).toBe('Unknown API key');
    });

    it('accepts the scheme name in any case', async () => {
      await http().get('/test/undeclared').set('Authorization', `bearer ${ADMIN_KEY}`).expect(200);
    });
  });

  describe('403 and default deny', () => {
    it('lets a role listed in @Roles in and puts its principal and actor on the request', async () => {
      const { id, key } = await createKey({ role: 'agent', principalId: AGENT_ID, name: 'Dana' });
      const res = await http().get('/test/agents').set(bearer(key)).expect(200);
      expect(res.body).toEqual({
        principal: { keyId: id, role: 'agent', principalId: AGENT_ID },
        actor: { type: 'agent', id: AGENT_ID },
      });
    });

    it('answers 403 to a valid key whose role the route does not list', async () => {
      const { key } = await createKey({ role: 'integrator', principalId: 'crm-sync', name: 'CRM' });
      const res = await http().get('/test/agents').set(bearer(key)).expect(403);
      expect(res.body.message).toContain('agent or supervisor');
      expect(res.body.message).toContain('integrator');
      // Even admins are only let in where listed.
      await http().get('/test/agents').set(bearer(ADMIN_KEY)).expect(403);
    });

    it('treats a route with neither @Public nor @Roles as admin-only', async () => {
      const { key } = await createKey({ role: 'supervisor', principalId: 'sam', name: 'Sam' });
      await http().get('/test/undeclared').set(bearer(key)).expect(403);
      const res = await http().get('/test/undeclared').set(bearer(ADMIN_KEY)).expect(200);
      expect(res.body.principal).toMatchObject({ role: 'admin', principalId: 'admin' });
    });

    it("lets a method's @Roles override its class's @Public", async () => {
      await http().get('/test/open-class').expect(200);
      await http().get('/test/open-class/audited').expect(401);
      const { key } = await createKey({ role: 'auditor', principalId: 'audit', name: 'Audit' });
      await http().get('/test/open-class/audited').set(bearer(key)).expect(200);
      await http().get('/test/open-class/audited').set(bearer(ADMIN_KEY)).expect(403);
    });

    it('keeps the admin endpoints to admins', async () => {
      const { key } = await createKey({ role: 'auditor', principalId: 'auditor-2', name: 'A2' });
      await http().get('/admin/api-keys').set(bearer(key)).expect(403);
      await http()
        .post('/admin/api-keys')
        .set(bearer(key))
        .send({ role: 'admin', principalId: 'x', name: 'x' })
        .expect(403);
    });
  });

  describe('admin key management', () => {
    it('creates a key shown once, lists it without secrets, and revocation ends it at once', async () => {
      const created = await http()
        .post('/admin/api-keys')
        .set(bearer(ADMIN_KEY))
        .send({ role: 'supervisor', principalId: 'lee', name: 'Lee', description: 'night shift' })
        .expect(201);
      const { id, key } = created.body as { id: string; key: string };
      expect(key).toMatch(/^st_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(key.startsWith(`st_${id}_`)).toBe(true);
      expect(created.headers.location).toBe(`/admin/api-keys/${id}`);
      expect(created.headers['cache-control']).toBe('no-store');
      expect(created.body).toEqual({
        id,
        key,
        role: 'supervisor',
        principalId: 'lee',
        name: 'Lee',
        description: 'night shift',
        createdAt: clock.now().toISOString(),
        createdBy: 'admin',
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      });

      await http().get('/test/agents').set(bearer(key)).expect(200);

      const secret = key.slice(`st_${id}_`.length);
      const one = await http().get(`/admin/api-keys/${id}`).set(bearer(ADMIN_KEY)).expect(200);
      expect(one.body).not.toHaveProperty('key');
      expect(one.body).toMatchObject({ id, role: 'supervisor', revokedAt: null });
      const list = await http().get('/admin/api-keys?limit=100').set(bearer(ADMIN_KEY)).expect(200);
      expect(list.text).not.toContain(secret);
      const items = list.body.items as Record<string, unknown>[];
      expect(items.map((k) => k.id)).toContain(id);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'createdAt',
            'createdBy',
            'description',
            'id',
            'lastUsedAt',
            'name',
            'principalId',
            'revokedAt',
            'revokedBy',
            'role',
          ].sort(),
        );
      }

      clock.advance(1_000);
      const revoked = await http()
        .delete(`/admin/api-keys/${id}`)
        .set(bearer(ADMIN_KEY))
        .expect(200);
      expect(revoked.body).toMatchObject({
        id,
        revokedAt: clock.now().toISOString(),
        revokedBy: 'admin',
      });
      // The key was cached by the request above; revocation on this instance still bites at once.
      const rejected = await http().get('/test/agents').set(bearer(key)).expect(401);
      expect(rejected.body.message).toBe('This API key has been revoked');

      clock.advance(1_000);
      const again = await http().delete(`/admin/api-keys/${id}`).set(bearer(ADMIN_KEY)).expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    });

    it('keeps created keys out of the idempotency store (create skips Idempotency-Key)', () => {
      const create = Object.getOwnPropertyDescriptor(AdminApiKeysController.prototype, 'create');
      expect(Reflect.getMetadata(SKIP_IDEMPOTENCY_KEY, create?.value as object)).toBe(true);
    });

    it('answers 404 for an unknown key id', async () => {
      await http().get('/admin/api-keys/0123456789abcdef').set(bearer(ADMIN_KEY)).expect(404);
      await http().delete('/admin/api-keys/0123456789abcdef').set(bearer(ADMIN_KEY)).expect(404);
      await http().delete('/admin/api-keys/not-a-key-id').set(bearer(ADMIN_KEY)).expect(404);
    });

    it.each([
      ['an unknown property', { role: 'agent', principalId: 'a', name: 'n', secret: 'mine' }],
      ['an unknown role', { role: 'root', principalId: 'a', name: 'n' }],
      ['a blank name', { role: 'agent', principalId: 'a', name: '   ' }],
      ['a principal id with spaces', { role: 'agent', principalId: 'a b', name: 'n' }],
      ['a missing principal id', { role: 'agent', name: 'n' }],
    ])('rejects a create request with %s (400)', async (_, body) => {
      await http().post('/admin/api-keys').set(bearer(ADMIN_KEY)).send(body).expect(400);
    });

    it('pages through keys with a cursor that stays stable while keys are added', async () => {
      for (let i = 0; i < 5; i += 1) {
        clock.advance(1);
        await createKey({ role: 'agent', principalId: `page-agent-${i}`, name: `p${i}` });
      }
      const seen: string[] = [];
      let next: string | null = '/admin/api-keys?limit=2';
      let pages = 0;
      while (next !== null) {
        const res = await http().get(next).set(bearer(ADMIN_KEY)).expect(200);
        const items = res.body.items as { id: string }[];
        expect(items.length).toBeLessThanOrEqual(2);
        seen.push(...items.map((k) => k.id));
        next = res.body.next as string | null;
        pages += 1;
        if (pages === 1) {
          clock.advance(1);
          await createKey({ role: 'agent', principalId: 'late-agent', name: 'late' });
        }
      }
      const { rows } = await db.query<{ id: string }>(
        'SELECT id FROM api_keys ORDER BY created_at, id',
      );
      expect(seen).toEqual(rows.map((r) => r.id));
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=two'],
      ['cursor=bm90LWEtY3Vyc29y'],
      ['sort=name'],
    ])('rejects a bad list query (%s) with 400', async (query) => {
      await http().get(`/admin/api-keys?${query}`).set(bearer(ADMIN_KEY)).expect(400);
    });
  });

  describe('storage and caching', () => {
    it('stores only a hash of the secret, never the key', async () => {
      const { id, key } = await createKey({ role: 'agent', principalId: 'hash-check', name: 'h' });
      const secret = key.slice(`st_${id}_`.length);
      const { rows } = await db.query('SELECT * FROM api_keys WHERE id = $1', [id]);
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows[0]);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(key);
      expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));

      const configured = await db.query('SELECT * FROM api_keys WHERE created_by = $1', [
        'bootstrap',
      ]);
      expect(JSON.stringify(configured.rows)).not.toContain(ADMIN_KEY);
    });

    it('records last use at most once a minute', async () => {
      const { id, key } = await createKey({ role: 'agent', principalId: 'usage', name: 'u' });
      const lastUsed = async () =>
        (await db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [id])).rows[0]
          .last_used_at as Date | null;

      const first = clock.advance(1_000);
      await http().get('/test/agents').set(bearer(key)).expect(200);
      expect(await lastUsed()).toEqual(first);

      clock.advance(20_000);
      await http().get('/test/agents').set(bearer(key)).expect(200);
      expect(await lastUsed()).toEqual(first);

      const later = clock.advance(40_000);
      await http().get('/test/agents').set(bearer(key)).expect(200);
      expect(await lastUsed()).toEqual(later);
    });

    it('honours a revocation made elsewhere within the 30 s cache bound', async () => {
      const { id, key } = await createKey({ role: 'agent', principalId: 'elsewhere', name: 'e' });
      await http().get('/test/agents').set(bearer(key)).expect(200);
      // As another instance would: straight to the database, this instance's cache untouched.
      await db.query('UPDATE api_keys SET revoked_at = $2, revoked_by = $3 WHERE id = $1', [
        id,
        clock.now(),
        'other-instance',
      ]);
      clock.advance(29_000);
      await http().get('/test/agents').set(bearer(key)).expect(200);
      clock.advance(1_000);
      await http().get('/test/agents').set(bearer(key)).expect(401);
    });
  });

  describe('the last admin key', () => {
    let remainingAdmin: { id: string; key: string };

    it('cannot be revoked (409), while another admin key remains it can', async () => {
      const { rows } = await db.query<{ id: string }>(
        "SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL AND created_by <> 'bootstrap'",
      );
      for (const row of rows) {
        await http().delete(`/admin/api-keys/${row.id}`).set(bearer(ADMIN_KEY)).expect(200);
      }
      const configuredId = (
        await db.query<{ id: string }>("SELECT id FROM api_keys WHERE created_by = 'bootstrap'")
      ).rows[0].id;

      const conflict = await http()
        .delete(`/admin/api-keys/${configuredId}`)
        .set(bearer(ADMIN_KEY))
        .expect(409);
      expect(conflict.body.message).toContain('last active admin key');

      remainingAdmin = await createKey({ role: 'admin', principalId: 'second', name: 'second' });
      await http()
        .delete(`/admin/api-keys/${configuredId}`)
        .set(bearer(remainingAdmin.key))
        .expect(200);
      await http().get('/admin/api-keys').set(bearer(ADMIN_KEY)).expect(401);
      await http()
        .delete(`/admin/api-keys/${remainingAdmin.id}`)
        .set(bearer(remainingAdmin.key))
        .expect(409);
    });

    it('stays protected when the last two admin keys are revoked at the same moment', async () => {
      const service = app.get(ApiKeysService);
      // Warm the pool so both revocations get a connection at once and really overlap.
      const dataSource = app.get(DataSource);
      await Promise.all([1, 2, 3, 4].map(() => dataSource.query('SELECT pg_sleep(0.02)')));
      let survivor = remainingAdmin;
      for (let round = 0; round < 5; round += 1) {
        const other = await createKey(
          { role: 'admin', principalId: `admin-${round}`, name: `admin ${round}` },
          survivor.key,
        );
        const by = { keyId: other.id, role: 'admin' as const, principalId: 'racer' };
        const results = await Promise.allSettled([
          service.revoke(survivor.id, by),
          service.revoke(other.id, by),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const failure = results.find((r) => r.status === 'rejected');
        expect(failure?.reason).toBeInstanceOf(LastAdminKeyError);
        survivor = results[0].status === 'rejected' ? survivor : other;
      }
      const left = await db.query(
        "SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL",
      );
      expect(left.rows).toEqual([{ id: survivor.id }]);
    });
  });
});

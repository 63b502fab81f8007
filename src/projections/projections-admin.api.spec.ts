import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { Client, type Pool } from 'pg';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AuthModule } from '../auth/auth.module';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { loadConfig } from '../platform/config/config';
import { DatabaseModule } from '../platform/database/database.module';
import { PG_POOL } from '../platform/database/database.tokens';
import { configureHttp } from '../platform/http/configure-http';
import { MetricsModule } from '../platform/metrics/metrics.module';
import { PlatformModule } from '../platform/platform.module';
import { FixedClock } from '../platform/time/clock';
import { isLockHeld } from './advisory-lock-session';
import { ProjectionDefinition } from './projection-definition.decorator';
import { ProjectionRunner } from './projection-runner';
import { PROJECTION_RUNNER_OPTIONS } from './projection-runner.options';
import { ProjectionsModule } from './projections.module';
import {
  appendCounted,
  countedRows,
  createCountingTables,
  CountingProjection,
} from './testing/counting-projection';
import { FAST_RUNNER_OPTIONS, sqlOf } from './testing/runner-harness';

const ADMIN_KEY = 'projections-admin-key-0123456789abcdef';

/** A projection contributed by a feature module, found by discovery (no central list). */
@Injectable()
@ProjectionDefinition()
class DiscoveredCountingProjection extends CountingProjection {}

@Module({ providers: [DiscoveredCountingProjection] })
class CountingFeatureModule {}

/** What the application module provides to the projections module. */
@Global()
@Module({})
class TestInfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  static forRoot(): DynamicModule {
    return {
      module: TestInfrastructureModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [PG_POOL],
          useFactory: (pool: Pool): EventStore =>
            new PostgresEventStore(pool, { pollIntervalMs: 50 }),
        },
        { provide: PROJECTION_RUNNER_OPTIONS, useValue: FAST_RUNNER_OPTIONS },
      ],
      exports: [EVENT_STORE, PROJECTION_RUNNER_OPTIONS],
    };
  }
}

/** Registers the API key guard globally, as the application module does. */
@Module({
  imports: [AuthModule],
  providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
})
class GuardedModule {}

describe('Projections admin API (HTTP)', () => {
  let database: TestDatabase;
  let client: Client;
  let app: NestFastifyApplication;
  let closed = false;
  const keys: Record<string, string> = {};
  const clock = new FixedClock();

  const http = () => request(app.getHttpServer());
  const bearer = (role: string) => ({ Authorization: `Bearer ${keys[role] ?? ''}` });

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await createCountingTables(sqlOf(client));
    const config = loadConfig({ ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'error' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot(config, { clock }),
        DatabaseModule.forRoot(database.url),
        MetricsModule,
        TestInfrastructureModule.forRoot(),
        GuardedModule,
        ProjectionsModule,
        CountingFeatureModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    configureHttp(app, config, { logSink: () => undefined });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    keys.admin = ADMIN_KEY;
    for (const role of ['supervisor', 'auditor', 'agent']) {
      const res = await http()
        .post('/admin/api-keys')
        .set(bearer('admin'))
        .send({ role, principalId: `${role}-1`, name: role })
        .expect(201);
      keys[role] = (res.body as { key: string }).key;
    }
    await appendCounted(app.get<EventStore>(EVENT_STORE), 'counter-1', 8);
    expect(await app.get(ProjectionRunner).waitForCatchUp(10_000)).toBe(true);
  });

  afterAll(async () => {
    if (!closed) await app?.close();
    await client?.end();
    await database?.drop();
  });

  it('lists discovered projections with position, lag and state for admins, supervisors and auditors', async () => {
    for (const role of ['admin', 'supervisor', 'auditor']) {
      const res = await http().get('/admin/projections').set(bearer(role)).expect(200);
      expect(res.body).toEqual({
        items: [
          {
            name: 'counting',
            version: 1,
            targetVersion: 1,
            position: expect.any(String),
            lagEvents: 0,
            lagMs: 0,
            state: 'running',
            lastError: null,
            rebuild: null,
            rebuildRequested: false,
          },
        ],
      });
    }
  });

  it('refuses other roles and anonymous callers', async () => {
    await http().get('/admin/projections').set(bearer('agent')).expect(403);
    await http().get('/admin/projections').expect(401);
    await http().post('/admin/projections/counting/rebuild').set(bearer('supervisor')).expect(403);
  });

  it('accepts a rebuild request with 202 and performs it', async () => {
    await client.query('UPDATE counted_totals SET total = 0');
    const res = await http()
      .post('/admin/projections/counting/rebuild')
      .set(bearer('admin'))
      .expect(202);
    expect(res.body).toEqual({
      name: 'counting',
      version: 1,
      requestedAt: clock.now().toISOString(),
      status: '/admin/projections',
    });
    expect(await app.get(ProjectionRunner).waitForCatchUp(10_000)).toBe(true);
    expect((await countedRows(sqlOf(client))).totals).toEqual([{ key: 'k', total: 36, events: 8 }]);
  });

  it('answers 404 problem details for an unknown projection', async () => {
    const res = await http()
      .post('/admin/projections/nope/rebuild')
      .set(bearer('admin'))
      .expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/projection-not-found',
      status: 404,
      detail: 'There is no projection named "nope"',
    });
  });

  it('documents both operations with their response schemas', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const list = document.paths['/admin/projections']?.get;
    const rebuild = document.paths['/admin/projections/{name}/rebuild']?.post;
    expect(list?.responses['200']).toMatchObject({
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/ProjectionListResponse' } },
      },
    });
    expect(rebuild?.responses['202']).toMatchObject({
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/RebuildAcceptedResponse' } },
      },
    });
    expect(rebuild?.responses).toHaveProperty('404');
    expect(document.components?.schemas).toHaveProperty('ProjectionStatusResponse');
  });

  it('releases its locks on shutdown', async () => {
    expect(await isLockHeld(app.get<Pool>(PG_POOL), 'counting')).toBe(true);
    closed = true;
    await app.close();
    const probe = new Client({ connectionString: database.url });
    await probe.connect();
    try {
      const { rows } = await probe.query<{ held: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM pg_locks
           WHERE locktype = 'advisory' AND objsubid = 2
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         ) AS held`,
      );
      expect(rows[0]?.held).toBe(false);
    } finally {
      await probe.end();
    }
  });
});

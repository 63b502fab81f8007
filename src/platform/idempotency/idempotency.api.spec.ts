import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  Post,
  Res,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsInt, IsString, Min } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import type { Principal } from '../../auth/principal';
import { dataSourceOptions } from '../database/data-source-options';
import { formatEtag } from '../http/concurrency';
import { DomainError } from '../http/domain-error';
import { createHttpTestApp, type HttpTestApp } from '../http/testing/http-test-app';
import { IDEMPOTENCY_DISPATCH } from './idempotency-binding';
import { requestFingerprint } from './idempotency-key';
import { IdempotencyModule } from './idempotency.module';
import { IdempotencyPurger } from './idempotency-purger';
import { IN_FLIGHT_TAKEOVER_MS, IdempotencyStore } from './idempotency.store';

/** Test-only stand-in for the auth guard: the caller's key id comes from a header. */
@Injectable()
class TestKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const keyId = req.headers['x-test-key'];
    if (typeof keyId === 'string') req.principal = { keyId, role: 'agent', principalId: keyId };
    return true;
  }
}

class PlaceOrderDto {
  @IsString()
  item!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

/** Counts real executions, and can hold one request open until the test lets it go. */
class Executions {
  count = 0;
  gate: Promise<void> | undefined;
  entered: (() => void) | undefined;
}

const executions = new Executions();

@Controller('orders')
class OrdersController {
  @Post()
  async place(
    @Body() body: PlaceOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ id: string; item: string; quantity: number; execution: number }> {
    executions.count++;
    const execution = executions.count;
    executions.entered?.();
    if (executions.gate) await executions.gate;
    if (body.item === 'forbidden') {
      throw new DomainError({ type: 'item-unavailable', title: 'Unavailable', detail: 'no' });
    }
    const id = `order-${execution}`;
    void reply.header('location', `/orders/${id}`);
    return { id, item: body.item, quantity: body.quantity, execution };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { id: string; cancelled: true; execution: number } {
    executions.count++;
    void reply.header('etag', formatEtag(BigInt(executions.count)));
    return { id, cancelled: true, execution: executions.count };
  }
}

/** A controller-level interceptor: counts the requests that reach it. */
@Injectable()
class CountingInterceptor implements NestInterceptor {
  static calls = 0;
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    CountingInterceptor.calls++;
    return next.handle();
  }
}

@Controller('receipts')
@UseInterceptors(CountingInterceptor)
class ReceiptsController {
  @Post()
  issue(@Body() body: PlaceOrderDto): { item: string; execution: number } {
    executions.count++;
    return { item: body.item, execution: executions.count };
  }

  @Get()
  list(): { execution: number } {
    return { execution: executions.count };
  }
}

@Controller('stock')
class StockController {
  @Get()
  read(): { execution: number } {
    executions.count++;
    return { execution: executions.count };
  }
}

describe('Idempotency-Key (real PostgreSQL)', () => {
  let database: TestDatabase;
  let t: HttpTestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await createHttpTestApp({
      imports: [TypeOrmModule.forRoot(dataSourceOptions(database.url)), IdempotencyModule],
      controllers: [OrdersController, ReceiptsController, StockController],
      providers: [{ provide: APP_GUARD, useClass: TestKeyGuard }],
    });
  });

  afterAll(async () => {
    await t.app.close();
    await database.drop();
  });

  beforeEach(() => {
    executions.gate = undefined;
    executions.entered = undefined;
  });

  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const rows = async (): Promise<number> => {
    const result: { n: number }[] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM idempotency_keys');
    return result[0]?.n ?? -1;
  };

  it('replays the original response for a retry without running the handler again', async () => {
    const first = await http()
      .post('/orders')
      .set('idempotency-key', 'order-key-1')
      .set('x-test-key', 'key-a')
      .send({ item: 'toner', quantity: 2 })
      .expect(201);
    const executed = executions.count;
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await http()
      .post('/orders')
      .set('idempotency-key', 'order-key-1')
      .set('x-test-key', 'key-a')
      .send({ quantity: 2, item: 'toner' }) // same body, other key order
      .expect(201);
    expect(executions.count).toBe(executed);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('answers 422 when a key is reused with another body, and runs nothing', async () => {
    await http()
      .post('/orders')
      .set('idempotency-key', 'order-key-2')
      .set('x-test-key', 'key-a')
      .send({ item: 'toner', quantity: 1 })
      .expect(201);
    const executed = executions.count;
    const res = await http()
      .post('/orders')
      .set('idempotency-key', 'order-key-2')
      .set('x-test-key', 'key-a')
      .send({ item: 'toner', quantity: 5 })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/idempotency-key-reused',
      status: 422,
      requestId: res.headers['x-request-id'],
    });
    expect(executions.count).toBe(executed);
  });

  it('treats the same key on another resource of the same route as a different request (422)', async () => {
    await http()
      .post('/orders/a/cancel')
      .set('idempotency-key', 'cancel-1')
      .set('x-test-key', 'key-a')
      .expect(200);
    await http()
      .post('/orders/b/cancel')
      .set('idempotency-key', 'cancel-1')
      .set('x-test-key', 'key-a')
      .expect(422);
  });

  it('replays the status and ETag of a command', async () => {
    const first = await http()
      .post('/orders/c/cancel')
      .set('idempotency-key', 'cancel-2')
      .set('x-test-key', 'key-a')
      .expect(200);
    const retry = await http()
      .post('/orders/c/cancel')
      .set('idempotency-key', 'cancel-2')
      .set('x-test-key', 'key-a')
      .expect(200);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('scopes keys per API key: another caller with the same key runs its own request', async () => {
    const body = { item: 'paper', quantity: 1 };
    const a = await http()
      .post('/orders')
      .set('idempotency-key', 'shared')
      .set('x-test-key', 'key-a')
      .send(body)
      .expect(201);
    const b = await http()
      .post('/orders')
      .set('idempotency-key', 'shared')
      .set('x-test-key', 'key-b')
      .send(body)
      .expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 while the first request with the key is still running', async () => {
    let open!: () => void;
    executions.gate = new Promise((resolve) => (open = resolve));
    const entered = new Promise<void>((resolve) => (executions.entered = resolve));
    const first = http()
      .post('/orders')
      .set('idempotency-key', 'slow-1')
      .set('x-test-key', 'key-a')
      .send({ item: 'ink', quantity: 1 })
      .then((res) => res);
    await entered;
    executions.entered = undefined;
    const executed = executions.count;

    const concurrent = await http()
      .post('/orders')
      .set('idempotency-key', 'slow-1')
      .set('x-test-key', 'key-a')
      .send({ item: 'ink', quantity: 1 })
      .expect(409);
    expect(concurrent.body.type).toBe(
      'https://servicetrail.dev/problems/idempotency-key-in-flight',
    );
    expect(concurrent.headers['retry-after']).toBe('1');
    expect(executions.count).toBe(executed);

    open();
    const done = await first;
    expect(done.status).toBe(201);
    executions.gate = undefined;
    const replay = await http()
      .post('/orders')
      .set('idempotency-key', 'slow-1')
      .set('x-test-key', 'key-a')
      .send({ item: 'ink', quantity: 1 })
      .expect(201);
    expect(replay.text).toBe(done.text);
    expect(executions.count).toBe(executed);
  });

  it('lets exactly one of several simultaneous requests with one key run', async () => {
    let open!: () => void;
    executions.gate = new Promise((resolve) => (open = resolve));
    const before = executions.count;
    let answered = 0;
    const attempts = Array.from({ length: 5 }, () =>
      http()
        .post('/orders')
        .set('idempotency-key', 'race-1')
        .set('x-test-key', 'key-a')
        .send({ item: 'pens', quantity: 5 })
        .then((res) => {
          // The runner is held at the gate: let it go once the other four have been answered.
          if (++answered === 4) open();
          return res.status;
        }),
    );
    const statuses = await Promise.all(attempts);
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
    expect(executions.count).toBe(before + 1);
  });

  it('frees the key when the request fails, so a retry runs', async () => {
    const send = () =>
      http()
        .post('/orders')
        .set('idempotency-key', 'fails-1')
        .set('x-test-key', 'key-a')
        .send({ item: 'forbidden', quantity: 1 });
    const before = executions.count;
    await send().expect(422);
    await send().expect(422);
    expect(executions.count).toBe(before + 2);

    // Validation failures free the key too.
    await http()
      .post('/orders')
      .set('idempotency-key', 'invalid-1')
      .set('x-test-key', 'key-a')
      .send({ item: 'x', quantity: 0 })
      .expect(400);
    await http()
      .post('/orders')
      .set('idempotency-key', 'invalid-1')
      .set('x-test-key', 'key-a')
      .send({ item: 'x', quantity: 1 })
      .expect(201);
  });

  it('rejects a malformed key with 400 and runs nothing', async () => {
    const before = executions.count;
    const res = await http()
      .post('/orders')
      .set('idempotency-key', 'k'.repeat(256))
      .send({ item: 'toner', quantity: 1 })
      .expect(400);
    expect(res.body.type).toBe('https://servicetrail.dev/problems/invalid-idempotency-key');
    expect(executions.count).toBe(before);
  });

  it('runs every request when no key is sent', async () => {
    const before = executions.count;
    await http().post('/orders').send({ item: 'toner', quantity: 1 }).expect(201);
    await http().post('/orders').send({ item: 'toner', quantity: 1 }).expect(201);
    expect(executions.count).toBe(before + 2);
  });

  it('lets a retry take over a key abandoned in flight (crashed request)', async () => {
    const store = t.app.get(IdempotencyStore);
    const body = { item: 'stapler', quantity: 3 };
    const claim = await store.begin(
      { scope: 'key-a', method: 'POST', route: '/orders', key: 'abandoned-1' },
      requestFingerprint('POST', '/orders', body),
    );
    expect(claim.kind).toBe('acquired');
    const send = () =>
      http()
        .post('/orders')
        .set('idempotency-key', 'abandoned-1')
        .set('x-test-key', 'key-a')
        .send(body);
    await send().expect(409);
    t.clock.advance(IN_FLIGHT_TAKEOVER_MS + 1);
    const before = executions.count;
    await send().expect(201);
    expect(executions.count).toBe(before + 1);
  });

  it('keeps keys for the TTL, then purges them in bounded batches and accepts the key anew', async () => {
    const body = { item: 'folder', quantity: 1 };
    const send = () =>
      http().post('/orders').set('idempotency-key', 'ttl-1').set('x-test-key', 'key-a').send(body);
    await send().expect(201);
    const store = t.app.get(IdempotencyStore);
    const purger = t.app.get(IdempotencyPurger);

    // One millisecond before the TTL runs out, a purge keeps the key and a retry is replayed.
    t.clock.advance(t.config.idempotencyKeyTtlHours * 3_600_000 - 1);
    await purger.purgeOnce();
    const stillKept = await send().expect(201);
    expect(stillKept.headers['idempotent-replayed']).toBe('true');

    // Past the TTL every record is expired: deleted at most `limit` per statement.
    t.clock.advance(2);
    const total = await rows();
    expect(total).toBeGreaterThanOrEqual(2);
    expect(await store.purgeExpired(1)).toBe(1);
    expect(await purger.purgeOnce()).toBe(total - 1);
    expect(await rows()).toBe(0);

    const fresh = await send().expect(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
  });

  describe('which routes it is bound to', () => {
    it("runs ahead of a controller's own interceptors, as a global one would: a replay skips them", async () => {
      const send = () =>
        http()
          .post('/receipts')
          .set('idempotency-key', 'receipt-1')
          .set('x-test-key', 'key-a')
          .send({ item: 'paper', quantity: 1 });
      const first = await send().expect(201);
      const calls = CountingInterceptor.calls;

      const retry = await send().expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.text).toBe(first.text);
      expect(CountingInterceptor.calls).toBe(calls);
    });

    it('leaves read-only routes without any interceptor, and they ignore the header', async () => {
      expect(Reflect.getMetadata(INTERCEPTORS_METADATA, StockController.prototype.read)).toBe(
        undefined,
      );
      expect(Reflect.getMetadata(INTERCEPTORS_METADATA, OrdersController.prototype.place)).toEqual([
        IDEMPOTENCY_DISPATCH,
      ]);
      const before = executions.count;
      await http()
        .get('/stock')
        .set('idempotency-key', 'stock-1')
        .set('x-test-key', 'key-a')
        .expect(200);
      const again = await http()
        .get('/stock')
        .set('idempotency-key', 'stock-1')
        .set('x-test-key', 'key-a')
        .expect(200);
      expect(executions.count).toBe(before + 2);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
    });
  });
});

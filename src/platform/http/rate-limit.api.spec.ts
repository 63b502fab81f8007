import {
  Body,
  Controller,
  Get,
  Injectable,
  Module,
  Post,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import request from 'supertest';
import { generateApiKey } from '../../auth/api-key-token';
import { createHttpTestApp, type HttpTestApp } from './testing/http-test-app';

/** Stands in for the auth guard: counts the requests that got as far as authentication. */
@Injectable()
class CountingGuard implements CanActivate {
  static calls = 0;

  canActivate(): boolean {
    CountingGuard.calls += 1;
    return true;
  }
}

@Controller()
class LimitedController {
  @Get('things')
  list(): { ok: true } {
    return { ok: true };
  }

  @Post('things')
  @UseGuards(CountingGuard)
  create(@Body() body: object): object {
    return body;
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [LimitedController], providers: [CountingGuard] })
class LimitedModule {}

const keyA = `Bearer ${generateApiKey().token}`;
const keyB = `Bearer ${generateApiKey().token}`;
/** An ADMIN_API_KEY-shaped token: any printable string of 24+ characters. */
const configuredKey = 'Bearer operator-chosen-admin-key-0123456789';

async function startApp(env: Record<string, string>): Promise<HttpTestApp> {
  return createHttpTestApp({ imports: [LimitedModule] }, env);
}

function http(testApp: HttpTestApp): ReturnType<typeof request> {
  return request(testApp.app.getHttpServer());
}

/** RateLimit-Limit, -Remaining and -Reset as sent. */
function rateHeaders(response: request.Response): unknown[] {
  return [
    response.headers['ratelimit-limit'],
    response.headers['ratelimit-remaining'],
    response.headers['ratelimit-reset'],
  ];
}

describe('rate limiting (HTTP)', () => {
  describe('per API key, 3 a minute; anonymous 2 a minute', () => {
    let testApp: HttpTestApp;

    beforeEach(async () => {
      testApp = await startApp({
        RATE_LIMIT_PER_MINUTE: '3',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
      });
      CountingGuard.calls = 0;
    });

    afterEach(async () => {
      await testApp.app.close();
    });

    it('sends RateLimit-Limit, -Remaining and -Reset on every response, counting down', async () => {
      const seen: unknown[][] = [];
      for (let i = 0; i < 3; i++) {
        const response = await http(testApp).get('/things').set('Authorization', keyA).expect(200);
        seen.push(rateHeaders(response));
      }
      // One request refills every 20 s; Reset is when the whole limit is available again.
      expect(seen).toEqual([
        ['3', '2', '20'],
        ['3', '1', '40'],
        ['3', '0', '60'],
      ]);
    });

    it('answers 429 problem+json with Retry-After once the limit is used up', async () => {
      for (let i = 0; i < 3; i++) {
        await http(testApp).get('/things').set('Authorization', keyA).expect(200);
      }
      const refused = await http(testApp)
        .get('/things?page=2')
        .set('Authorization', keyA)
        .set('X-Request-Id', 'limited-1')
        .expect(429);

      expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(refused.headers['retry-after']).toBe('20');
      expect(rateHeaders(refused)).toEqual(['3', '0', '60']);
      expect(refused.headers['x-request-id']).toBe('limited-1');
      expect(refused.body).toEqual({
        type: 'https://servicetrail.dev/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: 'The limit for this API key is 3 requests a minute; retry in 20 s.',
        instance: '/things',
        requestId: 'limited-1',
      });
      expect(testApp.logs).toContainEqual(
        expect.objectContaining({
          msg: 'request completed',
          statusCode: 429,
          requestId: 'limited-1',
        }),
      );
    });

    it('refills as the clock moves: one request per 20 s, never more than the limit', async () => {
      for (let i = 0; i < 3; i++) {
        await http(testApp).get('/things').set('Authorization', keyA).expect(200);
      }
      testApp.clock.advance(19_999);
      const early = await http(testApp).get('/things').set('Authorization', keyA).expect(429);
      expect(early.headers['retry-after']).toBe('1');

      testApp.clock.advance(1);
      const refilled = await http(testApp).get('/things').set('Authorization', keyA).expect(200);
      expect(rateHeaders(refilled)).toEqual(['3', '0', '60']);

      testApp.clock.advance(10 * 60_000);
      const rested = await http(testApp).get('/things').set('Authorization', keyA).expect(200);
      expect(rateHeaders(rested)).toEqual(['3', '2', '20']);
    });

    it('limits each key on its own', async () => {
      for (let i = 0; i < 3; i++) {
        await http(testApp).get('/things').set('Authorization', keyA).expect(200);
      }
      await http(testApp).get('/things').set('Authorization', keyA).expect(429);

      const other = await http(testApp).get('/things').set('Authorization', keyB).expect(200);
      expect(rateHeaders(other)).toEqual(['3', '2', '20']);
      const configured = await http(testApp)
        .get('/things')
        .set('Authorization', configuredKey)
        .expect(200);
      expect(rateHeaders(configured)).toEqual(['3', '2', '20']);
      // Without a key the anonymous limit applies, untouched by the keys' use.
      const anonymous = await http(testApp).get('/things').expect(200);
      expect(rateHeaders(anonymous)).toEqual(['2', '1', '30']);
    });

    it('does not let made-up secrets for a known key id use up that key', async () => {
      const victim = generateApiKey();
      const forged = `Bearer st_${victim.keyId}_${generateApiKey().secret}`;
      for (let i = 0; i < 4; i++) {
        await http(testApp).get('/things').set('Authorization', forged);
      }
      const real = await http(testApp)
        .get('/things')
        .set('Authorization', `Bearer ${victim.token}`)
        .expect(200);
      expect(rateHeaders(real)).toEqual(['3', '2', '20']);
    });

    it('limits requests without a usable key per IP, whatever garbage token they send', async () => {
      await http(testApp).get('/things').expect(200);
      await http(testApp).get('/things').set('Authorization', 'Bearer short').expect(200);
      const refused = await http(testApp)
        .get('/things')
        .set('Authorization', 'Basic dXNlcjpwYXNz')
        .expect(429);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/rate-limited',
        detail:
          'The limit for your address without an API key is 2 requests a minute; retry in 30 s.',
      });

      // Another address has its own bucket (inject sets the peer address supertest cannot).
      const fastify = testApp.app.getHttpAdapter().getInstance();
      const elsewhere = await fastify.inject({
        method: 'GET',
        url: '/things',
        remoteAddress: '203.0.113.7',
      });
      expect(elsewhere.statusCode).toBe(200);
      expect(elsewhere.headers['ratelimit-remaining']).toBe('1');
      // …and the same /64 is the same client.
      for (const remoteAddress of ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9']) {
        await fastify.inject({ method: 'GET', url: '/things', remoteAddress });
      }
      const sameSubnet = await fastify.inject({
        method: 'GET',
        url: '/things',
        remoteAddress: '2001:db8:1:2:abcd::3',
      });
      expect(sameSubnet.statusCode).toBe(429);
    });

    it('refuses before body parsing and authentication', async () => {
      for (let i = 0; i < 3; i++) {
        await http(testApp).post('/things').set('Authorization', keyA).send({ n: i }).expect(201);
      }
      expect(CountingGuard.calls).toBe(3);
      const refused = await http(testApp)
        .post('/things')
        .set('Authorization', keyA)
        .set('Content-Type', 'application/json')
        .send('{"not json')
        .expect(429);
      expect(refused.body).toMatchObject({ status: 429 });
      expect(CountingGuard.calls).toBe(3);
    });

    it('counts and labels error responses too (404)', async () => {
      const missing = await http(testApp)
        .get('/no-such-route')
        .set('Authorization', keyA)
        .expect(404);
      expect(rateHeaders(missing)).toEqual(['3', '2', '20']);
    });

    it('leaves /health alone: no headers, no counting, never refused', async () => {
      for (let i = 0; i < 5; i++) {
        const health = await http(testApp).get('/health').expect(200);
        expect(health.headers['ratelimit-limit']).toBeUndefined();
      }
      await http(testApp).get('/health?probe=1').expect(200);
      const first = await http(testApp).get('/things').expect(200);
      expect(rateHeaders(first)).toEqual(['2', '1', '30']);
    });
  });

  it('is off for keys when RATE_LIMIT_PER_MINUTE is 0, the anonymous limit still applying', async () => {
    const testApp = await startApp({
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    });
    try {
      for (let i = 0; i < 20; i++) {
        const response = await http(testApp).get('/things').set('Authorization', keyA).expect(200);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
      await http(testApp).get('/things').expect(200);
      await http(testApp).get('/things').expect(429);
    } finally {
      await testApp.app.close();
    }
  });

  it('is off entirely when both limits are 0', async () => {
    const testApp = await startApp({
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    });
    try {
      for (let i = 0; i < 20; i++) {
        const response = await http(testApp).get('/things').expect(200);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await testApp.app.close();
    }
  });

  it('by default allows a test suite’s worth of requests (the defaults apply)', async () => {
    const testApp = await startApp({});
    try {
      const keyed = await http(testApp).get('/things').set('Authorization', keyA).expect(200);
      expect(rateHeaders(keyed)).toEqual(['6000', '5999', '1']);
      const anonymous = await http(testApp).get('/things').expect(200);
      expect(rateHeaders(anonymous)).toEqual(['300', '299', '1']);
    } finally {
      await testApp.app.close();
    }
  });
});

import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  InternalServerErrorException,
  Param,
  Post,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  ValidateNested,
} from 'class-validator';
import request from 'supertest';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from '../../event-store/event-store.errors';
import { MetricsModule } from '../metrics/metrics.module';
import { formatEtag, parseIfMatch } from './concurrency';
import { DomainError } from './domain-error';
import { createHttpTestApp, type HttpTestApp } from './testing/http-test-app';

class ContactDto {
  @IsEmail()
  email!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;
}

class LineDto {
  @IsInt()
  @Max(10)
  quantity!: number;
}

class CreateThingDto {
  @IsString()
  @IsNotEmpty()
  title!: string;

  @ValidateNested()
  @Type(() => ContactDto)
  customer!: ContactDto;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines?: LineDto[];
}

class TicketClosedError extends DomainError {
  constructor(id: string) {
    super({
      type: 'ticket-closed',
      title: 'The ticket is closed',
      detail: `Ticket ${id} is closed and cannot be assigned`,
      status: 409,
      extensions: { ticketId: id },
    });
  }
}

@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingDto): { title: string; isDto: boolean; nestedIsDto: boolean } {
    return {
      title: body.title,
      isDto: body instanceof CreateThingDto,
      nestedIsDto: body.customer instanceof ContactDto,
    };
  }

  @Get(':id')
  read(@Param('id') id: string): { id: string; etag: string } {
    return { id, etag: formatEtag(3n) };
  }

  @Post(':id/close')
  @HttpCode(200)
  close(@Headers('if-match') ifMatch: string | undefined): { expected: string | null } {
    const expected = parseIfMatch(ifMatch);
    return { expected: expected === undefined ? null : expected.toString() };
  }
}

@Controller('failures')
class FailuresController {
  @Post('domain')
  domain(): never {
    throw new TicketClosedError('t-1');
  }

  @Post('default-domain')
  defaultDomain(): never {
    throw new DomainError({ type: 'rule-broken', title: 'A rule', detail: 'broken' });
  }

  @Post('wrong-version')
  wrongVersion(): never {
    throw new WrongExpectedVersionError('ticket-1', 3n, 5n);
  }

  @Post('event-id-conflict')
  eventIdConflict(): never {
    throw new EventIdConflictError('ticket-1', ['e1'], 'different content');
  }

  @Get('unavailable')
  unavailable(): never {
    throw new EventStoreUnavailableError('esdb: 14 UNAVAILABLE: No connection established');
  }

  @Get('bug')
  bug(): never {
    throw new TypeError("Cannot read properties of undefined (reading 'secretColumn')");
  }

  @Get('internal')
  internal(): never {
    throw new InternalServerErrorException('password=hunter2 in connection string');
  }
}

const PROBLEM_CONTENT_TYPE = /^application\/problem\+json/;

describe('HTTP conventions (problem details, request ids, logs, metrics)', () => {
  let t: HttpTestApp;

  beforeAll(async () => {
    t = await createHttpTestApp(
      { imports: [MetricsModule], controllers: [ThingsController, FailuresController] },
      { BODY_LIMIT_BYTES: '2048' },
    );
  });

  afterAll(async () => {
    await t.app.close();
  });

  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());

  const validThing = { title: 'Printer', customer: { email: 'ana@example.com', name: 'Ana' } };

  it('passes a valid body through, transformed into its DTO class', async () => {
    const res = await http().post('/things').send(validThing).expect(201);
    expect(res.body).toEqual({ title: 'Printer', isDto: true, nestedIsDto: true });
  });

  it('answers validation failures with a 400 problem listing nested field paths', async () => {
    const res = await http()
      .post('/things')
      .send({
        title: '',
        customer: { email: 'not-an-email', name: 'Ana' },
        lines: [{ quantity: 11 }],
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/validation-error',
      title: 'Your request is not valid',
      status: 400,
      instance: '/things',
      requestId: res.headers['x-request-id'],
    });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'title', message: expect.any(String), code: 'isNotEmpty' },
        { field: 'customer.email', message: expect.any(String), code: 'isEmail' },
        { field: 'lines[0].quantity', message: expect.any(String), code: 'max' },
      ]),
    );
    expect(res.body.detail).toContain('customer.email');
    expect(JSON.stringify(res.body)).not.toContain('not-an-email');
  });

  it('rejects unknown properties, top-level and nested, naming them', async () => {
    const res = await http()
      .post('/things')
      .send({ ...validThing, colour: 'red', customer: { ...validThing.customer, vip: true } })
      .expect(400);
    expect(res.body.type).toBe('https://servicetrail.dev/problems/validation-error');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'unknown property colour', code: 'unknown-property' },
        {
          field: 'customer.vip',
          message: 'unknown property customer.vip',
          code: 'unknown-property',
        },
      ]),
    );
    expect(res.body.detail).toContain('colour');
  });

  it('rejects a body that is not an object', async () => {
    const res = await http().post('/things').send([1, 2]).expect(400);
    expect(res.body.type).toBe('https://servicetrail.dev/problems/validation-error');
  });

  it('answers malformed JSON with a 400 malformed-json problem', async () => {
    const res = await http()
      .post('/things')
      .set('content-type', 'application/json')
      .send('{"title": "Printer",')
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/malformed-json',
      status: 400,
      instance: '/things',
    });
  });

  it('refuses __proto__ keys in bodies', async () => {
    const res = await http()
      .post('/things')
      .set('content-type', 'application/json')
      .send('{"__proto__": {"admin": true}}')
      .expect(400);
    expect(res.body.type).toBe('https://servicetrail.dev/problems/malformed-json');
  });

  it('accepts application/*+json bodies', async () => {
    await http()
      .post('/things')
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify(validThing))
      .expect(201);
  });

  it('answers a non-JSON media type with 415', async () => {
    const res = await http()
      .post('/things')
      .set('content-type', 'text/plain')
      .send('title=Printer')
      .expect(415);
    expect(res.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/unsupported-media-type',
      status: 415,
    });
    await http()
      .post('/things')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('title=Printer')
      .expect(415);
  });

  it('answers a body over BODY_LIMIT_BYTES with a 413 problem', async () => {
    const res = await http()
      .post('/things')
      .send({ ...validThing, title: 'x'.repeat(4096) })
      .expect(413);
    expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/payload-too-large',
      status: 413,
      detail: expect.stringContaining('2048'),
    });
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await http().get('/no/such/route?x=1').expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(res.body).toEqual({
      type: 'https://servicetrail.dev/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No route matches GET /no/such/route.',
      instance: '/no/such/route',
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await http().delete('/things/abc').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.body.type).toBe('https://servicetrail.dev/problems/method-not-allowed');
  });

  it('renders a thrown DomainError with its own type, status and extensions', async () => {
    const res = await http().post('/failures/domain').expect(409);
    expect(res.body).toEqual({
      type: 'https://servicetrail.dev/problems/ticket-closed',
      title: 'The ticket is closed',
      status: 409,
      detail: 'Ticket t-1 is closed and cannot be assigned',
      instance: '/failures/domain',
      requestId: res.headers['x-request-id'],
      ticketId: 't-1',
    });
    const byDefault = await http().post('/failures/default-domain').expect(422);
    expect(byDefault.body.type).toBe('https://servicetrail.dev/problems/rule-broken');
  });

  it('maps WrongExpectedVersionError to 409, or 412 when the client sent If-Match', async () => {
    const without = await http().post('/failures/wrong-version').expect(409);
    expect(without.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/concurrency-conflict',
      currentRevision: '5',
    });
    const withIfMatch = await http()
      .post('/failures/wrong-version')
      .set('if-match', 'W/"3"')
      .expect(412);
    expect(withIfMatch.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/precondition-failed',
      status: 412,
      currentRevision: '5',
    });
  });

  it('maps EventIdConflictError to 409 and an unavailable event store to 503 with Retry-After', async () => {
    const conflict = await http().post('/failures/event-id-conflict').expect(409);
    expect(conflict.body.type).toBe('https://servicetrail.dev/problems/event-id-conflict');
    const down = await http().get('/failures/unavailable').expect(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.type).toBe('https://servicetrail.dev/problems/service-unavailable');
    expect(JSON.stringify(down.body)).not.toContain('esdb');
  });

  it('parses If-Match for commands, and rejects a malformed one with 400', async () => {
    const ok = await http().post('/things/a/close').set('if-match', 'W/"7"').expect(200);
    expect(ok.body).toEqual({ expected: '7' });
    const none = await http().post('/things/a/close').expect(200);
    expect(none.body).toEqual({ expected: null });
    const bad = await http().post('/things/a/close').set('if-match', 'seven').expect(400);
    expect(bad.body.type).toBe('https://servicetrail.dev/problems/invalid-if-match');
  });

  it('answers an unexpected error with a bare 500 problem and logs the stack', async () => {
    const res = await http().get('/failures/bug').set('x-request-id', 'bug-req-1').expect(500);
    expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(res.body).toEqual({
      type: 'https://servicetrail.dev/problems/internal-error',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
      instance: '/failures/bug',
      requestId: 'bug-req-1',
    });
    expect(res.text).not.toContain('secretColumn');
    expect(res.text).not.toContain('at ');
    const logged = t.logs.find((l) => l.requestId === 'bug-req-1' && l.msg === 'unexpected error');
    expect(logged).toMatchObject({ level: 'error', statusCode: 500 });
    expect((logged?.err as { stack: string }).stack).toContain('secretColumn');

    const internal = await http().get('/failures/internal').expect(500);
    expect(internal.text).not.toContain('hunter2');
  });

  it('echoes a sane X-Request-Id and generates one otherwise, on success and error', async () => {
    const echoed = await http().get('/things/1').set('x-request-id', 'client-abc.123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('client-abc.123');
    const generated = await http().get('/things/1').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await http().get('/nope').set('x-request-id', 'a b<script>').expect(404);
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe.body.requestId).toBe(unsafe.headers['x-request-id']);
  });

  it('writes one structured log line per request with the route pattern', async () => {
    await http().get('/things/42?verbose=1').set('x-request-id', 'log-req-1').expect(200);
    const lines = t.logs.filter((l) => l.requestId === 'log-req-1');
    expect(lines).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        msg: 'request completed',
        requestId: 'log-req-1',
        method: 'GET',
        url: '/things/42',
        route: '/things/:id',
        statusCode: 200,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('serves Prometheus metrics with request latency labelled by route pattern', async () => {
    await http().get('/things/first').expect(200);
    await http().get('/things/second').expect(200);
    await http().get('/unknown/route/9f3a').expect(404);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const count =
      /http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status_code="200"\} (\d+)/.exec(
        res.text,
      );
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(2);
    expect(res.text).toContain('route="unmatched",status_code="404"');
    expect(res.text).not.toContain('/things/first');
    expect(res.text).not.toContain('9f3a');
  });
});

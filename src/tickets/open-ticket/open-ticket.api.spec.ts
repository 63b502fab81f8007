/**
 * POST /tickets against the whole app (real guard, validation, problem details, idempotency) on
 * PostgreSQL: the response, the events on `ticket-<id>` and the customer record `customer-<id>`.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { CustomerRecords } from '../customers/customer-records';
import { customerStreamName } from '../customers/customer.events';
import type { TicketOpenedData } from '../ticket.events';
import {
  apiKeyFor,
  bearer,
  errorCodes,
  errorFields,
  expectedMetadata,
  openTicketBody,
  problem,
  streamEvents,
  ticketEvents,
} from './testing/ticket-intake.fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('POST /tickets (open a ticket)', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };
  let customerSeq = 0;

  const server = () => testApp.app.getHttpServer();
  const newCustomerId = () => `crm-open-${++customerSeq}`;
  const post = (key: string, body: unknown) =>
    request(server())
      .post('/tickets')
      .set(bearer(key))
      .send(body as object);

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-dana');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('opens the ticket: 201 with Location, ETag and body; TicketOpened by the caller and the receipt acknowledgement by the system', async () => {
    testApp.clock.set('2026-01-05T09:00:00.000Z');
    const customerId = newCustomerId();
    const response = await request(server())
      .post('/tickets')
      .set(bearer(supervisor.key))
      .set('X-Request-Id', 'req-open-1')
      .set('X-Correlation-Id', 'corr-open-1')
      .send(
        openTicketBody({
          customer: {
            id: customerId,
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            phone: '+44 20 7946 0958',
            tier: 'premium',
          },
          receivedAt: '2026-01-05T08:57:12Z',
          priority: 'high',
          tags: [' Login ', 'mobile', 'login'],
        }),
      );

    expect(response.status).toBe(201);
    const id = (response.body as { id: string }).id;
    expect(id).toMatch(UUID);
    expect(response.headers.location).toBe(`/tickets/${id}`);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body).toEqual({
      id,
      status: 'new',
      revision: 1,
      channel: 'email',
      type: 'incident',
      priority: 'high',
      tags: ['login', 'mobile'],
      customerId,
      language: 'en',
      receivedAt: '2026-01-05T08:57:12.000Z',
      openedAt: '2026-01-05T09:00:00.000Z',
    });

    const events = await ticketEvents(testApp, id);
    expect(events.map((event) => event.type)).toEqual([
      'TicketOpened',
      'TicketReceiptAcknowledged',
    ]);
    const ids = { requestId: 'req-open-1', correlationId: 'corr-open-1' };
    expect(events[0]?.data).toEqual({
      ticketId: id,
      channel: 'email',
      subject: 'Cannot log in since the update',
      description: 'After installing 4.2 the app says my password is wrong.',
      customer: {
        id: customerId,
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0958',
        tier: 'premium',
      },
      type: 'incident',
      priority: 'high',
      tags: ['login', 'mobile'],
      language: 'en',
      receivedAt: '2026-01-05T08:57:12.000Z',
      openedAt: '2026-01-05T09:00:00.000Z',
      followUpOf: null,
    });
    expect(events[0]?.metadata).toEqual(
      expectedMetadata(testApp, { type: 'supervisor', id: 'sup-dana' }, ids),
    );
    expect(events[1]?.data).toEqual({
      ticketId: id,
      channel: 'email',
      customerId,
      acknowledgedAt: '2026-01-05T09:00:00.000Z',
    });
    expect(events[1]?.metadata).toEqual(
      expectedMetadata(testApp, { type: 'system', id: 'servicetrail' }, ids),
    );
  });

  it('defaults the priority to normal and receivedAt to the opening time', async () => {
    const body = openTicketBody({ customer: { id: newCustomerId(), name: 'Bo', tier: 'vip' } });
    delete (body as { tags?: unknown }).tags;
    const response = await post(supervisor.key, body);

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ priority: 'normal', tags: [], status: 'new' });
    const [opened] = await ticketEvents(testApp, (response.body as { id: string }).id);
    expect(opened?.data).toMatchObject({
      priority: 'normal',
      tags: [],
      receivedAt: testApp.clock.now().toISOString(),
      openedAt: testApp.clock.now().toISOString(),
      customer: { name: 'Bo', email: null, phone: null, tier: 'vip' },
    });
  });

  describe('the customer record', () => {
    it('is registered by the first ticket, changed only when the details differ, and keeps contact details a ticket leaves out', async () => {
      const customerId = newCustomerId();
      const stream = customerStreamName(customerId);
      testApp.clock.set('2026-01-05T10:00:00.000Z');
      const first = await post(
        supervisor.key,
        openTicketBody({
          customer: { id: customerId, name: 'Cy', email: 'cy@example.com', tier: 'standard' },
        }),
      );
      expect(first.status).toBe(201);
      const firstId = (first.body as { id: string }).id;

      let events = await streamEvents(testApp, stream);
      expect(events.map((event) => event.type)).toEqual(['CustomerRegistered']);
      expect(events[0]?.data).toEqual({
        customerId,
        name: 'Cy',
        email: 'cy@example.com',
        phone: null,
        tier: 'standard',
        sourceTicketId: firstId,
        detailsAsOf: '2026-01-05T10:00:00.000Z',
        registeredAt: '2026-01-05T10:00:00.000Z',
      });
      expect(events[0]?.metadata).toMatchObject({
        actor: { type: 'supervisor', id: 'sup-dana' },
        schemaVersion: 1,
        occurredAt: '2026-01-05T10:00:00.000Z',
      });

      // The same details again: nothing recorded on the customer.
      testApp.clock.set('2026-01-05T10:05:00.000Z');
      await post(
        supervisor.key,
        openTicketBody({
          customer: { id: customerId, name: 'Cy', email: 'cy@example.com', tier: 'standard' },
        }),
      );
      expect(await streamEvents(testApp, stream)).toHaveLength(1);

      // A phone call (no e-mail given) with a new tier and phone: the e-mail stays.
      testApp.clock.set('2026-01-05T11:00:00.000Z');
      const third = await post(
        supervisor.key,
        openTicketBody({
          channel: 'phone',
          customer: { id: customerId, name: 'Cy', phone: '+1 555 0100', tier: 'vip' },
        }),
      );
      const thirdId = (third.body as { id: string }).id;
      events = await streamEvents(testApp, stream);
      expect(events.map((event) => event.type)).toEqual([
        'CustomerRegistered',
        'CustomerDetailsChanged',
      ]);
      expect(events[1]?.data).toEqual({
        customerId,
        name: 'Cy',
        email: 'cy@example.com',
        phone: '+1 555 0100',
        tier: 'vip',
        previous: { name: 'Cy', email: 'cy@example.com', phone: null, tier: 'standard' },
        changedFields: ['phone', 'tier'],
        sourceTicketId: thirdId,
        detailsAsOf: '2026-01-05T11:00:00.000Z',
        changedAt: '2026-01-05T11:00:00.000Z',
      });
    });

    it('is safe to record again for the same ticket (a retry after a partial failure) and ignores an older ticket recorded late', async () => {
      const customerId = newCustomerId();
      testApp.clock.set('2026-01-06T09:00:00.000Z');
      const older = await post(
        supervisor.key,
        openTicketBody({ customer: { id: customerId, name: 'Di', tier: 'standard' } }),
      );
      testApp.clock.set('2026-01-06T12:00:00.000Z');
      await post(
        supervisor.key,
        openTicketBody({ customer: { id: customerId, name: 'Di Jones', tier: 'premium' } }),
      );
      const stream = customerStreamName(customerId);
      const before = await streamEvents(testApp, stream);
      expect(before.map((event) => event.type)).toEqual([
        'CustomerRegistered',
        'CustomerDetailsChanged',
      ]);

      // Recording the older ticket once more (as a repair job or retry would) changes nothing.
      const [openedEvent] = await ticketEvents(testApp, (older.body as { id: string }).id);
      const result = await testApp.app
        .get(CustomerRecords)
        .recordFromTicket(openedEvent?.data as unknown as TicketOpenedData, {
          actor: { type: 'system', id: 'servicetrail' },
          correlationId: 'repair',
          causationId: null,
        });
      expect(result).toEqual({ customerId, outcome: 'unchanged', revision: 1n });
      expect(await streamEvents(testApp, stream)).toHaveLength(2);
    });
  });

  describe('validation (400 with field errors, nothing recorded)', () => {
    it('rejects unknown properties, at the top level and inside customer', async () => {
      const response = await post(
        supervisor.key,
        openTicketBody({
          severity: 'sev1',
          customer: { id: newCustomerId(), name: 'Ed', tier: 'standard', vip: true },
        }),
      );
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ type: problem('validation-error'), status: 400 });
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining(['severity', 'customer.vip']),
      );
      expect(errorCodes(response.body)).toContain('unknown-property');
    });

    it('rejects values outside the enums', async () => {
      const response = await post(
        supervisor.key,
        openTicketBody({
          channel: 'fax',
          type: 'rant',
          priority: 'critical',
          customer: { id: newCustomerId(), name: 'Ed', tier: 'gold' },
        }),
      );
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining(['channel', 'type', 'priority', 'customer.tier']),
      );
    });

    it('rejects missing fields and malformed values', async () => {
      const body = openTicketBody({
        customer: { id: 'has spaces', name: '   ', email: 'not-an-email', tier: 'standard' },
        receivedAt: '2026-01-05T08:57:12',
        tags: ['ok', ''],
        language: 'English',
      });
      delete (body as { subject?: unknown }).subject;
      const response = await post(supervisor.key, body);
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining([
          'subject',
          'customer.id',
          'customer.name',
          'customer.email',
          'receivedAt',
          'tags',
          'language',
        ]),
      );
    });

    it('rejects a missing customer object', async () => {
      const body = openTicketBody();
      delete (body as { customer?: unknown }).customer;
      const response = await post(supervisor.key, body);
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toContain('customer');
    });

    it('refuses a receivedAt in the future with 422 invalid-ticket-command', async () => {
      testApp.clock.set('2026-01-05T09:00:00.000Z');
      const response = await post(
        supervisor.key,
        openTicketBody({ receivedAt: '2026-01-05T09:00:01Z' }),
      );
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: problem('invalid-ticket-command'),
        field: 'receivedAt',
      });
    });
  });

  it('replays a request sent again with the same Idempotency-Key and opens no second ticket', async () => {
    const customerId = newCustomerId();
    const body = openTicketBody({ customer: { id: customerId, name: 'Flo', tier: 'standard' } });
    const first = await request(server())
      .post('/tickets')
      .set(bearer(supervisor.key))
      .set('Idempotency-Key', 'open-once-1')
      .send(body);
    const again = await request(server())
      .post('/tickets')
      .set(bearer(supervisor.key))
      .set('Idempotency-Key', 'open-once-1')
      .send(body);

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    // One ticket for this customer: exactly one registration, naming the first ticket.
    const customerEvents = await streamEvents(testApp, customerStreamName(customerId));
    expect(customerEvents.map((event) => event.data.sourceTicketId)).toEqual([
      (first.body as { id: string }).id,
    ]);
    expect(await ticketEvents(testApp, (first.body as { id: string }).id)).toHaveLength(2);
  });

  describe('roles', () => {
    it.each(['admin', 'supervisor', 'agent'] as const)('lets a %s open a ticket', async (role) => {
      const { key, principalId } = await apiKeyFor(testApp, role);
      const response = await post(key, openTicketBody());
      expect(response.status).toBe(201);
      const [opened] = await ticketEvents(testApp, (response.body as { id: string }).id);
      expect(opened?.metadata.actor).toEqual({ type: role, id: principalId });
    });

    it.each(['integrator', 'auditor'] as const)('refuses a %s with 403', async (role) => {
      const { key } = await apiKeyFor(testApp, role);
      const response = await post(key, openTicketBody());
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: problem('forbidden') });
    });

    it('refuses a request without an API key with 401', async () => {
      const response = await request(server()).post('/tickets').send(openTicketBody());
      expect(response.status).toBe(401);
    });
  });
});

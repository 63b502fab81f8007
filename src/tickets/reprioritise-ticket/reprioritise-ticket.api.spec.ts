/**
 * POST /tickets/{id}/priority against the whole app on PostgreSQL.
 */
import request from 'supertest';
import { createAgent, createTeam } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  apiKeyFor,
  assignTicket,
  bearer,
  closeByMerge,
  errorCodes,
  errorFields,
  expectedMetadata,
  openTicket,
  problem,
  ticketEvents,
} from '../open-ticket/testing/ticket-intake.fixtures';

describe('POST /tickets/{id}/priority', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };

  const reprioritise = (id: string, body: object, key = supervisor.key) =>
    request(testApp.app.getHttpServer())
      .post(`/tickets/${id}/priority`)
      .set(bearer(key))
      .send(body);

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-priority');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('records TicketReprioritised with the reason: 200 and the new ETag', async () => {
    testApp.clock.set('2026-01-05T09:00:00.000Z');
    const ticket = await openTicket(testApp);
    testApp.clock.set('2026-01-05T09:30:00.000Z');

    const response = await request(testApp.app.getHttpServer())
      .post(`/tickets/${ticket.id}/priority`)
      .set(bearer(supervisor.key))
      .set('If-Match', ticket.etag)
      .set('X-Request-Id', 'req-priority-1')
      .send({ priority: 'urgent', reason: 'Outage for every user of the customer' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ticket.id, status: 'new', revision: 2 });
    expect(response.headers.etag).toBe('W/"2"');
    const events = await ticketEvents(testApp, ticket.id);
    expect(events.map((event) => event.type)).toEqual([
      'TicketOpened',
      'TicketReceiptAcknowledged',
      'TicketReprioritised',
    ]);
    expect(events[2]?.data).toEqual({
      ticketId: ticket.id,
      priority: 'urgent',
      previousPriority: 'normal',
      reason: 'Outage for every user of the customer',
      reprioritisedAt: '2026-01-05T09:30:00.000Z',
    });
    expect(events[2]?.metadata).toEqual(
      expectedMetadata(
        testApp,
        { type: 'supervisor', id: 'sup-priority' },
        {
          requestId: 'req-priority-1',
        },
      ),
    );
  });

  it('records nothing for the priority the ticket already has (revision and ETag unchanged)', async () => {
    const ticket = await openTicket(testApp);
    const response = await reprioritise(ticket.id, { priority: 'normal', reason: 'No change' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ticket.id, status: 'new', revision: 1 });
    expect(response.headers.etag).toBe(ticket.etag);
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(2);
  });

  describe('refusals', () => {
    it('400 with field errors for a missing reason, a bad priority and an unknown property', async () => {
      const ticket = await openTicket(testApp);
      const response = await reprioritise(ticket.id, { priority: 'critical', impact: 'high' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ type: problem('validation-error') });
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining(['priority', 'reason', 'impact']),
      );
      expect(errorCodes(response.body)).toContain('unknown-property');
    });

    it('400 for a blank reason', async () => {
      const ticket = await openTicket(testApp);
      const response = await reprioritise(ticket.id, { priority: 'high', reason: '   ' });
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(['reason']);
    });

    it('404 ticket-not-found for an unknown ticket', async () => {
      const response = await reprioritise('6a1c7e52-0000-4000-8000-000000000000', {
        priority: 'high',
        reason: 'x',
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ type: problem('ticket-not-found') });
    });

    it('409 ticket-closed on a closed ticket', async () => {
      const ticket = await openTicket(testApp);
      await closeByMerge(testApp, ticket.id);
      const response = await reprioritise(ticket.id, { priority: 'high', reason: 'Too late' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('ticket-closed'),
        command: 'ReprioritiseTicket',
      });
    });

    it('412 when If-Match names an older revision, and nothing is recorded', async () => {
      const ticket = await openTicket(testApp);
      await reprioritise(ticket.id, { priority: 'low', reason: 'Cosmetic' });
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/priority`)
        .set(bearer(supervisor.key))
        .set('If-Match', ticket.etag)
        .send({ priority: 'high', reason: 'Escalated by the customer' });
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({ type: problem('precondition-failed') });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
    });

    it('400 invalid-if-match for an If-Match that is not one of our ETags', async () => {
      const ticket = await openTicket(testApp);
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/priority`)
        .set(bearer(supervisor.key))
        .set('If-Match', '*')
        .send({ priority: 'high', reason: 'x' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ type: problem('invalid-if-match') });
    });
  });

  it('replays a request sent again with the same Idempotency-Key and appends nothing more', async () => {
    const ticket = await openTicket(testApp);
    const send = () =>
      request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/priority`)
        .set(bearer(supervisor.key))
        .set('Idempotency-Key', `priority-${ticket.id}`)
        .send({ priority: 'high', reason: 'VIP waiting' });
    const first = await send();
    await reprioritise(ticket.id, { priority: 'low', reason: 'Back down' });
    const again = await send();

    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const events = await ticketEvents(testApp, ticket.id);
    expect(events.map((event) => event.data.priority ?? null).slice(2)).toEqual(['high', 'low']);
  });

  it('lets an agent reprioritise a ticket of their team and refuses one of another team with 403', async () => {
    const teamId = await createTeam(testApp);
    const agent = await createAgent(testApp, { teams: [teamId] });
    const mine = await openTicket(testApp);
    await assignTicket(testApp, mine.id, { teamId });
    const theirs = await openTicket(testApp);
    await assignTicket(testApp, theirs.id, { teamId: await createTeam(testApp) });

    const allowed = await reprioritise(mine.id, { priority: 'high', reason: 'x' }, agent.apiKey);
    expect(allowed.status).toBe(200);
    const denied = await reprioritise(theirs.id, { priority: 'high', reason: 'x' }, agent.apiKey);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ type: problem('ticket-access-denied') });
    expect(await ticketEvents(testApp, theirs.id)).toHaveLength(3);
  });
});

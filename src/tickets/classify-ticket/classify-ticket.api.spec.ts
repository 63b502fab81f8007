/**
 * POST /tickets/{id}/classify against the whole app on PostgreSQL.
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

describe('POST /tickets/{id}/classify', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };

  const classify = (id: string, body: object, key = supervisor.key) =>
    request(testApp.app.getHttpServer())
      .post(`/tickets/${id}/classify`)
      .set(bearer(key))
      .send(body);

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-classify');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('records TicketClassified with the classification before and after: 200, {id,status,revision} and the new ETag', async () => {
    testApp.clock.set('2026-01-05T09:00:00.000Z');
    const ticket = await openTicket(testApp);
    testApp.clock.set('2026-01-05T09:10:00.000Z');

    const response = await request(testApp.app.getHttpServer())
      .post(`/tickets/${ticket.id}/classify`)
      .set(bearer(supervisor.key))
      .set('If-Match', ticket.etag)
      .set('X-Request-Id', 'req-classify-1')
      .send({ type: 'problem', tags: ['SSO', 'login', 'sso'], productArea: 'identity' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ticket.id, status: 'new', revision: 2 });
    expect(response.headers.etag).toBe('W/"2"');
    const events = await ticketEvents(testApp, ticket.id);
    expect(events).toHaveLength(3);
    expect(events[2]?.type).toBe('TicketClassified');
    expect(events[2]?.data).toEqual({
      ticketId: ticket.id,
      type: 'problem',
      tags: ['login', 'sso'],
      productArea: 'identity',
      previousType: 'incident',
      previousTags: ['login', 'mobile'],
      previousProductArea: null,
      classifiedAt: '2026-01-05T09:10:00.000Z',
    });
    expect(events[2]?.metadata).toEqual(
      expectedMetadata(
        testApp,
        { type: 'supervisor', id: 'sup-classify' },
        {
          requestId: 'req-classify-1',
        },
      ),
    );
  });

  it('changes only the fields given, clears the product area with null, and records nothing for the same classification', async () => {
    const ticket = await openTicket(testApp);
    expect((await classify(ticket.id, { productArea: 'billing' })).status).toBe(200);

    const cleared = await classify(ticket.id, { productArea: null });
    expect(cleared.status).toBe(200);
    const events = await ticketEvents(testApp, ticket.id);
    expect(events[3]?.data).toMatchObject({
      type: 'incident',
      tags: ['login', 'mobile'],
      productArea: null,
      previousProductArea: 'billing',
    });

    const same = await classify(ticket.id, { type: 'incident', tags: ['mobile', 'LOGIN'] });
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ id: ticket.id, status: 'new', revision: 3 });
    expect(same.headers.etag).toBe('W/"3"');
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(4);
  });

  describe('refusals', () => {
    it('400 with field errors for an unknown property, a bad enum and a wrong type', async () => {
      const ticket = await openTicket(testApp);
      const response = await classify(ticket.id, { type: 'rant', tags: 'login', urgency: 3 });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ type: problem('validation-error') });
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining(['type', 'tags', 'urgency']),
      );
      expect(errorCodes(response.body)).toContain('unknown-property');
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(2);
    });

    it('422 invalid-ticket-command when nothing to classify by is given', async () => {
      const ticket = await openTicket(testApp);
      const response = await classify(ticket.id, {});
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ type: problem('invalid-ticket-command') });
    });

    it('404 ticket-not-found for an unknown ticket and for an id that cannot be one', async () => {
      const unknown = await classify('0d6f4c1e-0000-4000-8000-000000000000', { type: 'problem' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        type: problem('ticket-not-found'),
        ticketId: '0d6f4c1e-0000-4000-8000-000000000000',
      });
      const malformed = await classify('not~an~id', { type: 'problem' });
      expect(malformed.status).toBe(404);
      expect(malformed.body).toMatchObject({ type: problem('ticket-not-found') });
    });

    it('409 ticket-closed on a closed ticket', async () => {
      const ticket = await openTicket(testApp);
      await closeByMerge(testApp, ticket.id);
      const before = await ticketEvents(testApp, ticket.id);
      const response = await classify(ticket.id, { type: 'problem' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('ticket-closed'),
        currentStatus: 'closed',
        command: 'ClassifyTicket',
      });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(before.length);
    });

    it('412 when If-Match names an older revision, and nothing is recorded', async () => {
      const ticket = await openTicket(testApp);
      await classify(ticket.id, { productArea: 'billing' });
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/classify`)
        .set(bearer(supervisor.key))
        .set('If-Match', ticket.etag)
        .send({ type: 'problem' });
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({
        type: problem('precondition-failed'),
        currentRevision: '2',
      });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
    });
  });

  it('replays a request sent again with the same Idempotency-Key and appends nothing more', async () => {
    const ticket = await openTicket(testApp);
    const send = () =>
      request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/classify`)
        .set(bearer(supervisor.key))
        .set('Idempotency-Key', `classify-${ticket.id}`)
        .send({ type: 'question' });
    const first = await send();
    // Someone changes the type back in between: a replay must not classify again.
    await classify(ticket.id, { type: 'incident' });
    const again = await send();

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    const types = (await ticketEvents(testApp, ticket.id)).map((event) => event.type);
    expect(types).toEqual([
      'TicketOpened',
      'TicketReceiptAcknowledged',
      'TicketClassified',
      'TicketClassified',
    ]);
  });

  describe('agents', () => {
    it('may classify tickets of their teams or assigned to them, and get 403 ticket-access-denied on others', async () => {
      const teamId = await createTeam(testApp);
      const otherTeamId = await createTeam(testApp);
      const agent = await createAgent(testApp, { teams: [teamId] });
      const loner = await createAgent(testApp);

      const ofTeam = await openTicket(testApp);
      await assignTicket(testApp, ofTeam.id, { teamId });
      const ofOtherTeam = await openTicket(testApp);
      await assignTicket(testApp, ofOtherTeam.id, { teamId: otherTeamId });
      const assignedToLoner = await openTicket(testApp);
      await assignTicket(testApp, assignedToLoner.id, { agentId: loner.agentId });

      const allowed = await classify(ofTeam.id, { type: 'question' }, agent.apiKey);
      expect(allowed.status).toBe(200);
      const [, , , classified] = await ticketEvents(testApp, ofTeam.id);
      expect(classified?.metadata.actor).toEqual({ type: 'agent', id: agent.agentId });

      expect((await classify(assignedToLoner.id, { type: 'question' }, loner.apiKey)).status).toBe(
        200,
      );

      const denied = await classify(ofOtherTeam.id, { type: 'question' }, agent.apiKey);
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ type: problem('ticket-access-denied') });
      expect(await ticketEvents(testApp, ofOtherTeam.id)).toHaveLength(3);

      const unassigned = await openTicket(testApp);
      expect((await classify(unassigned.id, { type: 'question' }, agent.apiKey)).status).toBe(403);
    });

    it.each(['integrator', 'auditor'] as const)(
      'refuses a %s key with 403 forbidden',
      async (role) => {
        const ticket = await openTicket(testApp);
        const { key } = await apiKeyFor(testApp, role);
        const response = await classify(ticket.id, { type: 'question' }, key);
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ type: problem('forbidden') });
      },
    );
  });
});

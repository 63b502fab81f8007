/**
 * POST /tickets/{id}/unassign against the whole app on PostgreSQL.
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

describe('POST /tickets/{id}/unassign', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };
  let teamId: string;
  let agent: { agentId: string; apiKey: string };

  const unassign = (id: string, body: object, key = supervisor.key) =>
    request(testApp.app.getHttpServer())
      .post(`/tickets/${id}/unassign`)
      .set(bearer(key))
      .send(body);

  /** A ticket assigned to `agent` in `teamId` (revision 2). */
  const assignedTicket = async () => {
    const ticket = await openTicket(testApp);
    await assignTicket(testApp, ticket.id, { agentId: agent.agentId, teamId });
    return ticket;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-unassign');
    teamId = await createTeam(testApp);
    agent = await createAgent(testApp, { teams: [teamId] });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('takes the agent off and leaves the team (scope agent): TicketUnassigned, 200 and the new ETag', async () => {
    const ticket = await assignedTicket();
    testApp.clock.set('2026-01-05T12:00:00.000Z');
    const response = await request(testApp.app.getHttpServer())
      .post(`/tickets/${ticket.id}/unassign`)
      .set(bearer(supervisor.key))
      .set('If-Match', 'W/"2"')
      .set('X-Request-Id', 'req-unassign-1')
      .send({ scope: 'agent' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ticket.id, status: 'open', revision: 3 });
    expect(response.headers.etag).toBe('W/"3"');
    const events = await ticketEvents(testApp, ticket.id);
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({
      type: 'TicketUnassigned',
      data: {
        ticketId: ticket.id,
        agentId: null,
        teamId,
        previousAgentId: agent.agentId,
        previousTeamId: teamId,
        unassignedAt: '2026-01-05T12:00:00.000Z',
      },
      metadata: expectedMetadata(
        testApp,
        { type: 'supervisor', id: 'sup-unassign' },
        {
          requestId: 'req-unassign-1',
        },
      ),
    });
  });

  it('scope team keeps the agent, scope all takes both; nothing left to take off records nothing', async () => {
    const ticket = await assignedTicket();
    await unassign(ticket.id, { scope: 'team' });
    let events = await ticketEvents(testApp, ticket.id);
    expect(events[3]?.data).toMatchObject({ agentId: agent.agentId, teamId: null });

    await unassign(ticket.id, { scope: 'all' });
    events = await ticketEvents(testApp, ticket.id);
    expect(events[4]?.data).toMatchObject({ agentId: null, teamId: null });

    const nothing = await unassign(ticket.id, { scope: 'all' });
    expect(nothing.status).toBe(200);
    expect(nothing.body).toEqual({ id: ticket.id, status: 'open', revision: 4 });
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(5);
  });

  describe('refusals', () => {
    it('400 with field errors for a missing scope and an unknown property', async () => {
      const ticket = await assignedTicket();
      const response = await unassign(ticket.id, { agentId: agent.agentId });
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(expect.arrayContaining(['scope', 'agentId']));
      expect(errorCodes(response.body)).toContain('unknown-property');
    });

    it('400 for a scope outside the enum', async () => {
      const ticket = await assignedTicket();
      const response = await unassign(ticket.id, { scope: 'everyone' });
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(['scope']);
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
    });

    it('404 ticket-not-found for an unknown ticket', async () => {
      const response = await unassign('9f0e1d2c-0000-4000-8000-000000000000', { scope: 'all' });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ type: problem('ticket-not-found') });
    });

    it('409 ticket-closed on a closed ticket', async () => {
      const ticket = await assignedTicket();
      await closeByMerge(testApp, ticket.id);
      const response = await unassign(ticket.id, { scope: 'all' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('ticket-closed'),
        command: 'UnassignTicket',
      });
    });

    it('412 when If-Match names an older revision, and nothing is recorded', async () => {
      const ticket = await assignedTicket();
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/unassign`)
        .set(bearer(supervisor.key))
        .set('If-Match', ticket.etag)
        .send({ scope: 'all' });
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({
        type: problem('precondition-failed'),
        currentRevision: '2',
      });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
    });
  });

  it('replays a request sent again with the same Idempotency-Key and appends nothing more', async () => {
    const ticket = await assignedTicket();
    const send = () =>
      request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/unassign`)
        .set(bearer(supervisor.key))
        .set('Idempotency-Key', `unassign-${ticket.id}`)
        .send({ scope: 'agent' });
    const first = await send();
    await assignTicket(testApp, ticket.id, { agentId: agent.agentId });
    const again = await send();

    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const types = (await ticketEvents(testApp, ticket.id)).slice(3).map((event) => event.type);
    expect(types).toEqual(['TicketUnassigned', 'TicketAssigned']);
  });

  it('lets the assigned agent unassign themselves and refuses an agent of another team with 403', async () => {
    const ticket = await assignedTicket();
    const outsider = await createAgent(testApp, { teams: [await createTeam(testApp)] });

    const denied = await unassign(ticket.id, { scope: 'agent' }, outsider.apiKey);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ type: problem('ticket-access-denied') });
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);

    const allowed = await unassign(ticket.id, { scope: 'agent' }, agent.apiKey);
    expect(allowed.status).toBe(200);
    const events = await ticketEvents(testApp, ticket.id);
    expect(events[3]?.metadata.actor).toEqual({ type: 'agent', id: agent.agentId });
  });
});

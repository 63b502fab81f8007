/**
 * POST /tickets/{id}/escalate against the whole app on PostgreSQL.
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
  solveThroughRunner,
  ticketEvents,
} from '../open-ticket/testing/ticket-intake.fixtures';

describe('POST /tickets/{id}/escalate', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };
  let firstLine: string;
  let agent: { agentId: string; apiKey: string };

  const escalate = (id: string, body: object, key = supervisor.key) =>
    request(testApp.app.getHttpServer())
      .post(`/tickets/${id}/escalate`)
      .set(bearer(key))
      .send(body);

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-escalate');
    firstLine = await createTeam(testApp, { name: 'First line' });
    agent = await createAgent(testApp, { teams: [firstLine] });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('escalates to a level and a team: TicketEscalated takes the agent off, 200 and the new ETag', async () => {
    const secondLine = await createTeam(testApp, { name: 'Second line' });
    const ticket = await openTicket(testApp);
    await assignTicket(testApp, ticket.id, { agentId: agent.agentId, teamId: firstLine });
    testApp.clock.set('2026-01-05T13:00:00.000Z');

    const response = await request(testApp.app.getHttpServer())
      .post(`/tickets/${ticket.id}/escalate`)
      .set(bearer(supervisor.key))
      .set('If-Match', 'W/"2"')
      .set('X-Request-Id', 'req-escalate-1')
      .send({ level: 2, teamId: secondLine, reason: 'Needs database access' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ticket.id, status: 'open', revision: 3 });
    expect(response.headers.etag).toBe('W/"3"');
    const events = await ticketEvents(testApp, ticket.id);
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({
      type: 'TicketEscalated',
      data: {
        ticketId: ticket.id,
        reason: 'Needs database access',
        fromLevel: 1,
        toLevel: 2,
        fromTeamId: firstLine,
        toTeamId: secondLine,
        unassignedAgentId: agent.agentId,
        escalatedAt: '2026-01-05T13:00:00.000Z',
      },
      metadata: expectedMetadata(
        testApp,
        { type: 'supervisor', id: 'sup-escalate' },
        {
          requestId: 'req-escalate-1',
        },
      ),
    });
  });

  it('a level alone keeps the team and the agent; the same level again records nothing', async () => {
    const ticket = await openTicket(testApp);
    await assignTicket(testApp, ticket.id, { agentId: agent.agentId, teamId: firstLine });
    await escalate(ticket.id, { level: 3, reason: 'Vendor bug' });
    const events = await ticketEvents(testApp, ticket.id);
    expect(events[3]?.data).toMatchObject({
      fromLevel: 1,
      toLevel: 3,
      fromTeamId: firstLine,
      toTeamId: firstLine,
      unassignedAgentId: null,
    });

    const again = await escalate(ticket.id, { level: 3, reason: 'Still a vendor bug' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: ticket.id, status: 'open', revision: 3 });
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(4);
  });

  describe('domain conflicts (409)', () => {
    it('illegal-transition on a solved ticket', async () => {
      const ticket = await openTicket(testApp);
      await assignTicket(testApp, ticket.id, { agentId: agent.agentId });
      await solveThroughRunner(testApp, ticket.id);
      const response = await escalate(ticket.id, { level: 2, reason: 'Too late?' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('illegal-transition'),
        command: 'EscalateTicket',
        currentStatus: 'solved',
      });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(4);
    });

    it('escalation-level-not-higher when the level would go down', async () => {
      const ticket = await openTicket(testApp);
      await escalate(ticket.id, { level: 3, reason: 'Straight to engineering' });
      const response = await escalate(ticket.id, { level: 2, reason: 'Back to level 2' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('escalation-level-not-higher'),
        currentLevel: 3,
        requestedLevel: 2,
      });
    });

    it('team-not-found and team-deactivated', async () => {
      const ticket = await openTicket(testApp);
      const unknown = await escalate(ticket.id, { teamId: 'no-such-team', reason: 'x' });
      expect(unknown.status).toBe(409);
      expect(unknown.body).toMatchObject({ type: problem('team-not-found') });
      const retired = await createTeam(testApp, { deactivated: true });
      const deactivated = await escalate(ticket.id, { teamId: retired, reason: 'x' });
      expect(deactivated.status).toBe(409);
      expect(deactivated.body).toMatchObject({ type: problem('team-deactivated') });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(2);
    });

    it('ticket-closed on a closed ticket', async () => {
      const ticket = await openTicket(testApp);
      await closeByMerge(testApp, ticket.id);
      const response = await escalate(ticket.id, { level: 2, reason: 'x' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ type: problem('ticket-closed') });
    });
  });

  describe('refusals', () => {
    it('400 with field errors for a level out of range, a missing reason and an unknown property', async () => {
      const ticket = await openTicket(testApp);
      const response = await escalate(ticket.id, { level: 4, department: 'legal' });
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining(['level', 'reason', 'department']),
      );
      expect(errorCodes(response.body)).toContain('unknown-property');
    });

    it('400 for a level that is not an integer', async () => {
      const ticket = await openTicket(testApp);
      const response = await escalate(ticket.id, { level: '2', reason: 'x' });
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toContain('level');
    });

    it('422 invalid-ticket-command when neither a level nor a team is given', async () => {
      const ticket = await openTicket(testApp);
      const response = await escalate(ticket.id, { reason: 'Somewhere' });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ type: problem('invalid-ticket-command') });
    });

    it('404 ticket-not-found for an unknown ticket', async () => {
      const response = await escalate('2c3d4e5f-0000-4000-8000-000000000000', {
        level: 2,
        reason: 'x',
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ type: problem('ticket-not-found') });
    });

    it('412 when If-Match names an older revision, and nothing is recorded', async () => {
      const ticket = await openTicket(testApp);
      await escalate(ticket.id, { level: 2, reason: 'x' });
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/escalate`)
        .set(bearer(supervisor.key))
        .set('If-Match', ticket.etag)
        .send({ level: 3, reason: 'y' });
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({ type: problem('precondition-failed') });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
    });
  });

  it('replays a request sent again with the same Idempotency-Key and appends nothing more', async () => {
    const ticket = await openTicket(testApp);
    const send = () =>
      request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/escalate`)
        .set(bearer(supervisor.key))
        .set('Idempotency-Key', `escalate-${ticket.id}`)
        .send({ level: 2, reason: 'Level 2 please' });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
  });

  it('lets an agent escalate a ticket of their team and refuses another team’s ticket with 403', async () => {
    const mine = await openTicket(testApp);
    await assignTicket(testApp, mine.id, { teamId: firstLine });
    const theirs = await openTicket(testApp);
    await assignTicket(testApp, theirs.id, { teamId: await createTeam(testApp) });

    const allowed = await escalate(mine.id, { level: 2, reason: 'Beyond me' }, agent.apiKey);
    expect(allowed.status).toBe(200);
    const events = await ticketEvents(testApp, mine.id);
    expect(events[3]?.metadata.actor).toEqual({ type: 'agent', id: agent.agentId });

    const denied = await escalate(theirs.id, { level: 2, reason: 'x' }, agent.apiKey);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ type: problem('ticket-access-denied') });
    expect(await ticketEvents(testApp, theirs.id)).toHaveLength(3);
  });
});

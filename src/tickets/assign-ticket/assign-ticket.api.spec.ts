/**
 * POST /tickets/{id}/assign against the whole app on PostgreSQL, with agents and teams from the
 * real directory (AGENT_DIRECTORY folds their streams).
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

describe('POST /tickets/{id}/assign', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };

  const assign = (id: string, body: object, key = supervisor.key) =>
    request(testApp.app.getHttpServer()).post(`/tickets/${id}/assign`).set(bearer(key)).send(body);

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-assign');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('assigns an agent and a team: TicketAssigned, the ticket is open, 200 with the new ETag', async () => {
    const teamId = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [teamId] });
    testApp.clock.set('2026-01-05T09:00:00.000Z');
    const ticket = await openTicket(testApp);
    testApp.clock.set('2026-01-05T09:05:00.000Z');

    const response = await request(testApp.app.getHttpServer())
      .post(`/tickets/${ticket.id}/assign`)
      .set(bearer(supervisor.key))
      .set('If-Match', ticket.etag)
      .set('X-Request-Id', 'req-assign-1')
      .send({ agentId, teamId });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: ticket.id, status: 'open', revision: 2 });
    expect(response.headers.etag).toBe('W/"2"');
    const events = await ticketEvents(testApp, ticket.id);
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({
      type: 'TicketAssigned',
      data: {
        ticketId: ticket.id,
        agentId,
        teamId,
        previousAgentId: null,
        previousTeamId: null,
        assignedAt: '2026-01-05T09:05:00.000Z',
      },
      metadata: {
        ...expectedMetadata(
          testApp,
          { type: 'supervisor', id: 'sup-assign' },
          {
            requestId: 'req-assign-1',
          },
        ),
        // Version 2 added the optional `routing` (router assignments only; absent here).
        schemaVersion: 2,
      },
    });
    expect(events[2]?.data).not.toHaveProperty('routing');
  });

  it('a team alone leaves a new ticket new; moving to another team takes the agent off; the same assignment records nothing', async () => {
    const teamA = await createTeam(testApp);
    const teamB = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [teamA] });
    const ticket = await openTicket(testApp);

    const queued = await assign(ticket.id, { teamId: teamA });
    expect(queued.body).toEqual({ id: ticket.id, status: 'new', revision: 2 });
    expect((await assign(ticket.id, { agentId })).body).toMatchObject({ status: 'open' });

    const moved = await assign(ticket.id, { teamId: teamB });
    expect(moved.body).toEqual({ id: ticket.id, status: 'open', revision: 4 });
    const events = await ticketEvents(testApp, ticket.id);
    expect(events[4]?.data).toMatchObject({
      agentId: null,
      teamId: teamB,
      previousAgentId: agentId,
      previousTeamId: teamA,
    });

    const again = await assign(ticket.id, { teamId: teamB });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: ticket.id, status: 'open', revision: 4 });
    expect(await ticketEvents(testApp, ticket.id)).toHaveLength(5);
  });

  describe('agents and teams that cannot take tickets (409)', () => {
    it('agent-not-found for an unknown agent', async () => {
      const ticket = await openTicket(testApp);
      const response = await assign(ticket.id, { agentId: 'nobody-here' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('agent-not-found'),
        agentId: 'nobody-here',
      });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(2);
    });

    it('agent-deactivated for a deactivated agent', async () => {
      const { agentId } = await createAgent(testApp, { deactivated: true });
      const ticket = await openTicket(testApp);
      const response = await assign(ticket.id, { agentId });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ type: problem('agent-deactivated'), agentId });
    });

    it('team-not-found and team-deactivated', async () => {
      const ticket = await openTicket(testApp);
      const unknown = await assign(ticket.id, { teamId: 'no-such-team' });
      expect(unknown.status).toBe(409);
      expect(unknown.body).toMatchObject({ type: problem('team-not-found') });

      const teamId = await createTeam(testApp, { deactivated: true });
      const deactivated = await assign(ticket.id, { teamId });
      expect(deactivated.status).toBe(409);
      expect(deactivated.body).toMatchObject({ type: problem('team-deactivated'), teamId });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(2);
    });
  });

  describe('refusals', () => {
    it('400 with field errors for an unknown property and malformed ids', async () => {
      const ticket = await openTicket(testApp);
      const response = await assign(ticket.id, {
        agentId: 'has spaces',
        teamId: 42,
        queue: 'x',
      });
      expect(response.status).toBe(400);
      expect(errorFields(response.body)).toEqual(
        expect.arrayContaining(['agentId', 'teamId', 'queue']),
      );
      expect(errorCodes(response.body)).toContain('unknown-property');
    });

    it('422 invalid-ticket-command when neither an agent nor a team is given', async () => {
      const ticket = await openTicket(testApp);
      const response = await assign(ticket.id, {});
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ type: problem('invalid-ticket-command') });
    });

    it('404 ticket-not-found for an unknown ticket', async () => {
      const teamId = await createTeam(testApp);
      const response = await assign('4b8e2d10-0000-4000-8000-000000000000', { teamId });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ type: problem('ticket-not-found') });
    });

    it('409 ticket-closed on a closed ticket', async () => {
      const teamId = await createTeam(testApp);
      const ticket = await openTicket(testApp);
      await closeByMerge(testApp, ticket.id);
      const response = await assign(ticket.id, { teamId });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('ticket-closed'),
        command: 'AssignTicket',
      });
    });

    it('412 when If-Match names an older revision, and nothing is recorded', async () => {
      const teamId = await createTeam(testApp);
      const ticket = await openTicket(testApp);
      await assign(ticket.id, { teamId });
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/assign`)
        .set(bearer(supervisor.key))
        .set('If-Match', ticket.etag)
        .send({ teamId: await createTeam(testApp) });
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({ type: problem('precondition-failed') });
      expect(await ticketEvents(testApp, ticket.id)).toHaveLength(3);
    });
  });

  it('replays a request sent again with the same Idempotency-Key and appends nothing more', async () => {
    const teamA = await createTeam(testApp);
    const teamB = await createTeam(testApp);
    const ticket = await openTicket(testApp);
    const send = () =>
      request(testApp.app.getHttpServer())
        .post(`/tickets/${ticket.id}/assign`)
        .set(bearer(supervisor.key))
        .set('Idempotency-Key', `assign-${ticket.id}`)
        .send({ teamId: teamA });
    const first = await send();
    await assign(ticket.id, { teamId: teamB });
    const again = await send();

    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const teams = (await ticketEvents(testApp, ticket.id)).slice(2).map((e) => e.data.teamId);
    expect(teams).toEqual([teamA, teamB]);
  });

  describe('agents', () => {
    it('may take a ticket of their team, and get 403 ticket-access-denied on another team’s ticket', async () => {
      const teamId = await createTeam(testApp);
      const agent = await createAgent(testApp, { teams: [teamId] });
      const mine = await openTicket(testApp);
      await assignTicket(testApp, mine.id, { teamId });
      const theirs = await openTicket(testApp);
      await assignTicket(testApp, theirs.id, { teamId: await createTeam(testApp) });

      const taken = await assign(mine.id, { agentId: agent.agentId }, agent.apiKey);
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ status: 'open' });
      const events = await ticketEvents(testApp, mine.id);
      expect(events[3]?.metadata.actor).toEqual({ type: 'agent', id: agent.agentId });

      const denied = await assign(theirs.id, { agentId: agent.agentId }, agent.apiKey);
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ type: problem('ticket-access-denied') });
      expect(await ticketEvents(testApp, theirs.id)).toHaveLength(3);
    });

    it('refuses an integrator key with 403 forbidden', async () => {
      const ticket = await openTicket(testApp);
      const { key } = await apiKeyFor(testApp, 'integrator');
      const response = await assign(ticket.id, { teamId: 'x' }, key);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: problem('forbidden') });
    });
  });
});

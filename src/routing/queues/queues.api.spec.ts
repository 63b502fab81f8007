import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
  setAvailability,
} from '../../../test/support/directory-fixtures';
import { TicketApi, eventually } from '../../tickets/getting-ticket-details/testing/ticket-api';

interface Page {
  items: { ticketId: string; priority: string; ageSeconds: number; assigneeId: string | null }[];
  next: string | null;
  links: { next: string | null };
}
interface TeamSummary {
  teamId: string;
  counts: {
    total: number;
    unassigned: number;
    waiting: number;
    byStatus: Record<string, number>;
    byPriority: Record<string, number>;
  };
  oldestWaitingAgeSeconds: number | null;
  breachingWithin30Minutes: number;
  agentsOnline: number;
  freeCapacity: number;
}

describe('work queues API', () => {
  let testApp: TestApp;
  let tickets: TicketApi;
  let teamId: string;
  let emptyTeamId: string;
  let agent: { agentId: string; apiKey: string };
  let otherAgent: { agentId: string; apiKey: string };
  let supervisorKey: string;
  let auditorKey: string;
  /** Waiting tickets in the order the queue must serve them. */
  let expectedQueue: string[];
  let agentTickets: string[];

  const get = (path: string, key = testApp.adminKey): request.Test =>
    request(testApp.app.getHttpServer()).get(path).set(bearer(key));

  async function walk(path: string, key = testApp.adminKey): Promise<string[]> {
    const ids: string[] = [];
    let next: string | null = path;
    while (next !== null) {
      const response = await get(next, key).expect(200);
      const body = response.body as Page;
      ids.push(...body.items.map((item) => item.ticketId));
      next = body.links.next;
    }
    return ids;
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    tickets = new TicketApi(testApp);
    teamId = await createTeam(testApp, { name: 'Billing' });
    emptyTeamId = await createTeam(testApp, { name: 'Returns' });
    // Given, in Billing, an agent with capacity 3 (2 on chat) who will have 3 tickets (so the
    // router, when there is one, has no room to give them more) and an offline agent; in
    // Returns, an online agent with capacity 5 and nothing to do.
    agent = await createAgent(testApp, {
      teams: [teamId],
      capacity: { max: 3, perChannel: { chat: 2 } },
    });
    otherAgent = await createAgent(testApp, { teams: [teamId] });
    supervisorKey = await createApiKey(testApp, 'supervisor', 'sup-1');
    auditorKey = await createApiKey(testApp, 'auditor', 'aud-1');

    // Given six tickets opened a minute apart (a normal, b urgent, c normal, d low, e urgent, f high)
    const priorities = ['normal', 'urgent', 'normal', 'low', 'urgent', 'high'];
    const ids: string[] = [];
    for (const priority of priorities) {
      ids.push((await tickets.open({ priority })).id);
      testApp.clock.advance(60_000);
    }
    for (const id of ids) await tickets.command(id, 'assign', { teamId });
    // The agent takes e (urgent, chat-less) and c (normal); d is pending with the agent
    await tickets.command(ids[4], 'assign', { teamId, agentId: agent.agentId });
    await tickets.command(ids[2], 'assign', { teamId, agentId: agent.agentId });
    await tickets.command(ids[3], 'assign', { teamId, agentId: agent.agentId });
    await tickets.command(ids[3], 'pend', { reason: 'waiting on the customer' });
    await setAvailability(testApp, agent.agentId, 'online');
    const idle = await createAgent(testApp, { teams: [emptyTeamId], capacity: { max: 5 } });
    await setAvailability(testApp, idle.agentId, 'online');
    expectedQueue = [ids[1], ids[5], ids[0]]; // urgent b, high f, normal a
    agentTickets = [ids[4], ids[2], ids[3]]; // urgent e, normal c, low d
    testApp.clock.advance(60_000); // now: 7 minutes after the first ticket
    await eventually(async () => {
      const queue = await walk(`/queues/${teamId}/tickets`);
      const load = await get(`/agents/${agent.agentId}/load`).expect(200);
      return (
        queue.length === 3 &&
        (load.body as { openAssigned: number; availability: string }).openAssigned === 3 &&
        (load.body as { availability: string }).availability === 'online'
      );
    }, 'the queues read model');
  });
  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /queues', () => {
    it('summarises each team: counts, oldest waiting age, online agents and free capacity', async () => {
      await eventually(async () => {
        const body = (await get('/queues').expect(200)).body as { teams: TeamSummary[] };
        return body.teams.find((team) => team.teamId === emptyTeamId)?.agentsOnline === 1;
      }, 'the idle agent online');
      const response = await get('/queues', auditorKey).expect(200);
      expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
      const body = response.body as { asOf: string; teams: TeamSummary[] };
      expect(body.asOf).toBe(testApp.clock.now().toISOString());
      const billing = body.teams.find((team) => team.teamId === teamId);
      expect(billing).toEqual({
        teamId,
        name: 'Billing',
        status: 'active',
        counts: {
          total: 6,
          unassigned: 3,
          waiting: 3,
          byStatus: { new: 3, open: 2, pending: 1, on_hold: 0 },
          byPriority: { low: 1, normal: 2, high: 1, urgent: 2 },
        },
        // a was opened first, 7 minutes ago
        oldestWaitingAgeSeconds: 420,
        breachingWithin30Minutes: 0,
        agentsOnline: 1,
        freeCapacity: 0,
      });
      const returns = body.teams.find((team) => team.teamId === emptyTeamId);
      expect(returns?.counts.total).toBe(0);
      expect(returns?.oldestWaitingAgeSeconds).toBeNull();
      expect([returns?.agentsOnline, returns?.freeCapacity]).toEqual([1, 5]);
    });

    it('is for staff and auditors only', async () => {
      await get('/queues', agent.apiKey).expect(200);
      await get('/queues', supervisorKey).expect(200);
      const integrator = await createApiKey(testApp, 'integrator', 'int-1');
      await get('/queues', integrator).expect(403);
      await request(testApp.app.getHttpServer()).get('/queues').expect(401);
    });
  });

  describe('GET /queues/{teamId}/tickets', () => {
    it('lists the waiting tickets in service order, page by page', async () => {
      expect(await walk(`/queues/${teamId}/tickets?limit=1`)).toEqual(expectedQueue);
      const first = await get(`/queues/${teamId}/tickets?limit=2`).expect(200);
      const body = first.body as Page;
      expect(body.items.map((item) => item.ticketId)).toEqual(expectedQueue.slice(0, 2));
      expect(body.items[0]).toMatchObject({
        priority: 'urgent',
        assigneeId: null,
        ageSeconds: 360,
      });
      expect(body.next).not.toBeNull();
      const second = await get(`/queues/${teamId}/tickets?limit=2&cursor=${body.next}`).expect(200);
      expect((second.body as Page).items.map((item) => item.ticketId)).toEqual([expectedQueue[2]]);
      expect((second.body as Page).next).toBeNull();
    });

    it('answers an empty page for a team with nobody waiting, 404 for an unknown team', async () => {
      const empty = await get(`/queues/${emptyTeamId}/tickets`, agent.apiKey).expect(200);
      expect((empty.body as Page).items).toEqual([]);
      const missing = await get('/queues/no-such-team/tickets').expect(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['cursor=%24%24', 'cursor'],
    ])('rejects %s with a field error', async (query, field) => {
      const response = await get(`/queues/${teamId}/tickets?${query}`).expect(400);
      const errors = (response.body as { errors: { field: string }[] }).errors;
      expect(errors.map((error) => error.field)).toContain(field);
    });
  });

  describe('GET /agents/{id}/tickets and /load', () => {
    it("lists the agent's unsolved tickets in service order; the agent may read its own", async () => {
      expect(await walk(`/agents/${agent.agentId}/tickets?limit=2`, agent.apiKey)).toEqual(
        agentTickets,
      );
      expect(await walk(`/agents/${agent.agentId}/tickets`, supervisorKey)).toEqual(agentTickets);
      expect(await walk(`/agents/${otherAgent.agentId}/tickets`, auditorKey)).toEqual([]);
    });

    it("forbids an agent another agent's list and load; 404 for an unknown agent", async () => {
      await get(`/agents/${agent.agentId}/tickets`, otherAgent.apiKey).expect(403);
      await get(`/agents/${agent.agentId}/load`, otherAgent.apiKey).expect(403);
      await get('/agents/nobody/tickets').expect(404);
      await get('/agents/nobody/load', supervisorKey).expect(404);
    });

    it('reports load, capacity and free capacity, in total and per channel', async () => {
      const response = await get(`/agents/${agent.agentId}/load`, agent.apiKey).expect(200);
      expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
      expect(response.body).toEqual({
        agentId: agent.agentId,
        availability: 'online',
        status: 'active',
        openAssigned: 3,
        openByChannel: { email: 3 },
        capacity: { max: 3, perChannel: { chat: 2 } },
        freeCapacity: 0,
        freeByChannel: { chat: 0 },
      });
    });
  });
});

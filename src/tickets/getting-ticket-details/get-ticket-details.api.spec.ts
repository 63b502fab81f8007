import { createApiKey, createAgent, createTeam } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { ProjectionRunner } from '../../projections/projection-runner';
import { eventually, TicketApi } from './testing/ticket-api';

const LAG = /^events=(\d+); ms=(\d+)$/;

describe('GET /tickets/{id}', () => {
  let testApp: TestApp;
  let api: TicketApi;

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new TicketApi(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers everything the desk shows, from the read model, with the revision as ETag and the lag', async () => {
    testApp.clock.set('2026-01-05T09:00:00.000Z');
    const { id } = await api.open({
      receivedAt: '2026-01-05T08:55:00Z',
      tags: ['Printer', 'fire'],
    });
    testApp.clock.set('2026-01-05T09:10:00.000Z');
    await api.command(id, 'classify', { productArea: 'hardware' });
    testApp.clock.set('2026-01-05T09:20:00.000Z');
    await api.command(id, 'replies', { body: 'We are on it' });
    testApp.clock.set('2026-01-05T09:30:00.000Z');
    await api.command(id, 'notes', { body: 'Facilities called' });
    testApp.clock.set('2026-01-05T09:40:00.000Z');
    const revision = await api.command(id, 'replies', {
      body: 'Still smoking',
      author: { kind: 'customer' },
    });
    const before = await api.events(id);

    const response = await api.details(id, revision);

    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(`W/"${revision}"`);
    expect(response.headers['x-projection-lag']).toMatch(LAG);
    const admin = (await api.get(`/tickets/${id}`).expect(200)).body;
    expect(admin).toEqual(response.body);
    expect(response.body).toMatchObject({
      id,
      revision: String(revision),
      status: 'open',
      statusChangedAt: '2026-01-05T09:20:00.000Z',
      channel: 'email',
      subject: 'Printer on fire',
      customer: {
        id: 'crm-ada',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0000',
        tier: 'premium',
      },
      type: 'incident',
      productArea: 'hardware',
      tags: ['fire', 'printer'],
      priority: 'high',
      assigneeId: null,
      teamId: null,
      level: 1,
      milestones: {
        receivedAt: '2026-01-05T08:55:00.000Z',
        openedAt: '2026-01-05T09:00:00.000Z',
        acknowledgedAt: '2026-01-05T09:00:00.000Z',
        firstAgentReplyAt: '2026-01-05T09:20:00.000Z',
        lastAgentReplyAt: '2026-01-05T09:20:00.000Z',
        lastCustomerReplyAt: '2026-01-05T09:40:00.000Z',
        firstSolvedAt: null,
        solvedAt: null,
        reopenedAt: null,
        closedAt: null,
        updatedAt: '2026-01-05T09:40:00.000Z',
      },
      counts: {
        publicAgentReplies: 1,
        customerReplies: 1,
        automatedReplies: 0,
        internalNotes: 1,
        reopens: 0,
        escalations: 0,
      },
      resolution: null,
      closeMode: null,
      mergedInto: null,
      mergedFrom: [],
      followUpOf: null,
      followUpTicketIds: [],
    });
    const events = await api.events(id);
    expect(response.body.conversation).toEqual([
      {
        eventId: events[3]?.id,
        revision: '3',
        kind: 'reply',
        public: true,
        author: { kind: 'agent', id: events[3]?.metadata.actor.id, role: null },
        body: 'We are on it',
        at: '2026-01-05T09:20:00.000Z',
      },
      {
        eventId: events[4]?.id,
        revision: '4',
        kind: 'internal_note',
        public: false,
        author: { kind: 'agent', id: events[4]?.metadata.actor.id, role: 'admin' },
        body: 'Facilities called',
        at: '2026-01-05T09:30:00.000Z',
      },
      {
        eventId: events[5]?.id,
        revision: '5',
        kind: 'reply',
        public: true,
        author: { kind: 'customer', id: 'crm-ada', role: null },
        body: 'Still smoking',
        at: '2026-01-05T09:40:00.000Z',
      },
    ]);
    // Reading records nothing.
    expect(events).toEqual(before);
  });

  it('the ETag follows the revision the read model holds', async () => {
    const { id, revision: opened } = await api.open();
    expect((await api.details(id, opened)).headers.etag).toBe(`W/"${opened}"`);
    const changed = await api.command(id, 'priority', { priority: 'urgent', reason: 'VIP' });
    const response = await api.details(id, changed);
    expect(response.headers.etag).toBe(`W/"${changed}"`);
    expect(response.body).toMatchObject({ priority: 'urgent', revision: String(changed) });
  });

  describe('internal notes', () => {
    let ticketId: string;
    let revision: number;
    let agentKey: string;

    beforeAll(async () => {
      const agent = await createAgent(testApp);
      agentKey = agent.apiKey;
      ticketId = (await api.open()).id;
      await api.command(ticketId, 'assign', { agentId: agent.agentId });
      await api.command(ticketId, 'replies', { body: 'Hello' });
      revision = await api.command(ticketId, 'notes', { body: 'Between us' });
      await api.details(ticketId, revision);
    });

    it.each(['admin', 'supervisor', 'auditor'] as const)('are shown to %s keys', async (role) => {
      const key = await createApiKey(testApp, role, `${role}-notes`);
      const { body } = await api.get(`/tickets/${ticketId}`, key).expect(200);
      expect((body.conversation as { kind: string }[]).map((entry) => entry.kind)).toEqual([
        'reply',
        'internal_note',
      ]);
      expect(body.counts.internalNotes).toBe(1);
    });

    it('are shown to the agent on the ticket', async () => {
      const { body } = await api.get(`/tickets/${ticketId}`, agentKey).expect(200);
      expect(body.conversation).toHaveLength(2);
      expect(body.conversation[1]).toMatchObject({ kind: 'internal_note', public: false });
    });

    it('integrators cannot read tickets at all (403)', async () => {
      const key = await createApiKey(testApp, 'integrator', 'crm-sync');
      const response = await api.get(`/tickets/${ticketId}`, key).expect(403);
      expect(response.body).toMatchObject({
        status: 403,
        type: expect.stringContaining('forbidden'),
      });
    });
  });

  describe('agents', () => {
    it('read tickets assigned to them or to one of their teams, and get 403 for others', async () => {
      const teamId = await createTeam(testApp);
      const member = await createAgent(testApp, { teams: [teamId] });
      const outsider = await createAgent(testApp);

      const teamTicket = await api.open();
      const teamRevision = await api.command(teamTicket.id, 'assign', { teamId });
      const ownTicket = await api.open();
      const ownRevision = await api.command(ownTicket.id, 'assign', { agentId: outsider.agentId });
      await api.details(teamTicket.id, teamRevision);
      await api.details(ownTicket.id, ownRevision);

      await api.get(`/tickets/${teamTicket.id}`, member.apiKey).expect(200);
      await api.get(`/tickets/${ownTicket.id}`, outsider.apiKey).expect(200);
      const denied = await api.get(`/tickets/${teamTicket.id}`, outsider.apiKey).expect(403);
      expect(denied.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/ticket-access-denied',
        status: 403,
      });
      await api.get(`/tickets/${ownTicket.id}`, member.apiKey).expect(403);
    });
  });

  describe('read-your-writes', () => {
    const runner = (): ProjectionRunner => testApp.app.get(ProjectionRunner);

    afterEach(() => {
      runner().start();
    });

    /** Plain reads answer `revision` and report at least one unapplied event. */
    async function expectBehind(ticketId: string, revision: number): Promise<void> {
      await eventually(async () => {
        const response = await api.get(`/tickets/${ticketId}`).expect(200);
        expect(response.headers.etag).toBe(`W/"${revision}"`);
        const [, events] = LAG.exec(String(response.headers['x-projection-lag'])) ?? [];
        return Number(events) >= 1;
      }, 'the lag header to count the unapplied event');
    }

    it('?minRevision= waits for the read model to reach the revision just written', async () => {
      const { id } = await api.open();
      const first = await api.command(id, 'priority', { priority: 'low', reason: 'can wait' });
      await api.details(id, first);

      await runner().stop();
      const written = await api.command(id, 'replies', { body: 'Written while projections stop' });

      // Without minRevision the read answers at once with what the read model holds, and says
      // it is behind (once the new event is readable in global order: with other databases of
      // the test cluster writing, that can take a moment).
      await expectBehind(id, first);

      const waiting = api.get(`/tickets/${id}?minRevision=${written}`).then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 200));
      runner().start();
      const fresh = await waiting;
      expect(fresh.status).toBe(200);
      expect(fresh.headers.etag).toBe(`W/"${written}"`);
      expect((fresh.body.conversation as { body: string }[]).map((entry) => entry.body)).toEqual([
        'Written while projections stop',
      ]);
    });

    it('gives up after a bounded wait and answers with what it has, its ETag and lag saying so', async () => {
      const { id } = await api.open();
      const first = await api.command(id, 'priority', { priority: 'low', reason: 'can wait' });
      await api.details(id, first);

      await runner().stop();
      const written = await api.command(id, 'priority', { priority: 'urgent', reason: 'now' });
      const started = Date.now();
      const response = await api.get(`/tickets/${id}?minRevision=${written}`).expect(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
      expect(response.headers.etag).toBe(`W/"${first}"`);
      expect(response.body.priority).toBe('low');
      expect(response.headers['x-projection-lag']).toMatch(LAG);
      await expectBehind(id, first);
    });

    it('a ticket the read model does not hold yet is 404, with the lag', async () => {
      await runner().stop();
      const { id } = await api.open();
      const response = await api.get(`/tickets/${id}`).expect(404);
      expect(response.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/ticket-not-found',
      });
      expect(response.headers['x-projection-lag']).toMatch(LAG);
    });

    it('reports no lag once the projection has caught up', async () => {
      const { id, revision } = await api.open();
      await api.details(id, revision);
      await eventually(async () => {
        const response = await api.get(`/tickets/${id}`);
        return response.headers['x-projection-lag'] === 'events=0; ms=0';
      }, 'the ticket details projection to catch up');
    });
  });

  describe('bad requests', () => {
    it('an unknown ticket is 404 ticket-not-found', async () => {
      const response = await api
        .get('/tickets/7d0c2a7e-1f7a-4a53-9d5e-6f9b8a6f2e11')
        .expect(404)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/ticket-not-found',
        status: 404,
      });
    });

    it('an id that cannot name a ticket is 404 too', async () => {
      await api.get('/tickets/%20nope%20').expect(404);
    });

    it('a malformed minRevision is a 400 field error', async () => {
      const { id } = await api.open();
      const response = await api.get(`/tickets/${id}?minRevision=-1`).expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'minRevision', code: 'matches' }),
      ]);
    });

    it('unknown query parameters are rejected', async () => {
      const { id } = await api.open();
      const response = await api.get(`/tickets/${id}?verbose=1`).expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'verbose', code: 'unknown-property' }),
      ]);
    });

    it('without an API key: 401', async () => {
      const { id } = await api.open();
      await api.get(`/tickets/${id}`, 'st_bogus_key_0123456789').expect(401);
    });
  });
});

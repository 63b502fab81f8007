import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
  patchAgent,
  waitForDirectory,
} from '../../../test/support/directory-fixtures';

describe('teams API', () => {
  let testApp: TestApp;
  let eventStore: EventStore;

  beforeAll(async () => {
    testApp = await createTestApp();
    eventStore = testApp.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const server = () => testApp.app.getHttpServer();
  const typesOf = async (teamId: string): Promise<string[]> =>
    (await eventStore.readStream(`team-${teamId}`)).map((event) => event.type);

  describe('POST /teams', () => {
    it('creates a team: 201, Location, ETag and TeamCreated with metadata', async () => {
      const tier2 = await createTeam(testApp, { name: 'Tier 2' });
      const response = await request(server())
        .post('/teams')
        .set(bearer(testApp.adminKey))
        .send({
          name: 'Billing',
          strategy: 'round_robin',
          defaultSkills: [{ skill: 'billing', level: 2 }],
          escalationTeamId: tier2,
          requeueUnansweredOnOffline: true,
        });
      expect(response.status).toBe(201);
      const id = (response.body as { id: string }).id;
      expect(response.headers.location).toBe(`/teams/${id}`);
      expect(response.headers.etag).toBe('W/"0"');
      expect(response.body).toEqual({
        id,
        name: 'Billing',
        strategy: 'round_robin',
        defaultSkills: [{ skill: 'billing', level: 2 }],
        escalationTeamId: tier2,
        requeueUnansweredOnOffline: true,
        pendingFreesCapacity: false,
        status: 'active',
        memberIds: [],
        memberCount: 0,
        revision: '0',
        createdAt: testApp.clock.now().toISOString(),
        updatedAt: testApp.clock.now().toISOString(),
      });
      const [event] = await eventStore.readStream(`team-${id}`);
      expect(event).toMatchObject({
        type: 'TeamCreated',
        data: { teamId: id, escalationTeamId: tier2 },
        metadata: { actor: { type: 'admin' }, schemaVersion: 1 },
      });
    });

    it('defaults the strategy to least_loaded', async () => {
      const response = await request(server())
        .post('/teams')
        .set(bearer(testApp.adminKey))
        .send({ name: 'Plain' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        strategy: 'least_loaded',
        defaultSkills: [],
        escalationTeamId: null,
        requeueUnansweredOnOffline: false,
        pendingFreesCapacity: false,
      });
    });

    it('rejects invalid fields with 400 and field errors', async () => {
      const response = await request(server())
        .post('/teams')
        .set(bearer(testApp.adminKey))
        .send({ name: '', strategy: 'random', defaultSkills: [{ skill: 'x', level: 0 }] });
      expect(response.status).toBe(400);
      const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field);
      expect(new Set(fields)).toEqual(new Set(['name', 'strategy', 'defaultSkills[0].level']));
    });

    it('refuses an unknown escalation team (422)', async () => {
      const response = await request(server())
        .post('/teams')
        .set(bearer(testApp.adminKey))
        .send({ name: 'X', escalationTeamId: 'nowhere' });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/unknown-team',
        field: 'escalationTeamId',
      });
    });

    it('is for admins and supervisors, not agents or auditors', async () => {
      const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
      const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
      const { apiKey } = await createAgent(testApp);
      const post = (key: string) =>
        request(server()).post('/teams').set(bearer(key)).send({ name: 'T' });
      expect((await post(supervisor)).status).toBe(201);
      expect((await post(auditor)).status).toBe(403);
      expect((await post(apiKey)).status).toBe(403);
    });
  });

  describe('PATCH /teams/{id}', () => {
    it('records TeamUpdated, honours If-Match and answers 412 on a stale ETag', async () => {
      const teamId = await createTeam(testApp, { name: 'Old' });
      const read = await request(server()).get(`/teams/${teamId}`).set(bearer(testApp.adminKey));
      expect(read.headers.etag).toBe('W/"0"');

      const renamed = await request(server())
        .patch(`/teams/${teamId}`)
        .set(bearer(testApp.adminKey))
        .set('If-Match', read.headers.etag)
        .send({ name: 'New', strategy: 'round_robin' });
      expect(renamed.status).toBe(200);
      expect(renamed.headers.etag).toBe('W/"1"');
      expect(renamed.body).toMatchObject({ name: 'New', strategy: 'round_robin', revision: '1' });

      const stale = await request(server())
        .patch(`/teams/${teamId}`)
        .set(bearer(testApp.adminKey))
        .set('If-Match', read.headers.etag)
        .send({ name: 'Newer' });
      expect(stale.status).toBe(412);
      expect(await typesOf(teamId)).toEqual(['TeamCreated', 'TeamUpdated']);
      const [, updated] = await eventStore.readStream(`team-${teamId}`);
      expect(updated?.data).toMatchObject({
        changed: ['name', 'strategy'],
        previous: { name: 'Old' },
      });
    });

    it('deactivates, refuses deactivating twice (409), reactivates', async () => {
      const teamId = await createTeam(testApp);
      const patch = (body: object) =>
        request(server()).patch(`/teams/${teamId}`).set(bearer(testApp.adminKey)).send(body);
      expect((await patch({ active: false })).body).toMatchObject({ status: 'deactivated' });
      const twice = await patch({ active: false });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/team-already-deactivated',
      });
      expect((await patch({ active: true })).body).toMatchObject({ status: 'active' });
      expect(await typesOf(teamId)).toEqual(['TeamCreated', 'TeamDeactivated', 'TeamReactivated']);
    });

    it('removes the escalation team with null and refuses itself (422)', async () => {
      const other = await createTeam(testApp);
      const teamId = await createTeam(testApp, { escalationTeamId: other });
      const patch = (body: object) =>
        request(server()).patch(`/teams/${teamId}`).set(bearer(testApp.adminKey)).send(body);
      expect((await patch({ escalationTeamId: teamId })).status).toBe(422);
      const cleared = await patch({ escalationTeamId: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ escalationTeamId: null });
    });

    it('answers 404 for an unknown team', async () => {
      const response = await request(server())
        .patch('/teams/no-such-team')
        .set(bearer(testApp.adminKey))
        .send({ name: 'X' });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/team-not-found',
      });
    });
  });

  describe('members (derived from the agents)', () => {
    it('lists the agents whose teams include the team, following membership changes', async () => {
      const teamId = await createTeam(testApp);
      const { agentId: a1 } = await createAgent(testApp, { teams: [teamId] });
      const { agentId: a2 } = await createAgent(testApp, { teams: [teamId] });
      await waitForDirectory(testApp);
      const get = () => request(server()).get(`/teams/${teamId}`).set(bearer(testApp.adminKey));
      expect((await get()).body).toMatchObject({
        memberIds: [a1, a2].sort(),
        memberCount: 2,
      });

      await patchAgent(testApp, a1, { teams: [] });
      await waitForDirectory(testApp);
      expect((await get()).body).toMatchObject({ memberIds: [a2], memberCount: 1 });
    });
  });

  describe('GET /teams', () => {
    it('lists teams with member counts, filters by status and pages', async () => {
      const fresh = await createTestApp();
      try {
        const t1 = await createTeam(fresh, { name: 'One' });
        fresh.clock.advance(1000);
        await createTeam(fresh, { name: 'Two', deactivated: true });
        fresh.clock.advance(1000);
        await createTeam(fresh, { name: 'Three' });
        await createAgent(fresh, { teams: [t1] });
        await waitForDirectory(fresh);
        const list = (query: string) =>
          request(fresh.app.getHttpServer()).get(`/teams${query}`).set(bearer(fresh.adminKey));
        const all = await list('');
        expect(all.status).toBe(200);
        const items = (all.body as { items: { name: string; memberCount: number }[] }).items;
        expect(items.map((item) => [item.name, item.memberCount])).toEqual([
          ['One', 1],
          ['Two', 0],
          ['Three', 0],
        ]);
        const active = await list('?status=active');
        expect(
          (active.body as { items: { name: string }[] }).items.map((item) => item.name),
        ).toEqual(['One', 'Three']);
        const page1 = await list('?limit=1');
        const next = (page1.body as { next: string }).next;
        const page2 = await list(next.slice('/teams'.length));
        expect((page2.body as { items: { name: string }[] }).items.map((i) => i.name)).toEqual([
          'Two',
        ]);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('GET /teams/{id}/history', () => {
    it('lists the events with metadata for auditors; agents may not', async () => {
      const teamId = await createTeam(testApp, { name: 'H' });
      const supervisor = await createApiKey(testApp, 'supervisor', 'sup-9');
      await request(server())
        .patch(`/teams/${teamId}`)
        .set(bearer(supervisor))
        .send({ strategy: 'round_robin' })
        .expect(200);
      const auditor = await createApiKey(testApp, 'auditor', 'aud-9');
      const history = await request(server()).get(`/teams/${teamId}/history`).set(bearer(auditor));
      expect(history.status).toBe(200);
      expect(history.body).toMatchObject({
        items: [
          { revision: '0', type: 'TeamCreated', metadata: { actor: { type: 'admin' } } },
          {
            revision: '1',
            type: 'TeamUpdated',
            data: { strategy: 'round_robin' },
            metadata: { actor: { type: 'supervisor', id: 'sup-9' } },
          },
        ],
        next: null,
      });
      const { apiKey } = await createAgent(testApp);
      expect(
        (await request(server()).get(`/teams/${teamId}/history`).set(bearer(apiKey))).status,
      ).toBe(403);
      expect(
        (await request(server()).get('/teams/ghost/history').set(bearer(auditor))).status,
      ).toBe(404);
    });
  });
});

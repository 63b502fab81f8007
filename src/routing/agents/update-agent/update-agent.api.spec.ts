import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
} from '../../../../test/support/directory-fixtures';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../agent-directory.port';

describe('PATCH /agents/{id}', () => {
  let testApp: TestApp;
  let eventStore: EventStore;

  beforeAll(async () => {
    testApp = await createTestApp();
    eventStore = testApp.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const patch = (agentId: string, body: object, headers: Record<string, string> = {}) =>
    request(testApp.app.getHttpServer())
      .patch(`/agents/${agentId}`)
      .set(bearer(testApp.adminKey))
      .set(headers)
      .send(body);

  const typesOf = async (agentId: string): Promise<string[]> =>
    (await eventStore.readStream(`agent-${agentId}`)).map((event) => event.type);

  it('records one event per aspect that changes, appended together, with a new ETag', async () => {
    const teamA = await createTeam(testApp);
    const teamB = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [teamA] });
    testApp.clock.advance(60_000);

    const response = await patch(agentId, {
      name: 'Renamed',
      skills: [{ skill: 'billing', level: 4 }],
      teams: [teamB],
      capacity: { max: 3, perChannel: { phone: 1 } },
      supportLevel: 3,
    });

    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('W/"5"');
    expect(response.body).toMatchObject({
      id: agentId,
      name: 'Renamed',
      skills: [{ skill: 'billing', level: 4 }],
      teamIds: [teamB],
      capacity: { max: 3, perChannel: { phone: 1 } },
      supportLevel: 3,
      revision: '5',
      updatedAt: testApp.clock.now().toISOString(),
    });
    expect(await typesOf(agentId)).toEqual([
      'AgentRegistered',
      'AgentProfileUpdated',
      'AgentSkillsChanged',
      'AgentTeamsChanged',
      'AgentCapacityChanged',
      'AgentSupportLevelChanged',
    ]);
    const teamsChanged = (await eventStore.readStream(`agent-${agentId}`))[3];
    expect(teamsChanged?.data).toMatchObject({ addedTeamIds: [teamB], removedTeamIds: [teamA] });
    // The directory port sees the new membership at once.
    const directory = testApp.app.get<AgentDirectory>(AGENT_DIRECTORY);
    expect((await directory.agent(agentId)).teamIds).toEqual([teamB]);
  });

  it('records nothing when the values are the current ones', async () => {
    const { agentId } = await createAgent(testApp, { name: 'Same', capacity: { max: 5 } });
    const response = await patch(agentId, { name: 'Same', capacity: { max: 5 } });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('W/"0"');
    expect(await typesOf(agentId)).toEqual(['AgentRegistered']);
  });

  it('honours If-Match: the current ETag passes, a stale one is 412 and records nothing', async () => {
    const { agentId } = await createAgent(testApp);
    const read = await request(testApp.app.getHttpServer())
      .get(`/agents/${agentId}`)
      .set(bearer(testApp.adminKey));
    const etag = read.headers.etag;
    expect(etag).toBe('W/"0"');

    const first = await patch(agentId, { supportLevel: 2 }, { 'If-Match': etag });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('W/"1"');

    const stale = await patch(agentId, { supportLevel: 3 }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ status: 412, currentRevision: '1' });
    expect(await typesOf(agentId)).toEqual(['AgentRegistered', 'AgentSupportLevelChanged']);
  });

  it('answers 400 for a malformed If-Match', async () => {
    const { agentId } = await createAgent(testApp);
    const response = await patch(agentId, { supportLevel: 2 }, { 'If-Match': '*' });
    expect(response.status).toBe(400);
  });

  it('deactivates (taking the agent offline) and reactivates; deactivating twice is 409', async () => {
    const { agentId } = await createAgent(testApp, { availability: 'online' });
    const off = await patch(agentId, { active: false, deactivationReason: 'left' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ status: 'deactivated', availability: 'offline' });

    const twice = await patch(agentId, { active: false });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/agent-already-deactivated',
    });

    const on = await patch(agentId, { active: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ status: 'active', availability: 'offline' });
    expect(await typesOf(agentId)).toEqual([
      'AgentRegistered',
      'AgentAvailabilityChanged',
      'AgentAvailabilityChanged',
      'AgentDeactivated',
      'AgentReactivated',
    ]);
    const deactivation = (await eventStore.readStream(`agent-${agentId}`))[3];
    expect(deactivation?.data).toMatchObject({ reason: 'left' });
  });

  it('refuses joining an unknown team (422) and records nothing', async () => {
    const { agentId } = await createAgent(testApp);
    const response = await patch(agentId, { teams: ['no-such-team'] });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/unknown-team',
    });
    expect(await typesOf(agentId)).toEqual(['AgentRegistered']);
  });

  it('answers 404 for an unknown agent, even with an empty body', async () => {
    expect((await patch('no-such-agent', {})).status).toBe(404);
    expect((await patch('no-such-agent', { name: 'X' })).body).toMatchObject({
      type: 'https://servicetrail.dev/problems/agent-not-found',
    });
  });

  it('rejects invalid fields with 400 and field errors', async () => {
    const { agentId } = await createAgent(testApp);
    const response = await patch(agentId, {
      capacity: { max: -1 },
      supportLevel: 7,
      active: 'yes',
      teams: 'team-a',
    });
    expect(response.status).toBe(400);
    const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(new Set(fields)).toEqual(new Set(['capacity.max', 'supportLevel', 'active', 'teams']));
    expect(await typesOf(agentId)).toEqual(['AgentRegistered']);
  });

  it('is for admins and supervisors only', async () => {
    const { agentId, apiKey } = await createAgent(testApp);
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    const server = testApp.app.getHttpServer();
    const send = (key: string) =>
      request(server).patch(`/agents/${agentId}`).set(bearer(key)).send({ supportLevel: 2 });
    expect((await send(apiKey)).status).toBe(403);
    expect((await send(auditor)).status).toBe(403);
    expect((await send(supervisor)).status).toBe(200);
    const [, changed] = await eventStore.readStream(`agent-${agentId}`);
    expect(changed?.metadata.actor).toEqual({ type: 'supervisor', id: 'sup-1' });
  });
});

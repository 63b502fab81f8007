import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { AGENT_DIRECTORY, type AgentDirectory } from '../../agent-directory.port';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
  waitForDirectory,
} from '../../../../test/support/directory-fixtures';

describe('POST /agents', () => {
  let testApp: TestApp;
  let eventStore: EventStore;

  beforeAll(async () => {
    testApp = await createTestApp();
    eventStore = testApp.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const post = (key: string, body: unknown) =>
    request(testApp.app.getHttpServer())
      .post('/agents')
      .set(bearer(key))
      .send(body as object);

  it('registers an agent: 201, Location, ETag and one AgentRegistered with metadata', async () => {
    const teamId = await createTeam(testApp, { name: 'Billing' });
    const response = await post(testApp.adminKey, {
      name: ' Dana Whitfield ',
      email: 'dana@example.com',
      teams: [teamId],
      skills: [
        { skill: 'mandarin', level: 2 },
        { skill: 'billing', level: 3 },
      ],
      languages: ['en', 'zh-CN'],
      capacity: { max: 6, perChannel: { chat: 2 } },
      supportLevel: 2,
    }).set('X-Correlation-Id', 'corr-1');

    expect(response.status).toBe(201);
    const id = (response.body as { id: string }).id;
    expect(response.headers.location).toBe(`/agents/${id}`);
    expect(response.headers.etag).toBe('W/"0"');
    expect(response.body).toEqual({
      id,
      name: 'Dana Whitfield',
      email: 'dana@example.com',
      languages: ['en', 'zh-CN'],
      skills: [
        { skill: 'billing', level: 3 },
        { skill: 'mandarin', level: 2 },
      ],
      teamIds: [teamId],
      capacity: { max: 6, perChannel: { chat: 2 } },
      supportLevel: 2,
      status: 'active',
      availability: 'offline',
      revision: '0',
      registeredAt: testApp.clock.now().toISOString(),
      updatedAt: testApp.clock.now().toISOString(),
    });

    const events = await eventStore.readStream(`agent-${id}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'AgentRegistered',
      data: { agentId: id, teamIds: [teamId], supportLevel: 2 },
      metadata: {
        actor: { type: 'admin' },
        correlationId: 'corr-1',
        occurredAt: testApp.clock.now().toISOString(),
        schemaVersion: 1,
      },
    });
  });

  it('is in the directory at once, with its teams', async () => {
    const teamId = await createTeam(testApp);
    const { agentId } = await createAgent(testApp, { teams: [teamId] });
    const directory = testApp.app.get<AgentDirectory>(AGENT_DIRECTORY);
    await expect(directory.agent(agentId)).resolves.toEqual({
      id: agentId,
      status: 'active',
      teamIds: [teamId],
    });
  });

  it('applies defaults for optional fields', async () => {
    const response = await post(testApp.adminKey, { name: 'Min', email: 'min@example.com' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      teamIds: [],
      skills: [],
      languages: [],
      capacity: { max: 5, perChannel: {} },
      supportLevel: 1,
    });
  });

  /**
   * Whether any agent was registered with this e-mail: read from the directory once it reflects
   * every agent the fixtures created (a rejected request has no id to look its stream up by).
   */
  const registeredWithEmail = async (email: string): Promise<boolean> => {
    await waitForDirectory(testApp);
    const listed = await request(testApp.app.getHttpServer())
      .get('/agents?limit=100')
      .set(bearer(testApp.adminKey));
    return (listed.body as { items: { email: string }[] }).items.some((a) => a.email === email);
  };

  it('rejects invalid input with 400 and one error per field, recording nothing', async () => {
    const response = await post(testApp.adminKey, {
      name: '',
      email: 'not-an-email',
      skills: [{ skill: 'Billing!', level: 9 }],
      capacity: { max: -1, perChannel: { fax: 1 } },
      supportLevel: 4,
      languages: ['english language'],
      extra: true,
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(new Set(fields)).toEqual(
      new Set([
        'name',
        'email',
        'skills[0].skill',
        'skills[0].level',
        'capacity.max',
        'capacity.perChannel.fax',
        'supportLevel',
        'languages',
        'extra',
      ]),
    );
    expect(await registeredWithEmail('not-an-email')).toBe(false);
  });

  it('refuses an unknown team (422) and a deactivated team (422), recording nothing', async () => {
    const unknown = await post(testApp.adminKey, {
      name: 'A',
      email: 'unknown-team@example.com',
      teams: ['no-such-team'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/unknown-team',
      teamId: 'no-such-team',
    });

    const closed = await createTeam(testApp, { deactivated: true });
    const deactivated = await post(testApp.adminKey, {
      name: 'B',
      email: 'closed-team@example.com',
      teams: [closed],
    });
    expect(deactivated.status).toBe(422);
    expect(deactivated.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/team-deactivated',
    });
    expect(await registeredWithEmail('unknown-team@example.com')).toBe(false);
    expect(await registeredWithEmail('closed-team@example.com')).toBe(false);
  });

  it('refuses a skill listed twice and a per-channel cap above max (422)', async () => {
    const twice = await post(testApp.adminKey, {
      name: 'A',
      email: 'a@example.com',
      skills: [
        { skill: 'billing', level: 1 },
        { skill: 'billing', level: 2 },
      ],
    });
    expect(twice.status).toBe(422);
    expect(twice.body).toMatchObject({ field: 'skills' });

    const above = await post(testApp.adminKey, {
      name: 'A',
      email: 'a@example.com',
      capacity: { max: 2, perChannel: { chat: 3 } },
    });
    expect(above.status).toBe(422);
    expect(above.body).toMatchObject({ field: 'capacity.perChannel.chat' });
  });

  it('honours Idempotency-Key: a retried registration returns the same agent, recorded once', async () => {
    const body = { name: 'Retry', email: 'retry@example.com' };
    const first = await post(testApp.adminKey, body).set('Idempotency-Key', 'register-retry-1');
    const again = await post(testApp.adminKey, body).set('Idempotency-Key', 'register-retry-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const id = (first.body as { id: string }).id;
    expect((again.body as { id: string }).id).toBe(id);
    expect(await eventStore.readStream(`agent-${id}`)).toHaveLength(1);
  });

  it('lets admins and supervisors register agents, not agents or auditors', async () => {
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const { apiKey: agentKey } = await createAgent(testApp);
    const body = { name: 'X', email: 'x@example.com' };
    expect((await post(supervisor, body)).status).toBe(201);
    expect((await post(auditor, body)).status).toBe(403);
    expect((await post(agentKey, body)).status).toBe(403);
  });
});

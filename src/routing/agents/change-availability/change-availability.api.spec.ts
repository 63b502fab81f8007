import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  deactivateAgent,
} from '../../../../test/support/directory-fixtures';

describe('POST /agents/{id}/availability', () => {
  let testApp: TestApp;
  let eventStore: EventStore;

  beforeAll(async () => {
    testApp = await createTestApp();
    eventStore = testApp.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const post = (key: string, agentId: string, body: object) =>
    request(testApp.app.getHttpServer())
      .post(`/agents/${agentId}/availability`)
      .set(bearer(key))
      .send(body);

  const availabilityEvents = async (agentId: string) =>
    (await eventStore.readStream(`agent-${agentId}`)).filter(
      (event) => event.type === 'AgentAvailabilityChanged',
    );

  it('lets an agent change its own availability, recorded with the agent as actor', async () => {
    const { agentId, apiKey } = await createAgent(testApp);
    const response = await post(apiKey, agentId, { status: 'online' });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body).toMatchObject({ id: agentId, availability: 'online' });

    const events = await availabilityEvents(agentId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      data: { availability: 'online', previousAvailability: 'offline' },
      metadata: { actor: { type: 'agent', id: agentId } },
    });
  });

  it('refuses an agent changing another agent (403) and records nothing', async () => {
    const { apiKey } = await createAgent(testApp);
    const { agentId: other } = await createAgent(testApp);
    const response = await post(apiKey, other, { status: 'online' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/availability-change-forbidden',
    });
    expect(await availabilityEvents(other)).toHaveLength(0);
  });

  it("lets supervisors and admins change anyone's; auditors may not", async () => {
    const { agentId } = await createAgent(testApp);
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    expect((await post(supervisor, agentId, { status: 'away' })).status).toBe(200);
    expect((await post(testApp.adminKey, agentId, { status: 'online' })).status).toBe(200);
    expect((await post(auditor, agentId, { status: 'offline' })).status).toBe(403);
    expect((await availabilityEvents(agentId)).map((e) => e.data.availability)).toEqual([
      'away',
      'online',
    ]);
  });

  it('records nothing when the status is the current one', async () => {
    const { agentId, apiKey } = await createAgent(testApp, { availability: 'online' });
    const response = await post(apiKey, agentId, { status: 'online' });
    expect(response.status).toBe(200);
    expect(await availabilityEvents(agentId)).toHaveLength(1);
  });

  it('refuses a deactivated agent (409)', async () => {
    const { agentId, apiKey } = await createAgent(testApp);
    await deactivateAgent(testApp, agentId);
    const response = await post(apiKey, agentId, { status: 'online' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/agent-deactivated',
    });
  });

  it('rejects an unknown status with 400 naming the field', async () => {
    const { agentId, apiKey } = await createAgent(testApp);
    const response = await post(apiKey, agentId, { status: 'busy' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [expect.objectContaining({ field: 'status' })] });
  });

  it('answers 404 for an unknown agent (supervisor)', async () => {
    const response = await post(testApp.adminKey, 'no-such-agent', { status: 'online' });
    expect(response.status).toBe(404);
  });

  it('honours If-Match (412 when stale)', async () => {
    const { agentId, apiKey } = await createAgent(testApp);
    const response = await post(apiKey, agentId, { status: 'online' }).set('If-Match', 'W/"7"');
    expect(response.status).toBe(412);
  });
});

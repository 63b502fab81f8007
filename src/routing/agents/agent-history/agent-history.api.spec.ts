import request from 'supertest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  patchAgent,
} from '../../../../test/support/directory-fixtures';

describe('GET /agents/{id} and GET /agents/{id}/history', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const get = (key: string, path: string) =>
    request(testApp.app.getHttpServer()).get(path).set(bearer(key));

  it('GET /agents/{id} is current at once, with the stream revision as ETag', async () => {
    const { agentId, apiKey } = await createAgent(testApp, { name: 'Dana' });
    await patchAgent(testApp, agentId, { name: 'Dana W.' });
    const response = await get(apiKey, `/agents/${agentId}`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body).toMatchObject({ id: agentId, name: 'Dana W.', revision: '1' });
  });

  it('GET /agents/{id} answers 404 for an unknown agent', async () => {
    const response = await get(testApp.adminKey, '/agents/no-such-agent');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/agent-not-found',
    });
  });

  it('lists every event in order with its metadata, for auditors', async () => {
    const { agentId } = await createAgent(testApp, { name: 'Hist' });
    testApp.clock.advance(5 * 60_000);
    await request(testApp.app.getHttpServer())
      .patch(`/agents/${agentId}`)
      .set(bearer(testApp.adminKey))
      .set('X-Correlation-Id', 'audit-corr')
      .send({ supportLevel: 2, capacity: { max: 9 } })
      .expect(200);
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');

    const response = await get(auditor, `/agents/${agentId}/history`);
    expect(response.status).toBe(200);
    const body = response.body as {
      items: { revision: string; type: string; data: object; metadata: object }[];
      next: string | null;
    };
    expect(body.next).toBeNull();
    expect(body.items.map((item) => [item.revision, item.type])).toEqual([
      ['0', 'AgentRegistered'],
      ['1', 'AgentCapacityChanged'],
      ['2', 'AgentSupportLevelChanged'],
    ]);
    expect(body.items[2]).toMatchObject({
      data: { supportLevel: 2, previousSupportLevel: 1 },
      metadata: {
        actor: { type: 'admin' },
        correlationId: 'audit-corr',
        occurredAt: testApp.clock.now().toISOString(),
        schemaVersion: 1,
      },
    });
  });

  it('pages with fromRevision and limit', async () => {
    const { agentId } = await createAgent(testApp);
    await patchAgent(testApp, agentId, { supportLevel: 2 });
    await patchAgent(testApp, agentId, { supportLevel: 3 });
    const first = await get(testApp.adminKey, `/agents/${agentId}/history?limit=2`);
    expect((first.body as { items: unknown[] }).items).toHaveLength(2);
    const next = (first.body as { next: string }).next;
    expect(next).toBe(`/agents/${agentId}/history?fromRevision=2&limit=2`);
    const second = await get(testApp.adminKey, next);
    expect(second.body).toMatchObject({ items: [{ revision: '2' }], next: null });
  });

  it('is not for agents (403) and answers 404 for an unknown agent', async () => {
    const { agentId, apiKey } = await createAgent(testApp);
    expect((await get(apiKey, `/agents/${agentId}/history`)).status).toBe(403);
    expect((await get(testApp.adminKey, '/agents/nobody/history')).status).toBe(404);
  });

  it('rejects a bad limit with 400', async () => {
    const { agentId } = await createAgent(testApp);
    const response = await get(testApp.adminKey, `/agents/${agentId}/history?limit=0`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [expect.objectContaining({ field: 'limit' })] });
  });
});

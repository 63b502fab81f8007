import request from 'supertest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
  deactivateAgent,
  waitForDirectory,
} from '../../../../test/support/directory-fixtures';

describe('GET /agents (directory read model)', () => {
  let testApp: TestApp;
  let teamA: string;
  let teamB: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testApp = await createTestApp();
    teamA = await createTeam(testApp, { name: 'A' });
    teamB = await createTeam(testApp, { name: 'B' });
    ids.ann = (
      await createAgent(testApp, {
        name: 'Ann',
        teams: [teamA],
        skills: [{ skill: 'billing', level: 3 }],
        availability: 'online',
      })
    ).agentId;
    // Oldest first, ties by id: a minute apart so the order is the creation order.
    testApp.clock.advance(60_000);
    ids.bob = (await createAgent(testApp, { name: 'Bob', teams: [teamA, teamB] })).agentId;
    testApp.clock.advance(60_000);
    ids.cat = (
      await createAgent(testApp, { name: 'Cat', skills: [{ skill: 'mandarin', level: 2 }] })
    ).agentId;
    await deactivateAgent(testApp, ids.cat);
    await waitForDirectory(testApp);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const list = async (query: string, key = testApp.adminKey) => {
    const response = await request(testApp.app.getHttpServer())
      .get(`/agents${query}`)
      .set(bearer(key));
    return response;
  };
  const names = (body: unknown): string[] =>
    (body as { items: { name: string }[] }).items.map((item) => item.name);

  it('lists every agent oldest first with the same shape as GET /agents/{id}', async () => {
    const response = await list('');
    expect(response.status).toBe(200);
    expect(names(response.body)).toEqual(['Ann', 'Bob', 'Cat']);
    const single = await request(testApp.app.getHttpServer())
      .get(`/agents/${ids.bob}`)
      .set(bearer(testApp.adminKey));
    const listed = (response.body as { items: { id: string }[] }).items.find(
      (item) => item.id === ids.bob,
    );
    expect(listed).toEqual(single.body);
  });

  it('filters by team, status, availability and skill', async () => {
    expect(names((await list(`?teamId=${teamA}`)).body)).toEqual(['Ann', 'Bob']);
    expect(names((await list(`?teamId=${teamB}`)).body)).toEqual(['Bob']);
    expect(names((await list('?status=deactivated')).body)).toEqual(['Cat']);
    expect(names((await list('?availability=online')).body)).toEqual(['Ann']);
    expect(names((await list('?skill=mandarin')).body)).toEqual(['Cat']);
  });

  it('pages with a cursor (next keeps the filters)', async () => {
    const first = await list('?limit=2&status=active');
    expect(names(first.body)).toEqual(['Ann', 'Bob']);
    expect((first.body as { next: string | null }).next).toBeNull();

    const page1 = await list('?limit=2');
    expect(names(page1.body)).toEqual(['Ann', 'Bob']);
    const next = (page1.body as { next: string }).next;
    expect(next).toMatch(/^\/agents\?limit=2&cursor=/);
    const page2 = await list(next.slice('/agents'.length));
    expect(names(page2.body)).toEqual(['Cat']);
    expect((page2.body as { next: string | null }).next).toBeNull();
  });

  it('rejects a forged cursor and a bad filter with 400', async () => {
    const forged = await list('?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ errors: [expect.objectContaining({ field: 'cursor' })] });
    expect((await list('?availability=busy')).status).toBe(400);
    expect((await list('?limit=1000')).status).toBe(400);
  });

  it('is readable by agents and auditors', async () => {
    const { apiKey } = await createAgent(testApp);
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    expect((await list('', apiKey)).status).toBe(200);
    expect((await list('', auditor)).status).toBe(200);
  });
});

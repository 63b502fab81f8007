import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { bearer, createApiKey } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

const RULES = {
  rules: [
    {
      id: 'vip-billing',
      when: { customerTiers: ['vip'], tags: ['Billing', 'invoice'] },
      teamId: 'billing',
      requiredSkills: [{ skill: 'billing', minLevel: 3 }],
    },
    { id: 'urgent-chat', when: { channels: ['chat'], priorities: ['urgent'] }, teamId: 'chat' },
  ],
  defaultRoute: { teamId: 'general' },
};

describe('Routing rules API', () => {
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
  const put = (body: object, headers: Record<string, string> = {}, key = testApp.adminKey) =>
    request(server()).put('/routing/rules').set(bearer(key)).set(headers).send(body);
  const get = (url: string, key = testApp.adminKey) => request(server()).get(url).set(bearer(key));
  const stream = () => eventStore.readStream('routing-rules');

  it('answers 404 routing-rules-not-defined before the first PUT', async () => {
    for (const url of ['/routing/rules', '/routing/rules/history']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(
        'https://servicetrail.dev/problems/routing-rules-not-defined',
      );
    }
  });

  it('400 with field errors from the validator, all at once, and records nothing', async () => {
    const response = await put({
      rules: [
        { id: 'a', when: { priorities: ['critical'] }, teamId: 'billing' },
        { id: 'a', teamId: 'chat', requiredSkills: [{ skill: 'billing', minLevel: 9 }] },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('https://servicetrail.dev/problems/validation-error');
    const errors = (response.body.errors as { field: string; code: string }[]).map((e) => [
      e.field,
      e.code,
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['rules[1].id', 'duplicate-rule-id'],
        ['rules[0].when.priorities[0]', 'unknown-value'],
        ['rules[1].requiredSkills[0].minLevel', 'level-out-of-range'],
        ['defaultRoute', 'missing-default-route'],
      ]),
    );

    const unknown = await put({
      ...RULES,
      rules: [{ ...RULES.rules[0], when: { tiers: ['vip'] } }],
      extra: true,
    });
    expect(unknown.status).toBe(400);
    expect(
      (unknown.body.errors as { field: string; code: string }[]).map((e) => [e.field, e.code]),
    ).toEqual(
      expect.arrayContaining([
        ['extra', 'unknown-property'],
        ['rules[0].when.tiers', 'unknown-property'],
      ]),
    );
    expect(await stream()).toHaveLength(0);
  });

  it('defines (201), reads with ETag, replaces with If-Match (200), 412 when stale', async () => {
    const created = await put(RULES);
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('W/"0"');
    expect(created.body).toMatchObject({
      rules: [
        {
          id: 'vip-billing',
          when: { customerTiers: ['vip'], tags: ['billing', 'invoice'] },
          teamId: 'billing',
          requiredSkills: [{ skill: 'billing', minLevel: 3 }],
        },
        {
          id: 'urgent-chat',
          when: { channels: ['chat'], priorities: ['urgent'] },
          teamId: 'chat',
          requiredSkills: [],
        },
      ],
      defaultRoute: { teamId: 'general', requiredSkills: [] },
      version: 1,
      revision: '0',
    });
    const read = await get('/routing/rules');
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('W/"0"');
    expect(read.body).toEqual(created.body);

    const reordered = { ...RULES, rules: [RULES.rules[1], RULES.rules[0]] };
    const replaced = await put(reordered, { 'If-Match': 'W/"0"' });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.etag).toBe('W/"1"');
    expect(replaced.body).toMatchObject({ version: 2, revision: '1' });
    expect((replaced.body.rules as { id: string }[]).map((r) => r.id)).toEqual([
      'urgent-chat',
      'vip-billing',
    ]);

    const stale = await put(RULES, { 'If-Match': 'W/"0"' });
    expect(stale.status).toBe(412);

    const events = await stream();
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['RoutingRulesDefined', 1],
      ['RoutingRulesChanged', 2],
    ]);
    expect(events[0].data).toMatchObject({
      rules: created.body.rules as object,
      defaultRoute: { teamId: 'general', requiredSkills: [] },
      definedAt: expect.any(String) as string,
    });
    expect(events[1].data).toMatchObject({ changedAt: expect.any(String) as string });
    expect(events[0].metadata).toMatchObject({
      actor: { type: 'admin' },
      schemaVersion: 1,
      occurredAt: expect.any(String) as string,
    });
  });

  it('records nothing for an identical set (even spelled differently)', async () => {
    const before = await get('/routing/rules');
    const sameAgain = {
      ...RULES,
      rules: [
        RULES.rules[1],
        { ...RULES.rules[0], when: { customerTiers: ['vip'], tags: ['BILLING', 'invoice'] } },
      ],
      defaultRoute: { teamId: 'general', requiredSkills: [] },
    };
    const response = await put(sameAgain, { 'If-Match': before.headers.etag });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(before.headers.etag);
    expect(response.body).toEqual(before.body);
    expect(await stream()).toHaveLength(2);
  });

  it('lets admins and supervisors write; auditors and agents only read', async () => {
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const agent = await createApiKey(testApp, 'agent', 'agent-1');
    const integrator = await createApiKey(testApp, 'integrator', 'int-1');
    for (const key of [auditor, agent, integrator]) {
      expect((await put(RULES, {}, key)).status).toBe(403);
    }
    for (const key of [auditor, agent]) {
      expect((await get('/routing/rules', key)).status).toBe(200);
      expect((await get('/routing/rules/history', key)).status).toBe(200);
    }
    expect((await get('/routing/rules', integrator)).status).toBe(403);
    const bySupervisor = await put(RULES, {}, supervisor);
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.version).toBe(3);
    const last = (await stream()).at(-1);
    expect(last?.type).toBe('RoutingRulesChanged');
    expect(last?.metadata.actor).toEqual({ type: 'supervisor', id: 'sup-1' });
  });

  it('shows the history with metadata, paged by revision', async () => {
    const first = await get('/routing/rules/history?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({
        type: 'RoutingRulesDefined',
        revision: '0',
        data: expect.objectContaining({ version: 1 }) as object,
        metadata: expect.objectContaining({
          actor: expect.objectContaining({ type: 'admin' }),
        }) as object,
      }),
      expect.objectContaining({ type: 'RoutingRulesChanged', revision: '1' }),
    ]);
    expect(first.body.next).toBe('/routing/rules/history?fromRevision=2&limit=2');
    const second = await get(first.body.next as string);
    expect(second.status).toBe(200);
    expect(second.body.items).toEqual([
      expect.objectContaining({
        type: 'RoutingRulesChanged',
        revision: '2',
        data: expect.objectContaining({ version: 3 }) as object,
      }),
    ]);
    expect(second.body.next).toBeNull();
    expect((await get('/routing/rules/history?limit=0')).status).toBe(400);
  });
});

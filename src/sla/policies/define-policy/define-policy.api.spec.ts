import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';

const POLICY = {
  name: 'VIP',
  position: 10,
  conditions: { customerTiers: ['vip'], channels: ['email', 'chat'] },
  targets: { urgent: { firstResponse: 'PT15M', nextResponse: 'PT30M', resolution: 'PT4H' } },
  calendarId: 'office',
  escalation: [
    { at: 'warning', threshold: 0.9, actions: [{ type: 'notify' }] },
    { at: 'after_breach', delay: 'PT1H', actions: [{ type: 'escalate_level', level: 2 }] },
  ],
};

describe('SLA policies API', () => {
  let testApp: TestApp;
  let eventStore: EventStore;

  beforeAll(async () => {
    testApp = await createTestApp();
    eventStore = testApp.app.get(EVENT_STORE);
    const calendar = await request(testApp.app.getHttpServer())
      .put('/sla/calendars/office')
      .set(bearer(testApp.adminKey))
      .send({
        name: 'Office',
        timeZone: 'Europe/Berlin',
        weekdays: { monday: [{ start: '09:00', end: '17:00' }] },
      });
    expect(calendar.status).toBe(201);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const server = () => testApp.app.getHttpServer();
  const put = (id: string, body: object, headers: Record<string, string> = {}) =>
    request(server())
      .put(`/sla/policies/${id}`)
      .set(bearer(testApp.adminKey))
      .set(headers)
      .send(body);
  const get = (url: string, key = testApp.adminKey) => request(server()).get(url).set(bearer(key));

  it('creates with defaults (201), reads with ETag, replaces with If-Match (200)', async () => {
    const created = await put('vip', POLICY);
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('W/"0"');
    expect(created.body).toMatchObject({
      id: 'vip',
      position: 10,
      calendarId: 'office',
      pauses: { pending: ['resolution'], on_hold: ['resolution'] },
      warningThresholds: [0.75, 0.9],
      conditions: {
        customerTiers: ['vip'],
        channels: ['email', 'chat'],
        priorities: [],
        tagsAnyOf: [],
      },
      escalation: [
        { at: 'warning', threshold: 0.9, targets: ['firstResponse', 'nextResponse', 'resolution'] },
        { at: 'after_breach', delay: 'PT1H', actions: [{ type: 'escalate_level', level: 2 }] },
      ],
      version: 1,
    });
    const read = await get('/sla/policies/vip');
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('W/"0"');
    expect(read.body).toEqual(created.body);

    const replaced = await put(
      'vip',
      { ...POLICY, pauses: { pending: [] } },
      { 'If-Match': 'W/"0"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.headers.etag).toBe('W/"1"');
    expect(replaced.body).toMatchObject({ pauses: { pending: [], on_hold: [] }, version: 2 });

    const stale = await put('vip', { ...POLICY, position: 1 }, { 'If-Match': 'W/"0"' });
    expect(stale.status).toBe(412);

    const events = await eventStore.readStream('sla-policy-vip');
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['SlaPolicyDefined', 1],
      ['SlaPolicyChanged', 2],
    ]);
  });

  it('shows the history of a policy, each version with who changed it', async () => {
    await put('hist', POLICY);
    await put('hist', { ...POLICY, name: 'VIP v2' });
    const history = await get('/sla/policies/hist/history');
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        type: 'SlaPolicyDefined',
        revision: '0',
        data: expect.objectContaining({ version: 1, name: 'VIP' }) as object,
      }),
      expect.objectContaining({
        type: 'SlaPolicyChanged',
        revision: '1',
        data: expect.objectContaining({ version: 2, name: 'VIP v2' }) as object,
      }),
    ]);
    expect(history.body.items[0].metadata.actor).toBeDefined();
    expect((await get('/sla/policies/none/history')).status).toBe(404);
  });

  it('400 with field errors: negative and zero targets, thresholds out of order, bad steps', async () => {
    const response = await put('bad', {
      ...POLICY,
      targets: {
        urgent: { firstResponse: '-PT1H', resolution: 'PT0S' },
        high: { nextResponse: 'P2Y' },
      },
      warningThresholds: [0.9, 0.5, 1.2],
      escalation: [{ at: 'warning', threshold: 0.3, actions: [{ type: 'raise_priority' }] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('https://servicetrail.dev/problems/validation-error');
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'targets.urgent.firstResponse',
        'targets.urgent.resolution',
        'targets.high.nextResponse',
        'warningThresholds[1]',
        'warningThresholds[2]',
        'escalation[0].threshold',
      ]),
    );
    const numeric = await put('bad', { ...POLICY, targets: { urgent: { resolution: -3600 } } });
    expect(numeric.status).toBe(400);
    expect(
      new Set((numeric.body.errors as { field: string }[]).map((error) => error.field)),
    ).toEqual(new Set(['targets.urgent.resolution']));
    expect(await eventStore.readStream('sla-policy-bad')).toHaveLength(0);
  });

  it('422 when the calendar does not exist', async () => {
    const response = await put('orphan', { ...POLICY, calendarId: 'missing' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/unknown-sla-calendar',
      calendarId: 'missing',
    });
    expect(await eventStore.readStream('sla-policy-orphan')).toHaveLength(0);
  });

  it('lists policies in evaluation order (position, then id) with a cursor', async () => {
    await put('order-z', { ...POLICY, position: 0 });
    await put('order-a', { ...POLICY, position: 500 });
    await put('order-b', { ...POLICY, position: 500 });
    const deadline = performance.now() + 10_000;
    const collect = async (): Promise<{ id: string; position: number }[]> => {
      let items: { id: string; position: number }[] = [];
      let next: string | null = '/sla/policies?limit=2';
      while (next) {
        const page = await get(next);
        expect(page.status).toBe(200);
        items = items.concat(page.body.items as { id: string; position: number }[]);
        next = page.body.next as string | null;
      }
      return items;
    };
    let items = await collect();
    const written = ['order-z', 'order-a', 'order-b'];
    while (!written.every((id) => items.some((i) => i.id === id)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      items = await collect();
    }
    const ids = items.map((i) => i.id);
    expect(ids.indexOf('order-z')).toBeLessThan(ids.indexOf('vip'));
    expect(ids.slice(-2)).toEqual(['order-a', 'order-b']);
    const positions = items.map((i) => i.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect((await get('/sla/policies?cursor=bm9wZQ')).status).toBe(400);
  });

  it('lets admins and supervisors write; auditors and agents only read', async () => {
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const agent = await createApiKey(testApp, 'agent', 'agent-1');
    const putAs = (key: string) =>
      request(server()).put('/sla/policies/roles').set(bearer(key)).send(POLICY);
    expect((await putAs(auditor)).status).toBe(403);
    expect((await putAs(agent)).status).toBe(403);
    expect((await putAs(supervisor)).status).toBe(201);
    for (const key of [auditor, agent]) {
      expect((await get('/sla/policies/roles', key)).status).toBe(200);
      expect((await get('/sla/policies', key)).status).toBe(200);
    }
  });
});

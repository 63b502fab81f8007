import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';

const OFFICE = {
  name: 'Berlin office',
  timeZone: 'Europe/Berlin',
  weekdays: {
    monday: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    tuesday: [{ start: '09:00', end: '17:00' }],
  },
  holidays: [
    { date: '2026-12-25' },
    { date: '2026-12-24', closed: [{ start: '12:00', end: '24:00' }] },
  ],
};

describe('SLA calendars API', () => {
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
  const put = (id: string, body: object, headers: Record<string, string> = {}) =>
    request(server())
      .put(`/sla/calendars/${id}`)
      .set(bearer(testApp.adminKey))
      .set(headers)
      .send(body);

  it('creates (201), reads (ETag), replaces (200) and records events with versions', async () => {
    const created = await put('berlin', OFFICE);
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('W/"0"');
    expect(created.headers.location).toBe('/sla/calendars/berlin');
    expect(created.body).toMatchObject({
      id: 'berlin',
      name: 'Berlin office',
      timeZone: 'Europe/Berlin',
      alwaysOpen: false,
      weekdays: OFFICE.weekdays,
      holidays: [
        { date: '2026-12-24', closed: [{ start: '12:00', end: '24:00' }] },
        { date: '2026-12-25' },
      ],
      version: 1,
      revision: '0',
      definedAt: testApp.clock.now().toISOString(),
    });

    const read = await request(server()).get('/sla/calendars/berlin').set(bearer(testApp.adminKey));
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('W/"0"');
    expect(read.body).toEqual(created.body);

    testApp.clock.advance(60_000);
    const replaced = await put(
      'berlin',
      { name: '24/7', timeZone: 'UTC', alwaysOpen: true },
      { 'If-Match': 'W/"0"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.headers.etag).toBe('W/"1"');
    expect(replaced.body).toMatchObject({
      alwaysOpen: true,
      weekdays: {},
      holidays: [],
      version: 2,
    });

    const unchanged = await put('berlin', { name: '24/7', timeZone: 'UTC', alwaysOpen: true });
    expect(unchanged.status).toBe(200);
    expect(unchanged.headers.etag).toBe('W/"1"');

    const events = await eventStore.readStream('sla-calendar-berlin');
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['SlaCalendarDefined', 1],
      ['SlaCalendarChanged', 2],
    ]);
    expect(events[1]?.data).toMatchObject({
      calendarId: 'berlin',
      timeZone: 'UTC',
      alwaysOpen: true,
    });
    expect(events[1]?.metadata).toMatchObject({
      schemaVersion: 1,
      actor: expect.any(Object) as object,
    });
  });

  it('answers 412 to a stale If-Match and records nothing', async () => {
    await put('stale', OFFICE);
    await put('stale', { ...OFFICE, name: 'Second' });
    const response = await put('stale', { ...OFFICE, name: 'Third' }, { 'If-Match': 'W/"0"' });
    expect(response.status).toBe(412);
    expect(response.body).toMatchObject({ currentRevision: '1' });
    expect(await eventStore.readStream('sla-calendar-stale')).toHaveLength(2);
  });

  it('400 with field errors for overlapping intervals and an unknown zone', async () => {
    const response = await put('bad', {
      name: 'Bad',
      timeZone: 'Mars/Olympus_Mons',
      weekdays: {
        monday: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
        friday: [{ start: '17:00', end: '09:00' }],
      },
      holidays: [{ date: '2026-02-30' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('https://servicetrail.dev/problems/validation-error');
    const fields = (response.body.errors as { field: string; message: string }[]).map(
      (e) => e.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'timeZone',
        'weekdays.monday[1]',
        'weekdays.friday[0]',
        'holidays[0].date',
      ]),
    );
    expect(await eventStore.readStream('sla-calendar-bad')).toHaveLength(0);
  });

  it('400 for a 24/7 calendar that also lists hours, and for unknown properties', async () => {
    const both = await put('both', {
      name: 'x',
      timeZone: 'UTC',
      alwaysOpen: true,
      weekdays: OFFICE.weekdays,
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'weekdays' })]);
    const unknown = await put('unknown', { ...OFFICE, open: true });
    expect(unknown.status).toBe(400);
  });

  it('404 for an unknown calendar; lists calendars by id with a cursor', async () => {
    const missing = await request(server())
      .get('/sla/calendars/nope')
      .set(bearer(testApp.adminKey));
    expect(missing.status).toBe(404);

    for (const id of ['list-a', 'list-b', 'list-c'])
      expect((await put(id, OFFICE)).status).toBe(201);
    const pageOf = async (url: string) => request(server()).get(url).set(bearer(testApp.adminKey));
    const expected = ['berlin', 'list-a', 'list-b', 'list-c', 'stale'];
    // The list is a read model: walk every page until it shows all the writes (bounded).
    const walk = async (): Promise<string[]> => {
      let walked: string[] = [];
      let next: string | null = '/sla/calendars?limit=2';
      while (next) {
        const page = await pageOf(next);
        expect(page.status).toBe(200);
        expect((page.body.items as unknown[]).length).toBeLessThanOrEqual(2);
        walked = walked.concat((page.body.items as { id: string }[]).map((item) => item.id));
        next = page.body.next as string | null;
      }
      return walked;
    };
    const deadline = performance.now() + 10_000;
    let ids = await walk();
    while (!expected.every((id) => ids.includes(id)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ids = await walk();
    }
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['berlin', 'list-a', 'list-b', 'list-c', 'stale']));
  });

  it('lets admins and supervisors write; auditors and agents only read', async () => {
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const agent = await createApiKey(testApp, 'agent', 'agent-1');
    const integrator = await createApiKey(testApp, 'integrator', 'int-1');
    const putAs = (key: string) =>
      request(server()).put('/sla/calendars/roles').set(bearer(key)).send(OFFICE);
    expect((await putAs(supervisor)).status).toBe(201);
    expect((await putAs(auditor)).status).toBe(403);
    expect((await putAs(agent)).status).toBe(403);
    for (const key of [auditor, agent]) {
      expect((await request(server()).get('/sla/calendars/roles').set(bearer(key))).status).toBe(
        200,
      );
    }
    expect(
      (await request(server()).get('/sla/calendars/roles').set(bearer(integrator))).status,
    ).toBe(403);
  });
});

/** GET /reports/volume on the whole app, over events appended to the store. */
import request from 'supertest';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { FixedClock } from '../../../platform/time/clock';
import type { Channel, TicketType } from '../../../tickets/ticket.values';
import { DAY_MS, restyled, T0, TicketScript } from '../testing/report-fixtures';
import { appendEvents, waitForReports } from '../testing/report-test-events';
import type { VolumeReportView } from './volume.report';

interface Problem {
  readonly errors: { readonly field: string }[];
}

const PERIOD = 'from=2026-03-01&to=2026-03-08';

const TICKETS: [string, Channel, TicketType, string | null][] = [
  ['v-1', 'email', 'question', 'a-1'],
  ['v-2', 'email', 'question', null],
  ['v-3', 'email', 'question', 'a-2'],
  ['v-4', 'chat', 'question', null],
  ['v-5', 'chat', 'question', 'a-1'],
  ['v-6', 'phone', 'incident', null],
  ['v-7', 'email', 'incident', 'a-1'],
  ['v-8', 'web', 'incident', null],
  ['v-9', 'chat', 'problem', null],
  ['v-10', 'email', 'complaint', null],
];

describe('GET /reports/volume', () => {
  let testApp: TestApp;
  let agentKey: string;
  const get = (query: string, key = testApp.adminKey) =>
    request(testApp.app.getHttpServer()).get(`/reports/volume?${query}`).set(bearer(key));

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock: new FixedClock(new Date(T0 + 3 * DAY_MS)) });
    agentKey = await createApiKey(testApp, 'agent', 'a-2');
    for (const [id, channel, type, solver] of TICKETS) {
      const script = new TicketScript(id).opened(0);
      if (solver !== null) script.replied(10, 'agent', solver).solved(60, solver, 'team-1');
      await appendEvents(testApp.app, `ticket-${id}`, restyled(script, { channel, type }));
    }
    await waitForReports(testApp.app);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('counts tickets opened and solved, by channel, most opened first', async () => {
    const response = await get(PERIOD).expect(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    const body = response.body as VolumeReportView;
    expect(body.total).toEqual({ opened: 10, solved: 4 });
    expect(body.byChannel).toEqual([
      { channel: 'email', opened: 5, solved: 3 },
      { channel: 'chat', opened: 3, solved: 1 },
      { channel: 'phone', opened: 1, solved: 0 },
      { channel: 'web', opened: 1, solved: 0 },
    ]);
  });

  it('orders types by volume with running shares and marks the vital few (80 %)', async () => {
    const body = (await get(PERIOD).expect(200)).body as VolumeReportView;
    expect(body.byType).toEqual([
      { type: 'question', opened: 5, solved: 3, share: 0.5, cumulativeShare: 0.5, vitalFew: true },
      { type: 'incident', opened: 3, solved: 1, share: 0.3, cumulativeShare: 0.8, vitalFew: true },
      {
        type: 'complaint',
        opened: 1,
        solved: 0,
        share: 0.1,
        cumulativeShare: 0.9,
        vitalFew: false,
      },
      { type: 'problem', opened: 1, solved: 0, share: 0.1, cumulativeShare: 1, vitalFew: false },
    ]);
  });

  it('groups by the requested dimension and filters', async () => {
    const body = (await get(`${PERIOD}&groupBy=type&channel=email,chat`).expect(200))
      .body as VolumeReportView;
    expect(body.groups).toEqual(
      [
        { key: 'complaint', opened: 1, solved: 0 },
        { key: 'problem', opened: 1, solved: 0 },
        { key: 'question', opened: 5, solved: 3 },
        { key: 'incident', opened: 1, solved: 1 },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });

  it('gives an agent only the tickets attributed to them', async () => {
    const body = (await get(PERIOD, agentKey).expect(200)).body as VolumeReportView;
    // Nobody holds these tickets (no assignment), so the agent opened none; v-3 was solved by a-2.
    expect(body.total).toEqual({ opened: 0, solved: 1 });
  });

  it('answers 400 for a period longer than 400 days', async () => {
    const response = await get('from=2025-01-01&to=2026-03-01').expect(400);
    expect((response.body as Problem).errors[0].field).toBe('from');
  });
});

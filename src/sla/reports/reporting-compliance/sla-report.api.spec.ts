import request from 'supertest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { breached, cancelled, completed, paused, started } from '../testing/sla-events';
import { SlaReportsFixture } from '../testing/sla-reports-fixture';

interface Figures {
  target: string;
  achieved: number;
  breached: number;
  compliance: number | null;
}
interface Row extends Figures {
  key: string | null;
  periodStart: string | null;
}
interface Running {
  ticketId: string;
  cycleId: string;
  dueAt: string;
  dueInSeconds: number;
  teamId: string | null;
}
interface Report {
  definitionVersion: string;
  timeZone: string;
  groupBy: string;
  position: string | null;
  lagEvents: number;
  lagMs: number;
  totals: Figures[];
  rows: Row[];
  atRisk: { withinMinutes: number; total: number; items: Running[] };
  breachedOpen: { total: number; items: Running[] };
}

const NOW = '2026-01-12T12:00:00.000Z';
const PERIOD = 'from=2026-01-05T00:00:00Z&to=2026-01-13T00:00:00Z';

/** A row as the report shows it: key, target and the counts (compliance derived by hand). */
function row(key: string | null, target: string, achieved: number, breached: number) {
  return expect.objectContaining({
    key,
    target,
    achieved,
    breached,
    compliance: achieved / (achieved + breached),
  });
}

describe('GET /reports/sla', () => {
  let testApp: TestApp;
  let fixture: SlaReportsFixture;
  const t: Record<string, string> = {};

  /**
   * Given, decided (period 2026-01-05 .. 2026-01-13 UTC):
   * - t1 team-a/agent-1 high chat: first response achieved Mon 5th 09:30Z;
   * - t2 team-a/agent-1 high email: first response breached at 10:00Z (recorded; answered 11:00);
   *   resolution due 23:00Z answered 23:30Z with no breach recorded → breached at 23:00Z
   *   (= Tue 6th 00:00 in Berlin);
   * - t3 team-b/agent-2 urgent email: resolution achieved 23:30Z (Tue 6th 00:30 in Berlin);
   * - t4 team-b/nobody low web: first response achieved Mon 12th 09:45Z; its next response
   *   cancelled (counts nowhere).
   * And running at now (Mon 12th 12:00Z): t5 due 12:20 (at risk), t6 due 12:50 (at risk within
   * 60 min only), t7 due 11:50 with no breach recorded yet (breached, open), t8 paused.
   */
  beforeAll(async () => {
    testApp = await createTestApp();
    fixture = new SlaReportsFixture(testApp);
    const mon = '2026-01-05T';
    t.t1 = await fixture.ticket({
      at: `${mon}09:00:00.000Z`,
      channel: 'chat',
      priority: 'high',
      teamId: 'team-a',
      agentId: 'agent-1',
    });
    t.t2 = await fixture.ticket({
      at: `${mon}09:00:00.000Z`,
      priority: 'high',
      teamId: 'team-a',
      agentId: 'agent-1',
    });
    t.t3 = await fixture.ticket({
      at: `${mon}10:00:00.000Z`,
      priority: 'urgent',
      teamId: 'team-b',
      agentId: 'agent-2',
    });
    const open = '2026-01-05T09:00:00.000Z';
    await fixture.sla(
      t.t1,
      open,
      [started(t.t1, 'firstResponse-1', open, `${mon}10:00:00.000Z`)],
      'achieved',
    );
    await fixture.sla(
      t.t1,
      `${mon}09:30:00.000Z`,
      [completed(t.t1, 'firstResponse-1', open, `${mon}10:00:00.000Z`, `${mon}09:30:00.000Z`)],
      'achieved',
    );
    await fixture.sla(
      t.t2,
      open,
      [started(t.t2, 'firstResponse-1', open, `${mon}10:00:00.000Z`)],
      'breached',
    );
    await fixture.sla(
      t.t2,
      open,
      [started(t.t2, 'resolution-1', open, `${mon}23:00:00.000Z`)],
      'breached',
    );
    await fixture.sla(
      t.t2,
      `${mon}10:00:00.000Z`,
      [
        breached(t.t2, 'firstResponse-1', `${mon}10:00:00.000Z`, {
          teamId: 'team-a',
          assigneeId: 'agent-1',
          priority: 'high',
        }),
      ],
      'breached',
    );
    await fixture.sla(
      t.t2,
      `${mon}11:00:00.000Z`,
      [completed(t.t2, 'firstResponse-1', open, `${mon}10:00:00.000Z`, `${mon}11:00:00.000Z`)],
      'breached',
    );
    await fixture.sla(
      t.t2,
      `${mon}23:30:00.000Z`,
      [completed(t.t2, 'resolution-1', open, `${mon}23:00:00.000Z`, `${mon}23:30:00.000Z`)],
      'breached',
    );
    await fixture.sla(
      t.t3,
      `${mon}10:00:00.000Z`,
      [started(t.t3, 'resolution-1', `${mon}10:00:00.000Z`, '2026-01-06T10:00:00.000Z')],
      'achieved',
    );
    await fixture.sla(
      t.t3,
      `${mon}23:30:00.000Z`,
      [
        completed(
          t.t3,
          'resolution-1',
          `${mon}10:00:00.000Z`,
          '2026-01-06T10:00:00.000Z',
          `${mon}23:30:00.000Z`,
        ),
      ],
      'achieved',
    );

    const mon12 = '2026-01-12T';
    t.t4 = await fixture.ticket({
      at: `${mon12}09:00:00.000Z`,
      channel: 'web',
      priority: 'low',
      teamId: 'team-b',
    });
    await fixture.sla(
      t.t4,
      `${mon12}09:00:00.000Z`,
      [started(t.t4, 'firstResponse-1', `${mon12}09:00:00.000Z`, `${mon12}10:00:00.000Z`)],
      'achieved',
    );
    await fixture.sla(
      t.t4,
      `${mon12}09:45:00.000Z`,
      [
        completed(
          t.t4,
          'firstResponse-1',
          `${mon12}09:00:00.000Z`,
          `${mon12}10:00:00.000Z`,
          `${mon12}09:45:00.000Z`,
        ),
      ],
      'achieved',
    );
    await fixture.sla(
      t.t4,
      `${mon12}09:50:00.000Z`,
      [started(t.t4, 'nextResponse-1', `${mon12}09:50:00.000Z`, `${mon12}10:50:00.000Z`)],
      'cancelled',
    );
    await fixture.sla(
      t.t4,
      `${mon12}10:00:00.000Z`,
      [cancelled(t.t4, 'nextResponse-1', `${mon12}10:00:00.000Z`)],
      'cancelled',
    );

    const running = `${mon12}11:00:00.000Z`;
    t.t5 = await fixture.ticket({ at: running, teamId: 'team-a', agentId: 'agent-1' });
    t.t6 = await fixture.ticket({ at: running, teamId: 'team-b' });
    t.t7 = await fixture.ticket({ at: running, teamId: 'team-a' });
    t.t8 = await fixture.ticket({ at: running, teamId: 'team-a' });
    await fixture.sla(
      t.t5,
      running,
      [started(t.t5, 'resolution-1', running, `${mon12}12:20:00.000Z`)],
      'active',
    );
    await fixture.sla(
      t.t6,
      running,
      [started(t.t6, 'firstResponse-1', running, `${mon12}12:50:00.000Z`)],
      'active',
    );
    await fixture.sla(
      t.t7,
      running,
      [started(t.t7, 'firstResponse-1', running, `${mon12}11:50:00.000Z`)],
      'active',
    );
    await fixture.sla(
      t.t8,
      running,
      [started(t.t8, 'resolution-1', running, `${mon12}12:10:00.000Z`)],
      'paused',
    );
    await fixture.sla(
      t.t8,
      `${mon12}11:10:00.000Z`,
      [paused(t.t8, 'resolution-1', `${mon12}11:10:00.000Z`)],
      'paused',
    );
    testApp.clock.set(NOW);
    await fixture.waitForCycles();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const get = (query: string, key = testApp.adminKey) =>
    request(testApp.app.getHttpServer()).get(`/reports/sla?${query}`).set(bearer(key));

  const report = async (query: string): Promise<Report> => {
    const response = await get(query);
    expect(response.status).toBe(200);
    return response.body as Report;
  };

  it('states its definition, position and lag, with totals per target', async () => {
    const response = await get(PERIOD);

    expect(response.status).toBe(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    const body = response.body as Report;
    expect(body).toMatchObject({
      definitionVersion: 'sla-compliance/1',
      timeZone: 'UTC',
      groupBy: 'day',
      position: expect.any(String),
      lagEvents: expect.any(Number),
      lagMs: expect.any(Number),
    });
    expect(body.totals).toEqual([
      { target: 'firstResponse', achieved: 2, breached: 1, compliance: 2 / 3 },
      { target: 'nextResponse', achieved: 0, breached: 0, compliance: null },
      { target: 'resolution', achieved: 1, breached: 1, compliance: 0.5 },
    ]);
  });

  it('buckets by day in UTC and in the asked time zone', async () => {
    expect((await report(PERIOD)).rows).toEqual([
      row('2026-01-05T00:00:00', 'firstResponse', 1, 1),
      row('2026-01-05T00:00:00', 'resolution', 1, 1),
      row('2026-01-12T00:00:00', 'firstResponse', 1, 0),
    ]);
    const berlin = await report(`${PERIOD}&timeZone=Europe/Berlin`);
    expect(berlin.rows).toEqual([
      row('2026-01-05T00:00:00', 'firstResponse', 1, 1),
      row('2026-01-06T00:00:00', 'resolution', 1, 1),
      row('2026-01-12T00:00:00', 'firstResponse', 1, 0),
    ]);
    expect(berlin.rows[0]?.periodStart).toBe('2026-01-04T23:00:00.000Z');
  });

  it('buckets by hour, week (from Monday) and month', async () => {
    expect((await report(`${PERIOD}&groupBy=hour`)).rows).toEqual([
      row('2026-01-05T09:00:00', 'firstResponse', 1, 0),
      row('2026-01-05T10:00:00', 'firstResponse', 0, 1),
      row('2026-01-05T23:00:00', 'resolution', 1, 1),
      row('2026-01-12T09:00:00', 'firstResponse', 1, 0),
    ]);
    // Sunday 2026-01-11 would start the week in a Sunday-first calendar: it must not.
    expect((await report(`${PERIOD}&groupBy=week`)).rows).toEqual([
      row('2026-01-05T00:00:00', 'firstResponse', 1, 1),
      row('2026-01-05T00:00:00', 'resolution', 1, 1),
      row('2026-01-12T00:00:00', 'firstResponse', 1, 0),
    ]);
    expect((await report(`${PERIOD}&groupBy=month&timeZone=America/New_York`)).rows).toEqual([
      row('2026-01-01T00:00:00', 'firstResponse', 2, 1),
      row('2026-01-01T00:00:00', 'resolution', 1, 1),
    ]);
  });

  it('groups by who the cycle is attributed to, priority and channel', async () => {
    expect((await report(`${PERIOD}&groupBy=team`)).rows).toEqual([
      row('team-a', 'firstResponse', 1, 1),
      row('team-a', 'resolution', 0, 1),
      row('team-b', 'firstResponse', 1, 0),
      row('team-b', 'resolution', 1, 0),
    ]);
    expect((await report(`${PERIOD}&groupBy=agent`)).rows).toEqual([
      row('agent-1', 'firstResponse', 1, 1),
      row('agent-1', 'resolution', 0, 1),
      row('agent-2', 'resolution', 1, 0),
      row(null, 'firstResponse', 1, 0),
    ]);
    expect((await report(`${PERIOD}&groupBy=priority&teamId=team-b`)).rows).toEqual([
      row('low', 'firstResponse', 1, 0),
      row('urgent', 'resolution', 1, 0),
    ]);
    expect((await report(`${PERIOD}&groupBy=channel`)).rows).toEqual([
      row('chat', 'firstResponse', 1, 0),
      row('email', 'firstResponse', 0, 1),
      row('email', 'resolution', 1, 1),
      row('web', 'firstResponse', 1, 0),
    ]);
  });

  it('counts a cycle in the period it was decided in, and applies the filters', async () => {
    const narrow = await report('from=2026-01-05T09:45:00Z&to=2026-01-05T23:15:00Z&groupBy=team');
    expect(narrow.rows).toEqual([
      row('team-a', 'firstResponse', 0, 1),
      row('team-a', 'resolution', 0, 1),
    ]);
    const filtered = await report(
      `${PERIOD}&agentId=agent-1&target=firstResponse&priority=high&channel=chat`,
    );
    expect(filtered.totals).toEqual([
      { target: 'firstResponse', achieved: 1, breached: 0, compliance: 1 },
    ]);
  });

  it('lists cycles at risk now and those already past due', async () => {
    const body = await report(PERIOD);
    expect(body.atRisk).toEqual({
      withinMinutes: 30,
      total: 1,
      items: [
        expect.objectContaining({
          ticketId: t.t5,
          cycleId: 'resolution-1',
          dueAt: '2026-01-12T12:20:00.000Z',
          dueInSeconds: 1_200,
          teamId: 'team-a',
          assigneeId: 'agent-1',
          priority: 'normal',
        }),
      ],
    });
    expect(body.breachedOpen).toEqual({
      total: 1,
      items: [expect.objectContaining({ ticketId: t.t7, dueInSeconds: -600 })],
    });
    const wider = await report(`${PERIOD}&atRiskWithinMinutes=60`);
    expect(wider.atRisk.items.map((item) => item.ticketId)).toEqual([t.t5, t.t6]);
    expect((await report(`${PERIOD}&atRiskWithinMinutes=60&teamId=team-b`)).atRisk.total).toBe(1);
  });

  it('rejects bad parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['to=2026-01-13T00:00:00Z', 'from'],
      ['from=2026-01-05T00:00:00Z', 'to'],
      ['from=monday&to=2026-01-13T00:00:00Z', 'from'],
      ['from=2026-01-13T00:00:00Z&to=2026-01-05T00:00:00Z', 'to'],
      ['from=2025-01-01T00:00:00Z&to=2026-01-05T00:00:00Z', 'to'],
      [`${PERIOD}&timeZone=Mars/Olympus_Mons`, 'timeZone'],
      [`${PERIOD}&timeZone=%2B05:00`, 'timeZone'],
      [`${PERIOD}&groupBy=year`, 'groupBy'],
      [`${PERIOD}&atRiskWithinMinutes=1441`, 'atRiskWithinMinutes'],
      [`${PERIOD}&channel=fax`, 'channel'],
    ];
    for (const [query, field] of cases) {
      const response = await get(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((response.body as { errors: { field: string }[] }).errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    }
    // A leap year (366 days) is still one period; a day more is not (above).
    expect((await get('from=2028-01-01T00:00:00Z&to=2029-01-01T00:00:00Z')).status).toBe(200);
  });

  it('is for admins, supervisors and auditors only', async () => {
    const agent = await createApiKey(testApp, 'agent', 'agent-1');
    const auditor = await createApiKey(testApp, 'auditor', 'aud-1');
    const supervisor = await createApiKey(testApp, 'supervisor', 'sup-1');
    expect((await get(PERIOD, agent)).status).toBe(403);
    expect((await get(PERIOD, auditor)).status).toBe(200);
    expect((await get(PERIOD, supervisor)).status).toBe(200);
  });
});

/**
 * GET /reports/resolution on the whole app, over events appended to the store. Only the clock is
 * fake.
 */
import request from 'supertest';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { FixedClock } from '../../../platform/time/clock';
import { DAY_MS, HOUR, MINUTE, restyled, T0, TicketScript } from '../testing/report-fixtures';
import { appendEvents, waitForReports } from '../testing/report-test-events';
import type { ResolutionReportView } from './resolution.report';

interface Problem {
  readonly errors: { readonly field: string }[];
}

const PERIOD = 'from=2026-03-01&to=2026-03-15';

describe('GET /reports/resolution', () => {
  let testApp: TestApp;
  let agentKey: string;
  const get = (query: string, key = testApp.adminKey) =>
    request(testApp.app.getHttpServer()).get(`/reports/resolution?${query}`).set(bearer(key));

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock: new FixedClock(new Date(T0 + 10 * DAY_MS)) });
    agentKey = await createApiKey(testApp, 'agent', 'a-2');
    const tickets: [string, TicketScript][] = [
      // One touch: one reply, solved after 2 h.
      [
        'r-1',
        new TicketScript('r-1')
          .opened(0)
          .assigned(1, 'a-1', 'team-1')
          .replied(30, 'agent', 'a-1')
          .solved(120),
      ],
      // Solved after 1 h, reopened, solved again after 2 days.
      [
        'r-2',
        new TicketScript('r-2')
          .opened(0)
          .assigned(1, 'a-2', 'team-2')
          .replied(10, 'agent', 'a-2')
          .replied(20, 'customer', 'c-1')
          .replied(30, 'agent', 'a-2')
          .solved(60, 'a-2', 'team-2')
          .reopened(100)
          .solved(2 * 24 * 60, 'a-2', 'team-2'),
      ],
      // Escalated for a bug, solved after 30 h with one reply.
      [
        'r-3',
        new TicketScript('r-3')
          .opened(0)
          .assigned(1, 'a-1', 'team-1')
          .replied(10, 'agent', 'a-1')
          .escalated(20, 'bug', 1, 2)
          .solved(30 * 60),
      ],
      // Unsolved, escalated twice.
      [
        'r-4',
        new TicketScript('r-4').opened(0).escalated(5, 'vip', 1, 2).escalated(10, 'bug', 2, 3),
      ],
      // Opened 40 days before, still unsolved: only in the backlog.
      ['r-5', new TicketScript('r-5').opened(-40 * 24 * 60)],
    ];
    for (const [id, script] of tickets)
      await appendEvents(testApp.app, `ticket-${id}`, restyled(script));
    await waitForReports(testApp.app);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('gives first and full resolution distributions and the ticket rates', async () => {
    const response = await get(PERIOD).expect(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    const total = (response.body as ResolutionReportView).total;
    expect(total.firstResolution.calendar).toEqual({
      count: 3,
      median: 120 * MINUTE,
      p90: 1464 * MINUTE,
      mean: 660 * MINUTE,
    });
    expect(total.firstResolution.business).toEqual(total.firstResolution.calendar);
    // Full resolution runs from the opening, never from the reopen.
    expect(total.fullResolution.calendar).toEqual({
      count: 3,
      median: 1800 * MINUTE,
      p90: 2664 * MINUTE,
      mean: 1600 * MINUTE,
    });
    expect(total.firstContactResolution).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(total.reopen).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(total.solvedWithin24h).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(total.escalation).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
  });

  it('counts escalations by reason and by level reached', async () => {
    const body = (await get(PERIOD).expect(200)).body as ResolutionReportView;
    expect(body.escalations.byReason).toEqual([
      { key: 'bug', escalations: 2, tickets: 2 },
      { key: 'vip', escalations: 1, tickets: 1 },
    ]);
    expect(body.escalations.byLevel).toEqual([
      { key: '2', escalations: 2, tickets: 2 },
      { key: '3', escalations: 1, tickets: 1 },
    ]);
  });

  it('bands the unsolved backlog by age, whatever the period', async () => {
    const body = (await get(PERIOD).expect(200)).body as ResolutionReportView;
    expect(body.backlog).toEqual([
      { band: 'under_1d', count: 0 },
      { band: '1d_to_3d', count: 0 },
      { band: '3d_to_7d', count: 0 },
      { band: '7d_to_30d', count: 1 },
      { band: 'over_30d', count: 1 },
    ]);
  });

  it('attributes resolutions to the assignee at solve', async () => {
    const body = (await get(`${PERIOD}&groupBy=agent`).expect(200)).body as ResolutionReportView;
    const byKey = new Map(body.groups.map((g) => [g.key, g]));
    expect(byKey.get('a-1')?.firstResolution.calendar.median).toBe(960 * MINUTE);
    expect(byKey.get('a-1')?.firstContactResolution.rate).toBe(1);
    expect(byKey.get('a-2')?.firstResolution.calendar.median).toBe(60 * MINUTE);
    expect(byKey.get('a-2')?.reopen).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    // The unassigned escalated ticket is its own group for the escalation rate.
    expect(byKey.get(null)?.escalation).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('groups by week in the requested time zone', async () => {
    const body = (await get(`${PERIOD}&groupBy=week&timeZone=Europe/Berlin`).expect(200))
      .body as ResolutionReportView;
    expect(body.groups.map((g) => [g.key, g.firstResolution.count])).toEqual([['2026-03-02', 3]]);
  });

  it('shows an agent only their own figures', async () => {
    const body = (await get(`${PERIOD}&agent=a-1`, agentKey).expect(200))
      .body as ResolutionReportView;
    expect(body.total.firstResolution.calendar.count).toBe(1);
    expect(body.total.firstResolution.calendar.median).toBe(60 * MINUTE);
    expect(body.total.fullResolution.calendar.median).toBe(48 * HOUR);
  });

  it('answers 400 for a bad groupBy', async () => {
    const response = await get('groupBy=colour').expect(400);
    expect((response.body as Problem).errors[0].field).toBe('groupBy');
  });
});

/**
 * GET /reports/first-response on the whole app: events appended to the store, the report
 * projections apply them, the report aggregates. Only the clock is fake.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { FixedClock } from '../../../platform/time/clock';
import { METRIC_DEFINITIONS_VERSION } from '../../metrics/metrics';
import { appendEvents, waitForReports } from '../testing/report-test-events';
import type { FirstResponseReportView } from './first-response.report';
import {
  cycleCompleted,
  HOUR,
  MINUTE,
  policyApplied,
  restyled,
  T0,
  TicketScript,
} from '../testing/report-fixtures';

const PERIOD = 'from=2026-03-01&to=2026-03-04';

describe('GET /reports/first-response', () => {
  let testApp: TestApp;
  let agentKey: string;
  let integratorKey: string;
  const http = () => request(testApp.app.getHttpServer());
  const get = (query: string, key = testApp.adminKey) =>
    http().get(`/reports/first-response?${query}`).set(bearer(key));

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock: new FixedClock(new Date(T0 + 24 * HOUR)) });
    agentKey = await createApiKey(testApp, 'agent', 'a-1');
    integratorKey = await createApiKey(testApp, 'integrator', 'mailer');
    const app = testApp.app;
    // Given e-mail tickets answered after 30, 90 and 60 minutes; the bot reply, the receipt
    // acknowledgement and the internal note before the first answer must not count.
    await appendEvents(app, 'ticket-fr-a', [
      ...restyled(
        new TicketScript('fr-a')
          .opened(0)
          .acknowledged(1)
          .replied(2, 'automated', 'bot-1')
          .note(3, 'a-1')
          .assigned(5, 'a-1', 'team-1')
          .replied(30, 'agent', 'a-1'),
      ),
      cycleCompleted('fr-a', 30, 'firstResponse-1', 'breached', 20),
    ]);
    await appendEvents(
      app,
      'ticket-fr-b',
      restyled(
        new TicketScript('fr-b').opened(0).assigned(1, 'a-2', 'team-2').replied(90, 'agent', 'a-2'),
      ),
    );
    await appendEvents(
      app,
      'ticket-fr-c',
      restyled(
        new TicketScript('fr-c').opened(0).assigned(1, 'a-1', 'team-1').replied(60, 'agent', 'a-1'),
      ),
    );
    // ... one still waiting (opened at 10 minutes) ...
    await appendEvents(app, 'ticket-fr-d', restyled(new TicketScript('fr-d').opened(10)));
    // ... and a phone ticket opened Friday 16:00 under office hours (Mon-Fri 9-17), answered
    // Monday 10:00: 66 h in calendar time, 2 h in business time, within its SLA target.
    await appendEvents(app, 'ticket-fr-e', [
      ...restyled(new TicketScript('fr-e').opened(-65 * 60).replied(60, 'agent', 'a-3'), {
        channel: 'phone',
      }),
      policyApplied('fr-e', -65 * 60),
      cycleCompleted('fr-e', 60, 'firstResponse-1', 'achieved', 120),
    ]);
    await waitForReports(app);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('gives count, exact median, p90 and mean of the first responses, and the report metadata', async () => {
    const response = await get(`${PERIOD}&channel=email`).expect(200);
    const body = response.body as FirstResponseReportView;
    expect(body.definitionVersion).toBe(METRIC_DEFINITIONS_VERSION);
    expect(typeof body.position).toBe('string');
    expect(body.lag).toEqual({ events: expect.any(Number), ms: expect.any(Number) });
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    expect(body.total.count).toBe(3);
    expect(body.total.calendar).toEqual({
      count: 3,
      median: 60 * MINUTE,
      p90: 84 * MINUTE, // 60 + 0.8 * (90 - 60): linear interpolation, as percentile_cont
      mean: 60 * MINUTE,
    });
    // No SLA policy: business time is calendar time.
    expect(body.total.business).toEqual(body.total.calendar);
    expect(body.total.withinSlaTarget).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(body.groups).toEqual([]);
  });

  it("measures business time in the calendar of the ticket's SLA policy", async () => {
    const body = (await get(`${PERIOD}&channel=phone`).expect(200)).body as FirstResponseReportView;
    expect(body.total.calendar.median).toBe(66 * HOUR);
    expect(body.total.business.median).toBe(2 * HOUR);
    expect(body.total.withinSlaTarget).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('groups by the agent who sent the first response', async () => {
    const body = (await get(`${PERIOD}&groupBy=agent&channel=email`).expect(200))
      .body as FirstResponseReportView;
    expect(body.groupBy).toBe('agent');
    expect(body.groups.map((g) => [g.key, g.count, g.calendar.median])).toEqual([
      ['a-1', 2, 45 * MINUTE],
      ['a-2', 1, 90 * MINUTE],
    ]);
  });

  it('groups by day in the requested time zone', async () => {
    const body = (await get(`${PERIOD}&groupBy=day&timeZone=America/New_York`).expect(200))
      .body as FirstResponseReportView;
    // Monday 09:00-10:30 UTC is Monday morning in New York.
    expect(body.groups.map((g) => [g.key, g.count])).toEqual([['2026-03-02', 4]]);
  });

  it('lists the tickets awaiting a first response with their ages', async () => {
    const body = (await get(PERIOD).expect(200)).body as FirstResponseReportView;
    expect(body.awaitingFirstResponse.count).toBe(1);
    expect(body.awaitingFirstResponse.oldest).toEqual([
      { ticketId: 'fr-d', openedAt: '2026-03-02T09:10:00.000Z', ageMs: 24 * HOUR - 10 * MINUTE },
    ]);
  });

  it('shows an agent only their own first responses, whatever agent they ask for', async () => {
    const body = (await get(`${PERIOD}&channel=email&agent=a-2`, agentKey).expect(200))
      .body as FirstResponseReportView;
    expect(body.total.count).toBe(2);
    expect(body.total.calendar.median).toBe(45 * MINUTE);
  });

  it('refuses roles without access to reports', async () => {
    await get(PERIOD, integratorKey).expect(403);
    await http().get(`/reports/first-response?${PERIOD}`).expect(401);
  });

  it.each([
    ['groupBy=customer', 'groupBy'],
    ['from=2026-03-05&to=2026-03-01', 'to'],
    ['timeZone=Mars/Olympus', 'timeZone'],
    ['from=yesterday', 'from'],
    ['channel=pigeon', 'channel'],
    ['from=2025-01-01&to=2026-03-01', 'from'],
    ['colour=blue', 'colour'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await get(query).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect((response.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(
      field,
    );
  });
});

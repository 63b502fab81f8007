/** GET /reports/agents on the whole app, over events appended to the store. */
import request from 'supertest';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { FixedClock } from '../../../platform/time/clock';
import {
  cycleCompleted,
  DAY_MS,
  MINUTE,
  restyled,
  satisfactionRated,
  slaBreached,
  surveyIssued,
  T0,
  TicketScript,
} from '../testing/report-fixtures';
import { appendEvents, waitForReports } from '../testing/report-test-events';
import type { AgentsReportView } from './agents.report';

interface Problem {
  readonly errors: { readonly field: string }[];
}

const PERIOD = 'from=2026-03-01&to=2026-03-08';

describe('GET /reports/agents', () => {
  let testApp: TestApp;
  let agentKey: string;
  const get = (query: string, key = testApp.adminKey) =>
    request(testApp.app.getHttpServer()).get(`/reports/agents?${query}`).set(bearer(key));

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock: new FixedClock(new Date(T0 + 3 * DAY_MS)) });
    agentKey = await createApiKey(testApp, 'agent', 'a-2');
    const app = testApp.app;
    await appendEvents(app, 'ticket-ag-1', [
      ...restyled(
        new TicketScript('ag-1')
          .opened(0)
          .assigned(1, 'a-1', 'team-1')
          .replied(30, 'agent', 'a-1')
          .solved(60),
      ),
      cycleCompleted('ag-1', 30, 'firstResponse-1', 'achieved', 45),
      cycleCompleted('ag-1', 60, 'resolution-1', 'achieved', 240),
    ]);
    await appendEvents(app, 'ticket-ag-2', [
      ...restyled(
        new TicketScript('ag-2')
          .opened(0)
          .assigned(1, 'a-1', 'team-1')
          .replied(90, 'agent', 'a-1')
          .solved(120)
          .reopened(200),
      ),
      slaBreached('ag-2', 60, 'firstResponse-1', 'a-1'),
      cycleCompleted('ag-2', 90, 'firstResponse-1', 'breached', 60),
    ]);
    await appendEvents(
      app,
      'ticket-ag-3',
      restyled(
        new TicketScript('ag-3')
          .opened(0)
          .assigned(1, 'a-2', 'team-2')
          .replied(10, 'agent', 'a-2')
          .replied(20, 'customer', 'c-1')
          .replied(30, 'agent', 'a-2')
          .solved(40, 'a-2', 'team-2'),
      ),
    );
    await appendEvents(app, 'survey-q-1', [surveyIssued('q-1', 'ag-1', 'a-1', 70)]);
    await appendEvents(app, 'ticket-ag-1', [satisfactionRated('q-1', 'ag-1', 'a-1', 80, 5)]);
    await appendEvents(app, 'survey-q-2', [surveyIssued('q-2', 'ag-3', 'a-2', 70)]);
    await appendEvents(app, 'ticket-ag-3', [satisfactionRated('q-2', 'ag-3', 'a-2', 80, 2)]);
    await waitForReports(app);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('gives one row per agent with handled tickets, medians, rates, CSAT and SLA compliance', async () => {
    const response = await get(PERIOD).expect(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    const [a1, a2] = (response.body as AgentsReportView).agents;
    expect(a1).toEqual({
      agentId: 'a-1',
      ticketsHandled: 2,
      firstResponses: 2,
      firstResponseMedian: { calendar: 60 * MINUTE, business: 60 * MINUTE },
      resolutionMedian: { calendar: 90 * MINUTE, business: 90 * MINUTE },
      firstContactResolution: { numerator: 1, denominator: 2, rate: 0.5 },
      reopen: { numerator: 1, denominator: 2, rate: 0.5 },
      csat: {
        surveysSent: 1,
        rated: 1,
        satisfied: 1,
        csatPercent: 100,
        averageScore: 5,
        responseRate: 1,
      },
      // Two cycles achieved, one breached (counted once, at the breach).
      slaCompliance: { numerator: 2, denominator: 3, rate: 2 / 3 },
    });
    expect(a2).toMatchObject({
      agentId: 'a-2',
      ticketsHandled: 1,
      firstResponseMedian: { calendar: 10 * MINUTE },
      firstContactResolution: { numerator: 0, denominator: 1 },
      csat: { csatPercent: 0 },
      slaCompliance: { numerator: 0, denominator: 0, rate: null },
    });
  });

  it('gives an agent only their own row', async () => {
    const body = (await get(PERIOD, agentKey).expect(200)).body as AgentsReportView;
    expect(body.agents.map((a) => a.agentId)).toEqual(['a-2']);
  });

  it("filters by team on each figure's own attribution", async () => {
    const body = (await get(`${PERIOD}&team=team-2`).expect(200)).body as AgentsReportView;
    expect(body.agents.map((a) => a.agentId)).toEqual(['a-2']);
  });

  it('accepts only groupBy=agent', async () => {
    await get(`${PERIOD}&groupBy=agent`).expect(200);
    const response = await get(`${PERIOD}&groupBy=team`).expect(400);
    expect((response.body as Problem).errors[0].field).toBe('groupBy');
  });
});

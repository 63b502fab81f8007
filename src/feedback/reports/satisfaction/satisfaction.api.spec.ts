/** GET /reports/satisfaction on the whole app, over events appended to the store. */
import request from 'supertest';
import { bearer, createApiKey } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { FixedClock } from '../../../platform/time/clock';
import {
  DAY_MS,
  followUpEvent,
  npsRated,
  restyled,
  satisfactionRated,
  surveyIssued,
  T0,
  TicketScript,
} from '../testing/report-fixtures';
import { appendEvents, waitForReports } from '../testing/report-test-events';
import type { SatisfactionReportView } from './satisfaction.report';

const PERIOD = 'from=2026-03-01&to=2026-03-08';

describe('GET /reports/satisfaction', () => {
  let testApp: TestApp;
  let agentKey: string;
  let auditorKey: string;
  const get = (query: string, key = testApp.adminKey) =>
    request(testApp.app.getHttpServer()).get(`/reports/satisfaction?${query}`).set(bearer(key));

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock: new FixedClock(new Date(T0 + 3 * DAY_MS)) });
    agentKey = await createApiKey(testApp, 'agent', 'a-2');
    auditorKey = await createApiKey(testApp, 'auditor', 'audit-1');
    const app = testApp.app;
    for (const [id, agentId, teamId] of [
      ['s-1', 'a-1', 'team-1'],
      ['s-2', 'a-2', 'team-2'],
      ['s-3', 'a-1', 'team-1'],
    ] as const) {
      await appendEvents(
        app,
        `ticket-${id}`,
        restyled(
          new TicketScript(id).opened(0).replied(10, 'agent', agentId).solved(50, agentId, teamId),
        ),
      );
    }
    // sv-1 is first rated 2 ("slow"), then replaced by a 4: only the 4 counts.
    await appendEvents(app, 'survey-sv-1', [surveyIssued('sv-1', 's-1', 'a-1', 60)]);
    await appendEvents(app, 'ticket-s-1', [
      satisfactionRated('sv-1', 's-1', 'a-1', 70, 2, 'slow'),
      satisfactionRated('sv-1', 's-1', 'a-1', 80, 4, null, 'replaced-id'),
    ]);
    await appendEvents(app, 'survey-sv-2', [surveyIssued('sv-2', 's-2', 'a-2', 60)]);
    await appendEvents(app, 'ticket-s-2', [satisfactionRated('sv-2', 's-2', 'a-2', 70, 5)]);
    await appendEvents(app, 'survey-sv-3', [surveyIssued('sv-3', 's-3', 'a-1', 60)]);
    await appendEvents(app, 'ticket-s-3', [satisfactionRated('sv-3', 's-3', 'a-1', 90, 1, 'bad')]);
    // sv-4 is never answered: it counts in the response rate only.
    await appendEvents(app, 'survey-sv-4', [surveyIssued('sv-4', 's-1', 'a-1', 100)]);
    // sv-5 names no agent (nobody held s-2 when it was sent): the group of nobody.
    await appendEvents(app, 'survey-sv-5', [surveyIssued('sv-5', 's-2', null, 100)]);
    await appendEvents(app, 'customer-c-1', [npsRated('n-1', 'c-1', 100, 10)]);
    await appendEvents(app, 'customer-c-2', [npsRated('n-2', 'c-2', 100, 8)]);
    await appendEvents(app, 'customer-c-3', [npsRated('n-3', 'c-3', 110, 3, 'meh')]);
    await appendEvents(app, 'customer-c-4', [npsRated('n-4', 'c-4', 120, 9)]);
    const raised = {
      source: 'csat' as const,
      surveyId: 'sv-x',
      ticketId: 's-3',
      customerId: 'c-1',
      score: 1,
    };
    await appendEvents(app, 'follow-up-fu-1', [
      followUpEvent('FollowUpRaised', 'fu-1', 95, raised),
    ]);
    await appendEvents(app, 'follow-up-fu-2', [
      followUpEvent('FollowUpRaised', 'fu-2', 96, raised),
      followUpEvent('FollowUpResolved', 'fu-2', 200),
    ]);
    await waitForReports(app);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('gives CSAT %, average score and response rate over the surveys sent', async () => {
    const response = await get(PERIOD, auditorKey).expect(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    const body = response.body as SatisfactionReportView;
    expect(body.projections.map((p) => p.projection)).toEqual([
      'report_feedback_facts',
      'report_ticket_facts',
    ]);
    expect(body.csat).toEqual({
      surveysSent: 5,
      rated: 3,
      satisfied: 2,
      csatPercent: (2 / 3) * 100,
      averageScore: 10 / 3,
      responseRate: 0.6,
    });
  });

  it('gives NPS with promoter, passive and detractor counts', async () => {
    const body = (await get(PERIOD).expect(200)).body as SatisfactionReportView;
    expect(body.nps).toEqual({ responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 });
  });

  it('shows the trend, the low-score comments (not replaced ones) and unresolved follow-ups', async () => {
    const body = (await get(PERIOD).expect(200)).body as SatisfactionReportView;
    expect(body.trendBy).toBe('day');
    expect(body.trend).toHaveLength(1);
    expect(body.trend[0].bucket).toBe('2026-03-02');
    expect(body.trend[0].csat.surveysSent).toBe(5);
    expect(body.trend[0].nps?.nps).toBe(25);
    expect(body.lowScoreComments.map((c) => [c.kind, c.surveyId, c.score, c.comment])).toEqual([
      ['nps', 'n-3', 3, 'meh'],
      ['csat', 'sv-3', 1, 'bad'],
    ]);
    // The follow-ups slice also raises its own for the low scores above: count what is listed.
    const followUps = body.unresolvedFollowUps;
    const open = followUps?.oldest ?? [];
    expect(followUps?.count).toBe(open.length);
    expect(open).toContainEqual(
      expect.objectContaining({ followUpId: 'fu-1', status: 'open', ticketId: 's-3', score: 1 }),
    );
    expect(open.map((f) => f.followUpId)).not.toContain('fu-2');
  });

  it('groups CSAT by the rated agent, nobody last', async () => {
    const body = (await get(`${PERIOD}&groupBy=agent`).expect(200)).body as SatisfactionReportView;
    expect(body.groups.map((g) => [g.key, g.surveysSent, g.rated, g.csatPercent])).toEqual([
      ['a-1', 3, 2, 50],
      ['a-2', 1, 1, 100],
      [null, 1, 0, null],
    ]);
  });

  it('gives an agent only their own CSAT, without NPS and follow-ups', async () => {
    const body = (await get(PERIOD, agentKey).expect(200)).body as SatisfactionReportView;
    expect(body.csat.surveysSent).toBe(1);
    expect(body.csat.csatPercent).toBe(100);
    expect(body.nps).toBeNull();
    expect(body.unresolvedFollowUps).toBeNull();
    expect(body.lowScoreComments).toEqual([]);
  });
});

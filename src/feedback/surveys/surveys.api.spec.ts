/**
 * CSAT surveys on the whole app: a solve schedules a survey (projection), IssueDueSurveys —
 * driven here by hand with the test clock — issues it, the integrator fetches the link, and the
 * customer answers on the public routes. Only the clock is fake.
 */
import type { Pool } from 'pg';
import type request from 'supertest';
import { bearer, waitForDirectory } from '../../../test/support/directory-fixtures';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { PG_POOL } from '../../platform/database/database.tokens';
import {
  createConversationApi,
  eventsAfter,
  problemType,
  type ConversationApi,
} from '../../tickets/reply-to-ticket/testing/conversation-api';
import { SYSTEM_ACTOR } from '../../tickets/ticket.events';
import { IssueDueSurveys } from './scheduling/issue-due-surveys';
import { surveyIdForSolve } from './survey-records';
import { SurveySettings } from './survey-settings';
import { surveyStreamName, type SurveyIssuedData } from './survey.events';

const SOLUTION = { resolutionCode: 'answered', summary: 'Reset the password and synced the app.' };
const SOLVED_AT = '2026-02-02T10:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('CSAT surveys', () => {
  let api: ConversationApi;
  let timers: IssueDueSurveys;
  let settings: SurveySettings;
  let pool: Pool;
  let agentName: string;

  beforeAll(async () => {
    api = await createConversationApi();
    timers = api.testApp.app.get(IssueDueSurveys);
    timers.stopPolling();
    settings = api.testApp.app.get(SurveySettings);
    // The rate limit has its own test below; here it must not get in the way.
    settings.configure({ publicRateLimitPerMinute: 100_000 });
    pool = api.testApp.app.get<Pool>(PG_POOL);
    await waitForDirectory(api.testApp);
    const agent = await api
      .http()
      .get(`/agents/${api.agent.agentId}`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);
    agentName = (agent.body as { name: string }).name;
  });

  afterAll(async () => {
    await api?.close();
  });

  afterEach(() => {
    settings.configure({ issueDelayMs: 0, publicRateLimitPerMinute: 100_000 });
  });

  const scheduleRowOf = async (ticketId: string): Promise<{ due_at: Date } | undefined> =>
    (
      await pool.query<{ due_at: Date }>(
        'SELECT due_at FROM survey_schedule WHERE ticket_id = $1',
        [ticketId],
      )
    ).rows[0];

  async function waitForSchedule(ticketId: string, present: boolean): Promise<void> {
    const giveUpAt = Date.now() + 5_000;
    while (((await scheduleRowOf(ticketId)) !== undefined) !== present) {
      if (Date.now() > giveUpAt)
        throw new Error(`the survey schedule of ${ticketId} did not settle`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Opens, assigns and solves a ticket at `at`; returns its id and the TicketSolved event. */
  async function solvedTicket(
    at = SOLVED_AT,
  ): Promise<{ ticketId: string; solved: RecordedEvent }> {
    api.testApp.clock.set(at);
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', SOLUTION);
    const solved = (await api.events(ticketId)).at(-1);
    if (solved?.type !== 'TicketSolved') throw new Error('the ticket was not solved');
    return { ticketId, solved };
  }

  async function surveyEvents(surveyId: string): Promise<RecordedEvent[]> {
    return api.store.readStream(surveyStreamName(surveyId));
  }

  /** Solves a ticket, lets the timer issue its survey and fetches the link. */
  async function issuedSurvey(at = SOLVED_AT): Promise<{
    ticketId: string;
    surveyId: string;
    token: string;
    solved: RecordedEvent;
  }> {
    const { ticketId, solved } = await solvedTicket(at);
    await waitForSchedule(ticketId, true);
    await timers.runDueTimers();
    const surveyId = surveyIdForSolve(solved.id);
    const link = await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.integratorKey))
      .expect(200);
    const url = (link.body as { url: string }).url;
    return { ticketId, surveyId, token: url.replace('/surveys/', ''), solved };
  }

  const publicGet = (token: string): request.Test => api.http().get(`/surveys/${token}`);
  const publicPost = (token: string, body: object): request.Test =>
    api.http().post(`/surveys/${token}`).send(body);

  function expectPrivacyHeaders(response: request.Response): void {
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
  }

  it('issues a survey right after a solve, as the system, without the token anywhere in the log', async () => {
    const { ticketId, solved } = await solvedTicket();
    await waitForSchedule(ticketId, true);
    expect(await timers.runDueTimers()).toEqual({ issued: 1, nothingToDo: 0, failed: 0 });
    await waitForSchedule(ticketId, false);

    const surveyId = surveyIdForSolve(solved.id);
    const events = await surveyEvents(surveyId);
    expect(events.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'SurveyIssued',
        data: {
          surveyId,
          kind: 'csat',
          ticketId,
          customerId: 'crm-104233',
          agentId: api.agent.agentId,
          trigger: 'ticket_solved',
          solvedAt: SOLVED_AT,
          issuedAt: SOLVED_AT,
          expiresAt: new Date(Date.parse(SOLVED_AT) + 14 * DAY).toISOString(),
        },
      },
    ]);
    expect(events[0]?.metadata).toEqual({
      actor: SYSTEM_ACTOR,
      correlationId: solved.metadata.correlationId,
      causationId: solved.id,
      occurredAt: SOLVED_AT,
      schemaVersion: 1,
    });

    // Handled once: a second run issues nothing more.
    expect(await timers.runDueTimers()).toEqual({ issued: 0, nothingToDo: 0, failed: 0 });
    expect(await surveyEvents(surveyId)).toHaveLength(1);

    const link = await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.integratorKey))
      .expect(200);
    const body = link.body as { url: string; expiresAt: string };
    expect(body.expiresAt).toBe('2026-02-16T10:00:00.000Z');
    expect(body.url).toMatch(new RegExp(`^/surveys/${surveyId}\\.[A-Za-z0-9_-]{43}$`));
    const token = body.url.slice('/surveys/'.length);
    const mac = token.split('.')[1] ?? '';

    // Every event the survey produced lives on these two streams (read directly: readAll may
    // briefly hold back events while other test files' transactions are open).
    const log = [...(await api.events(ticketId)), ...(await surveyEvents(surveyId))];
    const json = JSON.stringify(log.map(({ type, data, metadata }) => ({ type, data, metadata })));
    expect(json).toContain(surveyId);
    expect(json).not.toContain(token);
    expect(json).not.toContain(mac);
  });

  it('gives the link to integrators and admins only; 404 for an unknown survey', async () => {
    const { surveyId } = await issuedSurvey();
    await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);
    await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.agent.apiKey))
      .expect(403);
    await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.auditorKey))
      .expect(403);
    const unknown = await api
      .http()
      .get('/feedback/surveys/00000000-0000-4000-8000-000000000000/link')
      .set(bearer(api.integratorKey))
      .expect(404);
    expect((unknown.body as { type: string }).type).toBe(problemType('survey-not-found'));
  });

  it('shows the customer the ticket subject and the agent’s name only, with the privacy headers', async () => {
    const { token } = await issuedSurvey();
    const response = await publicGet(token).expect(200);
    expect(response.body).toEqual({
      kind: 'csat',
      question: 'How satisfied are you with the help you received?',
      minScore: 1,
      maxScore: 5,
      subject: 'Cannot log in since the update',
      agentName,
    });
    expectPrivacyHeaders(response);
  });

  it('records the answer on the ticket stream; a second one within 24 h replaces it; later 409', async () => {
    const { ticketId, surveyId, token } = await issuedSurvey();
    const revision = await api.revision(ticketId);
    const answeredAt = new Date(Date.parse(SOLVED_AT) + 2 * HOUR);
    api.testApp.clock.set(answeredAt);

    const first = await publicPost(token, { score: 4, comment: 'Quick, thanks.' }).expect(200);
    expect(first.body).toEqual({ replaced: false });
    expectPrivacyHeaders(first);
    const [rated] = await eventsAfter(api, ticketId, revision);
    expect(rated?.type).toBe('SatisfactionRated');
    expect(rated?.data).toEqual({
      ticketId,
      surveyId,
      score: 4,
      comment: 'Quick, thanks.',
      customerId: 'crm-104233',
      agentId: api.agent.agentId,
      ratedAt: answeredAt.toISOString(),
      replaces: null,
    });
    const requestId = first.headers['x-request-id'];
    expect(rated?.metadata).toEqual({
      actor: { type: 'customer', id: 'crm-104233' },
      correlationId: requestId,
      causationId: requestId,
      occurredAt: answeredAt.toISOString(),
      schemaVersion: 1,
      requestId,
    });

    // 23 h 59 min after the first answer: still replaceable.
    api.testApp.clock.set(new Date(answeredAt.getTime() + DAY - 60_000));
    const second = await publicPost(token, { score: 2 }).expect(200);
    expect(second.body).toEqual({ replaced: true });
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended).toHaveLength(2);
    expect(appended[1]?.data).toMatchObject({ score: 2, comment: null, replaces: rated?.id });

    // 24 h after the first answer: answered for good.
    api.testApp.clock.set(new Date(answeredAt.getTime() + DAY));
    const late = await publicPost(token, { score: 5 }).expect(409);
    expect((late.body as { type: string }).type).toBe(problemType('survey-already-answered'));

    // The ticket's read model follows the ratings too, so its ETag stays the stream revision and
    // a staff command sent with it is not refused as stale.
    const streamRevision = await api.revision(ticketId);
    const details = await api
      .http()
      .get(`/tickets/${ticketId}?minRevision=${streamRevision}`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);
    expect(details.headers.etag).toBe(`W/"${streamRevision}"`);
    expectPrivacyHeaders(late);
    expect(await eventsAfter(api, ticketId, revision)).toHaveLength(2);
  });

  it('answers 410 once the survey has expired (14 days), recording nothing', async () => {
    const { ticketId, token } = await issuedSurvey();
    const revision = await api.revision(ticketId);
    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + 14 * DAY - 1));
    await publicGet(token).expect(200);
    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + 14 * DAY));
    const shown = await publicGet(token).expect(410);
    expect((shown.body as { type: string }).type).toBe(problemType('survey-expired'));
    expectPrivacyHeaders(shown);
    const answered = await publicPost(token, { score: 5 }).expect(410);
    expect(answered.headers['content-type']).toContain('application/problem+json');
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('answers 404 to forged, tampered and malformed tokens, recording nothing', async () => {
    const { ticketId, surveyId, token } = await issuedSurvey();
    const revision = await api.revision(ticketId);
    const mac = token.split('.')[1] ?? '';
    const flipped = `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const forged = [
      `${surveyId}.${flipped}`,
      `${surveyId}.${'A'.repeat(43)}`,
      // A genuine MAC under another survey id.
      `00000000-0000-4000-8000-000000000000.${mac}`,
      surveyId,
      'not-a-token',
    ];
    for (const candidate of forged) {
      const shown = await publicGet(candidate).expect(404);
      expect((shown.body as { type: string }).type).toBe(problemType('survey-not-found'));
      expectPrivacyHeaders(shown);
      await publicPost(candidate, { score: 5 }).expect(404);
    }
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('answers 400 with field errors to bad scores, oversized comments and unknown fields', async () => {
    const { ticketId, token } = await issuedSurvey();
    const revision = await api.revision(ticketId);
    const cases: Array<[object, string]> = [
      [{ score: 0 }, 'score'],
      [{ score: 6 }, 'score'],
      [{ score: 2.5 }, 'score'],
      [{}, 'score'],
      [{ score: 3, comment: 'x'.repeat(2001) }, 'comment'],
      [{ score: 3, email: 'a@b.c' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const response = await publicPost(token, body).expect(400);
      const problem = response.body as { type: string; errors: Array<{ field: string }> };
      expect(problem.type).toBe(problemType('validation-error'));
      expect(problem.errors.map((error) => error.field)).toContain(field);
      expectPrivacyHeaders(response);
    }
    await publicPost(token, { score: 3, comment: 'x'.repeat(2000) }).expect(200);
    expect((await eventsAfter(api, ticketId, revision)).map((event) => event.type)).toEqual([
      'SatisfactionRated',
    ]);
  });

  it('issues no survey for a ticket reopened before the delay; issues after the delay otherwise', async () => {
    settings.configure({ issueDelayMs: 2 * HOUR });
    const reopened = await solvedTicket();
    const kept = await solvedTicket();
    await waitForSchedule(reopened.ticketId, true);
    await waitForSchedule(kept.ticketId, true);
    expect((await scheduleRowOf(kept.ticketId))?.due_at).toEqual(
      new Date(Date.parse(SOLVED_AT) + 2 * HOUR),
    );

    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + HOUR));
    await api.command(reopened.ticketId, 'reopen', { reason: 'Still cannot log in.' });
    await waitForSchedule(reopened.ticketId, false);
    expect(await timers.runDueTimers()).toEqual({ issued: 0, nothingToDo: 0, failed: 0 });

    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + 2 * HOUR));
    expect(await timers.runDueTimers()).toEqual({ issued: 1, nothingToDo: 0, failed: 0 });
    expect(await surveyEvents(surveyIdForSolve(reopened.solved.id))).toEqual([]);
    const issued = await surveyEvents(surveyIdForSolve(kept.solved.id));
    expect(issued.map((event) => (event.data as unknown as SurveyIssuedData).ticketId)).toEqual([
      kept.ticketId,
    ]);
  });

  it('lets staff issue a survey by hand for solved tickets only', async () => {
    api.testApp.clock.set(SOLVED_AT);
    const open = await api.openAssigned();
    const refused = await api
      .http()
      .post(`/tickets/${open}/surveys`)
      .set(bearer(api.testApp.adminKey))
      .expect(409);
    expect((refused.body as { type: string }).type).toBe(problemType('ticket-not-solved'));

    await api.command(open, 'solve', SOLUTION);
    await api.http().post(`/tickets/${open}/surveys`).set(bearer(api.outsider.apiKey)).expect(403);
    const created = await api
      .http()
      .post(`/tickets/${open}/surveys`)
      .set(bearer(api.agent.apiKey))
      .expect(201);
    const body = created.body as { surveyId: string; ticketId: string; expiresAt: string };
    expect(body).toEqual({
      surveyId: expect.any(String) as string,
      ticketId: open,
      expiresAt: '2026-02-16T10:00:00.000Z',
    });
    const [issued] = await surveyEvents(body.surveyId);
    expect(issued?.data).toMatchObject({ trigger: 'manual', ticketId: open });
    expect(issued?.metadata.actor).toEqual({ type: 'agent', id: api.agent.agentId });

    await api
      .http()
      .post('/tickets/no-such-ticket/surveys')
      .set(bearer(api.testApp.adminKey))
      .expect(404);
  });

  it('limits each address to 30 requests a minute on the public routes (429 problem)', async () => {
    // Later than any time the other tests set (the buckets ignore a clock stepping back), plus a
    // minute: the bucket is full at the new limit.
    const { token } = await issuedSurvey('2026-06-01T09:00:00.000Z');
    api.testApp.clock.advance(60_000);
    settings.configure({ publicRateLimitPerMinute: 30 });
    for (let i = 0; i < 30; i++) await publicGet(token).expect(200);
    const limited = await publicGet(token).expect(429);
    expect((limited.body as { type: string }).type).toBe(problemType('rate-limited'));
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectPrivacyHeaders(limited);
    await publicPost(token, { score: 5 }).expect(429);

    // The limit is per route family, not global: staff routes are unaffected.
    await api.http().get('/tickets').set(bearer(api.testApp.adminKey)).expect(200);
    api.testApp.clock.advance(2_000);
    await publicGet(token).expect(200);
  });
});

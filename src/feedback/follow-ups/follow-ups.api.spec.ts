/**
 * The follow-up loop on the whole app: a low CSAT or an NPS detractor raises a follow-up (the
 * FollowUpRaiserProjection reacting to the log), supervisors list it, acknowledge, contact and
 * resolve it with ETags. Only the clock is fake.
 */
import type request from 'supertest';
import { createApiKey } from '../../../test/support/directory-fixtures';
import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  bearer,
  createConversationApi,
  problemType,
  type ConversationApi,
} from '../../tickets/reply-to-ticket/testing/conversation-api';
import { customerStreamName } from '../../tickets/customers/customer.events';
import { SurveySettings } from '../surveys/survey-settings';
import { followUpIdForSurvey, followUpStreamName } from './follow-up.events';
import type { FollowUpResponse, FollowUpSummaryResponse } from './follow-up.response';
import { FollowUpRaiserProjection } from './raise-follow-ups/follow-up-raiser.projection';

const HOUR = 3_600_000;
const SOLVED_AT = '2026-04-06T09:00:00.000Z';

describe('follow-ups', () => {
  let api: ConversationApi;
  let supervisorKey: string;
  let customers = 0;

  beforeAll(async () => {
    api = await createConversationApi();
    supervisorKey = await createApiKey(api.testApp, 'supervisor', 'sup-1');
    api.testApp.app.get(SurveySettings).configure({ publicRateLimitPerMinute: 100_000 });
  });

  afterAll(async () => {
    await api?.close();
  });

  const sup = (): Record<string, string> => bearer(supervisorKey);

  async function linkToken(surveyId: string): Promise<string> {
    const link = await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.integratorKey))
      .expect(200);
    return (link.body as { url: string }).url.replace('/surveys/', '');
  }

  /** A solved ticket's CSAT survey (issued by hand), answered with `score`. */
  async function ratedTicket(
    score: number,
    comment?: string,
  ): Promise<{
    ticketId: string;
    surveyId: string;
    token: string;
  }> {
    api.testApp.clock.set(SOLVED_AT);
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', { resolutionCode: 'answered', summary: 'Done.' });
    const issued = await api
      .http()
      .post(`/tickets/${ticketId}/surveys`)
      .set(bearer(api.testApp.adminKey))
      .expect(201);
    const surveyId = (issued.body as { surveyId: string }).surveyId;
    const token = await linkToken(surveyId);
    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + HOUR));
    await api.http().post(`/surveys/${token}`).send({ score, comment }).expect(200);
    return { ticketId, surveyId, token };
  }

  /** An NPS survey for a fresh customer, answered with `score`. */
  async function ratedNps(score: number): Promise<{
    customerId: string;
    surveyId: string;
    token: string;
  }> {
    customers += 1;
    const customerId = `follow-up-customer-${customers}`;
    api.testApp.clock.set(SOLVED_AT);
    await api.open({ customer: { id: customerId, name: 'Grace', tier: 'standard' } });
    const issued = await api
      .http()
      .post('/surveys/nps')
      .set(bearer(api.integratorKey))
      .send({ customerId })
      .expect(201);
    const surveyId = (issued.body as { surveyId: string }).surveyId;
    const token = await linkToken(surveyId);
    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + HOUR));
    await api.http().post(`/surveys/${token}`).send({ score }).expect(200);
    return { customerId, surveyId, token };
  }

  const followUpEvents = (followUpId: string): Promise<RecordedEvent[]> =>
    api.store.readStream(followUpStreamName(followUpId));

  /** Polls until the reactor has raised the follow-up (it consumes the log asynchronously). */
  async function waitForRaised(followUpId: string): Promise<RecordedEvent[]> {
    const giveUpAt = Date.now() + 5_000;
    for (;;) {
      const events = await followUpEvents(followUpId);
      if (events.length > 0) return events;
      if (Date.now() > giveUpAt) throw new Error(`follow-up ${followUpId} was not raised`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Polls the list until it shows the follow-up at `revision` (the read model trails the log). */
  async function waitForListed(
    followUpId: string,
    revision: string,
    query = '',
  ): Promise<FollowUpSummaryResponse> {
    const giveUpAt = Date.now() + 5_000;
    for (;;) {
      const response = await api
        .http()
        .get(`/feedback/follow-ups?limit=100${query}`)
        .set(sup())
        .expect(200);
      const items = (response.body as { items: FollowUpSummaryResponse[] }).items;
      const found = items.find((item) => item.id === followUpId && item.revision === revision);
      if (found) return found;
      if (Date.now() > giveUpAt) throw new Error(`follow-up ${followUpId} was not listed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Waits until the reactor has handled every rating so far (a stream that stays empty proves
   * nothing on its own): a low NPS answered afterwards is raised only once the earlier ones were.
   */
  async function reactorCaughtUp(): Promise<void> {
    const marker = await ratedNps(0);
    await waitForRaised(followUpIdForSurvey('nps', marker.surveyId));
  }

  it('raises a follow-up for a CSAT of 1, with the ticket’s agent and team, listed for supervisors', async () => {
    const { ticketId, surveyId } = await ratedTicket(1, 'Nobody read my messages.');
    const followUpId = followUpIdForSurvey('csat', surveyId);
    const [raised, ...more] = await waitForRaised(followUpId);
    expect(more).toEqual([]);
    expect(raised?.type).toBe('FollowUpRaised');
    const ratedAt = new Date(Date.parse(SOLVED_AT) + HOUR).toISOString();
    expect(raised?.data).toEqual({
      followUpId,
      source: 'csat',
      surveyId,
      ticketId,
      customerId: 'crm-104233',
      agentId: api.agent.agentId,
      teamId: api.team,
      score: 1,
      comment: 'Nobody read my messages.',
      raisedAt: ratedAt,
    });
    const rating = (await api.events(ticketId)).find((e) => e.type === 'SatisfactionRated');
    expect(raised?.metadata).toMatchObject({
      actor: { type: 'system', id: 'servicetrail' },
      causationId: rating?.id,
      correlationId: rating?.metadata.correlationId,
    });

    const listed = await waitForListed(followUpId, '0', `&teamId=${api.team}&status=open`);
    expect(listed).toMatchObject({
      source: 'csat',
      ticketId,
      agentId: api.agent.agentId,
      status: 'open',
      score: 1,
      contactCount: 0,
      lastContact: null,
    });
    const response = await api.http().get('/feedback/follow-ups').set(sup()).expect(200);
    expect(response.headers['x-projection-lag']).toMatch(/^events=\d+; ms=\d+$/);
    await api.http().get('/feedback/follow-ups').set(bearer(api.agent.apiKey)).expect(403);
    await api.http().get('/feedback/follow-ups').set(bearer(api.auditorKey)).expect(200);
  });

  it('takes a follow-up through acknowledge, contact and resolve with ETags; resolving twice is 409', async () => {
    const { surveyId } = await ratedTicket(2);
    const followUpId = followUpIdForSurvey('csat', surveyId);
    await waitForRaised(followUpId);
    const path = `/feedback/follow-ups/${followUpId}`;
    const read = await api.http().get(path).set(sup()).expect(200);
    expect(read.headers.etag).toBe('W/"0"');

    api.testApp.clock.set(new Date(Date.parse(SOLVED_AT) + 2 * HOUR));
    const acknowledged = await api
      .http()
      .post(`${path}/acknowledge`)
      .set(sup())
      .set('If-Match', 'W/"0"')
      .expect(200);
    expect(acknowledged.headers.etag).toBe('W/"1"');
    expect(acknowledged.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { type: 'supervisor', id: 'sup-1' },
      acknowledgedAt: '2026-04-06T11:00:00.000Z',
    });
    // A stale ETag: 412, nothing recorded.
    const stale = await api
      .http()
      .post(`${path}/contact`)
      .set(sup())
      .set('If-Match', 'W/"0"')
      .send({ channel: 'phone' })
      .expect(412);
    expect((stale.body as { type: string }).type).toBe(problemType('precondition-failed'));
    await api.http().post(`${path}/acknowledge`).set(sup()).expect(409);
    await api.http().post(`${path}/contact`).set(sup()).send({ channel: 'pigeon' }).expect(400);
    await api
      .http()
      .post(`${path}/contact`)
      .set(bearer(api.auditorKey))
      .send({ channel: 'phone' })
      .expect(403);

    await api
      .http()
      .post(`${path}/contact`)
      .set(sup())
      .send({ channel: 'phone', note: 'Apologised; refund promised.' })
      .expect(200);
    await api.http().post(`${path}/resolve`).set(sup()).send({ resolution: '  ' }).expect(400);
    const resolved = await api
      .http()
      .post(`${path}/resolve`)
      .set(sup())
      .set('If-Match', 'W/"2"')
      .send({ resolution: 'Refunded the duplicate charge.' })
      .expect(200);
    expect(resolved.headers.etag).toBe('W/"3"');
    const again = await api
      .http()
      .post(`${path}/resolve`)
      .set(sup())
      .send({ resolution: 'Again.' })
      .expect(409);
    expect(again.body).toMatchObject({
      type: problemType('illegal-follow-up-transition'),
      currentStatus: 'resolved',
    });
    expect((await followUpEvents(followUpId)).map((event) => event.type)).toEqual([
      'FollowUpRaised',
      'FollowUpAcknowledged',
      'FollowUpContacted',
      'FollowUpResolved',
    ]);

    const final = (await api.http().get(path).set(sup()).expect(200)).body as FollowUpResponse;
    expect(final).toMatchObject({
      status: 'resolved',
      resolution: 'Refunded the duplicate charge.',
      contactCount: 1,
      contacts: [
        {
          by: { type: 'supervisor', id: 'sup-1' },
          channel: 'phone',
          note: 'Apologised; refund promised.',
          at: '2026-04-06T11:00:00.000Z',
        },
      ],
      revision: '3',
    });
    const listed = await waitForListed(followUpId, '3', '&status=resolved');
    expect(listed).toMatchObject({ status: 'resolved', contactCount: 1 });
    await api
      .http()
      .get('/feedback/follow-ups/00000000-0000-4000-8000-000000000000')
      .set(sup())
      .expect(404);
    await api
      .http()
      .post('/feedback/follow-ups/not-an-id/resolve')
      .set(sup())
      .send({ resolution: 'x' })
      .expect(404);
  });

  it('raises one for an NPS detractor, none for a passive or a CSAT of 3', async () => {
    const detractor = await ratedNps(6);
    const passive = await ratedNps(7);
    const csat3 = await ratedTicket(3);
    const [raised] = await waitForRaised(followUpIdForSurvey('nps', detractor.surveyId));
    expect(raised?.data).toMatchObject({
      source: 'nps',
      surveyId: detractor.surveyId,
      customerId: detractor.customerId,
      ticketId: null,
      agentId: null,
      teamId: null,
      score: 6,
    });
    await reactorCaughtUp();
    expect(await followUpEvents(followUpIdForSurvey('nps', passive.surveyId))).toEqual([]);
    expect(await followUpEvents(followUpIdForSurvey('csat', csat3.surveyId))).toEqual([]);
    await waitForListed(followUpIdForSurvey('nps', detractor.surveyId), '0', '&source=nps');
  });

  it('raises a follow-up exactly once: replacements and a replayed reaction add nothing', async () => {
    // Low, replaced by another low, then by a high score: one follow-up, still open.
    const { customerId, surveyId, token } = await ratedNps(2);
    const followUpId = followUpIdForSurvey('nps', surveyId);
    await waitForRaised(followUpId);
    await api.http().post(`/surveys/${token}`).send({ score: 0 }).expect(200);
    await api.http().post(`/surveys/${token}`).send({ score: 9 }).expect(200);
    // A high answer replaced by a low one raises it then.
    const late = await ratedNps(9);
    await api.http().post(`/surveys/${late.token}`).send({ score: 3 }).expect(200);
    await reactorCaughtUp();
    expect((await followUpEvents(followUpId)).map((event) => event.type)).toEqual([
      'FollowUpRaised',
    ]);
    const lateRaised = await waitForRaised(followUpIdForSurvey('nps', late.surveyId));
    expect(lateRaised.map((event) => event.data)).toEqual([
      expect.objectContaining({ score: 3 }) as unknown,
    ]);

    // Replay: the reactor handles the same ratings again, as after a crash before its checkpoint.
    const ratings = (await api.store.readStream(customerStreamName(customerId))).filter(
      (event) => event.type === 'NpsRated',
    );
    expect(ratings).toHaveLength(3);
    const raiser = api.testApp.app.get(FollowUpRaiserProjection);
    const lateRatings = (await api.store.readStream(customerStreamName(late.customerId))).filter(
      (event) => event.type === 'NpsRated',
    );
    await raiser.handle([...ratings, ...lateRatings]);
    await raiser.handle([...ratings, ...lateRatings]);
    expect(await followUpEvents(followUpId)).toHaveLength(1);
    expect(await followUpEvents(followUpIdForSurvey('nps', late.surveyId))).toHaveLength(1);

    // …also after the follow-up has moved on.
    await api.http().post(`/feedback/follow-ups/${followUpId}/acknowledge`).set(sup()).expect(200);
    await raiser.handle(ratings);
    expect((await followUpEvents(followUpId)).map((event) => event.type)).toEqual([
      'FollowUpRaised',
      'FollowUpAcknowledged',
    ]);
  });

  it('pages the list oldest first with a cursor', async () => {
    const first = await ratedNps(1);
    const second = await ratedNps(1);
    // Every follow-up here is raised at the same instant: the id breaks the tie, and no page
    // repeats or skips one.
    await reactorCaughtUp();
    const ids = [first, second].map((rated) => followUpIdForSurvey('nps', rated.surveyId));
    await waitForListed(ids[1] ?? '', '0');
    const pages: string[] = [];
    let next: string | null = '/feedback/follow-ups?limit=2&source=nps';
    while (next !== null) {
      const page: request.Response = await api.http().get(next).set(sup()).expect(200);
      const body = page.body as { items: FollowUpSummaryResponse[]; next: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      pages.push(...body.items.map((item) => item.id));
      next = body.next;
    }
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages).toEqual(expect.arrayContaining(ids));
    await api.http().get('/feedback/follow-ups?cursor=bm9wZQ').set(sup()).expect(400);
    await api.http().get('/feedback/follow-ups?status=closed').set(sup()).expect(400);
  });
});

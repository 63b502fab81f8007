/**
 * NPS surveys on the whole app: staff or an integrator issue one for a customer
 * (POST /surveys/nps), the integrator fetches the link, the customer answers on the public routes,
 * and NpsRated lands on the customer's stream. Only the clock is fake.
 */
import type request from 'supertest';
import { createApiKey } from '../../../test/support/directory-fixtures';
import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  bearer,
  createConversationApi,
  problemType,
  requestMetadata,
  type ConversationApi,
} from '../../tickets/reply-to-ticket/testing/conversation-api';
import { customerStreamName } from '../../tickets/customers/customer.events';
import { SurveySettings } from '../surveys/survey-settings';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ISSUED_AT = '2026-03-02T10:00:00.000Z';

describe('NPS surveys', () => {
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

  /** A customer registered by their first ticket (a fresh one per test). */
  async function registeredCustomer(): Promise<string> {
    customers += 1;
    const customerId = `nps-customer-${customers}`;
    await api.open({
      customer: { id: customerId, name: `Customer ${customers}`, tier: 'standard' },
    });
    return customerId;
  }

  const customerEvents = (customerId: string): Promise<RecordedEvent[]> =>
    api.store.readStream(customerStreamName(customerId));

  const npsEvents = async (customerId: string): Promise<RecordedEvent[]> =>
    (await customerEvents(customerId)).filter((event) => event.type.startsWith('Nps'));

  const issue = (customerId: string, key = api.integratorKey): request.Test =>
    api.http().post('/surveys/nps').set(bearer(key)).send({ customerId });

  async function issuedSurvey(
    at = ISSUED_AT,
  ): Promise<{ customerId: string; surveyId: string; token: string }> {
    api.testApp.clock.set(at);
    const customerId = await registeredCustomer();
    const issued = await issue(customerId).expect(201);
    const surveyId = (issued.body as { surveyId: string }).surveyId;
    const link = await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.integratorKey))
      .expect(200);
    const url = (link.body as { url: string }).url;
    return { customerId, surveyId, token: url.replace('/surveys/', '') };
  }

  const publicGet = (token: string): request.Test => api.http().get(`/surveys/${token}`);
  const publicPost = (token: string, body: object): request.Test =>
    api.http().post(`/surveys/${token}`).send(body);

  it('issues a survey on the customer’s stream, never recording the token', async () => {
    api.testApp.clock.set(ISSUED_AT);
    const customerId = await registeredCustomer();
    const response = await issue(customerId).expect(201);
    const body = response.body as { surveyId: string };
    expect(response.body).toEqual({
      surveyId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
      customerId,
      issuedAt: ISSUED_AT,
      expiresAt: new Date(Date.parse(ISSUED_AT) + 14 * DAY).toISOString(),
    });
    const events = await npsEvents(customerId);
    expect(events.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'NpsSurveyIssued',
        data: {
          surveyId: body.surveyId,
          customerId,
          issuedAt: ISSUED_AT,
          expiresAt: '2026-03-16T10:00:00.000Z',
          issuedBy: { type: 'integrator', id: 'mail-gateway' },
        },
      },
    ]);
    expect(events[0]?.metadata).toEqual(
      requestMetadata(response, { type: 'integrator', id: 'mail-gateway' }, new Date(ISSUED_AT)),
    );

    const link = await api
      .http()
      .get(`/feedback/surveys/${body.surveyId}/link`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);
    const { url, expiresAt } = link.body as { url: string; expiresAt: string };
    expect(expiresAt).toBe('2026-03-16T10:00:00.000Z');
    expect(url).toMatch(new RegExp(`^/surveys/${body.surveyId}\\.[A-Za-z0-9_-]{43}$`));
    const mac = url.split('.')[1] ?? '';
    const log = (await customerEvents(customerId)).map(({ type, data, metadata }) => ({
      type,
      data,
      metadata,
    }));
    expect(JSON.stringify(log)).toContain(body.surveyId);
    expect(JSON.stringify(log)).not.toContain(mac);
  });

  it('refuses unknown customers (404), bad ids (400), agents and auditors (403)', async () => {
    const unknown = await issue('nobody-known', supervisorKey).expect(404);
    expect((unknown.body as { type: string }).type).toBe(problemType('customer-not-found'));
    const invalid = await issue('not a customer id!', supervisorKey).expect(400);
    expect((invalid.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe(
      'customerId',
    );
    const customerId = await registeredCustomer();
    await issue(customerId, api.agent.apiKey).expect(403);
    await issue(customerId, api.auditorKey).expect(403);
    expect(await npsEvents(customerId)).toEqual([]);
    await issue(customerId, supervisorKey).expect(201);
  });

  it('refuses a second survey while one is open (409 naming it); issues again once answered', async () => {
    const { customerId, surveyId, token } = await issuedSurvey();
    api.testApp.clock.set(new Date(Date.parse(ISSUED_AT) + 13 * DAY));
    const refused = await issue(customerId, supervisorKey).expect(409);
    expect(refused.body).toMatchObject({
      type: problemType('nps-survey-open'),
      surveyId,
      expiresAt: '2026-03-16T10:00:00.000Z',
    });
    await publicPost(token, { score: 8 }).expect(200);
    await issue(customerId, supervisorKey).expect(201);
    expect((await npsEvents(customerId)).map((event) => event.type)).toEqual([
      'NpsSurveyIssued',
      'NpsRated',
      'NpsSurveyIssued',
    ]);
  });

  it('shows the customer the NPS question only, with the privacy headers', async () => {
    const { token } = await issuedSurvey();
    const shown = await publicGet(token).expect(200);
    expect(shown.body).toEqual({
      kind: 'nps',
      question: 'How likely are you to recommend us to a friend or colleague?',
      minScore: 0,
      maxScore: 10,
      subject: null,
      agentName: null,
    });
    expect(shown.headers['referrer-policy']).toBe('no-referrer');
    expect(shown.headers['cache-control']).toBe('no-store');
  });

  it('records NpsRated on the customer’s stream; a new answer within 24 h replaces it; later 409', async () => {
    const { customerId, surveyId, token } = await issuedSurvey();
    const answeredAt = new Date(Date.parse(ISSUED_AT) + 3 * HOUR);
    api.testApp.clock.set(answeredAt);
    const first = await publicPost(token, { score: 0, comment: 'Billing is a mess.' }).expect(200);
    expect(first.body).toEqual({ replaced: false });
    expect(first.headers['cache-control']).toBe('no-store');
    const [, rated] = await npsEvents(customerId);
    expect(rated?.type).toBe('NpsRated');
    expect(rated?.data).toEqual({
      surveyId,
      customerId,
      score: 0,
      comment: 'Billing is a mess.',
      ratedAt: answeredAt.toISOString(),
      replaces: null,
    });
    expect(rated?.metadata).toEqual(
      requestMetadata(first, { type: 'customer', id: customerId }, answeredAt),
    );

    api.testApp.clock.set(new Date(answeredAt.getTime() + DAY - 1));
    const second = await publicPost(token, { score: 10 }).expect(200);
    expect(second.body).toEqual({ replaced: true });
    const ratings = (await npsEvents(customerId)).slice(1);
    expect(ratings[1]?.data).toMatchObject({ score: 10, comment: null, replaces: rated?.id });

    api.testApp.clock.set(new Date(answeredAt.getTime() + DAY));
    const late = await publicPost(token, { score: 5 }).expect(409);
    expect((late.body as { type: string }).type).toBe(problemType('survey-already-answered'));
    expect(await npsEvents(customerId)).toHaveLength(3);
  });

  it('answers 400 to out-of-range scores, oversized comments and unknown fields, recording nothing', async () => {
    const { customerId, token } = await issuedSurvey();
    const cases: Array<[object, string]> = [
      [{ score: -1 }, 'score'],
      [{ score: 11 }, 'score'],
      [{ score: 6.5 }, 'score'],
      [{ score: '7' }, 'score'],
      [{}, 'score'],
      [{ score: 3, comment: 'x'.repeat(2001) }, 'comment'],
      [{ score: 3, customerId: 'someone-else' }, 'customerId'],
    ];
    for (const [body, field] of cases) {
      const response = await publicPost(token, body).expect(400);
      const problem = response.body as { type: string; errors: Array<{ field: string }> };
      expect(problem.type).toBe(problemType('validation-error'));
      expect(problem.errors.map((error) => error.field)).toContain(field);
    }
    expect((await npsEvents(customerId)).map((event) => event.type)).toEqual(['NpsSurveyIssued']);
    await publicPost(token, { score: 10, comment: 'x'.repeat(2000) }).expect(200);
  });

  it('keeps CSAT’s own range for CSAT tokens: 0 and 6 to 10 are refused there', async () => {
    // The body accepts 0–10 for both kinds; the kind's range is checked once the token is known.
    api.testApp.clock.set(ISSUED_AT);
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', { resolutionCode: 'answered', summary: 'Done.' });
    const issued = await api
      .http()
      .post(`/tickets/${ticketId}/surveys`)
      .set(bearer(api.testApp.adminKey))
      .expect(201);
    const surveyId = (issued.body as { surveyId: string }).surveyId;
    const link = await api
      .http()
      .get(`/feedback/surveys/${surveyId}/link`)
      .set(bearer(api.integratorKey))
      .expect(200);
    const token = (link.body as { url: string }).url.replace('/surveys/', '');
    const revision = await api.revision(ticketId);
    for (const score of [0, 6, 10]) {
      const response = await publicPost(token, { score }).expect(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe(
        'score',
      );
    }
    expect(await api.revision(ticketId)).toBe(revision);
  });

  it('answers 410 once expired and 404 to forged tokens, recording nothing', async () => {
    const { customerId, surveyId, token } = await issuedSurvey();
    const mac = token.split('.')[1] ?? '';
    const flipped = `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    for (const forged of [`${surveyId}.${flipped}`, `${surveyId}.${'A'.repeat(43)}`, surveyId]) {
      await publicGet(forged).expect(404);
      await publicPost(forged, { score: 3 }).expect(404);
    }
    api.testApp.clock.set(new Date(Date.parse(ISSUED_AT) + 14 * DAY - 1));
    await publicGet(token).expect(200);
    api.testApp.clock.set(new Date(Date.parse(ISSUED_AT) + 14 * DAY));
    const gone = await publicPost(token, { score: 3 }).expect(410);
    expect((gone.body as { type: string }).type).toBe(problemType('survey-expired'));
    expect((await npsEvents(customerId)).map((event) => event.type)).toEqual(['NpsSurveyIssued']);
  });
});

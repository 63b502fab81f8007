import {
  decideNps,
  evolveNps,
  initialNpsState,
  type IssueNpsSurvey,
  type NpsState,
  type NpsStreamEvent,
  type RateNps,
} from './nps.decider';
import type { NpsRatedData, NpsSurveyIssuedData } from './nps.events';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CUSTOMER = 'crm-104233';
const ISSUED_AT = '2026-03-02T10:00:00.000Z';
const SURVEY = '0f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f';
const OTHER_SURVEY = '1f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f';
const SUPERVISOR = { type: 'supervisor', id: 'sup-1' } as const;

const at = (ms: number): string => new Date(Date.parse(ISSUED_AT) + ms).toISOString();

const registered: NpsStreamEvent = {
  type: 'CustomerRegistered',
  data: {
    customerId: CUSTOMER,
    name: 'Ada Lovelace',
    email: null,
    phone: null,
    tier: 'standard',
    sourceTicketId: 't-1',
    detailsAsOf: ISSUED_AT,
    registeredAt: ISSUED_AT,
  },
};

function issued(surveyId = SURVEY, issuedAt = ISSUED_AT): NpsStreamEvent {
  const data: NpsSurveyIssuedData = {
    surveyId,
    customerId: CUSTOMER,
    issuedAt,
    expiresAt: new Date(Date.parse(issuedAt) + 14 * DAY).toISOString(),
    issuedBy: SUPERVISOR,
  };
  return { type: 'NpsSurveyIssued', data };
}

function rated(ratedAt: string, score = 3, replaces: string | null = null): NpsStreamEvent {
  const data: NpsRatedData = {
    surveyId: SURVEY,
    customerId: CUSTOMER,
    score,
    comment: null,
    ratedAt,
    replaces,
  };
  return { type: 'NpsRated', data };
}

/** Given: the events (with ids e-0, e-1, …) folded from the initial state. */
function given(...events: NpsStreamEvent[]): NpsState {
  return events.reduce(
    (state, event, index) => evolveNps(state, event, `e-${index}`),
    initialNpsState(),
  );
}

const issue = (now = ISSUED_AT, surveyId = OTHER_SURVEY): IssueNpsSurvey => ({
  type: 'IssueNpsSurvey',
  surveyId,
  customerId: CUSTOMER,
  now,
  validityMs: 14 * DAY,
  issuedBy: SUPERVISOR,
});

const rate = (now: string, score = 9, comment: string | null = null): RateNps => ({
  type: 'RateNps',
  surveyId: SURVEY,
  customerId: CUSTOMER,
  score,
  comment,
  now,
  replaceWindowMs: DAY,
});

const problemOf = (run: () => unknown): { type: string; status: number } => {
  try {
    run();
  } catch (error) {
    return error as { type: string; status: number };
  }
  throw new Error('expected the decider to refuse');
};

describe('NPS decider', () => {
  describe('issuing', () => {
    it('issues a survey valid 14 days to a registered customer', () => {
      expect(decideNps(issue(), given(registered))).toEqual([
        {
          type: 'NpsSurveyIssued',
          data: {
            surveyId: OTHER_SURVEY,
            customerId: CUSTOMER,
            issuedAt: ISSUED_AT,
            expiresAt: at(14 * DAY),
            issuedBy: SUPERVISOR,
          },
        },
      ]);
    });

    it('refuses an unknown customer (404)', () => {
      expect(problemOf(() => decideNps(issue(), given()))).toMatchObject({
        type: 'customer-not-found',
        status: 404,
      });
    });

    it('refuses a second survey while one is open, naming it (409)', () => {
      const refused = problemOf(() => decideNps(issue(at(13 * DAY)), given(registered, issued())));
      expect(refused).toMatchObject({
        type: 'nps-survey-open',
        status: 409,
        extensions: { surveyId: SURVEY, expiresAt: at(14 * DAY) },
      });
    });

    it('issues again once the open survey has expired or been answered', () => {
      expect(decideNps(issue(at(14 * DAY)), given(registered, issued()))).toHaveLength(1);
      expect(decideNps(issue(at(HOUR)), given(registered, issued(), rated(at(1))))).toHaveLength(1);
    });

    it('refuses a survey id already used', () => {
      const state = given(registered, issued(), rated(at(1)));
      expect(problemOf(() => decideNps(issue(at(HOUR), SURVEY), state)).status).toBe(409);
    });
  });

  describe('answering', () => {
    it('records the first answer, replacing nothing', () => {
      expect(decideNps(rate(at(HOUR), 9, 'Great'), given(registered, issued()))).toEqual([
        {
          type: 'NpsRated',
          data: {
            surveyId: SURVEY,
            customerId: CUSTOMER,
            score: 9,
            comment: 'Great',
            ratedAt: at(HOUR),
            replaces: null,
          },
        },
      ]);
    });

    it('replaces the latest answer within 24 h of the first one, then refuses (409)', () => {
      // e-2 is the first answer, e-3 its replacement.
      const state = given(registered, issued(), rated(at(HOUR)), rated(at(2 * HOUR), 2, 'e-2'));
      const replacement = decideNps(rate(at(HOUR + DAY - 1), 6), state);
      expect(replacement[0]?.data).toMatchObject({ score: 6, replaces: 'e-3' });
      expect(problemOf(() => decideNps(rate(at(HOUR + DAY)), state))).toMatchObject({
        type: 'survey-already-answered',
        status: 409,
      });
    });

    it('refuses an expired survey (410) and an unknown one (404)', () => {
      const state = given(registered, issued());
      expect(decideNps(rate(at(14 * DAY - 1)), state)).toHaveLength(1);
      expect(problemOf(() => decideNps(rate(at(14 * DAY)), state))).toMatchObject({
        type: 'survey-expired',
        status: 410,
      });
      expect(problemOf(() => decideNps(rate(at(HOUR)), given(registered)))).toMatchObject({
        type: 'survey-not-found',
        status: 404,
      });
    });

    it.each([-1, 11, 7.5])('refuses the score %p', (score) => {
      expect(
        problemOf(() => decideNps(rate(at(HOUR), score), given(registered, issued()))),
      ).toMatchObject({
        type: 'invalid-nps-score',
      });
    });

    it.each([0, 10])('accepts the bound %p', (score) => {
      expect(decideNps(rate(at(HOUR), score), given(registered, issued()))[0]?.data).toMatchObject({
        score,
      });
    });
  });
});

import {
  FOLLOW_UP_DECIDER,
  decideFollowUp,
  evolveFollowUp,
  initialFollowUpState,
  type FollowUpCommand,
  type FollowUpState,
} from './follow-up.decider';
import type { FollowUpEvent, FollowUpRaisedData } from './follow-up.events';
import { followUpIdForSurvey, followUpRaisedEventIdFor, isLowScore } from './follow-up.events';

const ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const SUPERVISOR = { type: 'supervisor', id: 'sup-1' } as const;
const T0 = '2026-03-02T10:00:00.000Z';
const T1 = '2026-03-02T11:00:00.000Z';

const RAISED: FollowUpRaisedData = {
  followUpId: ID,
  source: 'csat',
  surveyId: '0f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f',
  ticketId: 'ticket-1',
  customerId: 'crm-1',
  agentId: 'agent-1',
  teamId: 'team-1',
  score: 1,
  comment: 'Nobody answered for days.',
  raisedAt: T0,
};

const raised: FollowUpEvent = { type: 'FollowUpRaised', data: RAISED };
const acknowledged: FollowUpEvent = {
  type: 'FollowUpAcknowledged',
  data: { followUpId: ID, by: SUPERVISOR, at: T1 },
};
const contacted: FollowUpEvent = {
  type: 'FollowUpContacted',
  data: { followUpId: ID, by: SUPERVISOR, channel: 'phone', note: null, at: T1 },
};
const resolved: FollowUpEvent = {
  type: 'FollowUpResolved',
  data: { followUpId: ID, by: SUPERVISOR, resolution: 'Refunded.', at: T1 },
};

const given = (...events: FollowUpEvent[]): FollowUpState =>
  events.reduce(evolveFollowUp, initialFollowUpState());

const acknowledge: FollowUpCommand = {
  type: 'AcknowledgeFollowUp',
  followUpId: ID,
  by: SUPERVISOR,
  at: T1,
};
const contact: FollowUpCommand = {
  type: 'ContactFollowUp',
  followUpId: ID,
  by: SUPERVISOR,
  channel: 'phone',
  note: null,
  at: T1,
};
const resolve: FollowUpCommand = {
  type: 'ResolveFollowUp',
  followUpId: ID,
  by: SUPERVISOR,
  resolution: 'Refunded.',
  at: T1,
};

function refusal(command: FollowUpCommand, state: FollowUpState): unknown {
  try {
    decideFollowUp(command, state);
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('follow-up decider', () => {
  it('raises on a new stream and records nothing when raised again', () => {
    const command: FollowUpCommand = { type: 'RaiseFollowUp', data: RAISED };
    expect(decideFollowUp(command, given())).toEqual([raised]);
    expect(decideFollowUp(command, given(raised))).toEqual([]);
  });

  it('acknowledges an open follow-up, once', () => {
    expect(decideFollowUp(acknowledge, given(raised))).toEqual([acknowledged]);
    expect(refusal(acknowledge, given(raised, acknowledged))).toMatchObject({
      type: 'illegal-follow-up-transition',
      status: 409,
      extensions: { currentStatus: 'acknowledged' },
    });
    expect(refusal(acknowledge, given(raised, contacted))).toMatchObject({ status: 409 });
  });

  it('records contacts from open, acknowledged and contacted, each one', () => {
    expect(decideFollowUp(contact, given(raised))).toEqual([contacted]);
    expect(decideFollowUp(contact, given(raised, acknowledged))).toEqual([contacted]);
    const state = given(raised, acknowledged, contacted, contacted);
    expect(state).toMatchObject({ status: 'contacted' });
    expect(state.exists && state.contacts).toHaveLength(2);
  });

  it('resolves from any unresolved status; resolving twice or contacting after is 409', () => {
    expect(decideFollowUp(resolve, given(raised))).toEqual([resolved]);
    expect(decideFollowUp(resolve, given(raised, acknowledged, contacted))).toEqual([resolved]);
    const done = given(raised, contacted, resolved);
    expect(done).toMatchObject({ status: 'resolved', resolution: 'Refunded.', resolvedAt: T1 });
    for (const command of [resolve, contact, acknowledge]) {
      expect(refusal(command, done)).toMatchObject({
        type: 'illegal-follow-up-transition',
        extensions: { currentStatus: 'resolved' },
      });
    }
  });

  it('answers 404 for any action on a follow-up that does not exist', () => {
    for (const command of [acknowledge, contact, resolve]) {
      expect(refusal(command, given())).toMatchObject({ type: 'follow-up-not-found', status: 404 });
    }
  });

  it('decides several commands against the evolving state (all or nothing)', () => {
    expect(FOLLOW_UP_DECIDER.decide([acknowledge, resolve], given(raised))).toEqual([
      acknowledged,
      resolved,
    ]);
    expect(() => FOLLOW_UP_DECIDER.decide([acknowledge, acknowledge], given(raised))).toThrow();
  });
});

describe('follow-up ids and thresholds', () => {
  it('derives one follow-up id per survey and one event id per rating, deterministically', () => {
    const survey = '0f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f';
    expect(followUpIdForSurvey('csat', survey)).toBe(followUpIdForSurvey('csat', survey));
    expect(followUpIdForSurvey('csat', survey)).not.toBe(followUpIdForSurvey('nps', survey));
    expect(followUpIdForSurvey('nps', survey)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(followUpRaisedEventIdFor('e-1')).toBe(followUpRaisedEventIdFor('e-1'));
    expect(followUpRaisedEventIdFor('e-1')).not.toBe(followUpRaisedEventIdFor('e-2'));
  });

  it('treats CSAT 1–2 and NPS 0–6 as low', () => {
    expect([1, 2, 3, 4, 5].filter((score) => isLowScore('csat', score))).toEqual([1, 2]);
    expect([0, 5, 6, 7, 8, 9, 10].filter((score) => isLowScore('nps', score))).toEqual([0, 5, 6]);
  });
});

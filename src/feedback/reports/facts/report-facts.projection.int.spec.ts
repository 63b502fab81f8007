/**
 * Given recorded events → when the report projections handle them (in real transactions, in
 * batches like the runner's) → then these fact rows.
 */
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import {
  cycleCompleted,
  followUpEvent,
  HOUR,
  MINUTE,
  policyApplied,
  restyled,
  satisfactionRated,
  slaBreached,
  surveyIssued,
  TicketScript,
} from '../testing/report-fixtures';
import { toNewEvent, type PlainEvent } from '../testing/report-test-events';
import { ReportFeedbackFactsProjection } from './feedback-facts.projection';
import { ReportTicketFactsProjection } from './ticket-facts.projection';

let position = 0;

function recorded(
  streamName: string,
  events: readonly PlainEvent[],
  firstRevision = 0,
): RecordedEvent[] {
  return events.map((event, index) => {
    position += 1;
    return {
      ...toNewEvent(event, `${streamName}#${firstRevision + index}`),
      streamName,
      revision: BigInt(firstRevision + index),
      position: String(position).padStart(20, '0'),
      recordedAt: new Date(0),
    };
  });
}

describe('report fact projections', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const tickets = new ReportTicketFactsProjection();
  const feedback = new ReportFeedbackFactsProjection();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const handle = (
    projection: ReportTicketFactsProjection | ReportFeedbackFactsProjection,
    events: RecordedEvent[],
  ) => dataSource.transaction((manager) => projection.handle(events, manager));
  const row = async (ticketId: string): Promise<Record<string, unknown>> =>
    (
      await dataSource.query<Record<string, unknown>[]>(
        'SELECT * FROM report_tickets WHERE ticket_id = $1',
        [ticketId],
      )
    )[0] ?? {};

  /** A ticket with everything: office-hours policy, bot and notes, a wait, an escalation, a reopen. */
  function busyTicket(id: string): PlainEvent[] {
    return [
      ...restyled(
        new TicketScript(id)
          .opened(0)
          .acknowledged(1)
          .replied(2, 'automated', 'bot-1')
          .assigned(3, 'a-1', 'team-1')
          .note(4, 'a-1')
          .replied(30, 'agent', 'a-1')
          .replied(40, 'customer', 'c-1')
          .onHold(50)
          .resumed(110, 'on_hold')
          .escalated(120, 'bug', 1, 2)
          .replied(130, 'agent', 'a-1')
          .solved(180, 'a-1', 'team-l2')
          .reopened(200)
          .solved(300, 'a-1', 'team-l2'),
        { channel: 'chat', type: 'problem', priority: 'high', customerId: 'c-9' },
      ),
      policyApplied(id, 0),
      slaBreached(id, 20, 'firstResponse-1', 'a-1'),
      cycleCompleted(id, 30, 'firstResponse-1', 'breached', 20),
      cycleCompleted(id, 180, 'resolution-1', 'achieved', 600),
    ];
  }

  it('derives one fact row per ticket with its attribution', async () => {
    // T0 is Monday 09:00 UTC, inside office hours: business time equals calendar time here.
    await handle(tickets, recorded('ticket-p-1', busyTicket('p-1')));
    expect(await row('p-1')).toMatchObject({
      channel: 'chat',
      type: 'problem',
      priority: 'high',
      customer_id: 'c-9',
      status: 'solved',
      assignee_id: 'a-1',
      team_id: 'team-l2',
      first_response_agent_id: 'a-1',
      first_response_team_id: 'team-1',
      frt_calendar_ms: String(30 * MINUTE),
      frt_business_ms: String(30 * MINUTE),
      frt_sla_outcome: 'breached',
      first_resolution_calendar_ms: String(180 * MINUTE),
      full_resolution_calendar_ms: String(300 * MINUTE),
      first_solve_team_id: 'team-l2',
      reopen_count: 1,
      public_agent_reply_count: 2,
      fcr: false,
      escalation_count: 1,
      solved_within_24h: true,
    });
    expect(
      await dataSource.query(
        'SELECT reason, from_level, to_level FROM report_escalations WHERE ticket_id = $1',
        ['p-1'],
      ),
    ).toEqual([{ reason: 'bug', from_level: 1, to_level: 2 }]);
    const cycles = await dataSource.query<
      { cycle_id: string; outcome: string; ended_at: Date; agent_id: string }[]
    >(
      'SELECT cycle_id, outcome, ended_at, agent_id FROM report_sla_cycles WHERE ticket_id = $1 ORDER BY cycle_id',
      ['p-1'],
    );
    expect(
      cycles.map((c) => [c.cycle_id, c.outcome, c.ended_at.toISOString(), c.agent_id]),
    ).toEqual([
      ['firstResponse-1', 'breached', '2026-03-02T09:20:00.000Z', 'a-1'],
      ['resolution-1', 'achieved', '2026-03-02T12:00:00.000Z', 'a-1'],
    ]);
  });

  it('gives the same rows whether the events come in one batch or one by one, even redelivered', async () => {
    const events = recorded('ticket-p-2', busyTicket('p-2'));
    for (const event of events) await handle(tickets, [event]);
    await handle(tickets, events.slice(3, 6));
    const { ticket_id: _a, ...oneByOne } = await row('p-2');
    await handle(tickets, recorded('ticket-p-3', busyTicket('p-3')));
    const { ticket_id: _b, ...together } = await row('p-3');
    expect(oneByOne).toEqual(together);
  });

  it('measures business time in the policy calendar once the policy arrives', async () => {
    // Opened Friday 16:00, answered Monday 10:00; the policy is recorded after the ticket events.
    const events = restyled(new TicketScript('p-4').opened(-65 * 60).replied(60, 'agent', 'a-2'));
    await handle(tickets, recorded('ticket-p-4', events));
    expect((await row('p-4')).frt_business_ms).toBe(String(66 * HOUR));
    await handle(tickets, recorded('ticket-p-4', [policyApplied('p-4', -65 * 60)], events.length));
    expect((await row('p-4')).frt_business_ms).toBe(String(2 * HOUR));
  });

  it('keeps the per-day counts and the first-response histogram equal to the rows', async () => {
    const opened = restyled(new TicketScript('p-5').opened(0).replied(20, 'agent', 'a-1'), {
      channel: 'web',
      type: 'incident',
    });
    await handle(tickets, recorded('ticket-p-5', opened));
    const reclassified: PlainEvent = {
      id: 'p-5-classified',
      type: 'TicketClassified',
      data: {
        ticketId: 'p-5',
        type: 'question',
        tags: [],
        productArea: null,
        previousType: 'incident',
        previousTags: [],
        previousProductArea: null,
        classifiedAt: '2026-03-02T09:30:00.000Z',
      },
      metadata: { actor: { type: 'agent', id: 'a-1' }, occurredAt: '2026-03-02T09:30:00.000Z' },
    };
    await handle(tickets, recorded('ticket-p-5', [reclassified], opened.length));
    expect(
      await dataSource.query(
        `SELECT type, n FROM report_daily_counts WHERE measure = 0 AND channel = 'web' ORDER BY type`,
      ),
      // The incident row went back to zero and is removed (a rebuild would never create it).
    ).toEqual([{ type: 'question', n: 1 }]);
    const [histogram] = await dataSource.query<{ n: number; rows: number }[]>(
      `SELECT sum(h.n)::int AS n, (SELECT count(*)::int FROM report_tickets
         WHERE first_response_at IS NOT NULL) AS rows
       FROM report_frt_histogram h WHERE h.kind = 0`,
    );
    expect(histogram?.n).toBe(histogram?.rows);
  });

  it('keeps the standing CSAT answer and follows follow-ups until resolved', async () => {
    await handle(feedback, [
      ...recorded('survey-s-1', [surveyIssued('s-1', 'p-1', 'a-1', 400)]),
      ...recorded('ticket-p-1', [
        satisfactionRated('s-1', 'p-1', 'a-1', 410, 1, 'awful'),
        satisfactionRated('s-1', 'p-1', 'a-1', 420, 4, null, 'x'),
      ]),
      ...recorded('follow-up-f-1', [
        followUpEvent('FollowUpRaised', 'f-1', 411, {
          source: 'csat',
          surveyId: 's-1',
          ticketId: 'p-1',
          customerId: 'c-1',
          score: 1,
        }),
        followUpEvent('FollowUpAcknowledged', 'f-1', 430),
      ]),
    ]);
    expect(
      await dataSource.query('SELECT survey_id, agent_id, score, comment FROM report_csat_surveys'),
    ).toEqual([{ survey_id: 's-1', agent_id: 'a-1', score: 4, comment: null }]);
    // Counted once, on the day it was sent, with its standing answer.
    expect(
      await dataSource.query('SELECT sent, rated, satisfied, score_sum FROM report_csat_daily'),
    ).toEqual([{ sent: 1, rated: 1, satisfied: 1, score_sum: 4 }]);
    expect(await dataSource.query('SELECT follow_up_id, status FROM report_follow_ups')).toEqual([
      { follow_up_id: 'f-1', status: 'acknowledged' },
    ]);
    await handle(
      feedback,
      recorded('follow-up-f-1', [followUpEvent('FollowUpResolved', 'f-1', 500)], 2),
    );
    expect(await dataSource.query('SELECT status, resolved_at FROM report_follow_ups')).toEqual([
      { status: 'resolved', resolved_at: new Date('2026-03-02T17:20:00.000Z') },
    ]);
  });
});

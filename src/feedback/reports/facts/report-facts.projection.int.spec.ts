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
import { forEachBucket, type GroupHistogramRow } from './group-rollups';
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

  it('keeps the per-team and per-agent rollups equal to a recount of the rows', async () => {
    const DAY = 24 * 60;
    // g-1: answered and solved by gt-1, rated (then the rating replaced), reopened and solved
    // again by gt-3 — the survey's solving team moves. g-2: opened in December 2025, solved in
    // April 2026 (months, quarters and years on both sides).
    const g1 = restyled(
      new TicketScript('g-1')
        .opened(0)
        .assigned(3, 'ga-1', 'gt-1')
        .replied(30, 'agent', 'ga-1')
        .solved(180, 'ga-1', 'gt-1')
        .reopened(600)
        .assigned(610, 'ga-3', 'gt-3')
        .replied(620, 'agent', 'ga-3')
        .solved(700, 'ga-3', 'gt-3'),
    );
    const g2 = restyled(
      new TicketScript('g-2')
        .opened(-70 * DAY)
        .assigned(-70 * DAY + 5, 'ga-2', 'gt-2')
        .replied(-69 * DAY, 'agent', 'ga-2')
        .solved(40 * DAY, 'ga-2', 'gt-2'),
    );
    const both = async (events: RecordedEvent[]) => {
      await handle(tickets, events);
      await handle(
        feedback,
        events.filter((e) => /Survey|Satisfaction/.test(e.type)),
      );
    };
    await both([
      ...recorded('ticket-g-1', g1.slice(0, 4)),
      ...recorded('ticket-g-2', [
        ...g2,
        slaBreached('g-2', -69 * DAY - 60, 'firstResponse-1', 'ga-2'),
      ]),
    ]);
    await both([
      ...recorded('survey-s-g1', [surveyIssued('s-g1', 'g-1', 'ga-1', 200)]),
      ...recorded('ticket-g-1', [satisfactionRated('s-g1', 'g-1', 'ga-1', 210, 1)], 4),
      ...recorded('survey-s-g2', [surveyIssued('s-g2', 'g-2', 'ga-2', 40 * DAY + 10)]),
    ]);
    await both([
      ...recorded('ticket-g-1', [satisfactionRated('s-g1', 'g-1', 'ga-1', 220, 4, null, 'x')], 5),
      ...recorded('ticket-g-1', [cycleCompleted('g-1', 30, 'firstResponse-1', 'achieved', 60)], 6),
      ...recorded('ticket-g-1', g1.slice(4), 7),
    ]);

    // report_group_histogram, decoded, against the same counts straight from report_tickets.
    const KINDS_OVER_ALL = `(VALUES
      (0, first_response_at, frt_calendar_bucket), (1, first_response_at, frt_business_bucket),
      (2, first_solved_at, first_res_calendar_bucket),
      (3, first_solved_at, first_res_business_bucket),
      (4, solved_at, full_res_calendar_bucket), (5, solved_at, full_res_business_bucket)
    ) AS k(kind, at, bucket)`;
    const stored = await dataSource.query<GroupHistogramRow[]>(
      `SELECT dim, kind, span, to_char(start, 'YYYY-MM-DD') AS start, key, n, total::text AS total,
              hist FROM report_group_histogram`,
    );
    const decoded = stored.flatMap((row) => {
      const entries: string[] = [];
      let n = 0;
      forEachBucket(row.hist, (bucket, count) => {
        entries.push(
          `${row.dim}|${row.kind}|${row.span}|${row.start}|${row.key}|${bucket}|${count}`,
        );
        n += count;
      });
      expect(n).toBe(row.n);
      return entries;
    });
    const recount = await dataSource.query<{ id: string }[]>(
      `SELECT concat_ws('|', dim, kind, s.span, to_char(s.start, 'YYYY-MM-DD'), key, bucket, count(*)) AS id
       FROM (
         SELECT 0 AS dim, 0 AS kind, first_response_at AS at, COALESCE(first_response_team_id, '') AS key, frt_calendar_bucket AS bucket FROM report_tickets WHERE first_response_at IS NOT NULL
         UNION ALL SELECT 0, 1, first_response_at, COALESCE(first_response_team_id, ''), frt_business_bucket FROM report_tickets WHERE first_response_at IS NOT NULL
         UNION ALL SELECT 0, 2, first_solved_at, COALESCE(first_solve_team_id, ''), first_res_calendar_bucket FROM report_tickets WHERE first_solved_at IS NOT NULL
         UNION ALL SELECT 0, 3, first_solved_at, COALESCE(first_solve_team_id, ''), first_res_business_bucket FROM report_tickets WHERE first_solved_at IS NOT NULL
         UNION ALL SELECT 0, 4, solved_at, COALESCE(solve_team_id, ''), full_res_calendar_bucket FROM report_tickets WHERE solved_at IS NOT NULL
         UNION ALL SELECT 0, 5, solved_at, COALESCE(solve_team_id, ''), full_res_business_bucket FROM report_tickets WHERE solved_at IS NOT NULL
         UNION ALL SELECT 1, 0, first_response_at, COALESCE(first_response_agent_id, ''), frt_calendar_bucket FROM report_tickets WHERE first_response_at IS NOT NULL
         UNION ALL SELECT 1, 1, first_response_at, COALESCE(first_response_agent_id, ''), frt_business_bucket FROM report_tickets WHERE first_response_at IS NOT NULL
         UNION ALL SELECT 1, 2, first_solved_at, COALESCE(first_solve_assignee_id, ''), first_res_calendar_bucket FROM report_tickets WHERE first_solved_at IS NOT NULL
         UNION ALL SELECT 1, 3, first_solved_at, COALESCE(first_solve_assignee_id, ''), first_res_business_bucket FROM report_tickets WHERE first_solved_at IS NOT NULL
         UNION ALL SELECT 1, 4, solved_at, COALESCE(solve_assignee_id, ''), full_res_calendar_bucket FROM report_tickets WHERE solved_at IS NOT NULL
         UNION ALL SELECT 1, 5, solved_at, COALESCE(solve_assignee_id, ''), full_res_business_bucket FROM report_tickets WHERE solved_at IS NOT NULL
         UNION ALL SELECT c.dim, k.kind, k.at, c.team || '|' || channel || '|' || type || '|' || priority, k.bucket
         FROM report_tickets
         CROSS JOIN LATERAL (VALUES
           (0, first_response_at, first_response_team_id, frt_calendar_bucket),
           (1, first_response_at, first_response_team_id, frt_business_bucket),
           (2, first_solved_at, first_solve_team_id, first_res_calendar_bucket),
           (3, first_solved_at, first_solve_team_id, first_res_business_bucket),
           (4, solved_at, solve_team_id, full_res_calendar_bucket),
           (5, solved_at, solve_team_id, full_res_business_bucket)) AS k(kind, at, team, bucket)
         CROSS JOIN LATERAL (VALUES (2, '*'), (3, COALESCE(k.team, ''))) AS c(dim, team)
         WHERE k.at IS NOT NULL
         UNION ALL SELECT 4, k.kind, k.at, '', k.bucket
         FROM report_tickets
         CROSS JOIN LATERAL ${KINDS_OVER_ALL}
         WHERE k.at IS NOT NULL
         -- The marginals: one channel, type or priority, every team.
         UNION ALL SELECT 5, k.kind, k.at, m.key, k.bucket
         FROM report_tickets
         CROSS JOIN LATERAL ${KINDS_OVER_ALL}
         CROSS JOIN LATERAL (VALUES ('*|' || channel || '|*|*'), ('*|*|' || type || '|*'),
           ('*|*|*|' || priority)) AS m(key)
         WHERE k.at IS NOT NULL
       ) AS d
       CROSS JOIN LATERAL (VALUES
         (0, date_trunc('month', d.at AT TIME ZONE 'UTC')::date),
         (1, date_trunc('quarter', d.at AT TIME ZONE 'UTC')::date),
         (2, date_trunc('year', d.at AT TIME ZONE 'UTC')::date),
         (3, (d.at AT TIME ZONE 'UTC')::date),
         (4, (date_trunc('month', d.at AT TIME ZONE 'UTC')
              + ((extract(day FROM d.at AT TIME ZONE 'UTC')::int - 1) / 8 * 8) * interval '1 day')::date)
       ) AS s(span, start)
       -- Days and day blocks (spans 3, 4) per team, per agent, over all and per marginal only.
       WHERE s.span < 3 OR d.dim < 2 OR d.dim >= 4
       GROUP BY dim, kind, s.span, s.start, key, bucket
       UNION ALL
       -- Over all, per UTC hour (span 5, keyed by the hour).
       SELECT concat_ws('|', 4, k.kind, 5, to_char(k.at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
                        to_char(k.at AT TIME ZONE 'UTC', 'HH24'), k.bucket, count(*))
       FROM report_tickets
       CROSS JOIN LATERAL ${KINDS_OVER_ALL}
       WHERE k.at IS NOT NULL
       GROUP BY k.kind, to_char(k.at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
                to_char(k.at AT TIME ZONE 'UTC', 'HH24'), k.bucket`,
    );
    expect(decoded.sort()).toEqual(recount.map((r) => r.id).sort());
    expect(decoded.some((id) => id.startsWith('1|2|2|2026-01-01|ga-2|'))).toBe(true);
    expect(decoded.some((id) => id.startsWith('1|0|1|2025-10-01|ga-2|'))).toBe(true);
    expect(decoded.some((id) => id.startsWith('3|4|0|2026-03-01|gt-3|'))).toBe(true);
    expect(decoded.some((id) => id.startsWith('4|5|3|'))).toBe(true);
    expect(decoded.some((id) => id.startsWith('1|4|0|2026-04-01|ga-2|'))).toBe(true);
    expect(decoded.some((id) => id.startsWith('4|0|5|'))).toBe(true);
    expect(decoded.some((id) => id.startsWith('5|2|3|'))).toBe(true);

    // The marginals' counters: each month, quarter and year the sum of the cells of every team
    // with that channel, type or priority; each month the sum of its days, and of its blocks.
    const marginalCounts = (where: string, start = 'start') =>
      dataSource
        .query<{ id: string }[]>(
          `SELECT concat_ws('|', span, to_char(${start}, 'YYYY-MM-DD'), measure, key, detail, sum(n))
             AS id FROM report_cell_counts WHERE dim = 5 AND ${where}
           GROUP BY span, ${start}, measure, key, detail HAVING sum(n) <> 0`,
        )
        .then((rows) => rows.map((r) => r.id).sort());
    const fromCells = await dataSource.query<{ id: string }[]>(
      `SELECT concat_ws('|', c.span, to_char(c.start, 'YYYY-MM-DD'), c.measure, m.key, c.detail,
                        sum(c.n)) AS id
       FROM report_cell_counts c
       CROSS JOIN LATERAL (VALUES ('*|' || split_part(c.key, '|', 2) || '|*|*'),
         ('*|*|' || split_part(c.key, '|', 3) || '|*'), ('*|*|*|' || split_part(c.key, '|', 4)))
         AS m(key)
       WHERE c.dim = 2 GROUP BY c.span, c.start, c.measure, m.key, c.detail HAVING sum(c.n) <> 0`,
    );
    const marginalMonths = await marginalCounts('span < 3');
    expect(marginalMonths.length).toBeGreaterThan(0);
    expect(marginalMonths).toEqual(fromCells.map((r) => r.id).sort());
    const months = await marginalCounts('span = 0');
    for (const span of [3, 4]) {
      const summed = await marginalCounts(`span = ${span}`, "date_trunc('month', start)");
      expect(summed.map((id) => id.replace(/^\d+\|/, '0|')).sort()).toEqual(months);
    }

    // The per-team and per-agent counters, each on its own attribution, recounted from the rows.
    for (const [holder, table, responder, firstSolver, solver, current] of [
      // Over all tickets (report_hour_counts, per UTC hour only).
      ['NULL', 'report_hour', 'NULL', 'NULL', 'NULL', 'NULL'],
      [
        'team_id',
        'report_team',
        'first_response_team_id',
        'first_solve_team_id',
        'solve_team_id',
        'team_id',
      ],
      [
        'agent_id',
        'report_agent_measures',
        'first_response_agent_id',
        'first_solve_assignee_id',
        'solve_assignee_id',
        'assignee_id',
      ],
    ]) {
      const grains = [
        ['monthly', 'month', (at: string) => `date_trunc('month', ${at} AT TIME ZONE 'UTC')::date`],
        ['daily', 'day', (at: string) => `(${at} AT TIME ZONE 'UTC')::date`],
      ] as const;
      const hourly = [
        [
          'counts',
          'hour',
          (at: string) => `date_trunc('hour', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
        ],
      ] as const;
      for (const [grain, column, period] of holder === 'NULL' ? hourly : grains) {
        const stored = await dataSource.query<{ id: string }[]>(
          `SELECT concat_ws('|', measure, ${column}, COALESCE(${holder}, '-'), n) AS id
           FROM ${table}_${grain} WHERE measure < 10`,
        );
        const recount = await dataSource.query<{ id: string }[]>(
          `SELECT concat_ws('|', measure, p, COALESCE(h, '-'), sum(n)) AS id FROM (
             SELECT m.measure, ${period('first_response_at')} AS p, ${responder} AS h, m.n
             FROM report_tickets CROSS JOIN LATERAL (VALUES (0, 1),
               (1, (frt_sla_outcome = 'achieved')::int), (2, (frt_sla_outcome IS NOT NULL)::int))
               AS m(measure, n) WHERE first_response_at IS NOT NULL
             UNION ALL
             SELECT m.measure, ${period('first_solved_at')}, ${firstSolver}, m.n
             FROM report_tickets CROSS JOIN LATERAL (VALUES (3, 1), (4, fcr::int),
               (5, (reopen_count > 0)::int), (6, COALESCE(solved_within_24h, false)::int))
               AS m(measure, n) WHERE first_solved_at IS NOT NULL
             UNION ALL
             SELECT 7, ${period('solved_at')}, ${solver}, 1 FROM report_tickets
             WHERE solved_at IS NOT NULL
             UNION ALL
             SELECT m.measure, ${period('opened_at')}, ${current}, m.n
             FROM report_tickets CROSS JOIN LATERAL (VALUES (8, 1),
               (9, (escalation_count > 0)::int)) AS m(measure, n)
           ) AS c GROUP BY measure, p, h HAVING sum(n) <> 0`,
        );
        expect({ table, grain, rows: stored.map((r) => r.id).sort() }).toEqual({
          table,
          grain,
          rows: recount.map((r) => r.id).sort(),
        });
      }
    }
    // CSAT per UTC hour sent (report_hour_counts 10–13) against the surveys the rows hold.
    const csatHours = async (sql: string) =>
      (await dataSource.query<{ id: string }[]>(sql)).map((r) => r.id).sort();
    const storedCsatHours = await csatHours(
      `SELECT concat_ws('|', measure, hour, n) AS id FROM report_hour_counts WHERE measure >= 10`,
    );
    expect(storedCsatHours.length).toBeGreaterThan(0);
    expect(storedCsatHours).toEqual(
      await csatHours(
        `SELECT concat_ws('|', m.measure, date_trunc('hour', s."issuedAt"), sum(m.n)) AS id
         FROM report_tickets t
         CROSS JOIN LATERAL jsonb_to_recordset(t.csat_surveys) AS s("issuedAt" timestamptz, score int)
         CROSS JOIN LATERAL (VALUES (10, 1), (11, (s.score IS NOT NULL)::int),
           (12, COALESCE(s.score >= 4, false)::int), (13, COALESCE(s.score, 0))) AS m(measure, n)
         GROUP BY m.measure, date_trunc('hour', s."issuedAt") HAVING sum(m.n) <> 0`,
      ),
    );
    // Each kind's statistics per UTC hour against percentile_cont over the rows.
    const hourStats = await dataSource.query<{ id: string }[]>(
      `SELECT concat_ws('|', kind, hour, n, total, median, p90) AS id FROM report_hour_stats`,
    );
    const hourRecount = await dataSource.query<{ id: string }[]>(
      `SELECT concat_ws('|', k.kind, date_trunc('hour', k.at), count(*), sum(k.v),
                        percentile_cont(0.5) WITHIN GROUP (ORDER BY k.v),
                        percentile_cont(0.9) WITHIN GROUP (ORDER BY k.v)) AS id
       FROM report_tickets CROSS JOIN LATERAL (VALUES
         (0, first_response_at, frt_calendar_bucket, frt_calendar_ms),
         (1, first_response_at, frt_business_bucket, frt_business_ms),
         (2, first_solved_at, first_res_calendar_bucket, first_resolution_calendar_ms),
         (3, first_solved_at, first_res_business_bucket, first_resolution_business_ms),
         (4, solved_at, full_res_calendar_bucket, full_resolution_calendar_ms),
         (5, solved_at, full_res_business_bucket, full_resolution_business_ms)
       ) AS k(kind, at, bucket, v)
       WHERE k.at IS NOT NULL AND k.bucket IS NOT NULL AND k.v IS NOT NULL
       GROUP BY k.kind, date_trunc('hour', k.at)`,
    );
    expect(hourStats.length).toBeGreaterThan(0);
    expect(hourStats.map((r) => r.id).sort()).toEqual(hourRecount.map((r) => r.id).sort());

    expect(
      await dataSource.query(
        `SELECT measure, agent_id FROM report_agent_measures_monthly
         WHERE measure = 7 AND agent_id = 'ga-2' AND month = '2026-04-01'`,
      ),
    ).toEqual([{ measure: 7, agent_id: 'ga-2' }]);

    // The CSAT cells follow the survey to the standing solve's team too (month span).
    expect(
      await dataSource.query(
        `SELECT split_part(key, '|', 1) AS team, measure, n::int AS n FROM report_cell_counts
         WHERE dim = 3 AND span = 0 AND measure BETWEEN 10 AND 13 AND key LIKE 'gt-%'
         ORDER BY 1, 2`,
      ),
    ).toEqual([
      { team: 'gt-2', measure: 10, n: 1 },
      { team: 'gt-3', measure: 10, n: 1 },
      { team: 'gt-3', measure: 11, n: 1 },
      { team: 'gt-3', measure: 12, n: 1 },
      { team: 'gt-3', measure: 13, n: 4 },
    ]);

    // report_agent_monthly and report_csat_team_daily against the rows they count.
    expect(
      await dataSource.query(
        `SELECT to_char(month, 'YYYY-MM') AS month, agent_id, first_solved, fcr, reopened,
                sla_achieved, sla_ended, csat_sent, csat_rated, csat_satisfied, csat_score_sum
         FROM report_agent_monthly WHERE agent_id LIKE 'ga-%' ORDER BY 1, 2`,
      ),
    ).toEqual([
      // ga-1: first solve of g-1 (reopened, so no FCR), its first-response cycle, the survey.
      {
        month: '2025-12',
        agent_id: 'ga-2',
        first_solved: 0,
        fcr: 0,
        reopened: 0,
        sla_achieved: 0,
        sla_ended: 1,
        csat_sent: 0,
        csat_rated: 0,
        csat_satisfied: 0,
        csat_score_sum: 0,
      },
      {
        month: '2026-03',
        agent_id: 'ga-1',
        first_solved: 1,
        fcr: 0,
        reopened: 1,
        sla_achieved: 1,
        sla_ended: 1,
        csat_sent: 1,
        csat_rated: 1,
        csat_satisfied: 1,
        csat_score_sum: 4,
      },
      {
        month: '2026-04',
        agent_id: 'ga-2',
        first_solved: 1,
        fcr: 1,
        reopened: 0,
        sla_achieved: 0,
        sla_ended: 0,
        csat_sent: 1,
        csat_rated: 0,
        csat_satisfied: 0,
        csat_score_sum: 0,
      },
    ]);
    // The rated survey counts for gt-3 now (g-1's standing solve), not gt-1 any more.
    expect(
      await dataSource.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, team_id, sent, rated, satisfied, score_sum
         FROM report_csat_team_daily WHERE team_id LIKE 'gt-%' ORDER BY day`,
      ),
    ).toEqual([
      { day: '2026-03-02', team_id: 'gt-3', sent: 1, rated: 1, satisfied: 1, score_sum: 4 },
      { day: '2026-04-11', team_id: 'gt-2', sent: 1, rated: 0, satisfied: 0, score_sum: 0 },
    ]);
  });
});

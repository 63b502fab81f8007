/**
 * Fills the report fact tables with `count` synthetic tickets over one year (2025) in bulk
 * (INSERT … SELECT generate_series; the write path is measured by bench:tickets), plus CSAT
 * surveys, NPS ratings, escalations and SLA cycles in proportion. Seeded (setseed), so every run
 * gets the same data. Secondary indexes are dropped for the load and re-created from their own
 * definitions afterwards, then the tables are VACUUM ANALYZEd.
 *
 * Shape: channels email 35 %, web 20 %, chat 15 %, phone 12 %, api 8 %, messaging 6 %, social 4 %;
 * six types with a Pareto-like skew; priorities 20/55/20/5 %; 50 teams, 500 agents (agent i in
 * team i % 50); 95 % answered (FRT skewed: most within hours, a tail over two days), 85 % solved,
 * 8 % of those reopened; 40 % of solves get a survey, 60 % of surveys answered; 60,000 NPS ratings;
 * 10 % of tickets escalated; first-response and resolution SLA cycles for 70 % of tickets.
 * The rollups are derived from those rows with the projection's rules; report_tickets.csat_surveys
 * (what the projection counted, read only by the projection itself) is left empty.
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { DURATION_BUCKET_BOUNDS } from '../../src/feedback/reports/facts/duration-buckets';
import { HOUR_STATS_KINDS } from '../../src/feedback/reports/facts/hour-stats';

const YEAR_START = '2025-01-01T00:00:00Z';

/**
 * A row's UTC month, quarter and year (spans 0–2) and its UTC day and day block (3, 4: days 1–8,
 * 9–16, 17–24, 25–end), as facts/group-rollups.ts spansOf with days.
 */
const SPANS_WITH_DAYS = `CROSS JOIN LATERAL (VALUES
    (0, date_trunc('month', d.at AT TIME ZONE 'UTC')::date),
    (1, date_trunc('quarter', d.at AT TIME ZONE 'UTC')::date),
    (2, date_trunc('year', d.at AT TIME ZONE 'UTC')::date),
    (3, (d.at AT TIME ZONE 'UTC')::date),
    (4, (date_trunc('month', d.at AT TIME ZONE 'UTC')
         + ((extract(day FROM d.at AT TIME ZONE 'UTC')::int - 1) / 8 * 8) * interval '1 day')::date)
  ) AS s(span, start)`;

const TABLES = [
  'report_tickets',
  'report_escalations',
  'report_sla_cycles',
  'report_csat_surveys',
  'report_nps_ratings',
  'report_follow_ups',
  'report_frt_histogram',
  'report_frt_daily',
  'report_daily_counts',
  'report_csat_daily',
  'report_resolution_daily',
  'report_escalation_daily',
  'report_daily_team_counts',
  'report_group_histogram',
  'report_agent_monthly',
  'report_csat_team_daily',
  'report_month_histogram',
  'report_backlog_daily',
  'report_team_monthly',
  'report_cell_counts',
  'report_team_daily',
  'report_agent_daily',
  'report_agent_measures_monthly',
  'report_agent_measures_daily',
  'report_hour_counts',
  'report_hour_stats',
];

const TICKETS_SQL = `
  INSERT INTO report_tickets (ticket_id, opened_at, channel, type, priority, customer_id, status,
    team_id, assignee_id, first_response_at, first_response_agent_id, first_response_team_id,
    frt_calendar_ms, frt_business_ms, frt_sla_outcome, frt_calendar_bucket, frt_business_bucket,
    first_solved_at, first_solve_assignee_id,
    first_solve_team_id, first_resolution_calendar_ms, first_resolution_business_ms, solved_at,
    solve_assignee_id, solve_team_id, full_resolution_calendar_ms, full_resolution_business_ms,
    reopen_count, public_agent_reply_count, fcr, escalation_count, solved_within_24h,
    first_res_calendar_bucket, first_res_business_bucket, full_res_calendar_bucket,
    full_res_business_bucket)
  SELECT id, opened_at, channel, type, priority, customer_id,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN 'solved'
         WHEN answered THEN 'open' ELSE 'new' END,
    team_id, agent_id,
    CASE WHEN answered THEN opened_at + frt_ms * interval '1 millisecond' END,
    CASE WHEN answered THEN agent_id END,
    CASE WHEN answered THEN team_id END,
    CASE WHEN answered THEN frt_ms END,
    CASE WHEN answered THEN floor(frt_ms * business_share)::bigint END,
    CASE WHEN answered AND with_sla THEN CASE WHEN frt_ms < 4 * 3600000 THEN 'achieved' ELSE 'breached' END END,
    CASE WHEN answered THEN width_bucket(frt_ms, $2::bigint[]) END,
    CASE WHEN answered THEN width_bucket(floor(frt_ms * business_share)::bigint, $2::bigint[]) END,
    CASE WHEN solved THEN opened_at + res_ms * interval '1 millisecond' END,
    CASE WHEN solved THEN agent_id END,
    CASE WHEN solved THEN team_id END,
    CASE WHEN solved THEN res_ms END,
    CASE WHEN solved THEN floor(res_ms * business_share)::bigint END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN opened_at + full_ms * interval '1 millisecond' END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN agent_id END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN team_id END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN full_ms END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN floor(full_ms * business_share)::bigint END,
    CASE WHEN solved AND reopened THEN 1 ELSE 0 END,
    replies,
    solved AND NOT reopened AND replies = 1,
    CASE WHEN escalated THEN 1 ELSE 0 END,
    CASE WHEN solved THEN res_ms <= 86400000 END,
    CASE WHEN solved THEN width_bucket(res_ms, $2::bigint[]) END,
    CASE WHEN solved THEN width_bucket(floor(res_ms * business_share)::bigint, $2::bigint[]) END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN width_bucket(full_ms, $2::bigint[]) END,
    CASE WHEN solved AND NOT (reopened AND NOT resolved_again) THEN width_bucket(floor(full_ms * business_share)::bigint, $2::bigint[]) END
  FROM (
    SELECT *, res_ms + CASE WHEN reopened THEN floor(r_full * 10 * 86400000)::bigint ELSE 0 END AS full_ms
    FROM (
      SELECT 'bt-' || g AS id,
        timestamptz '${YEAR_START}' + ((g - 1)::float8 / $1) * interval '365 days' AS opened_at,
        CASE WHEN r_channel < 0.35 THEN 'email' WHEN r_channel < 0.55 THEN 'web'
             WHEN r_channel < 0.70 THEN 'chat' WHEN r_channel < 0.82 THEN 'phone'
             WHEN r_channel < 0.90 THEN 'api' WHEN r_channel < 0.96 THEN 'messaging' ELSE 'social' END AS channel,
        CASE WHEN r_type < 0.45 THEN 'question' WHEN r_type < 0.75 THEN 'incident'
             WHEN r_type < 0.87 THEN 'service_request' WHEN r_type < 0.94 THEN 'problem'
             WHEN r_type < 0.98 THEN 'complaint' ELSE 'feedback' END AS type,
        (ARRAY['low','normal','high','urgent'])[CASE WHEN r_priority < 0.2 THEN 1 WHEN r_priority < 0.75 THEN 2 WHEN r_priority < 0.95 THEN 3 ELSE 4 END] AS priority,
        'bc-' || floor(r_customer * 200000)::int AS customer_id,
        'team-' || (agent % 50) AS team_id,
        'agent-' || agent AS agent_id,
        r_answered < 0.95 AS answered,
        r_solved < 0.85 AND r_answered < 0.95 AS solved,
        r_reopened < 0.08 AS reopened,
        r_again < 0.8 AS resolved_again,
        r_escalated < 0.10 AS escalated,
        r_sla < 0.7 AS with_sla,
        floor(power(r_frt, 3) * 2 * 86400000)::bigint + 1000 AS frt_ms,
        floor(power(r_frt, 3) * 2 * 86400000)::bigint + 1000 + floor(power(r_res, 2) * 20 * 86400000)::bigint AS res_ms,
        0.25 + 0.75 * r_business AS business_share,
        1 + floor(power(r_replies, 2) * 6)::int AS replies,
        r_full
      FROM (
        SELECT g, floor(random() * 500)::int AS agent, random() AS r_channel, random() AS r_type,
          random() AS r_priority, random() AS r_customer, random() AS r_answered, random() AS r_solved,
          random() AS r_reopened, random() AS r_again, random() AS r_escalated, random() AS r_sla,
          random() AS r_frt, random() AS r_res, random() AS r_business, random() AS r_replies,
          random() AS r_full
        FROM generate_series(1, $1) AS g
      ) AS r
    ) AS facts
  ) AS t`;

/** The per-team counters (TEAM_MEASURES) per UTC month or day, as the projection keeps them. */
/** Where each holder (team or agent) of the TEAM_MEASURES counters is on a ticket row. */
const HOLDERS = {
  team: {
    column: 'team_id',
    response: 'first_response_team_id',
    firstSolve: 'first_solve_team_id',
    solve: 'solve_team_id',
    current: 'team_id',
  },
  agent: {
    column: 'agent_id',
    response: 'first_response_agent_id',
    firstSolve: 'first_solve_assignee_id',
    solve: 'solve_assignee_id',
    current: 'assignee_id',
  },
} as const;

/**
 * The TEAM_MEASURES counters per UTC month, day or hour and team or agent (null: over all
 * tickets), as the projection keeps them.
 */
function holderCountsSql(
  table: string,
  column: string,
  grain: (at: string) => string,
  holderOrAll: (typeof HOLDERS)[keyof typeof HOLDERS] | null,
): string {
  const holder = holderOrAll ?? {
    column: null,
    response: 'NULL::text',
    firstSolve: 'NULL::text',
    solve: 'NULL::text',
    current: 'NULL::text',
  };
  const holderColumn = holder.column === null ? '' : `${holder.column}, `;
  const holderValue = holder.column === null ? '' : 'holder, ';
  return `INSERT INTO ${table} (measure, ${column}, ${holderColumn}n)
   SELECT measure, month, ${holderValue}sum(n) FROM (
     SELECT m.measure, ${grain('first_response_at')} AS month,
       ${holder.response} AS holder, m.n
     FROM report_tickets CROSS JOIN LATERAL (VALUES
       (0, 1), (1, (frt_sla_outcome = 'achieved')::int), (2, (frt_sla_outcome IS NOT NULL)::int)
     ) AS m(measure, n) WHERE first_response_at IS NOT NULL
     UNION ALL
     SELECT m.measure, ${grain('first_solved_at')},
       ${holder.firstSolve}, m.n
     FROM report_tickets CROSS JOIN LATERAL (VALUES
       (3, 1), (4, fcr::int), (5, (reopen_count > 0)::int),
       (6, COALESCE(solved_within_24h, false)::int)
     ) AS m(measure, n) WHERE first_solved_at IS NOT NULL
     UNION ALL
     SELECT 7, ${grain('solved_at')}, ${holder.solve}, 1
     FROM report_tickets WHERE solved_at IS NOT NULL
     UNION ALL
     SELECT m.measure, ${grain('opened_at')}, ${holder.current}, m.n
     FROM report_tickets CROSS JOIN LATERAL (VALUES (8, 1), (9, (escalation_count > 0)::int))
       AS m(measure, n)
   ) AS c GROUP BY measure, month, holder HAVING sum(n) <> 0`;
}

/** The per-agent counters per UTC month or day: solves, SLA cycles and CSAT, each on its instant. */
function agentCountsSql(table: string, column: string, grain: (at: string) => string): string {
  return `INSERT INTO ${table} (${column}, agent_id, first_solved, fcr, reopened, sla_achieved,
     sla_ended, csat_sent, csat_rated, csat_satisfied, csat_score_sum)
   SELECT ${grain('at')}, agent_id, sum(a), sum(b), sum(c),
     sum(d), sum(e), sum(f), sum(g), sum(h), sum(i)
   FROM (
     SELECT first_solved_at AS at, first_solve_assignee_id AS agent_id, 1 AS a, fcr::int AS b,
       (reopen_count > 0)::int AS c, 0 AS d, 0 AS e, 0 AS f, 0 AS g, 0 AS h, 0 AS i
     FROM report_tickets WHERE first_solved_at IS NOT NULL AND first_solve_assignee_id IS NOT NULL
     UNION ALL
     SELECT ended_at, agent_id, 0, 0, 0, (outcome = 'achieved')::int, 1, 0, 0, 0, 0
     FROM report_sla_cycles WHERE agent_id IS NOT NULL
     UNION ALL
     SELECT issued_at, agent_id, 0, 0, 0, 0, 0, 1, (score IS NOT NULL)::int,
       COALESCE(score >= 4, false)::int, COALESCE(score, 0)
     FROM report_csat_surveys WHERE agent_id IS NOT NULL AND issued_at IS NOT NULL
   ) AS x GROUP BY 1, 2`;
}

const DERIVED_SQL = [
  // Opened (0) and first solved (1) per UTC day, channel, type and priority, as the projection keeps them.
  `INSERT INTO report_daily_counts (measure, day, channel, type, priority, n)
   SELECT 0, (opened_at AT TIME ZONE 'UTC')::date, channel, type, priority, count(*)
   FROM report_tickets GROUP BY 2, 3, 4, 5
   UNION ALL
   SELECT 1, (first_solved_at AT TIME ZONE 'UTC')::date, channel, type, priority, count(*)
   FROM report_tickets WHERE first_solved_at IS NOT NULL GROUP BY 2, 3, 4, 5`,
  // The first-response histogram, as the projection keeps it (per UTC day and value bucket).
  `INSERT INTO report_frt_histogram (kind, day, bucket, n, total)
   SELECT kind, day, bucket, count(*), sum(v) FROM (
     SELECT 0 AS kind, (first_response_at AT TIME ZONE 'UTC')::date AS day,
       frt_calendar_bucket AS bucket, frt_calendar_ms AS v
     FROM report_tickets WHERE first_response_at IS NOT NULL
     UNION ALL
     SELECT 1, (first_response_at AT TIME ZONE 'UTC')::date, frt_business_bucket, frt_business_ms
     FROM report_tickets WHERE first_response_at IS NOT NULL
   ) AS values_ GROUP BY kind, day, bucket`,
  // First (kinds 2, 3) and full (4, 5) resolution times, on the day of their solve.
  `INSERT INTO report_frt_histogram (kind, day, bucket, n, total)
   SELECT kind, day, bucket, count(*), sum(v) FROM (
     SELECT 2 AS kind, (first_solved_at AT TIME ZONE 'UTC')::date AS day,
       first_res_calendar_bucket AS bucket, first_resolution_calendar_ms AS v
     FROM report_tickets WHERE first_solved_at IS NOT NULL
     UNION ALL
     SELECT 3, (first_solved_at AT TIME ZONE 'UTC')::date, first_res_business_bucket,
       first_resolution_business_ms
     FROM report_tickets WHERE first_solved_at IS NOT NULL
     UNION ALL
     SELECT 4, (solved_at AT TIME ZONE 'UTC')::date, full_res_calendar_bucket,
       full_resolution_calendar_ms
     FROM report_tickets WHERE solved_at IS NOT NULL
     UNION ALL
     SELECT 5, (solved_at AT TIME ZONE 'UTC')::date, full_res_business_bucket,
       full_resolution_business_ms
     FROM report_tickets WHERE solved_at IS NOT NULL
   ) AS values_ GROUP BY kind, day, bucket`,
  // Every duration kind per team and per agent (of its own attribution; '' for none), per UTC
  // day, day block, month, quarter and year, as packed buckets.
  `INSERT INTO report_group_histogram (dim, kind, span, start, key, n, total, hist)
   SELECT dim, kind, span, start, key, sum(n)::int, sum(total),
     string_agg(pg_temp.varint(bucket - previous) || pg_temp.varint(n), ''::bytea ORDER BY bucket)
   FROM (
     SELECT dim, kind, s.span, s.start, key, bucket, count(*) AS n, sum(v) AS total,
       COALESCE(lag(bucket) OVER (PARTITION BY dim, kind, s.span, s.start, key ORDER BY bucket), 0)
         AS previous
     FROM (
       SELECT 0 AS dim, 0 AS kind, first_response_at AS at, COALESCE(first_response_team_id, '') AS key,
         frt_calendar_bucket AS bucket, frt_calendar_ms AS v
       FROM report_tickets WHERE first_response_at IS NOT NULL
       UNION ALL
       SELECT 0, 1, first_response_at, COALESCE(first_response_team_id, ''), frt_business_bucket,
         frt_business_ms FROM report_tickets WHERE first_response_at IS NOT NULL
       UNION ALL
       SELECT 0, 2, first_solved_at, COALESCE(first_solve_team_id, ''), first_res_calendar_bucket,
         first_resolution_calendar_ms FROM report_tickets WHERE first_solved_at IS NOT NULL
       UNION ALL
       SELECT 0, 3, first_solved_at, COALESCE(first_solve_team_id, ''), first_res_business_bucket,
         first_resolution_business_ms FROM report_tickets WHERE first_solved_at IS NOT NULL
       UNION ALL
       SELECT 0, 4, solved_at, COALESCE(solve_team_id, ''), full_res_calendar_bucket,
         full_resolution_calendar_ms FROM report_tickets WHERE solved_at IS NOT NULL
       UNION ALL
       SELECT 0, 5, solved_at, COALESCE(solve_team_id, ''), full_res_business_bucket,
         full_resolution_business_ms FROM report_tickets WHERE solved_at IS NOT NULL
       UNION ALL
       SELECT 1, 0, first_response_at, COALESCE(first_response_agent_id, ''), frt_calendar_bucket,
         frt_calendar_ms
       FROM report_tickets WHERE first_response_at IS NOT NULL
       UNION ALL
       SELECT 1, 1, first_response_at, COALESCE(first_response_agent_id, ''), frt_business_bucket,
         frt_business_ms
       FROM report_tickets WHERE first_response_at IS NOT NULL
       UNION ALL
       SELECT 1, 2, first_solved_at, COALESCE(first_solve_assignee_id, ''),
         first_res_calendar_bucket, first_resolution_calendar_ms
       FROM report_tickets WHERE first_solved_at IS NOT NULL
       UNION ALL
       SELECT 1, 3, first_solved_at, COALESCE(first_solve_assignee_id, ''),
         first_res_business_bucket, first_resolution_business_ms
       FROM report_tickets WHERE first_solved_at IS NOT NULL
       UNION ALL
       SELECT 1, 4, solved_at, COALESCE(solve_assignee_id, ''), full_res_calendar_bucket,
         full_resolution_calendar_ms
       FROM report_tickets WHERE solved_at IS NOT NULL
       UNION ALL
       SELECT 1, 5, solved_at, COALESCE(solve_assignee_id, ''), full_res_business_bucket,
         full_resolution_business_ms
       FROM report_tickets WHERE solved_at IS NOT NULL
     ) AS d
     ${SPANS_WITH_DAYS}
     GROUP BY 1, 2, 3, 4, 5, 6
   ) AS b GROUP BY dim, kind, span, start, key`,
  // Every kind over all tickets per UTC hour (dimension 4, span 5, keyed by the hour).
  `INSERT INTO report_group_histogram (dim, kind, span, start, key, n, total, hist)
   SELECT 4, kind, 5, (hour AT TIME ZONE 'UTC')::date, to_char(hour AT TIME ZONE 'UTC', 'HH24'),
     sum(n)::int, sum(total),
     string_agg(pg_temp.varint(bucket - previous) || pg_temp.varint(n), ''::bytea ORDER BY bucket)
   FROM (
     SELECT kind, hour, bucket, count(*) AS n, sum(v) AS total,
       COALESCE(lag(bucket) OVER (PARTITION BY kind, hour ORDER BY bucket), 0) AS previous
     FROM (
       SELECT k.kind, date_trunc('hour', k.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
         k.bucket, k.v
       FROM report_tickets CROSS JOIN LATERAL (VALUES
         (0, first_response_at, frt_calendar_bucket, frt_calendar_ms),
         (1, first_response_at, frt_business_bucket, frt_business_ms),
         (2, first_solved_at, first_res_calendar_bucket, first_resolution_calendar_ms),
         (3, first_solved_at, first_res_business_bucket, first_resolution_business_ms),
         (4, solved_at, full_res_calendar_bucket, full_resolution_calendar_ms),
         (5, solved_at, full_res_business_bucket, full_resolution_business_ms)
       ) AS k(kind, at, bucket, v) WHERE k.at IS NOT NULL
     ) AS d GROUP BY 1, 2, 3
   ) AS b GROUP BY kind, hour`,
  // Every kind over all tickets (dimension 4, key ''), per UTC day, block, month, quarter and year,
  // from the daily bucket counts above.
  `INSERT INTO report_group_histogram (dim, kind, span, start, key, n, total, hist)
   SELECT 4, kind, span, start, '', sum(n)::int, sum(total),
     string_agg(pg_temp.varint(bucket - previous) || pg_temp.varint(n), ''::bytea ORDER BY bucket)
   FROM (
     SELECT h.kind, s.span, s.start, h.bucket, sum(h.n) AS n, sum(h.total) AS total,
       COALESCE(lag(h.bucket) OVER (PARTITION BY h.kind, s.span, s.start ORDER BY h.bucket), 0)
         AS previous
     FROM report_frt_histogram h
     CROSS JOIN LATERAL (VALUES
       (0, date_trunc('month', h.day)::date),
       (1, date_trunc('quarter', h.day)::date),
       (2, date_trunc('year', h.day)::date),
       (3, h.day),
       (4, (date_trunc('month', h.day)
            + ((extract(day FROM h.day)::int - 1) / 8 * 8) * interval '1 day')::date)
     ) AS s(span, start)
     GROUP BY 1, 2, 3, 4
   ) AS b GROUP BY kind, span, start`,
  `INSERT INTO report_month_histogram (kind, month, bucket, n, total)
   SELECT kind, date_trunc('month', day::timestamp)::date, bucket, sum(n), sum(total)
   FROM report_frt_histogram GROUP BY 1, 2, 3`,
  `INSERT INTO report_backlog_daily (day, n)
   SELECT (opened_at AT TIME ZONE 'UTC')::date, count(*) FROM report_tickets
   WHERE status NOT IN ('solved', 'closed') GROUP BY 1`,
  // The counters per UTC month and per UTC day and team (TEAM_MEASURES).
  ...(['team', 'agent'] as const).flatMap((holder) => {
    const table = holder === 'team' ? 'report_team' : 'report_agent_measures';
    return [
      holderCountsSql(
        `${table}_monthly`,
        'month',
        (at) => `date_trunc('month', ${at} AT TIME ZONE 'UTC')::date`,
        HOLDERS[holder],
      ),
      holderCountsSql(
        `${table}_daily`,
        'day',
        (at) => `(${at} AT TIME ZONE 'UTC')::date`,
        HOLDERS[holder],
      ),
    ];
  }),
  holderCountsSql(
    'report_hour_counts',
    'hour',
    (at) => `date_trunc('hour', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    null,
  ),
  `INSERT INTO report_resolution_daily (day, first_solved, fcr, reopened, within_24h, full_solved,
     opened, escalated)
   SELECT day, sum(first_solved), sum(fcr), sum(reopened), sum(within_24h), sum(full_solved),
     sum(opened), sum(escalated)
   FROM (
     SELECT (first_solved_at AT TIME ZONE 'UTC')::date AS day, 1 AS first_solved,
       fcr::int AS fcr, (reopen_count > 0)::int AS reopened,
       COALESCE(solved_within_24h, false)::int AS within_24h, 0 AS full_solved, 0 AS opened,
       0 AS escalated
     FROM report_tickets WHERE first_solved_at IS NOT NULL
     UNION ALL
     SELECT (solved_at AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 1, 0, 0
     FROM report_tickets WHERE solved_at IS NOT NULL
     UNION ALL
     SELECT (opened_at AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 0, 1, (escalation_count > 0)::int
     FROM report_tickets
   ) AS d GROUP BY day`,
  `INSERT INTO report_daily_team_counts (measure, day, team_id, n)
   SELECT 0, (opened_at AT TIME ZONE 'UTC')::date, team_id, count(*)
   FROM report_tickets GROUP BY 2, 3
   UNION ALL
   SELECT 1, (first_solved_at AT TIME ZONE 'UTC')::date, first_solve_team_id, count(*)
   FROM report_tickets WHERE first_solved_at IS NOT NULL GROUP BY 2, 3`,
  `INSERT INTO report_frt_daily (day, responses, sla_achieved, sla_measured)
   SELECT (first_response_at AT TIME ZONE 'UTC')::date, count(*),
     count(*) FILTER (WHERE frt_sla_outcome = 'achieved'), count(frt_sla_outcome)
   FROM report_tickets WHERE first_response_at IS NOT NULL GROUP BY 1`,
  `INSERT INTO report_escalations (ticket_id, seq, escalated_at, reason, from_level, to_level)
   SELECT ticket_id, 1, opened_at + interval '2 hours',
     (ARRAY['bug','vip','billing','outage','security'])[1 + floor(random() * 5)::int], 1,
     CASE WHEN random() < 0.8 THEN 2 ELSE 3 END
   FROM report_tickets WHERE escalation_count > 0`,
  // Escalations per opening day and reason (0) or level (1), as the projection keeps them.
  `INSERT INTO report_escalation_daily (day, dimension, key, escalations, tickets)
   SELECT (t.opened_at AT TIME ZONE 'UTC')::date, d.dimension, d.key, count(*),
     count(DISTINCT e.ticket_id)
   FROM report_escalations e JOIN report_tickets t ON t.ticket_id = e.ticket_id
   CROSS JOIN LATERAL (VALUES (0, e.reason), (1, e.to_level::text)) AS d(dimension, key)
   GROUP BY 1, 2, 3`,
  `INSERT INTO report_sla_cycles (ticket_id, cycle_id, target, outcome, ended_at, agent_id, team_id)
   SELECT ticket_id, 'firstResponse-1', 'firstResponse', frt_sla_outcome,
     CASE WHEN frt_sla_outcome = 'achieved' THEN first_response_at ELSE opened_at + interval '4 hours' END,
     first_response_agent_id, first_response_team_id
   FROM report_tickets WHERE frt_sla_outcome IS NOT NULL`,
  `INSERT INTO report_sla_cycles (ticket_id, cycle_id, target, outcome, ended_at, agent_id, team_id)
   SELECT ticket_id, 'resolution-1', 'resolution',
     CASE WHEN first_resolution_calendar_ms < 3 * 86400000 THEN 'achieved' ELSE 'breached' END,
     LEAST(first_solved_at, opened_at + interval '3 days'), first_solve_assignee_id, first_solve_team_id
   FROM report_tickets WHERE frt_sla_outcome IS NOT NULL AND first_solved_at IS NOT NULL`,
  `INSERT INTO report_csat_surveys (survey_id, ticket_id, customer_id, agent_id, issued_at, score,
     comment, rated_at, rating_event_id)
   SELECT 'bs-' || ticket_id, ticket_id, customer_id, first_solve_assignee_id,
     first_solved_at + interval '5 minutes', score,
     CASE WHEN score IS NOT NULL AND random() < 0.3 THEN 'comment ' || ticket_id END,
     CASE WHEN score IS NOT NULL THEN first_solved_at + interval '6 hours' END,
     CASE WHEN score IS NOT NULL THEN md5(ticket_id) END
   FROM (
     SELECT *, CASE WHEN random() < 0.6 THEN
       (ARRAY[1,2,3,4,4,5,5,5])[1 + floor(random() * 8)::int] END AS score
     FROM report_tickets WHERE first_solved_at IS NOT NULL AND random() < 0.4
   ) AS s`,
  `INSERT INTO report_nps_ratings (survey_id, customer_id, score, comment, rated_at)
   SELECT 'bn-' || g, 'bc-' || floor(random() * 200000)::int, floor(random() * 11)::int,
     CASE WHEN random() < 0.3 THEN 'nps comment ' || g END,
     timestamptz '${YEAR_START}' + random() * interval '365 days'
   FROM generate_series(1, 60000) AS g`,
  `INSERT INTO report_follow_ups (follow_up_id, status, source, ticket_id, customer_id, score,
     raised_at, resolved_at)
   SELECT 'bf-' || survey_id, CASE WHEN random() < 0.9 THEN 'resolved' ELSE 'open' END, 'csat',
     ticket_id, customer_id, score, rated_at, NULL
   FROM report_csat_surveys WHERE score <= 2`,
  `INSERT INTO report_csat_daily (day, sent, rated, satisfied, score_sum)
   SELECT (issued_at AT TIME ZONE 'UTC')::date, count(*), count(score),
     count(*) FILTER (WHERE score >= 4), COALESCE(sum(score), 0)
   FROM report_csat_surveys GROUP BY 1`,
  // CSAT per UTC day sent and solving team, as the ticket facts projection keeps it.
  `INSERT INTO report_csat_team_daily (day, team_id, sent, rated, satisfied, score_sum)
   SELECT (s.issued_at AT TIME ZONE 'UTC')::date, COALESCE(t.solve_team_id, t.first_solve_team_id),
     count(*), count(s.score), count(*) FILTER (WHERE s.score >= 4), COALESCE(sum(s.score), 0)
   FROM report_csat_surveys s JOIN report_tickets t ON t.ticket_id = s.ticket_id GROUP BY 1, 2`,
  // Per agent and UTC month, and per agent and UTC day.
  agentCountsSql(
    'report_agent_monthly',
    'month',
    (at) => `date_trunc('month', ${at} AT TIME ZONE 'UTC')::date`,
  ),
  agentCountsSql('report_agent_daily', 'day', (at) => `(${at} AT TIME ZONE 'UTC')::date`),
  // CSAT per UTC hour sent (report_hour_counts, the cells' measure codes 10–13).
  `INSERT INTO report_hour_counts (measure, hour, n)
   SELECT m.measure, date_trunc('hour', issued_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', sum(m.n)
   FROM report_csat_surveys CROSS JOIN LATERAL (VALUES (10, 1), (11, (score IS NOT NULL)::int),
     (12, COALESCE(score >= 4, false)::int), (13, COALESCE(score, 0))) AS m(measure, n)
   GROUP BY 1, 2 HAVING sum(m.n) <> 0`,
  // Each duration kind's exact statistics per UTC hour (facts/hour-stats.ts).
  ...Object.entries(HOUR_STATS_KINDS).map(
    ([kind, { at, bucket, column }]) =>
      `INSERT INTO report_hour_stats (kind, hour, n, total, median, p90)
       SELECT ${kind}, date_trunc('hour', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*),
         sum(${column}), percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}),
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column})
       FROM report_tickets
       WHERE ${at} IS NOT NULL AND ${bucket} IS NOT NULL AND ${column} IS NOT NULL
       GROUP BY 2`,
  ),
];

/** A row's cells (facts/cell-rollups.ts): every team (2) and its own team (3), per span. */
const CELLS_AND_SPANS = `
  CROSS JOIN LATERAL (VALUES
    (2, '*|' || d.channel || '|' || d.type || '|' || d.priority),
    (3, COALESCE(d.team, '') || '|' || d.channel || '|' || d.type || '|' || d.priority)
  ) AS c(dim, key)
  CROSS JOIN LATERAL (VALUES
    (0, date_trunc('month', d.at AT TIME ZONE 'UTC')::date),
    (1, date_trunc('quarter', d.at AT TIME ZONE 'UTC')::date),
    (2, date_trunc('year', d.at AT TIME ZONE 'UTC')::date)
  ) AS s(span, start)`;

/** A row's marginals (5: one channel, type or priority), per span and per UTC day and block. */
const MARGINALS_AND_SPANS = `
  CROSS JOIN LATERAL (VALUES
    (5, '*|' || d.channel || '|*|*'),
    (5, '*|*|' || d.type || '|*'),
    (5, '*|*|*|' || d.priority)
  ) AS c(dim, key)
  ${SPANS_WITH_DAYS}`;

/** Each duration kind with its instant, team, bucket and value (the projection's attribution). */
const KIND_ROWS = [
  [0, 'first_response_at', 'first_response_team_id', 'frt_calendar_bucket', 'frt_calendar_ms'],
  [1, 'first_response_at', 'first_response_team_id', 'frt_business_bucket', 'frt_business_ms'],
  [
    2,
    'first_solved_at',
    'first_solve_team_id',
    'first_res_calendar_bucket',
    'first_resolution_calendar_ms',
  ],
  [
    3,
    'first_solved_at',
    'first_solve_team_id',
    'first_res_business_bucket',
    'first_resolution_business_ms',
  ],
  [4, 'solved_at', 'solve_team_id', 'full_res_calendar_bucket', 'full_resolution_calendar_ms'],
  [5, 'solved_at', 'solve_team_id', 'full_res_business_bucket', 'full_resolution_business_ms'],
] as const;

/** Histograms and counters per cell or marginal, as the ticket facts projection keeps them. */
const cellSql = (cellsAndSpans: string): string[] => [
  ...KIND_ROWS.map(
    ([kind, at, team, bucket, value]) => `
   INSERT INTO report_group_histogram (dim, kind, span, start, key, n, total, hist)
   SELECT dim, ${kind}, span, start, key, sum(n)::int, sum(total),
     string_agg(pg_temp.varint(bucket - previous) || pg_temp.varint(n), ''::bytea ORDER BY bucket)
   FROM (
     SELECT c.dim, s.span, s.start, c.key, d.bucket, count(*) AS n, sum(d.v) AS total,
       COALESCE(lag(d.bucket) OVER (PARTITION BY c.dim, s.span, s.start, c.key ORDER BY d.bucket), 0)
         AS previous
     FROM (
       SELECT ${at} AS at, ${team} AS team, channel, type, priority, ${bucket} AS bucket,
         ${value} AS v
       FROM report_tickets WHERE ${at} IS NOT NULL
     ) AS d ${cellsAndSpans}
     GROUP BY 1, 2, 3, 4, 5
   ) AS b GROUP BY dim, span, start, key`,
  ),
  `INSERT INTO report_cell_counts (dim, span, start, measure, key, detail, n)
   SELECT c.dim, s.span, s.start, d.measure, c.key, d.detail, sum(d.n)
   FROM (
     SELECT m.measure, first_response_at AS at, first_response_team_id AS team, channel, type,
       priority, '' AS detail, m.n
     FROM report_tickets CROSS JOIN LATERAL (VALUES
       (0, 1), (1, (frt_sla_outcome = 'achieved')::int), (2, (frt_sla_outcome IS NOT NULL)::int)
     ) AS m(measure, n) WHERE first_response_at IS NOT NULL
     UNION ALL
     SELECT m.measure, first_solved_at, first_solve_team_id, channel, type, priority, '', m.n
     FROM report_tickets CROSS JOIN LATERAL (VALUES
       (3, 1), (4, fcr::int), (5, (reopen_count > 0)::int),
       (6, COALESCE(solved_within_24h, false)::int)
     ) AS m(measure, n) WHERE first_solved_at IS NOT NULL
     UNION ALL
     SELECT 7, solved_at, solve_team_id, channel, type, priority, '', 1
     FROM report_tickets WHERE solved_at IS NOT NULL
     UNION ALL
     SELECT m.measure, opened_at, team_id, channel, type, priority, '', m.n
     FROM report_tickets CROSS JOIN LATERAL (VALUES (8, 1), (9, (escalation_count > 0)::int))
       AS m(measure, n)
     UNION ALL
     SELECT m.measure, cs.issued_at, COALESCE(t.solve_team_id, t.first_solve_team_id), t.channel,
       t.type, t.priority, '', m.n
     FROM report_csat_surveys cs JOIN report_tickets t ON t.ticket_id = cs.ticket_id
     CROSS JOIN LATERAL (VALUES (10, 1), (11, (cs.score IS NOT NULL)::int),
       (12, COALESCE(cs.score >= 4, false)::int), (13, COALESCE(cs.score, 0))) AS m(measure, n)
     UNION ALL
     SELECT m.measure, t.opened_at, t.team_id, t.channel, t.type, t.priority, e.key, m.n
     FROM (
       SELECT ticket_id, 0 AS dimension, reason AS key, count(*) AS n FROM report_escalations
       GROUP BY 1, 3
       UNION ALL
       SELECT ticket_id, 1, to_level::text, count(*) FROM report_escalations GROUP BY 1, 3
     ) AS e JOIN report_tickets t ON t.ticket_id = e.ticket_id
     CROSS JOIN LATERAL (VALUES (14 + 2 * e.dimension, e.n), (15 + 2 * e.dimension, 1))
       AS m(measure, n)
   ) AS d ${cellsAndSpans}
   GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.n) <> 0`,
];

export interface SeedResult {
  readonly tickets: number;
  readonly seconds: number;
  readonly sizes: readonly string[];
}

export async function seedFacts(
  pool: Pool,
  count: number,
  log: (m: string) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const indexes = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename = ANY($1::text[]) AND indexname NOT LIKE 'PK_%'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = indexname)`,
    [TABLES],
  );
  for (const index of indexes.rows) await pool.query(`DROP INDEX "${index.indexname}"`);
  const client = await pool.connect();
  try {
    await client.query('SELECT setseed(0.42)');
    // An unsigned LEB128 varint (up to five bytes), as facts/group-rollups.ts encodeHistogram
    // writes it; one CASE expression, so PostgreSQL inlines it.
    await client.query(
      `CREATE FUNCTION pg_temp.varint(value bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS
       $$SELECT CASE ${[1, 2, 3, 4, 5]
         .map((length) => {
           let bytes = `'\\x${'00'.repeat(length)}'::bytea`;
           for (let i = 0; i < length; i += 1) {
             const more = i < length - 1 ? ' | 128' : '';
             bytes = `set_byte(${bytes}, ${i}, ((value >> ${7 * i}) & 127${more})::int)`;
           }
           return length < 5 ? `WHEN value < ${2 ** (7 * length)} THEN ${bytes}` : `ELSE ${bytes}`;
         })
         .join(' ')} END$$`,
    );
    log(`seeding ${count.toLocaleString('en-US')} tickets …`);
    await client.query(TICKETS_SQL, [count, DURATION_BUCKET_BOUNDS]);
    for (const sql of [
      ...DERIVED_SQL,
      ...cellSql(CELLS_AND_SPANS),
      ...cellSql(MARGINALS_AND_SPANS),
    ])
      await client.query(sql);
  } finally {
    client.release();
  }
  log('re-creating indexes …');
  for (const index of indexes.rows) await pool.query(index.indexdef);
  for (const table of TABLES) await pool.query(`VACUUM ANALYZE ${table}`);
  const sizes = await pool.query<{ table: string; rows: string; size: string }>(
    `SELECT relname AS table, n_live_tup::text AS rows,
       pg_size_pretty(pg_total_relation_size(relid)) AS size
     FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) ORDER BY relname`,
    [TABLES],
  );
  return {
    tickets: count,
    seconds: (performance.now() - started) / 1000,
    sizes: sizes.rows.map(
      (r) => `${r.table}: ${Number(r.rows).toLocaleString('en-US')} rows, ${r.size}`,
    ),
  };
}

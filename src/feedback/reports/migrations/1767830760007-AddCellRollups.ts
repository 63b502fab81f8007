import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Step two of a filtered request per kind: [bucket, value, instant, team of the attribution]. */
const CELL_STEP_TWO = [
  ['frt_calendar_bucket', 'frt_calendar_ms', 'first_response_at', 'first_response_team_id'],
  ['frt_business_bucket', 'frt_business_ms', 'first_response_at', 'first_response_team_id'],
  [
    'first_res_calendar_bucket',
    'first_resolution_calendar_ms',
    'first_solved_at',
    'first_solve_team_id',
  ],
  [
    'first_res_business_bucket',
    'first_resolution_business_ms',
    'first_solved_at',
    'first_solve_team_id',
  ],
  ['full_res_calendar_bucket', 'full_resolution_calendar_ms', 'solved_at', 'solve_team_id'],
  ['full_res_business_bucket', 'full_resolution_business_ms', 'solved_at', 'solve_team_id'],
] as const;

/** The partial indexes of the snapshots, as migration 1767830760001 created them. */
const SNAPSHOT_INDEXES = [
  [
    'IDX_report_tickets_awaiting',
    `first_response_at IS NULL AND status NOT IN ('solved', 'closed')`,
  ],
  ['IDX_report_tickets_backlog', `status NOT IN ('solved', 'closed')`],
] as const;

/** Indexes for an agent or team filter on the fact path: [name, table (columns) …]. */
const FILTER_INDEXES = [
  [
    'IDX_report_tickets_agent_first_response',
    `report_tickets (first_response_agent_id, first_response_at)
       WHERE first_response_agent_id IS NOT NULL`,
  ],
  [
    'IDX_report_tickets_agent_first_solved',
    `report_tickets (first_solve_assignee_id, first_solved_at)
       WHERE first_solve_assignee_id IS NOT NULL`,
  ],
  [
    'IDX_report_tickets_agent_solved',
    'report_tickets (solve_assignee_id, solved_at) WHERE solve_assignee_id IS NOT NULL',
  ],
  [
    'IDX_report_tickets_agent_opened',
    'report_tickets (assignee_id, opened_at) WHERE assignee_id IS NOT NULL',
  ],
  [
    'IDX_report_tickets_team_first_response',
    `report_tickets (first_response_team_id, first_response_at)
       INCLUDE (first_response_agent_id, frt_calendar_ms, frt_business_ms)
       WHERE first_response_team_id IS NOT NULL`,
  ],
  [
    'IDX_report_tickets_team_first_solved',
    `report_tickets (first_solve_team_id, first_solved_at)
       INCLUDE (first_solve_assignee_id, first_resolution_calendar_ms,
                first_resolution_business_ms, fcr, reopen_count)
       WHERE first_solve_team_id IS NOT NULL`,
  ],
  [
    'IDX_report_tickets_csat_team',
    'report_tickets ((COALESCE(solve_team_id, first_solve_team_id)))',
  ],
  [
    'IDX_report_sla_cycles_team',
    'report_sla_cycles (team_id, ended_at) INCLUDE (agent_id, outcome)',
  ],
] as const;

/**
 * Rollups per cell — the ticket's channel, type and priority, with and without the team of each
 * figure's attribution — for reports filtered or grouped by those dimensions
 * (facts/cell-rollups.ts, query/cell-rollups.ts):
 *
 * - report_group_histogram gains dimensions 2 (every team: key `*|channel|type|priority`) and 3
 *   (per team: `team|channel|type|priority`, '' for none); the partial index on the key's team
 *   reads one team's cells without walking every team's.
 * - report_cell_counts: the same cells' counters (first responses and SLA outcomes, first-solve
 *   figures, standing solves, openings and escalations, escalations per reason and level, CSAT)
 *   per UTC month, quarter and year; `detail` holds the reason or level where a measure has one.
 * - Step-two indexes per kind on (bucket, value) covering the instant and the dimensions, so the
 *   ranks of a filtered distribution are read index-only; the snapshot indexes (awaiting, backlog)
 *   cover the dimensions too (a filtered count read the heap of 50,000–150,000 rows: ~100 ms),
 *   and the NPS ratings' index covers the score.
 * - report_group_histogram keeps the per-team and per-agent histograms per UTC day (span 3) and
 *   day block (span 4: days 1–8, 9–16, 17–24, 25–end) too,
 *   and report_team_daily / report_agent_daily their counters, for periods between mid-month days.
 * - Indexes on the agent and team of each attribution, for the fact path of an agent filter (an
 *   agent's own reports) and of a team filter on the agents report.
 */
export class AddCellRollups1767830760007 implements MigrationInterface {
  name = 'AddCellRollups1767830760007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_cell_counts (
        dim     smallint NOT NULL,
        span    smallint NOT NULL,
        start   date NOT NULL,
        measure smallint NOT NULL,
        key     text NOT NULL,
        detail  text NOT NULL,
        n       bigint NOT NULL,
        CONSTRAINT "PK_report_cell_counts" PRIMARY KEY (dim, span, start, measure, key, detail)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_team" ON report_cell_counts
         (span, start, (split_part(key, '|', 1))) WHERE dim = 3`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_empty" ON report_cell_counts ((1)) WHERE n = 0`,
    );
    // Per-team and per-agent counters per UTC day (report_team_monthly, report_agent_monthly per
    // day): the partial months of a period, as the day spans of report_group_histogram.
    await queryRunner.query(`
      CREATE TABLE report_team_daily (
        measure smallint NOT NULL,
        day     date NOT NULL,
        team_id text,
        n       integer NOT NULL,
        CONSTRAINT "UQ_report_team_daily" UNIQUE NULLS NOT DISTINCT (measure, day, team_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_report_team_daily_empty" ON report_team_daily ((1)) WHERE n = 0`,
    );
    await queryRunner.query(`
      CREATE TABLE report_agent_daily (
        day            date NOT NULL,
        agent_id       text NOT NULL,
        first_solved   integer NOT NULL,
        fcr            integer NOT NULL,
        reopened       integer NOT NULL,
        sla_achieved   integer NOT NULL,
        sla_ended      integer NOT NULL,
        csat_sent      integer NOT NULL,
        csat_rated     integer NOT NULL,
        csat_satisfied integer NOT NULL,
        csat_score_sum integer NOT NULL,
        CONSTRAINT "PK_report_agent_daily" PRIMARY KEY (day, agent_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_report_agent_daily_empty" ON report_agent_daily ((1))
         WHERE first_solved = 0 AND fcr = 0 AND reopened = 0 AND sla_achieved = 0
           AND sla_ended = 0 AND csat_sent = 0 AND csat_rated = 0 AND csat_satisfied = 0
           AND csat_score_sum = 0`,
    );
    // The counters of a span's cells read index-only (a year by team filtered by priority: 25,000
    // rows, 120 → 30 ms; the primary key makes them heap reads).
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_covering" ON report_cell_counts
         (dim, span, start, measure, key) INCLUDE (detail, n)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_group_histogram_cell_team" ON report_group_histogram
         (span, start, kind, (split_part(key, '|', 1))) WHERE dim = 3`,
    );
    for (const [bucket, value, at, team] of CELL_STEP_TWO) {
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_cell_${bucket}" ON report_tickets (${bucket}, ${value})
           INCLUDE (${at}, ${team}, channel, type, priority) WHERE ${at} IS NOT NULL`,
      );
    }
    // The snapshots (awaiting a first response, backlog) of a filtered request, index-only.
    for (const [name, where] of SNAPSHOT_INDEXES) {
      await queryRunner.query(`DROP INDEX "${name}"`);
      await queryRunner.query(
        `CREATE INDEX "${name}" ON report_tickets (opened_at)
           INCLUDE (ticket_id, assignee_id, team_id, channel, type, priority) WHERE ${where}`,
      );
    }
    // Fact rows of one agent, or one team, over a period (an agent's own reports; the agents
    // report of a team), instead of a bitmap over the whole period's rows.
    for (const [name, definition] of FILTER_INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON ${definition}`);
    }
    // NPS over a period and its trend buckets, index-only.
    await queryRunner.query('DROP INDEX "IDX_report_nps_ratings_rated"');
    await queryRunner.query(
      'CREATE INDEX "IDX_report_nps_ratings_rated" ON report_nps_ratings (rated_at) INCLUDE (score)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of FILTER_INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
    await queryRunner.query('DROP INDEX "IDX_report_nps_ratings_rated"');
    await queryRunner.query(
      'CREATE INDEX "IDX_report_nps_ratings_rated" ON report_nps_ratings (rated_at)',
    );
    for (const [name, where] of SNAPSHOT_INDEXES) {
      await queryRunner.query(`DROP INDEX "${name}"`);
      await queryRunner.query(
        `CREATE INDEX "${name}" ON report_tickets (opened_at) WHERE ${where}`,
      );
    }
    for (const [bucket] of CELL_STEP_TWO) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_cell_${bucket}"`);
    }
    await queryRunner.query('DROP INDEX "IDX_report_group_histogram_cell_team"');
    await queryRunner.query(
      'DELETE FROM report_group_histogram WHERE dim IN (2, 3) OR span IN (3, 4)',
    );
    await queryRunner.query('DROP TABLE report_agent_daily');
    await queryRunner.query('DROP TABLE report_team_daily');
    await queryRunner.query('DROP TABLE report_cell_counts');
  }
}

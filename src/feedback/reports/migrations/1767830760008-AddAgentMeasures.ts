import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dimension columns a filtered backlog can name (opening attribution: the current holder). */
const BACKLOG_DIMENSIONS = ['team_id', 'channel', 'priority', 'type', 'assignee_id'] as const;

/** The per-agent measure tables: their grain and period column. */
const AGENT_MEASURE_TABLES = [
  ['monthly', 'month'],
  ['daily', 'day'],
] as const;

/** Step two of full resolution per agent (the standing solve's assignee), as migration 1767830760006's. */
const FULL_RESOLUTION_PER_AGENT = [
  ['full_res_calendar_bucket', 'full_resolution_calendar_ms'],
  ['full_res_business_bucket', 'full_resolution_business_ms'],
] as const;

/** A team's standing solves and openings over a period (as migration 1767830760007's others). */
const TEAM_FILTER_INDEXES = [
  [
    'IDX_report_tickets_team_solved',
    `report_tickets (solve_team_id, solved_at)
       INCLUDE (solve_assignee_id, full_resolution_calendar_ms, full_resolution_business_ms)
       WHERE solve_team_id IS NOT NULL`,
  ],
  [
    'IDX_report_tickets_team_opened',
    `report_tickets (team_id, opened_at) INCLUDE (assignee_id, escalation_count)
       WHERE team_id IS NOT NULL`,
  ],
] as const;

/**
 * - report_agent_measures_monthly / _daily: the counters of report_team_monthly / _daily
 *   (facts/team-measures.ts) per agent of each measure's own attribution instead of per team —
 *   first responses and their SLA outcome on the responder, first-solve figures on the assignee at
 *   the first solve, standing solves on the assignee at that solve, openings on the current
 *   assignee; nobody is its own row (NULLS NOT DISTINCT) — for the reports grouped by agent.
 * - Full resolution per agent (report_group_histogram kinds 4 and 5 of dimension 1): its
 *   step-two indexes, (COALESCE(assignee, ''), bucket, value), index-only as the others.
 * - A team's standing solves and openings read index-only (a team's resolution by day read them
 *   from the heap: 119 and 93 ms).
 * - report_hour_counts: the same counters over all tickets per UTC hour, and (no schema change)
 *   the hour spans of report_group_histogram's dimension 4: the slivers of a whole-hour zone's
 *   day and week groups as hour rows instead of fact rows.
 * - A filtered backlog (resolution report) reads only its dimension's open tickets: one partial
 *   index per dimension, keyed by it, covering the others (the backlog index alone walked every
 *   open ticket — 206,000 for the bench's million — to keep a team's 4,000: 19–34 ms).
 * - A team's cell counters read index-only: the per-team index covers the measure and the rows
 *   (the heap reads were most of a year by month for one team's counters: 40 ms).
 */
export class AddAgentMeasures1767830760008 implements MigrationInterface {
  name = 'AddAgentMeasures1767830760008';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [grain, column] of AGENT_MEASURE_TABLES) {
      await queryRunner.query(`
        CREATE TABLE report_agent_measures_${grain} (
          measure  smallint NOT NULL,
          ${column} date NOT NULL,
          agent_id text,
          n        integer NOT NULL,
          CONSTRAINT "UQ_report_agent_measures_${grain}"
            UNIQUE NULLS NOT DISTINCT (measure, ${column}, agent_id)
        )`);
      await queryRunner.query(
        `CREATE INDEX "IDX_report_agent_measures_${grain}_empty"
           ON report_agent_measures_${grain} ((1)) WHERE n = 0`,
      );
    }
    for (const [bucket, value] of FULL_RESOLUTION_PER_AGENT) {
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_agent_${bucket}" ON report_tickets
           ((COALESCE(solve_assignee_id, '')), ${bucket}, ${value})
           INCLUDE (solved_at, solve_assignee_id) WHERE solved_at IS NOT NULL`,
      );
    }
    for (const [name, definition] of TEAM_FILTER_INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON ${definition}`);
    }
    await queryRunner.query(`
      CREATE TABLE report_hour_counts (
        measure smallint NOT NULL,
        hour    timestamptz NOT NULL,
        n       integer NOT NULL,
        CONSTRAINT "PK_report_hour_counts" PRIMARY KEY (measure, hour)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_report_hour_counts_empty" ON report_hour_counts ((1)) WHERE n = 0`,
    );
    for (const column of BACKLOG_DIMENSIONS) {
      const others = BACKLOG_DIMENSIONS.filter((c) => c !== column).join(', ');
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_backlog_${column}" ON report_tickets (${column}, opened_at)
           INCLUDE (${others}) WHERE status NOT IN ('solved', 'closed')`,
      );
    }
    await queryRunner.query('DROP INDEX "IDX_report_cell_counts_team"');
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_team" ON report_cell_counts
         (span, start, (split_part(key, '|', 1)), measure) INCLUDE (key, detail, n) WHERE dim = 3`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_report_cell_counts_team"');
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_team" ON report_cell_counts
         (span, start, (split_part(key, '|', 1))) WHERE dim = 3`,
    );
    for (const column of BACKLOG_DIMENSIONS) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_backlog_${column}"`);
    }
    for (const [grain] of AGENT_MEASURE_TABLES) {
      await queryRunner.query(`DROP TABLE report_agent_measures_${grain}`);
    }
    await queryRunner.query('DROP TABLE report_hour_counts');
    for (const [name] of TEAM_FILTER_INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
    for (const [bucket] of FULL_RESOLUTION_PER_AGENT) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_agent_${bucket}"`);
    }
    await queryRunner.query('DELETE FROM report_group_histogram WHERE dim = 4 AND span = 5');
  }
}

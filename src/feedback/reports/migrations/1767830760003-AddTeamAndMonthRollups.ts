import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups for long periods beyond 1767830760002 (version 2 of the ticket facts projection fills
 * them from the log):
 * - `report_daily_team_counts`: tickets opened (current team) and first solved (team at that
 *   solve) per UTC day and team, for volume by team;
 * - `report_team_histogram`, `report_team_monthly`: every duration kind per UTC month, team and
 *   value bucket, and the counters per UTC month and team, for first response and resolution by
 *   team (with the step-two indexes on (team, bucket, value));
 * - `report_month_histogram`: report_frt_histogram per UTC month;
 * - `report_backlog_daily`: unsolved tickets per UTC opening day.
 */
export class AddTeamAndMonthRollups1767830760003 implements MigrationInterface {
  name = 'AddTeamAndMonthRollups1767830760003';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Volume by team: opened per UTC day and current team (measure 0), first solved per day and
    // team at that solve (measure 1); no team is its own row (NULLS NOT DISTINCT).
    await queryRunner.query(`
      CREATE TABLE report_daily_team_counts (
        measure smallint NOT NULL,
        day     date NOT NULL,
        team_id text,
        n       integer NOT NULL,
        CONSTRAINT "UQ_report_daily_team_counts" UNIQUE NULLS NOT DISTINCT (measure, day, team_id)
      )`);
    // By team over whole UTC months: every duration kind per month, team and value bucket, and
    // the counters (see TEAM_MEASURES in facts/ticket-facts.projection.ts) per month and team.
    await queryRunner.query(`
      CREATE TABLE report_team_histogram (
        kind    smallint NOT NULL,
        month   date NOT NULL,
        team_id text,
        bucket  smallint NOT NULL,
        n       integer NOT NULL,
        total   bigint NOT NULL,
        CONSTRAINT "UQ_report_team_histogram" UNIQUE NULLS NOT DISTINCT (kind, month, team_id, bucket)
      )`);
    // The same as report_frt_histogram per UTC month: a year is 12 rows per bucket, not 365.
    await queryRunner.query(`
      CREATE TABLE report_month_histogram (
        kind   smallint NOT NULL,
        month  date NOT NULL,
        bucket smallint NOT NULL,
        n      integer NOT NULL,
        total  bigint NOT NULL,
        CONSTRAINT "PK_report_month_histogram" PRIMARY KEY (kind, month, bucket)
      )`);
    // Unsolved tickets (status neither solved nor closed) per UTC opening day: the backlog bands
    // sum whole days here and read only the boundary days' rows.
    await queryRunner.query(`
      CREATE TABLE report_backlog_daily (
        day date CONSTRAINT "PK_report_backlog_daily" PRIMARY KEY,
        n   integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE report_team_monthly (
        measure smallint NOT NULL,
        month   date NOT NULL,
        team_id text,
        n       integer NOT NULL,
        CONSTRAINT "UQ_report_team_monthly" UNIQUE NULLS NOT DISTINCT (measure, month, team_id)
      )`);
    // Step two within one team ('' for none: team ids are never empty). Team periods are whole
    // months, mostly long: value order lets OFFSET walk the bucket without sorting it.
    for (const [bucket, team, at, column] of [
      ['frt_calendar_bucket', 'first_response_team_id', 'first_response_at', 'frt_calendar_ms'],
      ['frt_business_bucket', 'first_response_team_id', 'first_response_at', 'frt_business_ms'],
      [
        'first_res_calendar_bucket',
        'first_solve_team_id',
        'first_solved_at',
        'first_resolution_calendar_ms',
      ],
      [
        'first_res_business_bucket',
        'first_solve_team_id',
        'first_solved_at',
        'first_resolution_business_ms',
      ],
      ['full_res_calendar_bucket', 'solve_team_id', 'solved_at', 'full_resolution_calendar_ms'],
      ['full_res_business_bucket', 'solve_team_id', 'solved_at', 'full_resolution_business_ms'],
    ] as const) {
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_team_${bucket}" ON report_tickets
           ((COALESCE(${team}, '')), ${bucket}, ${column}) INCLUDE (${at})
           WHERE ${at} IS NOT NULL`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [bucket] of [
      ['frt_calendar_bucket'],
      ['frt_business_bucket'],
      ['first_res_calendar_bucket'],
      ['first_res_business_bucket'],
      ['full_res_calendar_bucket'],
      ['full_res_business_bucket'],
    ] as const) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_team_${bucket}"`);
    }
    for (const table of [
      'report_team_monthly',
      'report_backlog_daily',
      'report_month_histogram',
      'report_team_histogram',
      'report_daily_team_counts',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

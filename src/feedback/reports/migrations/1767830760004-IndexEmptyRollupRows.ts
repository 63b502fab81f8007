import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Partial indexes on the rollup rows whose counters are all zero (see facts/empty-rollup-rows.ts):
 * the projections delete such rows after every batch, and these make that delete read only them.
 * The predicates are copied, not imported: a migration must not change when the code does.
 */
const EMPTY_ROLLUP_ROWS: Readonly<Record<string, string>> = {
  report_frt_histogram: 'n = 0',
  report_frt_daily: 'responses = 0 AND sla_achieved = 0 AND sla_measured = 0',
  report_daily_counts: 'n = 0',
  report_resolution_daily:
    'first_solved = 0 AND fcr = 0 AND reopened = 0 AND within_24h = 0 AND full_solved = 0 AND opened = 0 AND escalated = 0',
  report_daily_team_counts: 'n = 0',
  report_team_histogram: 'n = 0',
  report_month_histogram: 'n = 0',
  report_backlog_daily: 'n = 0',
  report_team_monthly: 'n = 0',
  report_escalation_daily: 'escalations = 0 AND tickets = 0',
  report_csat_daily: 'sent = 0 AND rated = 0 AND satisfied = 0 AND score_sum = 0',
};
export class IndexEmptyRollupRows1767830760004 implements MigrationInterface {
  name = 'IndexEmptyRollupRows1767830760004';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, empty] of Object.entries(EMPTY_ROLLUP_ROWS)) {
      await queryRunner.query(`CREATE INDEX "IDX_${table}_empty" ON ${table} ((1)) WHERE ${empty}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(EMPTY_ROLLUP_ROWS)) {
      await queryRunner.query(`DROP INDEX "IDX_${table}_empty"`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Step two per kind over all tickets: [index name part, bucket, instant, value]. */
const STEP_TWO = [
  ['frt_calendar', 'frt_calendar_bucket', 'first_response_at', 'frt_calendar_ms'],
  ['frt_business', 'frt_business_bucket', 'first_response_at', 'frt_business_ms'],
  [
    'first_res_calendar',
    'first_res_calendar_bucket',
    'first_solved_at',
    'first_resolution_calendar_ms',
  ],
  [
    'first_res_business',
    'first_res_business_bucket',
    'first_solved_at',
    'first_resolution_business_ms',
  ],
  ['full_res_calendar', 'full_res_calendar_bucket', 'solved_at', 'full_resolution_calendar_ms'],
  ['full_res_business', 'full_res_business_bucket', 'solved_at', 'full_resolution_business_ms'],
] as const;

/**
 * The step-two indexes on (bucket, instant) — the values of one bucket in a short period, read by
 * the ranks of a local day or week — cover the ticket's channel, type and priority too (migrations
 * 1767830760001 and 1767830760002 created them covering the value only). A request filtered on a
 * dimension by day or week (the marginals, projection version 6) reads a day's ranks index-only
 * this way; through the (bucket, value) index covering the dimensions (1767830760007) each rank
 * walked its bucket's whole year in value order. Replaced, not added: report_tickets carries ~50
 * indexes already.
 */
export class CoverDimensionsInDayRanks1767830760009 implements MigrationInterface {
  name = 'CoverDimensionsInDayRanks1767830760009';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, bucket, at, value] of STEP_TWO) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_${name}_bucket"`);
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_${name}_bucket" ON report_tickets (${bucket}, ${at})
           INCLUDE (${value}, channel, type, priority) WHERE ${at} IS NOT NULL`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, bucket, at, value] of STEP_TWO) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_${name}_bucket"`);
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_${name}_bucket" ON report_tickets (${bucket}, ${at})
           INCLUDE (${value}) WHERE ${at} IS NOT NULL`,
      );
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exact two-step method and per-day counters for the resolution report over long periods:
 * - value buckets of first and full resolution times on `report_tickets`, with the step-two
 *   indexes (bucket, solve instant) covering the value;
 * - `report_frt_histogram` now also holds kinds 2-5 (first resolution calendar/business, full
 *   resolution calendar/business), each on the UTC day of its own solve;
 * - `report_resolution_daily`: per UTC day, first solves and their FCR / reopened / within 24 h
 *   counts (on the first solve's day), standing solves (on the last solve's day), and tickets
 *   opened and escalated (on the opening day);
 * - `report_escalation_daily`: escalations and escalated tickets per opening day and reason or
 *   level (a ticket has one opening day, so per-day distinct tickets add up exactly).
 * The ticket facts projection's version changes with it, so existing facts are rebuilt.
 */
export class AddResolutionRollups1767830760002 implements MigrationInterface {
  name = 'AddResolutionRollups1767830760002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE report_tickets
        ADD COLUMN first_res_calendar_bucket smallint,
        ADD COLUMN first_res_business_bucket smallint,
        ADD COLUMN full_res_calendar_bucket  smallint,
        ADD COLUMN full_res_business_bucket  smallint`);
    for (const [prefix, at, column] of [
      ['first_res', 'first_solved_at', 'first_resolution'],
      ['full_res', 'solved_at', 'full_resolution'],
    ] as const) {
      for (const kind of ['calendar', 'business']) {
        await queryRunner.query(
          `CREATE INDEX "IDX_report_tickets_${prefix}_${kind}_bucket" ON report_tickets
             (${prefix}_${kind}_bucket, ${at}) INCLUDE (${column}_${kind}_ms)
             WHERE ${at} IS NOT NULL`,
        );
      }
    }
    await queryRunner.query(`
      CREATE TABLE report_resolution_daily (
        day          date CONSTRAINT "PK_report_resolution_daily" PRIMARY KEY,
        first_solved integer NOT NULL,
        fcr          integer NOT NULL,
        reopened     integer NOT NULL,
        within_24h   integer NOT NULL,
        full_solved  integer NOT NULL,
        opened       integer NOT NULL,
        escalated    integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE report_escalation_daily (
        day         date NOT NULL,
        dimension   smallint NOT NULL,
        key         text NOT NULL,
        escalations integer NOT NULL,
        tickets     integer NOT NULL,
        CONSTRAINT "PK_report_escalation_daily" PRIMARY KEY (day, dimension, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE report_escalation_daily');
    await queryRunner.query('DROP TABLE report_resolution_daily');
    await queryRunner.query(`
      ALTER TABLE report_tickets
        DROP COLUMN first_res_calendar_bucket, DROP COLUMN first_res_business_bucket,
        DROP COLUMN full_res_calendar_bucket, DROP COLUMN full_res_business_bucket`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * report_hour_stats (facts/hour-stats.ts): per duration kind and UTC hour, the exact count, sum,
 * median and p90 of its values, for reports grouped by hour; and CSAT counters per UTC hour in
 * report_hour_counts (measures 10–13, as CELL_MEASURES: a code, not a schema change).
 */
export class AddHourStats1767830760010 implements MigrationInterface {
  name = 'AddHourStats1767830760010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_hour_stats (
        kind   smallint NOT NULL,
        hour   timestamptz NOT NULL,
        n      integer NOT NULL CHECK (n > 0),
        total  bigint NOT NULL,
        median double precision NOT NULL,
        p90    double precision NOT NULL,
        CONSTRAINT "PK_report_hour_stats" PRIMARY KEY (kind, hour)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE report_hour_stats');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `nps_survey_index`: survey id → customer, kept by the `nps_survey_index` projection. NPS
 * surveys live on the customer's stream, while their token and link name only the survey id; this
 * read model finds the stream. The stream stays the authority for everything else.
 */
export class CreateNpsSurveyIndex1767830750001 implements MigrationInterface {
  name = 'CreateNpsSurveyIndex1767830750001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE nps_survey_index (
        survey_id   text CONSTRAINT "PK_nps_survey_index" PRIMARY KEY,
        customer_id text NOT NULL,
        issued_at   timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE nps_survey_index');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CSAT surveys:
 * - `survey_schedule`: the durable "issue a survey" timer, one row per solved ticket, kept by the
 *   `survey_schedule` projection (a solve sets it, a reopen or merge removes it) and claimed by
 *   IssueDueSurveys with `FOR UPDATE SKIP LOCKED` (hence the index on `due_at`).
 * - `survey_token_secret`: the generated HMAC key of survey tokens when SURVEY_TOKEN_SECRET is not
 *   set (one row). Not a read model: it is not rebuilt from events and must survive rebuilds.
 */
export class CreateSurveyTables1767830610000 implements MigrationInterface {
  name = 'CreateSurveyTables1767830610000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE survey_schedule (
        ticket_id       text CONSTRAINT "PK_survey_schedule" PRIMARY KEY,
        -- The solve the survey is about: the poller checks it still is the ticket's current one.
        solved_at       timestamptz NOT NULL,
        due_at          timestamptz NOT NULL,
        solved_event_id text NOT NULL,
        correlation_id  text NOT NULL,
        CHECK (due_at >= solved_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_survey_schedule_due_at" ON survey_schedule (due_at)',
    );
    await queryRunner.query(`
      CREATE TABLE survey_token_secret (
        id         smallint CONSTRAINT "PK_survey_token_secret" PRIMARY KEY CHECK (id = 1),
        secret     text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE survey_token_secret');
    await queryRunner.query('DROP TABLE survey_schedule');
  }
}

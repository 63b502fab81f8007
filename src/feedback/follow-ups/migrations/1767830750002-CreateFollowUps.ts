import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `follow_ups`: the supervisors' follow-up list, one row per follow-up, kept by the `follow_ups`
 * projection. Listed oldest first, filtered by status, source, team or agent: the indexes serve
 * those keyset pages.
 */
export class CreateFollowUps1767830750002 implements MigrationInterface {
  name = 'CreateFollowUps1767830750002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE follow_ups (
        follow_up_id      text CONSTRAINT "PK_follow_ups" PRIMARY KEY,
        source            text NOT NULL CHECK (source IN ('csat', 'nps')),
        survey_id         text NOT NULL,
        ticket_id         text,
        customer_id       text NOT NULL,
        agent_id          text,
        team_id           text,
        score             smallint NOT NULL,
        comment           text,
        status            text NOT NULL
                          CHECK (status IN ('open', 'acknowledged', 'contacted', 'resolved')),
        raised_at         timestamptz NOT NULL,
        acknowledged_at   timestamptz,
        acknowledged_by   jsonb,
        contact_count     integer NOT NULL DEFAULT 0,
        last_contacted_at timestamptz,
        last_contact      jsonb,
        resolved_at       timestamptz,
        resolved_by       jsonb,
        resolution        text,
        revision          bigint NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_follow_ups_raised" ON follow_ups (raised_at, follow_up_id)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_follow_ups_status_raised" ON follow_ups (status, raised_at, follow_up_id)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_follow_ups_team_raised" ON follow_ups (team_id, raised_at, follow_up_id)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_follow_ups_agent_raised" ON follow_ups (agent_id, raised_at, follow_up_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE follow_ups');
  }
}

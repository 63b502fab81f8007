import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent and team directory read model (DirectoryProjection): one row per agent and per team,
 * and the team memberships derived from the agents' streams. Names are unqualified and
 * constraints named so blue/green rebuilds can copy and swap them.
 */
export class CreateDirectoryReadModel1767830500100 implements MigrationInterface {
  name = 'CreateDirectoryReadModel1767830500100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_agents (
        agent_id      text CONSTRAINT "PK_directory_agents" PRIMARY KEY,
        name          text NOT NULL,
        email         text NOT NULL,
        languages     jsonb NOT NULL,
        skills        jsonb NOT NULL,
        team_ids      jsonb NOT NULL,
        capacity      jsonb NOT NULL,
        support_level smallint NOT NULL,
        status        text NOT NULL CHECK (status IN ('active', 'deactivated')),
        availability  text NOT NULL CHECK (availability IN ('online', 'away', 'offline')),
        revision      bigint NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    // Keyset pagination of GET /agents (oldest first).
    await queryRunner.query(
      'CREATE INDEX "IDX_directory_agents_registered" ON directory_agents (registered_at, agent_id)',
    );
    await queryRunner.query(`
      CREATE TABLE directory_agent_teams (
        team_id  text NOT NULL,
        agent_id text NOT NULL,
        CONSTRAINT "PK_directory_agent_teams" PRIMARY KEY (team_id, agent_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_directory_agent_teams_agent" ON directory_agent_teams (agent_id)',
    );
    await queryRunner.query(`
      CREATE TABLE directory_teams (
        team_id                       text CONSTRAINT "PK_directory_teams" PRIMARY KEY,
        name                          text NOT NULL,
        strategy                      text NOT NULL,
        default_skills                jsonb NOT NULL,
        escalation_team_id            text,
        requeue_unanswered_on_offline boolean NOT NULL,
        status                        text NOT NULL CHECK (status IN ('active', 'deactivated')),
        revision                      bigint NOT NULL,
        created_at                    timestamptz NOT NULL,
        updated_at                    timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_directory_teams_created" ON directory_teams (created_at, team_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_teams');
    await queryRunner.query('DROP TABLE directory_agent_teams');
    await queryRunner.query('DROP TABLE directory_agents');
  }
}

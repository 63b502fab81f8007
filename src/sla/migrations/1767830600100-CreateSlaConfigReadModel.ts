import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA configuration read model (SlaConfigProjection): one row per calendar and per policy,
 * with the full current definition, behind GET /sla/calendars and GET /sla/policies.
 */
export class CreateSlaConfigReadModel1767830600100 implements MigrationInterface {
  name = 'CreateSlaConfigReadModel1767830600100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla_calendars (
        calendar_id text CONSTRAINT "PK_sla_calendars" PRIMARY KEY,
        definition  jsonb NOT NULL,
        version     integer NOT NULL,
        revision    bigint NOT NULL,
        defined_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE sla_policies (
        policy_id  text CONSTRAINT "PK_sla_policies" PRIMARY KEY,
        position   integer NOT NULL,
        definition jsonb NOT NULL,
        version    integer NOT NULL,
        revision   bigint NOT NULL,
        defined_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // GET /sla/policies is ordered by (position, id): the evaluation order.
    await queryRunner.query(
      'CREATE INDEX "IDX_sla_policies_position" ON sla_policies (position, policy_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sla_policies');
    await queryRunner.query('DROP TABLE sla_calendars');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1767830400600 implements MigrationInterface {
  name = 'CreateApiKeys1767830400600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id           text PRIMARY KEY,
        secret_hash  text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
        role         text NOT NULL
                     CHECK (role IN ('admin', 'supervisor', 'agent', 'integrator', 'auditor')),
        principal_id text NOT NULL,
        name         text NOT NULL,
        description  text,
        created_at   timestamptz NOT NULL,
        created_by   text NOT NULL,
        revoked_at   timestamptz,
        revoked_by   text,
        last_used_at timestamptz
      )`);
    // Keyset pagination of the admin list.
    await queryRunner.query('CREATE INDEX api_keys_created_at_id ON api_keys (created_at, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
  }
}

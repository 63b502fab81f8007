import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records: one row per (caller, method, route pattern, key). The response is kept
 * as the exact bytes sent (text, not jsonb, which would reorder keys) so a replay is identical.
 */
export class CreateIdempotencyKeys1767830400850 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1767830400850';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        scope            text        NOT NULL,
        method           text        NOT NULL,
        route            text        NOT NULL,
        idempotency_key  text        NOT NULL,
        fingerprint      text        NOT NULL,
        state            text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
        lock_token       uuid        NOT NULL,
        created_at       timestamptz NOT NULL,
        locked_at        timestamptz NOT NULL,
        expires_at       timestamptz NOT NULL,
        response_status  integer,
        response_headers jsonb,
        response_body    text,
        PRIMARY KEY (scope, method, route, idempotency_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}

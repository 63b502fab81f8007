import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per projection: the position its serving tables reflect (advanced by compare-and-set in
 * the same transaction as each batch), and the progress of a rebuild into `rebuild_<name>`.
 */
export class CreateProjectionCheckpoints1767830400731 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1767830400731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        name                 text PRIMARY KEY,
        version              integer NOT NULL CHECK (version >= 1),
        -- Opaque event store position of the last applied event; NULL: nothing applied yet.
        position             text,
        -- Set while a rebuild into rebuild_<name> is in progress.
        rebuild_version      integer CHECK (rebuild_version >= 1),
        rebuild_position     text,
        rebuild_started_at   timestamptz,
        -- Set by POST /admin/projections/{name}/rebuild on any instance; the lock holder acts.
        rebuild_requested_at timestamptz,
        last_error           text,
        last_error_at        timestamptz,
        updated_at           timestamptz NOT NULL,
        CHECK (rebuild_position IS NULL OR rebuild_version IS NOT NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE projection_checkpoints');
  }
}

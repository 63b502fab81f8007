import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable SLA timers: one row per measured ticket, due at `next_at` (the next warning, breach
 * or escalation step; NULL when none is pending). Filled by the `sla_timers` projection; the
 * poller claims due rows (`FOR UPDATE SKIP LOCKED`, hence the partial index on `next_at`) and
 * writes the state it fired to back in the same transaction.
 */
export class CreateSlaTimers1767830710000 implements MigrationInterface {
  name = 'CreateSlaTimers1767830710000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla_timers (
        ticket_id  text CONSTRAINT "PK_sla_timers" PRIMARY KEY,
        next_at    timestamptz NULL,
        -- The ticket stream revision the state is folded up to: the projection and the poller
        -- both write the row, and only ever forward.
        revision   bigint NOT NULL,
        -- The ticket's SLA clocks (TicketSlaState), so the next event folds without a stream read.
        state      jsonb NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_sla_timers_next_at" ON sla_timers (next_at) WHERE next_at IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sla_timers');
  }
}

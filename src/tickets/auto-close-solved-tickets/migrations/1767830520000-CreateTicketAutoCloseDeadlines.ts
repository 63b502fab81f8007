import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable auto-close timer: one row per solved ticket, due AUTO_CLOSE_AFTER business days
 * after its solve. Filled by the `ticket_auto_close_deadlines` projection; the poller claims due
 * rows (`FOR UPDATE SKIP LOCKED`, hence the index on `due_at`) and deletes each once handled.
 */
export class CreateTicketAutoCloseDeadlines1767830520000 implements MigrationInterface {
  name = 'CreateTicketAutoCloseDeadlines1767830520000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ticket_auto_close_deadlines (
        ticket_id       text CONSTRAINT "PK_ticket_auto_close_deadlines" PRIMARY KEY,
        -- The solve this timer is for: passed back in CloseTicket so a stale timer cannot close.
        solved_at       timestamptz NOT NULL,
        due_at          timestamptz NOT NULL,
        -- Where the timer comes from: the TicketSolved event and its conversation.
        solved_event_id text NOT NULL,
        correlation_id  text NOT NULL,
        CHECK (due_at >= solved_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_ticket_auto_close_deadlines_due_at" ON ticket_auto_close_deadlines (due_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket_auto_close_deadlines');
  }
}

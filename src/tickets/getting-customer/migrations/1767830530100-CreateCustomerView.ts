import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The single customer view (projection `customer_view`): one row per customer (profile, first and
 * last contact) and one row per ticket of theirs, listed newest first by the keyset index.
 */
export class CreateCustomerView1767830530100 implements MigrationInterface {
  name = 'CreateCustomerView1767830530100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE customers (
        customer_id      text PRIMARY KEY,
        name             text NOT NULL,
        email            text,
        phone            text,
        tier             text NOT NULL,
        -- When the details were true (the opening of the ticket that gave them): older ones lose.
        details_as_of    timestamptz NOT NULL,
        first_contact_at timestamptz,
        last_contact_at  timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE customer_tickets (
        ticket_id    text PRIMARY KEY,
        customer_id  text NOT NULL,
        -- The ticket stream revision of the last event applied to this row.
        revision     bigint NOT NULL CHECK (revision >= 0),
        subject      text NOT NULL,
        channel      text NOT NULL,
        type         text NOT NULL,
        priority     text NOT NULL,
        status       text NOT NULL,
        received_at  timestamptz NOT NULL,
        opened_at    timestamptz NOT NULL,
        solved_at    timestamptz,
        closed_at    timestamptz,
        -- CSAT rating 1-5 once the feedback feature records one; NULL until then.
        satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5)
      )`);
    // GET /customers/{id}/tickets: newest first, keyset pagination; also the per-status counts.
    await queryRunner.query(
      'CREATE INDEX customer_tickets_newest ON customer_tickets (customer_id, opened_at DESC, ticket_id DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE customer_tickets');
    await queryRunner.query('DROP TABLE customers');
  }
}

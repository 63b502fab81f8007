import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket details read model (projection `ticket_details`): one row per ticket with everything
 * the agent desk shows, and its conversation (public replies and internal notes) one row per
 * event. `revision` is the ticket stream's revision the row reflects (the ETag of GET /tickets/{id}).
 */
export class CreateTicketDetails1767830530000 implements MigrationInterface {
  name = 'CreateTicketDetails1767830530000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ticket_details (
        ticket_id               text PRIMARY KEY,
        revision                bigint NOT NULL CHECK (revision >= 0),
        status                  text NOT NULL,
        status_changed_at       timestamptz NOT NULL,
        channel                 text NOT NULL,
        subject                 text NOT NULL,
        description             text NOT NULL,
        language                text NOT NULL,
        customer_id             text NOT NULL,
        customer_name           text NOT NULL,
        customer_email          text,
        customer_phone          text,
        customer_tier           text NOT NULL,
        type                    text NOT NULL,
        tags                    text[] NOT NULL,
        product_area            text,
        priority                text NOT NULL,
        assignee_id             text,
        team_id                 text,
        level                   smallint NOT NULL,
        received_at             timestamptz NOT NULL,
        opened_at               timestamptz NOT NULL,
        acknowledged_at         timestamptz,
        first_agent_reply_at    timestamptz,
        last_agent_reply_at     timestamptz,
        last_customer_reply_at  timestamptz,
        first_solved_at         timestamptz,
        solved_at               timestamptz,
        last_reopened_at        timestamptz,
        closed_at               timestamptz,
        updated_at              timestamptz NOT NULL,
        public_agent_reply_count integer NOT NULL,
        customer_reply_count    integer NOT NULL,
        automated_reply_count   integer NOT NULL,
        internal_note_count     integer NOT NULL,
        reopen_count            integer NOT NULL,
        escalation_count        integer NOT NULL,
        resolution_code         text,
        resolution_summary      text,
        close_mode              text,
        merged_into             text,
        merged_from             text[] NOT NULL,
        follow_up_of            text,
        follow_up_ticket_ids    text[] NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ticket_conversation (
        ticket_id   text NOT NULL,
        -- The stream revision of the TicketReplied / InternalNoteAdded event: the message order.
        revision    bigint NOT NULL CHECK (revision >= 0),
        event_id    uuid NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('reply', 'internal_note')),
        author_kind text NOT NULL,
        author_id   text NOT NULL,
        author_role text,
        body        text NOT NULL,
        at          timestamptz NOT NULL,
        PRIMARY KEY (ticket_id, revision)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket_conversation');
    await queryRunner.query('DROP TABLE ticket_details');
  }
}

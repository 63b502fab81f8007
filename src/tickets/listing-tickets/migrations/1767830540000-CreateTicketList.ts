import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket list read model (projection `ticket_list`): one row per ticket, and the indexes
 * that keep a filtered, sorted page of `GET /tickets` cheap at a million rows.
 *
 * Every index ends in the page's sort key and `id`, so a keyset page is one ordered index range
 * scan that stops after `limit + 1` rows:
 *  - one per sort without a filter: (created_at, id), (updated_at, id), (priority_rank, created_at, id);
 *  - status, the filter every queue view uses, in front of each of the three sorts;
 *  - team, assignee and customer in front of created_at (their sets are small; another sort
 *    sorts a few thousand rows at most);
 *  - the unassigned queue (assignee_id IS NULL) as partial indexes by created and by priority;
 *  - GIN on tags (`tags && …`) and, when pg_trgm is available, a trigram GIN on subject
 *    (`subject ILIKE '%term%'`). Without pg_trgm the text filter still works, unindexed.
 * Low-cardinality filters without an index of their own (type, channel, priority as a filter,
 * ranges) ride on the sort index: each matches a large share of rows, so walking the sort order
 * finds a page after a few hundred rows.
 *
 * Ids are `text COLLATE "C"`: ticket ids are uuids today, agent/team ids any principal id, and
 * the C collation makes the keyset tie-break a plain byte order on every server.
 */
export class CreateTicketList1767830540000 implements MigrationInterface {
  name = 'CreateTicketList1767830540000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension (no superuser needed) shipped with every standard server,
    // including the embedded one; a server built without contrib simply gets no trigram index.
    const trgm = (await queryRunner.query(
      "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'",
    )) as unknown[];
    if (trgm.length > 0) await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');

    await queryRunner.query(`
      CREATE TABLE ticket_list (
        id            text COLLATE "C" NOT NULL,
        subject       text NOT NULL,
        status        text NOT NULL,
        priority      text NOT NULL,
        -- 0 low … 3 urgent: sorting by priority sorts by urgency, not by name.
        priority_rank smallint NOT NULL,
        type          text NOT NULL,
        channel       text NOT NULL,
        team_id       text COLLATE "C",
        assignee_id   text COLLATE "C",
        customer_id   text COLLATE "C" NOT NULL,
        customer_name text NOT NULL,
        customer_tier text NOT NULL,
        tags          text[] NOT NULL DEFAULT '{}',
        language      text NOT NULL,
        support_level smallint NOT NULL,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        -- The ticket stream's revision this row reflects (the ETag of GET /tickets/{id}).
        revision      bigint NOT NULL,
        CONSTRAINT "PK_ticket_list" PRIMARY KEY (id)
      )`);

    const indexes: [string, string][] = [
      ['IDX_ticket_list_created', '(created_at, id)'],
      ['IDX_ticket_list_updated', '(updated_at, id)'],
      ['IDX_ticket_list_priority', '(priority_rank, created_at, id)'],
      ['IDX_ticket_list_status_created', '(status, created_at, id)'],
      ['IDX_ticket_list_status_updated', '(status, updated_at, id)'],
      ['IDX_ticket_list_status_priority', '(status, priority_rank, created_at, id)'],
      ['IDX_ticket_list_team_created', '(team_id, created_at, id)'],
      ['IDX_ticket_list_assignee_created', '(assignee_id, created_at, id)'],
      ['IDX_ticket_list_customer_created', '(customer_id, created_at, id)'],
      // "Nobody has it yet": IS NULL is no equality to the planner, so (assignee_id, created_at)
      // cannot hand out rows in created order; small partial indexes can.
      ['IDX_ticket_list_unassigned_created', '(created_at, id) WHERE assignee_id IS NULL'],
      [
        'IDX_ticket_list_unassigned_priority',
        '(priority_rank, created_at, id) WHERE assignee_id IS NULL',
      ],
      ['IDX_ticket_list_tags', 'USING gin (tags)'],
    ];
    if (trgm.length > 0) {
      indexes.push(['IDX_ticket_list_subject_trgm', 'USING gin (subject gin_trgm_ops)']);
    }
    for (const [name, definition] of indexes) {
      await queryRunner.query(`CREATE INDEX "${name}" ON ticket_list ${definition}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket_list');
    // pg_trgm stays: other read models may use it.
  }
}

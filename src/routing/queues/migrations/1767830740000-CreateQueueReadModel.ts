import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work-queue read model (projection `queues`): what an agent desk polls all day.
 *
 * - `queue_tickets`: one row per ticket (team, assignee, status, priority, channel, tier, SLA
 *   `next_due_at`, opened time). `service_priority` (0 urgent … 3 low) and `due_order`
 *   (`next_due_at`, or +infinity without a running SLA clock) make "urgent first, earliest due
 *   first with nulls last, oldest first, then id" one ascending key, so a keyset page is a single
 *   ordered range scan of a partial index that stops after `limit + 1` rows — never a sort of a
 *   team's whole queue.
 * - `queue_team_counts`: per team (`''` = no team yet), status, priority and assigned-or-not, the
 *   number of unsolved tickets. Kept as counters by the projection: GET /queues reads a few
 *   hundred rows instead of grouping 100,000 tickets per call.
 * - `queue_agents`, `queue_agent_teams`, `queue_teams`: the directory facts the desk needs
 *   (capacity, availability, membership), kept here rather than read from the directory's
 *   tables so that a rebuild of either read model never blocks the other.
 * - `queue_agent_load`: unsolved tickets assigned per agent and channel (counters).
 *
 * Ids are `text COLLATE "C"` so the keyset tie-break is plain byte order on every server.
 */
export class CreateQueueReadModel1767830740000 implements MigrationInterface {
  name = 'CreateQueueReadModel1767830740000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE queue_tickets (
        ticket_id        text COLLATE "C" NOT NULL,
        team_id          text COLLATE "C",
        assignee_id      text COLLATE "C",
        status           text NOT NULL,
        priority         text NOT NULL,
        service_priority smallint NOT NULL,
        channel          text NOT NULL,
        customer_tier    text NOT NULL,
        next_due_at      timestamptz,
        due_order        timestamptz NOT NULL,
        opened_at        timestamptz NOT NULL,
        -- new/open and nobody has it: the team's queue.
        waiting          boolean NOT NULL,
        -- not solved/closed: counts as work (and as load for its assignee).
        active           boolean NOT NULL,
        revision         bigint NOT NULL,
        CONSTRAINT "PK_queue_tickets" PRIMARY KEY (ticket_id)
      )`);
    const indexes: [string, string][] = [
      [
        'IDX_queue_tickets_waiting_order',
        '(team_id, service_priority, due_order, opened_at, ticket_id) WHERE waiting',
      ],
      ['IDX_queue_tickets_waiting_age', '(team_id, opened_at) WHERE waiting'],
      [
        'IDX_queue_tickets_assignee_order',
        '(assignee_id, service_priority, due_order, opened_at, ticket_id) WHERE active AND assignee_id IS NOT NULL',
      ],
      [
        'IDX_queue_tickets_team_due',
        '(team_id, next_due_at) WHERE active AND next_due_at IS NOT NULL',
      ],
    ];
    for (const [name, definition] of indexes) {
      await queryRunner.query(`CREATE INDEX "${name}" ON queue_tickets ${definition}`);
    }
    await queryRunner.query(`
      CREATE TABLE queue_team_counts (
        team_key text COLLATE "C" NOT NULL,
        status   text NOT NULL,
        priority text NOT NULL,
        assigned boolean NOT NULL,
        tickets  integer NOT NULL,
        CONSTRAINT "PK_queue_team_counts" PRIMARY KEY (team_key, status, priority, assigned)
      )`);
    await queryRunner.query(`
      CREATE TABLE queue_agents (
        agent_id             text COLLATE "C" NOT NULL,
        capacity_max         integer NOT NULL,
        capacity_per_channel jsonb NOT NULL,
        availability         text NOT NULL,
        status               text NOT NULL,
        CONSTRAINT "PK_queue_agents" PRIMARY KEY (agent_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE queue_agent_teams (
        team_id  text COLLATE "C" NOT NULL,
        agent_id text COLLATE "C" NOT NULL,
        CONSTRAINT "PK_queue_agent_teams" PRIMARY KEY (team_id, agent_id)
      )`);
    await queryRunner.query(
      'CREATE INDEX "IDX_queue_agent_teams_agent" ON queue_agent_teams (agent_id)',
    );
    await queryRunner.query(`
      CREATE TABLE queue_teams (
        team_id text COLLATE "C" NOT NULL,
        name    text NOT NULL,
        status  text NOT NULL,
        CONSTRAINT "PK_queue_teams" PRIMARY KEY (team_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE queue_agent_load (
        agent_id text COLLATE "C" NOT NULL,
        channel  text NOT NULL,
        tickets  integer NOT NULL,
        CONSTRAINT "PK_queue_agent_load" PRIMARY KEY (agent_id, channel)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'queue_agent_load',
      'queue_teams',
      'queue_agent_teams',
      'queue_agents',
      'queue_team_counts',
      'queue_tickets',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The router's own state (RouterProjection): tickets as routing sees them, agents, teams and the
 * rule set, each folded from the event log and committed with the router's checkpoint. Load per
 * agent is counted from `router_tickets` (assignee, status), which the router also updates the
 * moment it assigns, so its next decision already counts the ticket it just gave.
 */
export class CreateRouterTables1767830730000 implements MigrationInterface {
  name = 'CreateRouterTables1767830730000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE router_tickets (
        ticket_id     text CONSTRAINT "PK_router_tickets" PRIMARY KEY,
        status        text NOT NULL,
        team_id       text,
        route_team_id text,
        assignee_id   text,
        state         jsonb NOT NULL
      )`);
    // Load of an agent: their assigned tickets that are not finished.
    await queryRunner.query(
      `CREATE INDEX "IDX_router_tickets_assignee" ON router_tickets (assignee_id)
         WHERE assignee_id IS NOT NULL AND status NOT IN ('solved', 'closed')`,
    );
    // A team's queue: waiting tickets in the team, or teamless ones routed to it.
    await queryRunner.query(
      `CREATE INDEX "IDX_router_tickets_waiting" ON router_tickets
         ((COALESCE(team_id, route_team_id)))
         WHERE assignee_id IS NULL AND status IN ('new', 'open')`,
    );
    await queryRunner.query(`
      CREATE TABLE router_agents (
        agent_id         text CONSTRAINT "PK_router_agents" PRIMARY KEY,
        state            jsonb NOT NULL,
        last_assigned_at text
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_router_agents_teams" ON router_agents USING gin ((state -> 'teamIds'))`,
    );
    await queryRunner.query(`
      CREATE TABLE router_teams (
        team_id             text CONSTRAINT "PK_router_teams" PRIMARY KEY,
        state               jsonb NOT NULL,
        round_robin_pointer text
      )`);
    await queryRunner.query(`
      CREATE TABLE router_rules (
        id       smallint CONSTRAINT "PK_router_rules" PRIMARY KEY,
        rule_set jsonb NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE router_rules');
    await queryRunner.query('DROP TABLE router_teams');
    await queryRunner.query('DROP TABLE router_agents');
    await queryRunner.query('DROP TABLE router_tickets');
  }
}

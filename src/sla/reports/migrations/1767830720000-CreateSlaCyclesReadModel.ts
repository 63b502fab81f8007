import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA cycles read model (SlaCyclesProjection): one row per (ticket, cycle) behind
 * GET /sla/breaches and GET /reports/sla, and the per-ticket attribution facts (team, assignee,
 * priority, channel, type) the projection needs to attribute a cycle when it completes.
 */
export class CreateSlaCyclesReadModel1767830720000 implements MigrationInterface {
  name = 'CreateSlaCyclesReadModel1767830720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla_cycle_tickets (
        ticket_id   text CONSTRAINT "PK_sla_cycle_tickets" PRIMARY KEY,
        channel     text NOT NULL,
        ticket_type text NOT NULL,
        priority    text NOT NULL,
        team_id     text,
        assignee_id text
      )`);
    await queryRunner.query(`
      CREATE TABLE sla_cycles (
        ticket_id        text NOT NULL,
        cycle_id         text NOT NULL,
        target           text NOT NULL,
        policy_id        text NOT NULL,
        policy_version   integer NOT NULL,
        target_seconds   integer NOT NULL,
        channel          text,
        ticket_type      text,
        priority         text,
        team_id          text,
        assignee_id      text,
        started_at       timestamptz NOT NULL,
        due_at           timestamptz,
        paused           boolean NOT NULL DEFAULT false,
        status           text NOT NULL
                         CHECK (status IN ('active', 'paused', 'achieved', 'breached', 'cancelled')),
        ended_at         timestamptz,
        breached_at      timestamptz,
        outcome          text CHECK (outcome IN ('achieved', 'breached', 'cancelled')),
        cancel_reason    text,
        business_seconds integer,
        calendar_seconds integer,
        decided_at       timestamptz,
        CONSTRAINT "PK_sla_cycles" PRIMARY KEY (ticket_id, cycle_id)
      )`);
    // GET /sla/breaches: newest breach first, keyset (breached_at desc, ticket, cycle), and one
    // index per filter so a filtered page is an index range scan, not a sort of all breaches.
    const breached = 'WHERE breached_at IS NOT NULL';
    await queryRunner.query(
      `CREATE INDEX "IDX_sla_cycles_breached" ON sla_cycles (breached_at DESC, ticket_id, cycle_id) ${breached}`,
    );
    for (const column of ['team_id', 'assignee_id', 'priority', 'target']) {
      await queryRunner.query(
        `CREATE INDEX "IDX_sla_cycles_breached_${column}" ON sla_cycles (${column}, breached_at DESC, ticket_id, cycle_id) ${breached}`,
      );
    }
    // GET /reports/sla: cycles decided in a period (achieved at completion, breached at due).
    const decided = 'WHERE decided_at IS NOT NULL';
    await queryRunner.query(
      `CREATE INDEX "IDX_sla_cycles_decided" ON sla_cycles (decided_at) INCLUDE (target, status) ${decided}`,
    );
    for (const column of ['team_id', 'assignee_id', 'priority', 'channel', 'target']) {
      await queryRunner.query(
        `CREATE INDEX "IDX_sla_cycles_decided_${column}" ON sla_cycles (${column}, decided_at) ${decided}`,
      );
    }
    // "At risk now" and "breached, still open": running cycles by due time.
    await queryRunner.query(
      `CREATE INDEX "IDX_sla_cycles_running_due" ON sla_cycles (due_at) WHERE ended_at IS NULL AND status IN ('active', 'breached')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sla_cycles');
    await queryRunner.query('DROP TABLE sla_cycle_tickets');
  }
}

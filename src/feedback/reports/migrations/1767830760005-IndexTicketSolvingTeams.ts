import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CSAT by team joins every survey of the period to its ticket for the solving team
 * (COALESCE(solve_team_id, first_solve_team_id)). These two covering indexes let that join be a
 * merge join of two index-only scans in ticket id order, reading neither table's heap: the ticket
 * id and the two team columns of report_tickets, the ticket id, sending time and score of the
 * surveys.
 */
export class IndexTicketSolvingTeams1767830760005 implements MigrationInterface {
  name = 'IndexTicketSolvingTeams1767830760005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_report_tickets_solving_teams" ON report_tickets (ticket_id)
         INCLUDE (solve_team_id, first_solve_team_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_report_csat_surveys_ticket" ON report_csat_surveys (ticket_id)
         INCLUDE (issued_at, score)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_report_csat_surveys_ticket"');
    await queryRunner.query('DROP INDEX "IDX_report_tickets_solving_teams"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dimension columns a filtered backlog can name (opening attribution: the current holder). */
const BACKLOG_DIMENSIONS = ['team_id', 'channel', 'priority', 'type', 'assignee_id'] as const;

/**
 * - A filtered backlog (resolution report) reads only its dimension's open tickets: one partial
 *   index per dimension, keyed by it, covering the others (the backlog index alone walked every
 *   open ticket — 206,000 for the bench's million — to keep a team's 4,000: 19–34 ms).
 * - A team's cell counters read index-only: the per-team index covers the measure and the rows
 *   (the heap reads were most of a year by month for one team's counters: 40 ms).
 */
export class IndexFilteredSnapshots1767830760008 implements MigrationInterface {
  name = 'IndexFilteredSnapshots1767830760008';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of BACKLOG_DIMENSIONS) {
      const others = BACKLOG_DIMENSIONS.filter((c) => c !== column).join(', ');
      await queryRunner.query(
        `CREATE INDEX "IDX_report_tickets_backlog_${column}" ON report_tickets (${column}, opened_at)
           INCLUDE (${others}) WHERE status NOT IN ('solved', 'closed')`,
      );
    }
    await queryRunner.query('DROP INDEX "IDX_report_cell_counts_team"');
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_team" ON report_cell_counts
         (span, start, (split_part(key, '|', 1)), measure) INCLUDE (key, detail, n) WHERE dim = 3`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_report_cell_counts_team"');
    await queryRunner.query(
      `CREATE INDEX "IDX_report_cell_counts_team" ON report_cell_counts
         (span, start, (split_part(key, '|', 1))) WHERE dim = 3`,
    );
    for (const column of BACKLOG_DIMENSIONS) {
      await queryRunner.query(`DROP INDEX "IDX_report_tickets_backlog_${column}"`);
    }
  }
}

import type { EntityManager } from 'typeorm';

/**
 * When a rollup row's counters are all back at zero (a ticket's first solve moved to another day,
 * a rating was replaced), the row is removed rather than kept as zeros. Why: a read model rebuilt
 * from the log must hold exactly the rows the live one holds (test/e2e/rebuild), and a rebuild never
 * creates a row only to empty it again — the live projection does, depending on how its batches
 * fell. The reports sum these tables, so an absent row and a zero row mean the same.
 *
 * Each predicate has a matching partial index (migrations 1767830760004 and 1767830760006), so the clean-up after a
 * batch reads only the rows it removes instead of scanning the table.
 */
export const EMPTY_ROLLUP_ROWS: Readonly<Record<string, string>> = {
  report_frt_histogram: 'n = 0',
  report_frt_daily: 'responses = 0 AND sla_achieved = 0 AND sla_measured = 0',
  report_daily_counts: 'n = 0',
  report_resolution_daily:
    'first_solved = 0 AND fcr = 0 AND reopened = 0 AND within_24h = 0 AND full_solved = 0 AND opened = 0 AND escalated = 0',
  report_daily_team_counts: 'n = 0',
  report_agent_monthly:
    'first_solved = 0 AND fcr = 0 AND reopened = 0 AND sla_achieved = 0 AND sla_ended = 0 AND csat_sent = 0 AND csat_rated = 0 AND csat_satisfied = 0 AND csat_score_sum = 0',
  report_csat_team_daily: 'sent = 0 AND rated = 0 AND satisfied = 0 AND score_sum = 0',
  report_month_histogram: 'n = 0',
  report_backlog_daily: 'n = 0',
  report_team_monthly: 'n = 0',
  report_escalation_daily: 'escalations = 0 AND tickets = 0',
  report_cell_counts: 'n = 0',
  report_team_daily: 'n = 0',
  report_agent_daily:
    'first_solved = 0 AND fcr = 0 AND reopened = 0 AND sla_achieved = 0 AND sla_ended = 0 AND csat_sent = 0 AND csat_rated = 0 AND csat_satisfied = 0 AND csat_score_sum = 0',
  report_csat_daily: 'sent = 0 AND rated = 0 AND satisfied = 0 AND score_sum = 0',
  report_agent_measures_monthly: 'n = 0',
  report_agent_measures_daily: 'n = 0',
  report_hour_counts: 'n = 0',
};

export async function deleteEmptyRollupRows(
  manager: EntityManager,
  tables: readonly string[],
): Promise<void> {
  for (const table of tables) {
    const empty = EMPTY_ROLLUP_ROWS[table];
    if (empty !== undefined) await manager.query(`DELETE FROM ${table} WHERE ${empty}`);
  }
}

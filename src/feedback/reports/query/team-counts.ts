/**
 * The per-team counters of report_team_monthly over any period: the nearest whole UTC days from
 * the rollups (whole months from report_team_monthly, the days around them from report_team_daily), the slivers at the period's ends from the fact rows with the same definitions
 * the projection counts by (facts/ticket-facts.projection.ts `measure`).
 */
import { TEAM_MEASURES } from '../facts/ticket-facts.projection';
import { NO_TEAM } from '../facts/group-rollups';
import type { ReportCriteria } from './report-criteria';
import type { Run } from './report-snapshot';
import {
  monthsAndDays,
  planAt,
  signedCount,
  sumPlanned,
  type PlannedRow,
  sliverTickets,
} from './period-plan';

type TeamMeasure = (typeof TEAM_MEASURES)[keyof typeof TEAM_MEASURES];

/** Each counter as the fact rows define it: the instant it belongs to, the team, the condition. */
export const MEASURE_FACTS: Record<TeamMeasure, { at: string; team: string; condition: string }> = {
  [TEAM_MEASURES.responses]: {
    at: 'first_response_at',
    team: 'first_response_team_id',
    condition: 'TRUE',
  },
  [TEAM_MEASURES.slaAchieved]: {
    at: 'first_response_at',
    team: 'first_response_team_id',
    condition: `t.frt_sla_outcome = 'achieved'`,
  },
  [TEAM_MEASURES.slaMeasured]: {
    at: 'first_response_at',
    team: 'first_response_team_id',
    condition: 't.frt_sla_outcome IS NOT NULL',
  },
  [TEAM_MEASURES.firstSolved]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    condition: 'TRUE',
  },
  [TEAM_MEASURES.fcr]: { at: 'first_solved_at', team: 'first_solve_team_id', condition: 't.fcr' },
  [TEAM_MEASURES.reopened]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    condition: 't.reopen_count > 0',
  },
  [TEAM_MEASURES.within24h]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    condition: 't.solved_within_24h IS TRUE',
  },
  [TEAM_MEASURES.fullSolved]: { at: 'solved_at', team: 'solve_team_id', condition: 'TRUE' },
  [TEAM_MEASURES.opened]: { at: 'opened_at', team: 'team_id', condition: 'TRUE' },
  [TEAM_MEASURES.escalated]: {
    at: 'opened_at',
    team: 'team_id',
    condition: 't.escalation_count > 0',
  },
};

/** Per team (g; NO_TEAM: none), each named counter over the report's period. */
export async function teamCounts(
  run: Run,
  criteria: ReportCriteria,
  measures: readonly { readonly name: string; readonly measure: TeamMeasure }[],
): Promise<PlannedRow[]> {
  const plan = planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day');
  const { months, days } = monthsAndDays('m.month', 'm.day');
  const names = measures.map((m) => m.name);
  return sumPlanned(
    run,
    plan,
    names,
    (cores, params) => {
      const columns = measures.map(
        ({ name, measure }) => `CASE WHEN m.measure = ${measure} THEN m.n ELSE 0 END AS ${name}`,
      );
      const wanted = params.add(measures.map((m) => m.measure));
      return `SELECT p.k, COALESCE(m.team_id, '${NO_TEAM}') AS g, ${columns.join(', ')}
        FROM ${cores} JOIN report_team_monthly m ON ${months}
        WHERE m.measure = ANY(${wanted}::smallint[])
        UNION ALL
        SELECT p.k, COALESCE(m.team_id, '${NO_TEAM}') AS g, ${columns.join(', ')}
        FROM ${cores} JOIN report_team_daily m ON ${days}
        WHERE m.measure = ANY(${wanted}::smallint[])`;
    },
    (slivers) => {
      // One scan per instant column: the counters attributed to it, the others 0.
      const byInstant = new Map<string, typeof measures>();
      for (const m of measures) {
        const { at, team } = MEASURE_FACTS[m.measure];
        byInstant.set(`${at}|${team}`, [...(byInstant.get(`${at}|${team}`) ?? []), m]);
      }
      return [...byInstant.entries()]
        .map(([instant, mine]) => {
          const [at, team] = instant.split('|');
          const columns = measures.map(({ name, measure }) =>
            mine.some((m) => m.name === name)
              ? `${signedCount(MEASURE_FACTS[measure].condition)} AS ${name}`
              : `0 AS ${name}`,
          );
          return `SELECT s.k, COALESCE(t.${team}, '${NO_TEAM}') AS g, ${columns.join(', ')}
            FROM ${slivers} JOIN ${sliverTickets(at)} ON true
            GROUP BY 1, 2`;
        })
        .join('\nUNION ALL\n');
    },
  );
}

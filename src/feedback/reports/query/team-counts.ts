/**
 * The per-team and per-agent counters (facts/team-measures.ts) over any period: the nearest whole
 * UTC days from the rollups (whole months from report_team_monthly or
 * report_agent_measures_monthly, the days around them from the _daily tables), the slivers at the
 * period's ends from the fact rows with the same definitions the projection counts by
 * (facts/ticket-facts.projection.ts `measure`).
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
export const MEASURE_FACTS: Record<
  TeamMeasure,
  { at: string; team: string; agent: string; condition: string }
> = {
  [TEAM_MEASURES.responses]: {
    at: 'first_response_at',
    team: 'first_response_team_id',
    agent: 'first_response_agent_id',
    condition: 'TRUE',
  },
  [TEAM_MEASURES.slaAchieved]: {
    at: 'first_response_at',
    team: 'first_response_team_id',
    agent: 'first_response_agent_id',
    condition: `t.frt_sla_outcome = 'achieved'`,
  },
  [TEAM_MEASURES.slaMeasured]: {
    at: 'first_response_at',
    team: 'first_response_team_id',
    agent: 'first_response_agent_id',
    condition: 't.frt_sla_outcome IS NOT NULL',
  },
  [TEAM_MEASURES.firstSolved]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    agent: 'first_solve_assignee_id',
    condition: 'TRUE',
  },
  [TEAM_MEASURES.fcr]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    agent: 'first_solve_assignee_id',
    condition: 't.fcr',
  },
  [TEAM_MEASURES.reopened]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    agent: 'first_solve_assignee_id',
    condition: 't.reopen_count > 0',
  },
  [TEAM_MEASURES.within24h]: {
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    agent: 'first_solve_assignee_id',
    condition: 't.solved_within_24h IS TRUE',
  },
  [TEAM_MEASURES.fullSolved]: {
    at: 'solved_at',
    team: 'solve_team_id',
    agent: 'solve_assignee_id',
    condition: 'TRUE',
  },
  [TEAM_MEASURES.opened]: {
    at: 'opened_at',
    team: 'team_id',
    agent: 'assignee_id',
    condition: 'TRUE',
  },
  [TEAM_MEASURES.escalated]: {
    at: 'opened_at',
    team: 'team_id',
    agent: 'assignee_id',
    condition: 't.escalation_count > 0',
  },
};

/** Where a holder's counters are kept, and how a fact row names it. */
const HOLDER_TABLES = {
  team: { monthly: 'report_team_monthly', daily: 'report_team_daily', column: 'team_id' },
  agent: {
    monthly: 'report_agent_measures_monthly',
    daily: 'report_agent_measures_daily',
    column: 'agent_id',
  },
} as const;

/**
 * Per team or per agent of each measure's own attribution (g; NO_TEAM / NO_AGENT: none), each
 * named counter over the report's period; per agent, only the agents filtered on, if any.
 */
export async function holderCounts(
  run: Run,
  criteria: ReportCriteria,
  measures: readonly { readonly name: string; readonly measure: TeamMeasure }[],
  holder: keyof typeof HOLDER_TABLES,
): Promise<PlannedRow[]> {
  const plan = planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day');
  const { months, days } = monthsAndDays('m.month', 'm.day');
  const names = measures.map((m) => m.name);
  const tables = HOLDER_TABLES[holder];
  const agents = holder === 'agent' ? criteria.agents : [];
  return sumPlanned(
    run,
    plan,
    names,
    (cores, params) => {
      const columns = measures.map(
        ({ name, measure }) => `CASE WHEN m.measure = ${measure} THEN m.n ELSE 0 END AS ${name}`,
      );
      const wanted = params.add(measures.map((m) => m.measure));
      const only =
        agents.length > 0 ? ` AND m.${tables.column} = ANY(${params.add(agents)}::text[])` : '';
      const holderKey = `COALESCE(m.${tables.column}, '${NO_TEAM}')`;
      return `SELECT p.k, ${holderKey} AS g, ${columns.join(', ')}
        FROM ${cores} JOIN ${tables.monthly} m ON ${months}
        WHERE m.measure = ANY(${wanted}::smallint[])${only}
        UNION ALL
        SELECT p.k, ${holderKey} AS g, ${columns.join(', ')}
        FROM ${cores} JOIN ${tables.daily} m ON ${days}
        WHERE m.measure = ANY(${wanted}::smallint[])${only}`;
    },
    (slivers, params) => {
      // One scan per instant column: the counters attributed to it, the others 0.
      const byInstant = new Map<string, typeof measures>();
      for (const m of measures) {
        const facts = MEASURE_FACTS[m.measure];
        const key = `${facts.at}|${holder === 'team' ? facts.team : facts.agent}`;
        byInstant.set(key, [...(byInstant.get(key) ?? []), m]);
      }
      return [...byInstant.entries()]
        .map(([instant, mine]) => {
          const [at, column] = instant.split('|');
          const columns = measures.map(({ name, measure }) =>
            mine.some((m) => m.name === name)
              ? `${signedCount(MEASURE_FACTS[measure].condition)} AS ${name}`
              : `0 AS ${name}`,
          );
          const only =
            agents.length > 0 ? `WHERE t.${column} = ANY(${params.add(agents)}::text[])` : '';
          return `SELECT s.k, COALESCE(t.${column}, '${NO_TEAM}') AS g, ${columns.join(', ')}
            FROM ${slivers} JOIN ${sliverTickets(at)} ON true ${only}
            GROUP BY 1, 2`;
        })
        .join('\nUNION ALL\n');
    },
  );
}

/**
 * First response times over whole UTC days without dimension filters: the exact two-step
 * percentiles of query/exact-histogram.ts (kinds 0 calendar, 1 business) and the SLA share from
 * report_frt_daily.
 */
import { GROUP_DIMENSIONS } from '../facts/group-rollups';
import type { ReportCriteria } from '../query/report-criteria';
import type { ReportDistributionView } from '../query/report-sql';
import { rate } from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import {
  dayGroup,
  EMPTY_DISTRIBUTION,
  exactDistributions,
  exactDistributionsByGroup,
  NO_TEAM,
  type HistogramKind,
} from '../query/exact-histogram';
import { TEAM_MEASURES } from '../facts/ticket-facts.projection';

export { histogramApplies, teamHistogramApplies } from '../query/exact-histogram';

export const FIRST_RESPONSE_KINDS: readonly HistogramKind[] = [
  {
    kind: 0,
    column: 'frt_calendar_ms',
    bucket: 'frt_calendar_bucket',
    at: 'first_response_at',
    team: 'first_response_team_id',
  },
  {
    kind: 1,
    column: 'frt_business_ms',
    bucket: 'frt_business_bucket',
    at: 'first_response_at',
    team: 'first_response_team_id',
  },
];

export interface HistogramFigures {
  readonly count: number;
  readonly calendar: ReportDistributionView;
  readonly business: ReportDistributionView;
  readonly withinSlaTarget: { numerator: number; denominator: number; rate: number | null };
}

export async function firstResponseByHistogram(
  run: Run,
  criteria: ReportCriteria,
): Promise<{ total: HistogramFigures; groups: Map<string, HistogramFigures> }> {
  const from = new Date(criteria.fromMs).toISOString().slice(0, 10);
  const to = new Date(criteria.toMs).toISOString().slice(0, 10);
  const { group, format } = dayGroup(criteria.groupBy);
  const distributions = await exactDistributions(run, criteria, FIRST_RESPONSE_KINDS);
  const sla = await run<{ k: string; achieved: number; measured: number }>(
    `SELECT ${format} AS k, achieved, measured FROM (
       SELECT ${group} AS g, sum(sla_achieved)::int AS achieved, sum(sla_measured)::int AS measured
       FROM report_frt_daily WHERE day >= $1::date AND day < $2::date GROUP BY 1) AS d`,
    [from, to],
  );
  const slaOf = (key: string) => {
    const rows = key === '*' ? sla : sla.filter((row) => row.k === key);
    return rate(
      rows.reduce((sum, row) => sum + row.achieved, 0),
      rows.reduce((sum, row) => sum + row.measured, 0),
    );
  };
  const figures = (key: string): HistogramFigures => {
    const calendar = distributions.get(key)?.get(0) ?? EMPTY_DISTRIBUTION;
    return {
      count: calendar.count,
      calendar,
      business: distributions.get(key)?.get(1) ?? EMPTY_DISTRIBUTION,
      withinSlaTarget: slaOf(key),
    };
  };
  const groups = new Map<string, HistogramFigures>();
  if (criteria.groupBy !== null) {
    const keys = [...distributions.entries()]
      .filter(([key, perKind]) => key !== '*' && perKind.has(0))
      .map(([key]) => key)
      .sort();
    for (const key of keys) groups.set(key, figures(key));
  }
  return { total: figures('*'), groups };
}

/** By the responder's team over whole UTC months (query/exact-histogram.ts teamHistogramApplies). */
export async function firstResponseByTeamHistogram(
  run: Run,
  criteria: ReportCriteria,
): Promise<{ total: HistogramFigures; groups: Map<string | null, HistogramFigures> }> {
  const from = new Date(criteria.fromMs).toISOString().slice(0, 10);
  const to = new Date(criteria.toMs).toISOString().slice(0, 10);
  const distributions = await exactDistributionsByGroup(
    run,
    criteria,
    FIRST_RESPONSE_KINDS,
    GROUP_DIMENSIONS.team,
  );
  const sla = await run<{ k: string; achieved: number; measured: number }>(
    `SELECT COALESCE(team_id, '') AS k,
            COALESCE(sum(n) FILTER (WHERE measure = $3), 0)::int AS achieved,
            COALESCE(sum(n) FILTER (WHERE measure = $4), 0)::int AS measured
     FROM report_team_monthly WHERE month >= $1::date AND month < $2::date
       AND measure IN ($3, $4) GROUP BY 1`,
    [from, to, TEAM_MEASURES.slaAchieved, TEAM_MEASURES.slaMeasured],
  );
  const slaOf = (key: string) => {
    const rows = key === '*' ? sla : sla.filter((row) => row.k === key);
    return rate(
      rows.reduce((sum, row) => sum + row.achieved, 0),
      rows.reduce((sum, row) => sum + row.measured, 0),
    );
  };
  const figures = (key: string): HistogramFigures => {
    const calendar = distributions.get(key)?.get(0) ?? EMPTY_DISTRIBUTION;
    return {
      count: calendar.count,
      calendar,
      business: distributions.get(key)?.get(1) ?? EMPTY_DISTRIBUTION,
      withinSlaTarget: slaOf(key),
    };
  };
  const groups = new Map<string | null, HistogramFigures>();
  const keys = [...distributions.entries()]
    .filter(([key, perKind]) => key !== '*' && perKind.has(0))
    .map(([key]) => key)
    .sort((a, b) => (a === NO_TEAM ? 1 : b === NO_TEAM ? -1 : a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) groups.set(key === NO_TEAM ? null : key, figures(key));
  return { total: figures('*'), groups };
}

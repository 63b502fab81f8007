/**
 * First response times without dimension filters, in any zone: the exact two-step percentiles of
 * query/exact-histogram.ts (kinds 0 calendar, 1 business) and the SLA share from report_frt_daily
 * (by team: report_team_monthly), each corrected by the slivers of query/period-plan.ts.
 */
import { GROUP_DIMENSIONS } from '../facts/group-rollups';
import type { ReportCriteria } from '../query/report-criteria';
import type { ReportDistributionView } from '../query/report-sql';
import { rate } from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import {
  EMPTY_DISTRIBUTION,
  exactDistributions,
  exactDistributionsByGroup,
  HOUR_COUNTS_VERSION,
  NO_TEAM,
  rollupsServed,
  type ExactDistributions,
  type HistogramKind,
} from '../query/exact-histogram';
import {
  plannedGroups,
  planAt,
  signedCount,
  sumPlanned,
  type GrainPlan,
  type PlannedRow,
  sliverTickets,
} from '../query/period-plan';
import { holderCounts } from '../query/team-counts';
import { hourCounts, hourDistributions, hourGroupsOf } from '../query/hour-groups';
import { TEAM_MEASURES } from '../facts/ticket-facts.projection';

export {
  agentGroupApplies,
  histogramApplies,
  teamHistogramApplies,
} from '../query/exact-histogram';
import { CELL_MEASURES } from '../facts/cell-rollups';
import { cellCounts, exactDistributionsByCell, groupedByTime } from '../query/cell-rollups';

export const FIRST_RESPONSE_KINDS: readonly HistogramKind[] = [
  {
    kind: 0,
    column: 'frt_calendar_ms',
    bucket: 'frt_calendar_bucket',
    at: 'first_response_at',
    team: 'first_response_team_id',
    agent: 'first_response_agent_id',
  },
  {
    kind: 1,
    column: 'frt_business_ms',
    bucket: 'frt_business_bucket',
    at: 'first_response_at',
    team: 'first_response_team_id',
    agent: 'first_response_agent_id',
  },
];

export interface HistogramFigures {
  readonly count: number;
  readonly calendar: ReportDistributionView;
  readonly business: ReportDistributionView;
  readonly withinSlaTarget: { numerator: number; denominator: number; rate: number | null };
}

/** Each group's figures ('*': all) from its distributions and its SLA rows (`keyOf`). */
function figuresOf(
  distributions: ExactDistributions,
  sla: readonly PlannedRow[],
  keyOf: (row: PlannedRow) => string | null,
): (key: string) => HistogramFigures {
  // Indexed once: a year by hour has 8,760 groups (a filter per group was 77 million tests).
  const byKey = new Map<string | null, PlannedRow[]>();
  for (const row of sla) {
    const key = keyOf(row);
    const rows = byKey.get(key);
    if (rows === undefined) byKey.set(key, [row]);
    else rows.push(row);
  }
  return (key) => {
    const rows = key === '*' ? sla : (byKey.get(key) ?? []);
    const calendar = distributions.get(key)?.get(0) ?? EMPTY_DISTRIBUTION;
    return {
      count: calendar.count,
      calendar,
      business: distributions.get(key)?.get(1) ?? EMPTY_DISTRIBUTION,
      withinSlaTarget: rate(
        rows.reduce((sum, row) => sum + row.achieved, 0),
        rows.reduce((sum, row) => sum + row.measured, 0),
      ),
    };
  };
}

export async function firstResponseByHistogram(
  run: Run,
  criteria: ReportCriteria,
): Promise<{ total: HistogramFigures; groups: Map<string, HistogramFigures> }> {
  const distributions = await exactDistributions(run, criteria, FIRST_RESPONSE_KINDS);
  const sla = await slaCounts(run, planAt(plannedGroups(criteria), 'day'));
  const figures = figuresOf(distributions, sla, (row) => row.k);
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

/** The SLA counters as report_hour_counts keeps them. */
const SLA_HOURLY = [
  { name: 'achieved', measure: TEAM_MEASURES.slaAchieved },
  { name: 'measured', measure: TEAM_MEASURES.slaMeasured },
];

/** The SLA counters of the slivers' fact rows. */
const slaSlivers = (slivers: string): string =>
  `SELECT s.k, NULL::text AS g, ${signedCount(`t.frt_sla_outcome = 'achieved'`)} AS achieved,
          ${signedCount('t.frt_sla_outcome IS NOT NULL')} AS measured
   FROM ${slivers} JOIN ${sliverTickets('first_response_at')} ON true
   GROUP BY 1`;

/** SLA counters over a plan, whole UTC hours from report_hour_counts (served since version 5). */
async function slaCounts(run: Run, plan: GrainPlan): Promise<PlannedRow[]> {
  return sumPlanned(
    run,
    plan,
    ['achieved', 'measured'],
    (cores) =>
      `SELECT p.k, NULL::text AS g, d.sla_achieved AS achieved, d.sla_measured AS measured
       FROM ${cores} JOIN report_frt_daily d ON d.day >= p.lo AND d.day < p.hi`,
    slaSlivers,
    { hourly: (await rollupsServed(run, HOUR_COUNTS_VERSION)) ? SLA_HOURLY : null },
  );
}

/** By local hour without filters (query/hour-groups.ts hourPathServed). */
export async function firstResponseByHour(
  run: Run,
  criteria: ReportCriteria,
): Promise<{ total: HistogramFigures; groups: Map<string, HistogramFigures> }> {
  const hours = hourGroupsOf(criteria);
  if (hours === null) throw new Error('no hour groups (checked before choosing the path)');
  const distributions = await hourDistributions(run, criteria, hours, FIRST_RESPONSE_KINDS);
  const sla = await hourCounts(run, hours, SLA_HOURLY, slaSlivers);
  const figures = figuresOf(distributions, sla, (row) => row.k);
  const groups = new Map<string, HistogramFigures>();
  for (const key of hours.keys) if (distributions.get(key)?.has(0)) groups.set(key, figures(key));
  return { total: figures('*'), groups };
}

/**
 * By the responder's team (query/exact-histogram.ts teamHistogramApplies) or by the responder
 * (agentGroupApplies): their histograms and counters, none (NO_TEAM, NO_AGENT) as key null.
 */
export async function firstResponseByHolderHistogram(
  run: Run,
  criteria: ReportCriteria,
  holder: 'team' | 'agent',
): Promise<{ total: HistogramFigures; groups: Map<string | null, HistogramFigures> }> {
  const distributions = await exactDistributionsByGroup(
    run,
    criteria,
    FIRST_RESPONSE_KINDS,
    GROUP_DIMENSIONS[holder],
    { withTotal: true, medianOnly: false },
  );
  const sla = await holderCounts(
    run,
    criteria,
    [
      { name: 'achieved', measure: TEAM_MEASURES.slaAchieved },
      { name: 'measured', measure: TEAM_MEASURES.slaMeasured },
    ],
    holder,
  );
  const figures = figuresOf(distributions, sla, (row) => row.g);
  const groups = new Map<string | null, HistogramFigures>();
  // NO_TEAM and NO_AGENT are both ''.
  for (const key of sortedHolders(distributions)) {
    groups.set(key === NO_TEAM ? null : key, figures(key));
  }
  return { total: figures('*'), groups };
}

/** The group keys of a by-team or by-agent distribution, none ('') last. */
function sortedHolders(distributions: ExactDistributions): string[] {
  return [...distributions.entries()]
    .filter(([key, perKind]) => key !== '*' && perKind.has(0))
    .map(([key]) => key)
    .sort((a, b) => (a === NO_TEAM ? 1 : b === NO_TEAM ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

/** Filtered, or by channel, type or priority (query/cell-rollups.ts cellPathApplies). */
export async function firstResponseByCells(
  run: Run,
  criteria: ReportCriteria,
): Promise<{ total: HistogramFigures; groups: Map<string | null, HistogramFigures> }> {
  const distributions = await exactDistributionsByCell(run, criteria, FIRST_RESPONSE_KINDS);
  const sla = await cellCounts(run, criteria, [
    { name: 'achieved', measure: CELL_MEASURES.slaAchieved },
    { name: 'measured', measure: CELL_MEASURES.slaMeasured },
  ]);
  const byTime = groupedByTime(criteria);
  const figures = figuresOf(distributions, sla, (row) => (byTime ? row.k : row.g));
  const groups = new Map<string | null, HistogramFigures>();
  const byTeam = criteria.groupBy === 'team';
  const keys = [...distributions.entries()]
    .filter(([key, perKind]) => key !== '*' && perKind.has(0))
    .map(([key]) => key)
    .sort((a, b) =>
      byTeam && a === NO_TEAM ? 1 : byTeam && b === NO_TEAM ? -1 : a < b ? -1 : a > b ? 1 : 0,
    );
  for (const key of keys) groups.set(byTeam && key === NO_TEAM ? null : key, figures(key));
  return { total: figures('*'), groups };
}

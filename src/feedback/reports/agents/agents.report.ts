import { ApiProperty } from '@nestjs/swagger';
import { GROUP_DIMENSIONS, NO_AGENT } from '../facts/group-rollups';
import {
  agentHistogramApplies,
  EMPTY_DISTRIBUTION,
  exactDistributionsByGroup,
  groupRollupsServed,
  type HistogramKind,
} from '../query/exact-histogram';
import type { ReportCriteria } from '../query/report-criteria';
import { filtersOf, rate, SqlParams, type Attribution } from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import {
  monthsAndDays,
  planAt,
  signedCount,
  SLIVER_SURVEYS,
  sumPlanned,
  sliverTickets,
} from '../query/period-plan';
import {
  EMPTY_RATE,
  maxSerialisableEntries,
  REPORT_ID_MAX_LENGTH,
  ReportRateView,
  ReportMetaView,
} from '../query/report.views';
import { FIRST_RESPONSE_ATTRIBUTION } from '../first-response/first-response.report';
import { FIRST_SOLVE_ATTRIBUTION, RESOLUTION_KINDS } from '../resolution/resolution.report';
import { FIRST_RESPONSE_KINDS } from '../first-response/first-response-histogram';
import {
  CSAT_AGGREGATES,
  CSAT_ATTRIBUTION,
  csatFrom,
  csatFiguresOf,
  CsatFiguresView,
  SLIVER_CSAT_COUNTS,
} from '../satisfaction/satisfaction.report';

/** An SLA cycle belongs to the moment it ended or breached and whoever held the ticket then. */
export const SLA_CYCLE_ATTRIBUTION: Attribution = {
  at: 'c.ended_at',
  agent: 'c.agent_id',
  team: 'c.team_id',
};

export class ReportMedianPairView {
  @ApiProperty({ type: Number, nullable: true, description: 'Exact median, calendar ms.' })
  calendar!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Exact median, business ms.' })
  business!: number | null;
}

export class AgentRowView {
  @ApiProperty({ maxLength: REPORT_ID_MAX_LENGTH })
  agentId!: string;

  @ApiProperty({
    description:
      'Tickets whose first resolution in the period is attributed to the agent (assignee at solve).',
    minimum: 0,
  })
  ticketsHandled!: number;

  @ApiProperty({ description: 'First responses the agent sent in the period.', minimum: 0 })
  firstResponses!: number;

  @ApiProperty({
    type: ReportMedianPairView,
    description: 'Median first response time of those responses.',
  })
  firstResponseMedian!: ReportMedianPairView;

  @ApiProperty({
    type: ReportMedianPairView,
    description: 'Median first resolution time of the tickets handled.',
  })
  resolutionMedian!: ReportMedianPairView;

  @ApiProperty({ type: ReportRateView })
  firstContactResolution!: ReportRateView;

  @ApiProperty({ type: ReportRateView })
  reopen!: ReportRateView;

  @ApiProperty({
    type: CsatFiguresView,
    description: 'CSAT of the surveys sent in the period rating this agent.',
  })
  csat!: CsatFiguresView;

  @ApiProperty({
    type: ReportRateView,
    description:
      'SLA cycles achieved / (achieved + breached), for cycles that ended or breached in the period while the agent held the ticket.',
  })
  slaCompliance!: ReportRateView;
}

/** As many agents as the directory holds: bounded by the body's size only. */
const MAX_AGENT_ROWS = maxSerialisableEntries({
  agentId: '',
  ticketsHandled: 0,
  firstResponses: 0,
  firstResponseMedian: { calendar: null, business: null },
  resolutionMedian: { calendar: null, business: null },
  firstContactResolution: EMPTY_RATE,
  reopen: EMPTY_RATE,
  csat: {
    surveysSent: 0,
    rated: 0,
    satisfied: 0,
    csatPercent: null,
    averageScore: null,
    responseRate: null,
  },
  slaCompliance: EMPTY_RATE,
});

export class AgentsReportView extends ReportMetaView {
  @ApiProperty({
    type: [AgentRowView],
    maxItems: MAX_AGENT_ROWS,
    description: 'One row per agent with any figure in the period, by agent id.',
  })
  agents!: AgentRowView[];
}

type Body = Omit<AgentsReportView, keyof ReportMetaView>;
type Row = Record<string, unknown>;

async function perAgent(
  run: Run,
  criteria: ReportCriteria,
  attribution: Attribution,
  from: string,
  aggregates: string,
): Promise<Map<string, Row>> {
  const params = new SqlParams();
  const where = filtersOf(attribution, criteria, params);
  const rows = await run(
    `SELECT ${attribution.agent} AS agent_id, ${aggregates} FROM ${from}
     WHERE ${attribution.agent} IS NOT NULL AND ${where.join(' AND ')} GROUP BY 1`,
    params.values,
  );
  return new Map(rows.map((row) => [String(row.agent_id), row]));
}

const median = (column: string, alias: string) =>
  `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) AS ${alias}`;
const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export async function agentsReport(run: Run, criteria: ReportCriteria): Promise<Body> {
  return agentHistogramApplies(criteria) && (await groupRollupsServed(run))
    ? viaAgentRollups(run, criteria)
    : fromFacts(run, criteria);
}

/** The duration kinds of query/exact-histogram.ts the agents report needs, with their agent. */
export const AGENT_KINDS: readonly HistogramKind[] = [
  ...FIRST_RESPONSE_KINDS,
  ...RESOLUTION_KINDS.slice(0, 2),
];

interface AgentCounters extends Record<string, unknown> {
  readonly agent_id: string;
  readonly first_solved: number;
  readonly fcr: number;
  readonly reopened: number;
  readonly sla_achieved: number;
  readonly sla_ended: number;
  readonly sent: number;
  readonly rated: number;
  readonly satisfied: number;
  readonly score_sum: number;
}

const AGENT_COUNTS = [
  'first_solved',
  'fcr',
  'reopened',
  'sla_achieved',
  'sla_ended',
  'sent',
  'rated',
  'satisfied',
  'score_sum',
] as const;

const agentFilter = (column: string, criteria: ReportCriteria, params: SqlParams): string =>
  criteria.agents.length > 0 ? `WHERE ${column} = ANY(${params.add(criteria.agents)}::text[])` : '';

/**
 * report_agent_monthly's counters from the fact rows of the slivers, as the projection counts
 * them: solves at the first solve by its assignee, SLA cycles at their end by who held the
 * ticket, CSAT at sending by the rated agent (the survey rows, as the fact path reads them).
 */
function agentSlivers(slivers: string, criteria: ReportCriteria, params: SqlParams): string {
  const zero = (names: readonly string[]) => names.map((n) => `0 AS ${n}`).join(', ');
  const filter = (column: string): string =>
    criteria.agents.length > 0
      ? `${column} = ANY(${params.add(criteria.agents)}::text[])`
      : `${column} IS NOT NULL`;
  return [
    `SELECT s.k, t.first_solve_assignee_id AS g, ${signedCount()} AS first_solved,
            ${signedCount('t.fcr')} AS fcr, ${signedCount('t.reopen_count > 0')} AS reopened,
            ${zero(AGENT_COUNTS.slice(3))}
     FROM ${slivers} JOIN ${sliverTickets('first_solved_at')} ON true
     WHERE ${filter('t.first_solve_assignee_id')} GROUP BY 1, 2`,
    `SELECT s.k, c.agent_id AS g, ${zero(AGENT_COUNTS.slice(0, 3))},
            ${signedCount(`c.outcome = 'achieved'`)} AS sla_achieved, ${signedCount()} AS sla_ended,
            ${zero(AGENT_COUNTS.slice(5))}
     FROM ${slivers} JOIN report_sla_cycles c ON c.ended_at >= sr.lo AND c.ended_at < sr.hi
     WHERE ${filter('c.agent_id')} GROUP BY 1, 2`,
    `SELECT s.k, c.agent_id AS g, ${zero(AGENT_COUNTS.slice(0, 5))}, ${SLIVER_CSAT_COUNTS}
     FROM ${slivers} JOIN ${SLIVER_SURVEYS} ON true
     WHERE ${filter('c.agent_id')} GROUP BY 1, 2`,
  ].join('\nUNION ALL\n');
}

/**
 * Without filters (an agent's own report included), any period in any zone: exact medians from
 * report_group_histogram per agent (query/exact-histogram.ts), the counters from
 * report_agent_monthly, each over the nearest whole UTC months and corrected by the slivers of
 * fact rows at the period's ends. The same figures as the fact-row aggregates below
 * (reports-replay e2e).
 */
async function viaAgentRollups(run: Run, criteria: ReportCriteria): Promise<Body> {
  const distributions = await exactDistributionsByGroup(
    run,
    criteria,
    AGENT_KINDS,
    GROUP_DIMENSIONS.agent,
  );
  const counted = await sumPlanned(
    run,
    planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day'),
    AGENT_COUNTS,
    (cores, params) => {
      const { months, days } = monthsAndDays('m.month', 'm.day');
      const columns = `m.first_solved, m.fcr, m.reopened, m.sla_achieved,
              m.sla_ended, m.csat_sent AS sent, m.csat_rated AS rated,
              m.csat_satisfied AS satisfied, m.csat_score_sum AS score_sum`;
      const filter = agentFilter('m.agent_id', criteria, params);
      return `SELECT p.k, m.agent_id AS g, ${columns}
       FROM ${cores} JOIN report_agent_monthly m ON ${months} ${filter}
       UNION ALL
       SELECT p.k, m.agent_id AS g, ${columns}
       FROM ${cores} JOIN report_agent_daily m ON ${days} ${filter}`;
    },
    (slivers, params) => agentSlivers(slivers, criteria, params),
  );
  // PlannedRow holds every column of AGENT_COUNTS by name.
  const counters = counted.map(
    (row) => ({ ...row, agent_id: row.g ?? '' }) as unknown as AgentCounters,
  );
  const byAgent = new Map(counters.map((row) => [row.agent_id, row]));
  // Tickets nobody handled (NO_AGENT) are not an agent's.
  const ids = [...new Set([...distributions.keys(), ...byAgent.keys()])]
    .filter((id) => id !== NO_AGENT)
    .sort();
  return {
    agents: ids.map((agentId) => {
      const kinds = distributions.get(agentId);
      const median = (kind: number): number | null =>
        (kinds?.get(kind) ?? EMPTY_DISTRIBUTION).median;
      const c = byAgent.get(agentId);
      const handled = c?.first_solved ?? 0;
      return {
        agentId,
        ticketsHandled: handled,
        firstResponses: kinds?.get(0)?.count ?? 0,
        firstResponseMedian: { calendar: median(0), business: median(1) },
        resolutionMedian: { calendar: median(2), business: median(3) },
        firstContactResolution: rate(c?.fcr ?? 0, handled),
        reopen: rate(c?.reopened ?? 0, handled),
        csat: csatFiguresOf(c ?? {}),
        slaCompliance: rate(c?.sla_achieved ?? 0, c?.sla_ended ?? 0),
      };
    }),
  };
}

/** Any other period or filter: aggregates over the fact rows. */
async function fromFacts(run: Run, criteria: ReportCriteria): Promise<Body> {
  const responses = await perAgent(
    run,
    criteria,
    FIRST_RESPONSE_ATTRIBUTION,
    'report_tickets t',
    `count(*)::int AS n, ${median('t.frt_calendar_ms', 'cal')}, ${median('t.frt_business_ms', 'bus')}`,
  );
  const solves = await perAgent(
    run,
    criteria,
    FIRST_SOLVE_ATTRIBUTION,
    'report_tickets t',
    `count(*)::int AS n, ${median('t.first_resolution_calendar_ms', 'cal')},
     ${median('t.first_resolution_business_ms', 'bus')},
     count(*) FILTER (WHERE t.fcr)::int AS fcr,
     count(*) FILTER (WHERE t.reopen_count > 0)::int AS reopened`,
  );
  const csat = await perAgent(run, criteria, CSAT_ATTRIBUTION, csatFrom(criteria), CSAT_AGGREGATES);
  const cycles = await perAgent(
    run,
    criteria,
    SLA_CYCLE_ATTRIBUTION,
    // The ticket row only for its channel, type or priority (joining a year of cycles to their
    // tickets for nothing was most of a team's per-agent report).
    criteria.channels.length + criteria.types.length + criteria.priorities.length > 0
      ? 'report_sla_cycles c JOIN report_tickets t ON t.ticket_id = c.ticket_id'
      : 'report_sla_cycles c',
    `count(*) FILTER (WHERE c.outcome = 'achieved')::int AS achieved, count(*)::int AS ended`,
  );
  const ids = [
    ...new Set([...responses.keys(), ...solves.keys(), ...csat.keys(), ...cycles.keys()]),
  ].sort();
  return {
    agents: ids.map((agentId) => {
      const r = responses.get(agentId) ?? {};
      const s = solves.get(agentId) ?? {};
      const c = cycles.get(agentId) ?? {};
      const handled = Number(s.n ?? 0);
      return {
        agentId,
        ticketsHandled: handled,
        firstResponses: Number(r.n ?? 0),
        firstResponseMedian: { calendar: num(r.cal), business: num(r.bus) },
        resolutionMedian: { calendar: num(s.cal), business: num(s.bus) },
        firstContactResolution: rate(Number(s.fcr ?? 0), handled),
        reopen: rate(Number(s.reopened ?? 0), handled),
        csat: csatFiguresOf(csat.get(agentId) ?? {}),
        slaCompliance: rate(Number(c.achieved ?? 0), Number(c.ended ?? 0)),
      };
    }),
  };
}

import { GROUP_DIMENSIONS } from '../facts/group-rollups';
import { ApiProperty } from '@nestjs/swagger';
import type { ReportCriteria } from '../query/report-criteria';
import {
  distributionOf,
  filtersOf,
  groupedAggregate,
  groupKey,
  rate,
  SqlParams,
  statsColumns,
  type Attribution,
} from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import {
  cellCounts,
  cellEscalations,
  cellPathServed,
  groupedByTime,
  ESCALATIONS_OF_TICKET,
  escalationCountsOf,
  exactDistributionsByCell,
  type EscalationCount,
} from '../query/cell-rollups';
import {
  AGENT_MEASURES_VERSION,
  agentGroupApplies,
  HOUR_COUNTS_VERSION,
  EMPTY_DISTRIBUTION,
  exactDistributions,
  exactDistributionsByGroup,
  histogramApplies,
  NO_TEAM,
  teamHistogramApplies,
  groupRollupsServed,
  rollupsServed,
  withoutFilters,
  type ExactDistributions,
  type HistogramKind,
} from '../query/exact-histogram';
import { RESOLUTION_COUNTERS, TEAM_MEASURES } from '../facts/ticket-facts.projection';
import {
  plannedGroups,
  planAt,
  signedCount,
  sumPlanned,
  sliverTickets,
  type GrainPlan,
} from '../query/period-plan';
import { hourCounts, hourDistributions, hourGroupsOf, hourPathServed } from '../query/hour-groups';
import { holderCounts } from '../query/team-counts';
import { REASON_MAX_LENGTH } from '../../../tickets/reprioritise-ticket/reprioritise-ticket.request.dto';
import { SUPPORT_LEVELS } from '../../../tickets/ticket.values';
import {
  DurationFiguresView,
  EMPTY_DURATIONS,
  EMPTY_RATE,
  maxSerialisableEntries,
  REPORT_GROUP_KEY_MAX_LENGTH,
  ReportRateView,
  ReportMetaView,
} from '../query/report.views';

/** First resolution, FCR, reopen and 24 h belong to the first solve and its assignee. */
export const FIRST_SOLVE_ATTRIBUTION: Attribution = {
  at: 't.first_solved_at',
  agent: 't.first_solve_assignee_id',
  team: 't.first_solve_team_id',
};

/** Full resolution belongs to the last (standing) solve and its assignee. */
export const FULL_SOLVE_ATTRIBUTION: Attribution = {
  at: 't.solved_at',
  agent: 't.solve_assignee_id',
  team: 't.solve_team_id',
};

/** Escalation rate is over the tickets opened in the period, held by their current assignee. */
export const OPENING_ATTRIBUTION: Attribution = {
  at: 't.opened_at',
  agent: 't.assignee_id',
  team: 't.team_id',
};

const DAY_MS = 24 * 3_600_000;
export const BACKLOG_BANDS = [
  { band: 'under_1d', fromMs: 0, toMs: DAY_MS },
  { band: '1d_to_3d', fromMs: DAY_MS, toMs: 3 * DAY_MS },
  { band: '3d_to_7d', fromMs: 3 * DAY_MS, toMs: 7 * DAY_MS },
  { band: '7d_to_30d', fromMs: 7 * DAY_MS, toMs: 30 * DAY_MS },
  { band: 'over_30d', fromMs: 30 * DAY_MS, toMs: null },
] as const;

export class ResolutionDurationView extends DurationFiguresView {
  @ApiProperty({ minimum: 0 })
  count!: number;
}

export class EscalationBreakdownView {
  @ApiProperty({
    description: 'The reason, or the level escalated to.',
    type: String,
    maxLength: REASON_MAX_LENGTH,
  })
  key!: string;

  @ApiProperty({
    description: 'Escalations with this key (a ticket escalated twice counts twice).',
    minimum: 0,
  })
  escalations!: number;

  @ApiProperty({ description: 'Tickets escalated at least once with this key.', minimum: 0 })
  tickets!: number;
}

const MAX_ESCALATION_REASONS = maxSerialisableEntries({ key: '', escalations: 0, tickets: 0 });

export class EscalationView {
  @ApiProperty({
    type: ReportRateView,
    description:
      'Tickets opened in the period and escalated at least once / tickets opened in the period.',
  })
  rate!: ReportRateView;

  @ApiProperty({
    type: [EscalationBreakdownView],
    maxItems: MAX_ESCALATION_REASONS,
    description: 'Keyed by the reason given (free text: as many as were written).',
  })
  byReason!: EscalationBreakdownView[];

  @ApiProperty({
    type: [EscalationBreakdownView],
    maxItems: SUPPORT_LEVELS.length,
    description: 'Keyed by the level escalated to.',
  })
  byLevel!: EscalationBreakdownView[];
}

export class ResolutionFiguresView {
  @ApiProperty({
    type: ResolutionDurationView,
    description: 'Opening to first solve, for first solves in the period.',
  })
  firstResolution!: ResolutionDurationView;

  @ApiProperty({
    type: ResolutionDurationView,
    description: 'Opening to the last solve (still standing), for those solves in the period.',
  })
  fullResolution!: ResolutionDurationView;

  @ApiProperty({
    type: ReportRateView,
    description:
      'One-touch: solved with exactly one public agent reply and never reopened / tickets first solved in the period.',
  })
  firstContactResolution!: ReportRateView;

  @ApiProperty({
    type: ReportRateView,
    description: 'Tickets first solved in the period and reopened at least once / those tickets.',
  })
  reopen!: ReportRateView;

  @ApiProperty({
    type: ReportRateView,
    description:
      'First resolutions in the period within 24 calendar hours / first resolutions in the period.',
  })
  solvedWithin24h!: ReportRateView;

  @ApiProperty({
    type: ReportRateView,
    description: 'Tickets opened in the period and escalated / tickets opened in the period.',
  })
  escalation!: ReportRateView;
}

export class ResolutionGroupView extends ResolutionFiguresView {
  @ApiProperty({ type: String, nullable: true, maxLength: REPORT_GROUP_KEY_MAX_LENGTH })
  key!: string | null;
}

export class BacklogBandView {
  @ApiProperty({ enum: BACKLOG_BANDS.map((b) => b.band) })
  band!: string;

  @ApiProperty({ minimum: 0 })
  count!: number;
}

/** Agent and team groups are as many as the directory holds: bounded by the body's size only. */
const MAX_RESOLUTION_GROUPS = maxSerialisableEntries({
  key: null,
  firstResolution: { count: 0, ...EMPTY_DURATIONS },
  fullResolution: { count: 0, ...EMPTY_DURATIONS },
  firstContactResolution: EMPTY_RATE,
  reopen: EMPTY_RATE,
  solvedWithin24h: EMPTY_RATE,
  escalation: EMPTY_RATE,
});

export class ResolutionReportView extends ReportMetaView {
  @ApiProperty({ type: ResolutionFiguresView })
  total!: ResolutionFiguresView;

  @ApiProperty({
    type: [ResolutionGroupView],
    maxItems: MAX_RESOLUTION_GROUPS,
    description: 'One entry per group when `groupBy` is given.',
  })
  groups!: ResolutionGroupView[];

  @ApiProperty({
    type: EscalationView,
    description: 'Escalations of the tickets opened in the period, by reason and level.',
  })
  escalations!: EscalationView;

  @ApiProperty({
    type: [BacklogBandView],
    maxItems: BACKLOG_BANDS.length,
    description: 'Unsolved tickets now, by age since opening (not bound to the period).',
  })
  backlog!: BacklogBandView[];
}

type Body = Omit<ResolutionReportView, keyof ReportMetaView>;
type Row = Record<string, unknown>;

async function aggregate(
  run: Run,
  criteria: ReportCriteria,
  attribution: Attribution,
  columns: string,
  aggregates: string,
): Promise<{ total: Row; groups: Map<string | null, Row> }> {
  const params = new SqlParams();
  const grouped = criteria.groupBy !== null;
  const key = grouped
    ? groupKey(criteria.groupBy, attribution, params, criteria.timeZone)
    : 'NULL::text';
  const where = filtersOf(attribution, criteria, params);
  const inner = `SELECT ${key} AS k, ${columns} FROM report_tickets t
    WHERE ${attribution.at} IS NOT NULL AND ${where.join(' AND ')}`;
  const rows = await run(groupedAggregate(inner, aggregates, grouped), params.values);
  const groups = new Map<string | null, Row>();
  for (const row of rows)
    if (row.is_total !== true) groups.set((row.k as string | null) ?? null, row);
  return { total: rows.find((row) => row.is_total === true) ?? {}, groups };
}

function durationOf(row: Row, prefix: string): ResolutionDurationView {
  const calendar = distributionOf(row, `${prefix}_cal`);
  return { count: calendar.count, calendar, business: distributionOf(row, `${prefix}_bus`) };
}

function figuresOf(first: Row, full: Row, opened: Row): ResolutionFiguresView {
  const solved = Number(first.solved ?? 0);
  return {
    firstResolution: durationOf(first, 'first'),
    fullResolution: durationOf(full, 'full'),
    firstContactResolution: rate(Number(first.fcr ?? 0), solved),
    reopen: rate(Number(first.reopened ?? 0), solved),
    solvedWithin24h: rate(Number(first.within_24h ?? 0), solved),
    escalation: rate(Number(opened.escalated ?? 0), Number(opened.opened ?? 0)),
  };
}

export async function resolutionReport(run: Run, criteria: ReportCriteria): Promise<Body> {
  const main = histogramApplies(criteria)
    ? await viaRollups(run, criteria)
    : (await hourPathServed(run, criteria))
      ? await viaHourRollups(run, criteria)
      : agentGroupApplies(criteria) && (await rollupsServed(run, AGENT_MEASURES_VERSION))
        ? await viaHolderRollups(run, criteria, 'agent')
        : teamHistogramApplies(criteria) && (await groupRollupsServed(run))
          ? await viaHolderRollups(run, criteria, 'team')
          : (await cellPathServed(run, criteria))
            ? await viaCellRollups(run, criteria)
            : await viaFacts(run, criteria);
  return { ...main, backlog: await backlog(run, criteria) };
}

async function viaFacts(run: Run, criteria: ReportCriteria): Promise<Omit<Body, 'backlog'>> {
  const first = await aggregate(
    run,
    criteria,
    FIRST_SOLVE_ATTRIBUTION,
    't.first_resolution_calendar_ms, t.first_resolution_business_ms, t.fcr, t.reopen_count, t.solved_within_24h',
    `${statsColumns('first_resolution_calendar_ms', 'first_cal')},
     ${statsColumns('first_resolution_business_ms', 'first_bus')},
     count(*)::int AS solved,
     count(*) FILTER (WHERE fcr)::int AS fcr,
     count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
     count(*) FILTER (WHERE solved_within_24h)::int AS within_24h`,
  );
  const full = await aggregate(
    run,
    criteria,
    FULL_SOLVE_ATTRIBUTION,
    't.full_resolution_calendar_ms, t.full_resolution_business_ms',
    `${statsColumns('full_resolution_calendar_ms', 'full_cal')},
     ${statsColumns('full_resolution_business_ms', 'full_bus')}`,
  );
  const opened = await aggregate(
    run,
    criteria,
    OPENING_ATTRIBUTION,
    't.escalation_count',
    'count(*)::int AS opened, count(*) FILTER (WHERE escalation_count > 0)::int AS escalated',
  );
  const keys = new Set<string | null>([
    ...first.groups.keys(),
    ...full.groups.keys(),
    ...opened.groups.keys(),
  ]);
  const groups = [...keys]
    .sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({
      key,
      ...figuresOf(
        first.groups.get(key) ?? {},
        full.groups.get(key) ?? {},
        opened.groups.get(key) ?? {},
      ),
    }));
  return {
    total: figuresOf(first.total, full.total, opened.total),
    groups,
    escalations: {
      rate: rate(Number(opened.total.escalated ?? 0), Number(opened.total.opened ?? 0)),
      ...(await escalationBreakdowns(run, criteria)),
    },
  };
}

export const RESOLUTION_KINDS: readonly HistogramKind[] = [
  {
    kind: 2,
    column: 'first_resolution_calendar_ms',
    bucket: 'first_res_calendar_bucket',
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    agent: 'first_solve_assignee_id',
  },
  {
    kind: 3,
    column: 'first_resolution_business_ms',
    bucket: 'first_res_business_bucket',
    at: 'first_solved_at',
    team: 'first_solve_team_id',
    agent: 'first_solve_assignee_id',
  },
  {
    kind: 4,
    column: 'full_resolution_calendar_ms',
    bucket: 'full_res_calendar_bucket',
    at: 'solved_at',
    team: 'solve_team_id',
    agent: 'solve_assignee_id',
  },
  {
    kind: 5,
    column: 'full_resolution_business_ms',
    bucket: 'full_res_business_bucket',
    at: 'solved_at',
    team: 'solve_team_id',
    agent: 'solve_assignee_id',
  },
];

type ResolutionDay = {
  readonly k: string;
  readonly first_solved: number;
  readonly fcr: number;
  readonly reopened: number;
  readonly within_24h: number;
  readonly full_solved: number;
  readonly opened: number;
  readonly escalated: number;
};

/**
 * No dimension filter, ungrouped or by local day/week/month in any zone: the durations by the
 * exact two-step method (query/exact-histogram.ts, kinds 2-5), the rates and escalation
 * breakdowns from the per-day counters, each corrected by the slivers of query/period-plan.ts.
 * Same numbers as viaFacts, without reading a year of ticket rows.
 */
async function viaRollups(run: Run, criteria: ReportCriteria): Promise<Omit<Body, 'backlog'>> {
  const distributions = await exactDistributions(run, criteria, RESOLUTION_KINDS);
  return fromRollups(
    criteria,
    distributions,
    await resolutionCounts(run, planAt(plannedGroups(criteria), 'day')),
    await dailyEscalations(run, criteria),
  );
}

/** By local hour without filters (query/hour-groups.ts hourPathServed). */
async function viaHourRollups(run: Run, criteria: ReportCriteria): Promise<Omit<Body, 'backlog'>> {
  const hours = hourGroupsOf(criteria);
  if (hours === null) throw new Error('no hour groups (checked before choosing the path)');
  const distributions = await hourDistributions(run, criteria, hours, RESOLUTION_KINDS);
  return fromRollups(
    criteria,
    distributions,
    (await hourCounts(
      run,
      hours,
      RESOLUTION_MEASURES,
      resolutionSlivers,
    )) as unknown as ResolutionDay[],
    await dailyEscalations(run, criteria),
  );
}

/** report_resolution_daily's counters over a plan (whole UTC hours from report_hour_counts). */
async function resolutionCounts(run: Run, plan: GrainPlan): Promise<ResolutionDay[]> {
  const rows = await sumPlanned(
    run,
    plan,
    RESOLUTION_COLUMNS,
    (cores) =>
      `SELECT p.k, NULL::text AS g, ${RESOLUTION_COLUMNS.map((c) => `d.${c}`).join(', ')}
       FROM ${cores} JOIN report_resolution_daily d ON d.day >= p.lo AND d.day < p.hi`,
    (slivers) => resolutionSlivers(slivers),
    { hourly: (await rollupsServed(run, HOUR_COUNTS_VERSION)) ? RESOLUTION_MEASURES : null },
  );
  return rows as unknown as ResolutionDay[];
}

/** report_resolution_daily's counters, as the projection names them. */
const RESOLUTION_COLUMNS = RESOLUTION_COUNTERS;

/**
 * report_resolution_daily's counters from the fact rows of the slivers, as the projection counts
 * them: the first solve's figures at the first solve, the standing solve at it, the opening
 * cohort at the opening.
 */
function resolutionSlivers(slivers: string): string {
  const row = (
    at: string,
    counters: Partial<Record<(typeof RESOLUTION_COLUMNS)[number], string>>,
  ) =>
    `SELECT s.k, NULL::text AS g, ${RESOLUTION_COLUMNS.map((c) => {
      const condition = counters[c];
      return condition === undefined ? `0 AS ${c}` : `${signedCount(condition)} AS ${c}`;
    }).join(', ')}
     FROM ${slivers} JOIN ${sliverTickets(at)} ON true GROUP BY 1`;
  return [
    row('first_solved_at', {
      first_solved: 'TRUE',
      fcr: 't.fcr',
      reopened: 't.reopen_count > 0',
      within_24h: 't.solved_within_24h IS TRUE',
    }),
    row('solved_at', { full_solved: 'TRUE' }),
    row('opened_at', { opened: 'TRUE', escalated: 't.escalation_count > 0' }),
  ].join('\nUNION ALL\n');
}

/** The resolution counters as report_team_monthly and the cells name them (the same codes). */
const RESOLUTION_MEASURES = [
  { name: 'first_solved', measure: TEAM_MEASURES.firstSolved },
  { name: 'fcr', measure: TEAM_MEASURES.fcr },
  { name: 'reopened', measure: TEAM_MEASURES.reopened },
  { name: 'within_24h', measure: TEAM_MEASURES.within24h },
  { name: 'full_solved', measure: TEAM_MEASURES.fullSolved },
  { name: 'opened', measure: TEAM_MEASURES.opened },
  { name: 'escalated', measure: TEAM_MEASURES.escalated },
] as const;

/**
 * By team, or by agent (an agent's own report included): report_group_histogram per team or
 * agent and report_team_* or report_agent_measures_*, each with their slivers; none (NO_TEAM,
 * NO_AGENT: '') is the null key. An agent's escalation breakdown from the fact rows of the
 * tickets they hold.
 */
async function viaHolderRollups(
  run: Run,
  criteria: ReportCriteria,
  holder: 'team' | 'agent',
): Promise<Omit<Body, 'backlog'>> {
  const distributions = await exactDistributionsByGroup(
    run,
    criteria,
    RESOLUTION_KINDS,
    GROUP_DIMENSIONS[holder],
    { withTotal: true, medianOnly: false },
  );
  const counted = await holderCounts(run, criteria, RESOLUTION_MEASURES, holder);
  const rows = counted.map((row) => ({
    ...row,
    k: row.g ?? NO_TEAM,
  })) as unknown as ResolutionDay[];
  const breakdown: EscalationCount[] =
    criteria.agents.length === 0
      ? await dailyEscalations(run, criteria)
      : await escalationBreakdowns(run, criteria).then(({ byReason, byLevel }) => [
          ...byReason.map((row) => ({ dimension: 0, ...row })),
          ...byLevel.map((row) => ({ dimension: 1, ...row })),
        ]);
  return fromRollups(criteria, distributions, rows, breakdown);
}

/** Without filters: the escalation breakdown from report_escalation_daily and its slivers. */
async function dailyEscalations(run: Run, criteria: ReportCriteria): Promise<EscalationCount[]> {
  return escalationCountsOf(
    await sumPlanned(
      run,
      planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day'),
      ['escalations', 'tickets'],
      (cores) =>
        `SELECT p.k, d.dimension::text || '|' || d.key AS g, d.escalations, d.tickets
         FROM ${cores} JOIN report_escalation_daily d ON d.day >= p.lo AND d.day < p.hi`,
      // Per ticket opened in a sliver: its escalations per reason and per level reached.
      (slivers) =>
        `SELECT s.k, e.dimension::text || '|' || e.key AS g,
                sum(s.sign * e.n) AS escalations, sum(s.sign) AS tickets
         FROM ${slivers} JOIN ${sliverTickets('opened_at')} ON true
         JOIN ${ESCALATIONS_OF_TICKET} ON true
         GROUP BY 1, 2`,
    ),
  );
}

/** Filtered, or by channel, type or priority: the cells (query/cell-rollups.ts). */
async function viaCellRollups(run: Run, criteria: ReportCriteria): Promise<Omit<Body, 'backlog'>> {
  const distributions = await exactDistributionsByCell(run, criteria, RESOLUTION_KINDS);
  const counted = await cellCounts(run, criteria, RESOLUTION_MEASURES);
  const byTime = groupedByTime(criteria);
  const rows = counted.map((row) => ({
    ...row,
    k: byTime ? row.k : (row.g ?? ''),
  })) as unknown as ResolutionDay[];
  // The breakdown is over the whole period: without filters (grouped by channel, type or
  // priority) the daily rollup answers it (the cells' month slivers read 249 ms mid-month).
  const breakdown = withoutFilters(criteria, false)
    ? await dailyEscalations(run, criteria)
    : await cellEscalations(run, criteria);
  return fromRollups(criteria, distributions, rows, breakdown);
}

/** The figures from the exact distributions and the counters per group key ('*': all). */
function fromRollups(
  criteria: ReportCriteria,
  distributions: ExactDistributions,
  days: readonly ResolutionDay[],
  breakdown: readonly EscalationCount[],
): Omit<Body, 'backlog'> {
  // By team or agent, none (NO_TEAM, NO_AGENT: '') is the null key, listed last.
  const byTeam = criteria.groupBy === 'team' || criteria.groupBy === 'agent';
  const sum = (rows: readonly ResolutionDay[], column: keyof Omit<ResolutionDay, 'k'>): number =>
    rows.reduce((total, row) => total + row[column], 0);
  // Indexed once: a year by hour has 8,760 groups.
  const byKey = new Map<string, ResolutionDay[]>();
  for (const row of days) {
    const rows = byKey.get(row.k);
    if (rows === undefined) byKey.set(row.k, [row]);
    else rows.push(row);
  }
  const figures = (key: string): ResolutionFiguresView => {
    const rows = key === '*' ? days : (byKey.get(key) ?? []);
    const perKind = distributions.get(key);
    const duration = (calendarKind: number, businessKind: number): ResolutionDurationView => {
      const calendar = perKind?.get(calendarKind) ?? EMPTY_DISTRIBUTION;
      return {
        count: calendar.count,
        calendar,
        business: perKind?.get(businessKind) ?? EMPTY_DISTRIBUTION,
      };
    };
    const solved = sum(rows, 'first_solved');
    return {
      firstResolution: duration(2, 3),
      fullResolution: duration(4, 5),
      firstContactResolution: rate(sum(rows, 'fcr'), solved),
      reopen: rate(sum(rows, 'reopened'), solved),
      solvedWithin24h: rate(sum(rows, 'within_24h'), solved),
      escalation: rate(sum(rows, 'escalated'), sum(rows, 'opened')),
    };
  };
  // A group is there when any of its three cohorts (first solves, standing solves, openings) is.
  const keys =
    criteria.groupBy === null
      ? []
      : days
          .filter((row) => row.first_solved + row.full_solved + row.opened > 0)
          .map((row) => row.k)
          .sort((a, b) =>
            byTeam && a === NO_TEAM ? 1 : byTeam && b === NO_TEAM ? -1 : a < b ? -1 : a > b ? 1 : 0,
          );
  const total = figures('*');
  const pick = (dimension: number) =>
    breakdown
      .filter((row) => row.dimension === dimension)
      .map(({ key, escalations, tickets }) => ({ key, escalations, tickets }));
  return {
    total,
    groups: keys.map((key) => ({
      key: byTeam && key === NO_TEAM ? null : key,
      ...figures(key),
    })),
    escalations: {
      rate: total.escalation,
      byReason: pick(0),
      byLevel: pick(1).sort((a, b) => Number(a.key) - Number(b.key)),
    },
  };
}

async function escalationBreakdowns(
  run: Run,
  criteria: ReportCriteria,
): Promise<Pick<EscalationView, 'byReason' | 'byLevel'>> {
  const params = new SqlParams();
  const where = filtersOf(OPENING_ATTRIBUTION, criteria, params).join(' AND ');
  const rows = await run<{ dimension: string; key: string; escalations: number; tickets: number }>(
    `SELECT CASE WHEN GROUPING(e.reason) = 0 THEN 'reason' ELSE 'level' END AS dimension,
            COALESCE(e.reason, e.to_level::text) AS key,
            count(*)::int AS escalations, count(DISTINCT e.ticket_id)::int AS tickets
     FROM report_escalations e JOIN report_tickets t ON t.ticket_id = e.ticket_id
     WHERE ${where}
     GROUP BY GROUPING SETS ((e.reason), (e.to_level))
     ORDER BY 1, 2`,
    params.values,
  );
  const pick = (dimension: string) =>
    rows
      .filter((row) => row.dimension === dimension)
      .map(({ key, escalations, tickets }) => ({ key, escalations, tickets }));
  const byLevel = pick('level').sort((a, b) => Number(a.key) - Number(b.key));
  return { byReason: pick('reason'), byLevel };
}

/**
 * Without filters: unsolved tickets opened at or before X, for each band boundary X, from the
 * per-day counts of the days before X's day and the rows of X's own day (one index range each).
 */
async function backlogByDay(run: Run, criteria: ReportCriteria): Promise<BacklogBandView[]> {
  const instants = [0, ...BACKLOG_BANDS.map((b) => b.toMs).filter((ms) => ms !== null)].map(
    (ageMs) => criteria.nowMs - ageMs,
  );
  const rows = await run<{ i: number; n: number }>(
    `SELECT q.i,
       (SELECT COALESCE(sum(b.n), 0) FROM report_backlog_daily b WHERE b.day < q.day)::int
       + (SELECT count(*) FROM report_tickets t
          WHERE t.status NOT IN ('solved', 'closed')
            AND t.opened_at >= q.day::timestamp AT TIME ZONE 'UTC' AND t.opened_at <= q.at)::int AS n
     FROM unnest($1::int[], $2::timestamptz[], $3::date[]) AS q(i, at, day)`,
    [
      instants.map((_, i) => i),
      instants.map((ms) => new Date(ms).toISOString()),
      instants.map((ms) => new Date(ms).toISOString().slice(0, 10)),
    ],
  );
  // atOrBefore[i]: unsolved tickets opened at or before now − (i = 0: nothing, else band i−1's end).
  const atOrBefore = instants.map((_, i) => rows.find((row) => row.i === i)?.n ?? 0);
  return BACKLOG_BANDS.map((b, i) => ({
    band: b.band,
    // Ages in [from, to): opened in (now − to, now − from].
    count: (atOrBefore[i] ?? 0) - (b.toMs === null ? 0 : (atOrBefore[i + 1] ?? 0)),
  }));
}

async function backlog(run: Run, criteria: ReportCriteria): Promise<BacklogBandView[]> {
  const unfiltered =
    criteria.agents.length +
      criteria.teams.length +
      criteria.channels.length +
      criteria.priorities.length +
      criteria.types.length ===
    0;
  if (unfiltered) return backlogByDay(run, criteria);
  const params = new SqlParams();
  const now = params.add(new Date(criteria.nowMs).toISOString());
  const where = [
    "t.status NOT IN ('solved', 'closed')",
    `t.opened_at <= ${now}::timestamptz`,
    ...filtersOf(OPENING_ATTRIBUTION, criteria, params, { period: false }),
  ].join(' AND ');
  const cases = BACKLOG_BANDS.map(
    (b, i) =>
      `WHEN ${now}::timestamptz - t.opened_at < interval '${b.toMs === null ? '1000 years' : `${b.toMs / 1000} seconds`}' THEN ${i}`,
  ).join(' ');
  const rows = await run<{ band: number; n: number }>(
    `SELECT CASE ${cases} END AS band, count(*)::int AS n FROM report_tickets t WHERE ${where} GROUP BY 1`,
    params.values,
  );
  return BACKLOG_BANDS.map((b, i) => ({
    band: b.band,
    count: rows.find((row) => row.band === i)?.n ?? 0,
  }));
}

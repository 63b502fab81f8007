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
    backlog: await backlog(run, criteria),
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

async function backlog(run: Run, criteria: ReportCriteria): Promise<BacklogBandView[]> {
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

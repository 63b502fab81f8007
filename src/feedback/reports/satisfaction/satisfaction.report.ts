import { ApiProperty } from '@nestjs/swagger';
import type { Principal } from '../../../auth/principal';
import type { ReportCriteria } from '../query/report-criteria';
import type { GroupBy } from '../query/report.query.dto';
import { filtersOf, groupKey, SqlParams, timeBucket, type Attribution } from '../query/report-sql';
import type { Run } from '../query/report-snapshot';
import { CELL_MEASURES } from '../facts/cell-rollups';
import { NO_TEAM } from '../facts/group-rollups';
import { cellCounts, cellPathServed } from '../query/cell-rollups';
import { hourCounts, hourGroupsOf, hourPathServed } from '../query/hour-groups';
import { groupRollupsServed, withoutFilters } from '../query/exact-histogram';
import {
  monthsAndDays,
  periodGroupsOf,
  plannedGroups,
  planAt,
  signedCount,
  SLIVER_SURVEYS,
  sumPlanned,
  type PlannedRow,
} from '../query/period-plan';
import { TICKET_ID_MAX_LENGTH } from '../../../tickets/open-ticket/ticket-command.http';
import { FOLLOW_UP_SOURCES } from '../../follow-ups/follow-up.events';
import { SURVEY_COMMENT_MAX_LENGTH } from '../../surveys/answer-survey/answer-survey.request.dto';
import {
  MAX_TIME_BUCKETS,
  maxSerialisableEntries,
  REPORT_DATE_TIME,
  REPORT_GROUP_KEY_MAX_LENGTH,
  REPORT_ID_MAX_LENGTH,
  ReportMetaView,
} from '../query/report.views';

/**
 * CSAT is over the surveys sent in the period (so the response rate and CSAT % describe the same
 * surveys), attributed to the agent being rated (the assignee at solve) and the solving team.
 */
export const CSAT_ATTRIBUTION: Attribution = {
  at: 's.issued_at',
  agent: 's.agent_id',
  team: 'COALESCE(t.solve_team_id, t.first_solve_team_id)',
};

export const MAX_COMMENTS = 50;
export const MAX_FOLLOW_UPS_LISTED = 50;
const DAY_MS = 24 * 3_600_000;

export class CsatFiguresView {
  @ApiProperty({ description: 'CSAT surveys sent in the period.', minimum: 0 })
  surveysSent!: number;

  @ApiProperty({
    description: 'Of those, answered (the standing answer; replaced answers do not count).',
    minimum: 0,
  })
  rated!: number;

  @ApiProperty({ description: 'Answers of 4 or 5.', minimum: 0 })
  satisfied!: number;

  @ApiProperty({
    description: 'satisfied / rated × 100; unrated surveys excluded. Null with no answers.',
    type: Number,
    nullable: true,
  })
  csatPercent!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  averageScore!: number | null;

  @ApiProperty({ description: 'rated / surveys sent, in [0, 1].', type: Number, nullable: true })
  responseRate!: number | null;
}

export class CsatGroupView extends CsatFiguresView {
  @ApiProperty({ type: String, nullable: true, maxLength: REPORT_GROUP_KEY_MAX_LENGTH })
  key!: string | null;
}

export class NpsFiguresView {
  @ApiProperty({ minimum: 0 })
  responses!: number;

  @ApiProperty({ description: 'Scores 9-10.', minimum: 0 })
  promoters!: number;

  @ApiProperty({ description: 'Scores 7-8 (in the denominator only).', minimum: 0 })
  passives!: number;

  @ApiProperty({ description: 'Scores 0-6.', minimum: 0 })
  detractors!: number;

  @ApiProperty({
    description: '% promoters − % detractors, −100 to +100; null with no responses.',
    type: Number,
    nullable: true,
  })
  nps!: number | null;
}

export class ReportTrendPointView {
  @ApiProperty({
    description:
      'Time bucket in the report time zone (`2026-03-02T09:00`, `2026-03-02`, `2026-03`).',
    maxLength: 16,
  })
  bucket!: string;

  @ApiProperty({ type: CsatFiguresView })
  csat!: CsatFiguresView;

  @ApiProperty({ type: NpsFiguresView, nullable: true })
  nps!: NpsFiguresView | null;
}

export class LowScoreCommentView {
  @ApiProperty({ enum: ['csat', 'nps'] })
  kind!: 'csat' | 'nps';

  @ApiProperty({ format: 'uuid', maxLength: 36 })
  surveyId!: string;

  @ApiProperty({ type: String, nullable: true, maxLength: TICKET_ID_MAX_LENGTH })
  ticketId!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: REPORT_ID_MAX_LENGTH })
  agentId!: string | null;

  @ApiProperty()
  score!: number;

  @ApiProperty({ maxLength: SURVEY_COMMENT_MAX_LENGTH })
  comment!: string;

  @ApiProperty(REPORT_DATE_TIME)
  ratedAt!: string;
}

export class ReportFollowUpView {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  followUpId!: string;

  @ApiProperty({ enum: ['open', 'acknowledged', 'contacted'] })
  status!: string;

  @ApiProperty({ enum: FOLLOW_UP_SOURCES, type: String, nullable: true })
  source!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: TICKET_ID_MAX_LENGTH })
  ticketId!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: REPORT_ID_MAX_LENGTH })
  customerId!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  score!: number | null;

  @ApiProperty(REPORT_DATE_TIME)
  raisedAt!: string;
}

export class UnresolvedFollowUpsView {
  @ApiProperty({
    description: 'Follow-ups raised and not resolved (now, whatever the period).',
    minimum: 0,
  })
  count!: number;

  @ApiProperty({
    type: [ReportFollowUpView],
    maxItems: MAX_FOLLOW_UPS_LISTED,
    description: `The oldest ${MAX_FOLLOW_UPS_LISTED}.`,
  })
  oldest!: ReportFollowUpView[];
}

/** Agent and team groups are as many as the directory holds: bounded by the body's size only. */
const MAX_CSAT_GROUPS = maxSerialisableEntries({
  key: null,
  surveysSent: 0,
  rated: 0,
  satisfied: 0,
  csatPercent: null,
  averageScore: null,
  responseRate: null,
});

export class SatisfactionReportView extends ReportMetaView {
  @ApiProperty({ type: CsatFiguresView })
  csat!: CsatFiguresView;

  @ApiProperty({
    type: [CsatGroupView],
    maxItems: MAX_CSAT_GROUPS,
    description: 'CSAT per group when `groupBy` is given.',
  })
  groups!: CsatGroupView[];

  @ApiProperty({
    type: NpsFiguresView,
    nullable: true,
    description:
      'Relationship NPS of the ratings given in the period (customers, not tickets: the dimension filters do not apply). Null for agents.',
  })
  nps!: NpsFiguresView | null;

  @ApiProperty({
    enum: ['hour', 'day', 'week', 'month'],
    description:
      'The bucket of `trend`: `groupBy` when it is a time bucket, else chosen from the period length.',
  })
  trendBy!: GroupBy;

  @ApiProperty({ type: [ReportTrendPointView], maxItems: MAX_TIME_BUCKETS })
  trend!: ReportTrendPointView[];

  @ApiProperty({
    type: [LowScoreCommentView],
    maxItems: 2 * MAX_COMMENTS,
    description: `CSAT 1-2 and NPS detractor comments, newest first (at most ${MAX_COMMENTS} of each).`,
  })
  lowScoreComments!: LowScoreCommentView[];

  @ApiProperty({ type: UnresolvedFollowUpsView, nullable: true, description: 'Null for agents.' })
  unresolvedFollowUps!: UnresolvedFollowUpsView | null;
}

type Body = Omit<SatisfactionReportView, keyof ReportMetaView>;
type Row = Record<string, unknown>;

export function csatFiguresOf(row: Row): CsatFiguresView {
  const sent = Number(row.sent ?? 0);
  const rated = Number(row.rated ?? 0);
  const satisfied = Number(row.satisfied ?? 0);
  const total = Number(row.score_sum ?? 0);
  return {
    surveysSent: sent,
    rated,
    satisfied,
    csatPercent: rated === 0 ? null : (satisfied / rated) * 100,
    averageScore: rated === 0 ? null : total / rated,
    responseRate: sent === 0 ? null : rated / sent,
  };
}

function npsFiguresOf(row: Row): NpsFiguresView {
  const promoters = Number(row.promoters ?? 0);
  const passives = Number(row.passives ?? 0);
  const detractors = Number(row.detractors ?? 0);
  const responses = promoters + passives + detractors;
  return {
    responses,
    promoters,
    passives,
    detractors,
    // One division, as src/feedback/metrics nps().
    nps: responses === 0 ? null : ((promoters - detractors) * 100) / responses,
  };
}

export const CSAT_AGGREGATES = `count(*)::int AS sent, count(score)::int AS rated,
  count(*) FILTER (WHERE score >= 4)::int AS satisfied, COALESCE(sum(score), 0)::int AS score_sum`;

const NPS_AGGREGATES = `count(*) FILTER (WHERE score >= 9)::int AS promoters,
  count(*) FILTER (WHERE score BETWEEN 7 AND 8)::int AS passives,
  count(*) FILTER (WHERE score <= 6)::int AS detractors`;

/**
 * Surveys with their tickets: outer when grouping (a survey without its ticket row is a group of
 * its own), inner when a ticket dimension filters (such a survey never matches).
 */
const CSAT_WITH_TICKETS =
  'report_csat_surveys s LEFT JOIN report_tickets t ON t.ticket_id = s.ticket_id';
const CSAT_OF_TICKETS = 'report_csat_surveys s JOIN report_tickets t ON t.ticket_id = s.ticket_id';

/**
 * The surveys, joined to their tickets only when a ticket dimension (team, channel, priority,
 * type) filters or groups them: the join is most of the cost over a year of surveys.
 */
export function csatFrom(criteria: ReportCriteria): string {
  const ticketGroup = ['team', 'channel', 'priority', 'type'].includes(criteria.groupBy ?? '');
  const ticketFilter =
    criteria.teams.length +
      criteria.channels.length +
      criteria.priorities.length +
      criteria.types.length >
    0;
  // Filtered by a ticket dimension, a survey without its ticket row never matches: an inner join,
  // so the planner can start from the matching tickets (a team's CSAT per agent over a year:
  // 390 → 40 ms; the outer join hashed every ticket).
  if (ticketFilter) return CSAT_OF_TICKETS;
  return ticketGroup ? CSAT_WITH_TICKETS : 'report_csat_surveys s';
}

const TIME_GROUPS: readonly GroupBy[] = ['day', 'week', 'month'];
const CSAT_COUNTS = ['sent', 'rated', 'satisfied', 'score_sum'] as const;

/**
 * No ticket or agent dimension, ungrouped or by local day/week/month, in any zone:
 * report_csat_daily has every count needed over each trend bucket's nearest whole UTC days, and
 * the survey rows of the slivers at its ends correct them (query/period-plan.ts).
 */
function dailyApplies(criteria: ReportCriteria, trendBy: GroupBy): boolean {
  return (
    (criteria.groupBy === null || TIME_GROUPS.includes(criteria.groupBy)) &&
    TIME_GROUPS.includes(trendBy) &&
    withoutFilters(criteria, false) &&
    periodGroupsOf({ ...criteria, groupBy: trendBy }) !== null
  );
}

/** A survey's signed counts (csatCountsOf) from the survey rows `c` of a sliver. */
export const SLIVER_CSAT_COUNTS = `${signedCount()} AS sent, ${signedCount('c.score IS NOT NULL')} AS rated,
  ${signedCount('c.score >= 4')} AS satisfied, sum(s.sign * COALESCE(c.score, 0)) AS score_sum`;

/**
 * The same rows as the survey scan (total, groups, trend) from the per-day counts: the trend
 * buckets are the plan's groups (grouped by time, the groups are the trend buckets too).
 */
async function csatFromDaily(
  run: Run,
  criteria: ReportCriteria,
  trendBy: GroupBy,
): Promise<Record<string, unknown>[]> {
  const buckets = plannedGroups({ ...criteria, groupBy: trendBy });
  const counted = await sumPlanned(
    run,
    planAt(buckets, 'day'),
    CSAT_COUNTS,
    (cores) =>
      `SELECT p.k, NULL::text AS g, ${CSAT_COUNTS.map((c) => `d.${c}`).join(', ')}
       FROM ${cores} JOIN report_csat_daily d ON d.day >= p.lo AND d.day < p.hi`,
    csatSlivers,
  );
  return csatRowsOf(criteria, counted);
}

/** The survey rows' CSAT counts of slivers. */
const csatSlivers = (slivers: string): string =>
  `SELECT s.k, NULL::text AS g, ${SLIVER_CSAT_COUNTS}
   FROM ${slivers} JOIN ${SLIVER_SURVEYS} ON true
   GROUP BY 1`;

/** CSAT as report_hour_counts keeps it per UTC hour sent (the cells' measure codes). */
const CSAT_HOURLY = [
  { name: 'sent', measure: CELL_MEASURES.csatSent },
  { name: 'rated', measure: CELL_MEASURES.csatRated },
  { name: 'satisfied', measure: CELL_MEASURES.csatSatisfied },
  { name: 'score_sum', measure: CELL_MEASURES.csatScoreSum },
];

/** By local hour without filters (query/hour-groups.ts): the groups are the trend buckets. */
async function csatFromHours(
  run: Run,
  criteria: ReportCriteria,
): Promise<Record<string, unknown>[]> {
  const hours = hourGroupsOf(criteria);
  if (hours === null) throw new Error('no hour groups (checked before choosing the path)');
  return csatRowsOf(criteria, await hourCounts(run, hours, CSAT_HOURLY, csatSlivers));
}

/** The survey scan's rows (total, groups, trend) from counts per trend bucket (k). */
function csatRowsOf(
  criteria: ReportCriteria,
  counted: readonly PlannedRow[],
): Record<string, unknown>[] {
  const counts = (rows: readonly PlannedRow[]) =>
    Object.fromEntries(CSAT_COUNTS.map((c) => [c, rows.reduce((sum, row) => sum + row[c], 0)]));
  const sent = counted.filter((row) => row.sent !== 0);
  return [
    { set: 0, k: null, b: null, ...counts(counted) },
    ...(criteria.groupBy === null
      ? []
      : sent.map((row) => ({ set: 1, k: row.k, b: null, ...counts([row]) }))),
    ...sent.map((row) => ({ set: 2, k: null, b: row.k, ...counts([row]) })),
  ];
}

/** By team or by agent without filters: the total and the trend are the ungrouped ones. */
function holderSplitApplies(criteria: ReportCriteria, trendBy: GroupBy): boolean {
  return (
    (criteria.groupBy === 'team' || criteria.groupBy === 'agent') &&
    dailyApplies({ ...criteria, groupBy: null }, trendBy)
  );
}

/** A group's row as the survey scan gives it (set 1: a group). */
const groupRow = (key: string | null, counts: Readonly<Record<string, unknown>>) => ({
  set: 1,
  k: key,
  b: null,
  ...Object.fromEntries(CSAT_COUNTS.map((c) => [c, counts[c]])),
});

/**
 * By team: the per-team counts come from report_csat_team_daily (per UTC day sent and solving
 * team, kept by the ticket facts projection, which folds each ticket's surveys with it), the
 * slivers at the period's ends from the survey rows joined to their tickets, as the fact path
 * attributes them.
 */
async function csatByTeamFromDaily(
  run: Run,
  criteria: ReportCriteria,
  trendBy: GroupBy,
): Promise<Record<string, unknown>[]> {
  const totals = await csatFromDaily(run, { ...criteria, groupBy: null }, trendBy);
  const teams = await sumPlanned(
    run,
    planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day'),
    CSAT_COUNTS,
    (cores) =>
      `SELECT p.k, d.team_id AS g, ${CSAT_COUNTS.map((c) => `d.${c}`).join(', ')}
       FROM ${cores} JOIN report_csat_team_daily d ON d.day >= p.lo AND d.day < p.hi`,
    (slivers) =>
      `SELECT s.k, ${CSAT_ATTRIBUTION.team} AS g, ${SLIVER_CSAT_COUNTS}
       FROM ${slivers} JOIN ${SLIVER_SURVEYS} ON true
       LEFT JOIN report_tickets t ON t.ticket_id = c.ticket_id
       GROUP BY 1, 2`,
  );
  return [...totals, ...teams.filter((row) => row.sent !== 0).map((row) => groupRow(row.g, row))];
}

/**
 * The total and trend from the daily counters, each rated agent's counters from
 * report_agent_monthly / _daily (their CSAT at sending, as CSAT_ATTRIBUTION) with the period's
 * slivers, and the surveys of nobody as what the total holds beyond the agents' (every counter
 * is a sum).
 */
async function csatByAgentFromRollups(
  run: Run,
  criteria: ReportCriteria,
  trendBy: GroupBy,
): Promise<Record<string, unknown>[]> {
  const totals = await csatFromDaily(run, { ...criteria, groupBy: null }, trendBy);
  const agents = await sumPlanned(
    run,
    planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day'),
    CSAT_COUNTS,
    (cores) => {
      const { months, days } = monthsAndDays('m.month', 'm.day');
      const columns = `m.csat_sent AS sent, m.csat_rated AS rated, m.csat_satisfied AS satisfied,
              m.csat_score_sum AS score_sum`;
      return `SELECT p.k, m.agent_id AS g, ${columns}
       FROM ${cores} JOIN report_agent_monthly m ON ${months}
       UNION ALL
       SELECT p.k, m.agent_id AS g, ${columns}
       FROM ${cores} JOIN report_agent_daily m ON ${days}`;
    },
    (slivers) =>
      `SELECT s.k, c.agent_id AS g, ${SLIVER_CSAT_COUNTS}
       FROM ${slivers} JOIN ${SLIVER_SURVEYS} ON true
       WHERE c.agent_id IS NOT NULL
       GROUP BY 1, 2`,
  );
  const rated = agents.filter((row) => row.sent !== 0);
  const total = totals.find((row) => row.set === 0) ?? {};
  const nobody = Object.fromEntries(
    CSAT_COUNTS.map((c) => [
      c,
      Number(total[c] ?? 0) - rated.reduce((sum, row) => sum + row[c], 0),
    ]),
  );
  return [
    ...totals,
    ...rated.map((row) => groupRow(row.g, row)),
    ...(nobody.sent !== 0 ? [groupRow(null, nobody)] : []),
  ];
}

/**
 * Filtered, or by team, channel, type or priority, with a monthly trend (a period over 190 days,
 * or by month) — or with a daily or weekly one where one dimension's marginals answer it
 * (query/cell-rollups.ts marginalPartOf): the CSAT counters of the matching cells — per trend
 * bucket for the total and the trend, per dimension value for the groups.
 */
async function cellsServed(run: Run, criteria: ReportCriteria, trendBy: GroupBy): Promise<boolean> {
  return (
    (await cellPathServed(run, { ...criteria, groupBy: trendBy })) &&
    (await cellPathServed(run, criteria))
  );
}

const CSAT_CELL_MEASURES = [
  { name: 'sent', measure: CELL_MEASURES.csatSent },
  { name: 'rated', measure: CELL_MEASURES.csatRated },
  { name: 'satisfied', measure: CELL_MEASURES.csatSatisfied },
  { name: 'score_sum', measure: CELL_MEASURES.csatScoreSum },
] as const;

async function csatFromCells(
  run: Run,
  criteria: ReportCriteria,
): Promise<Record<string, unknown>[]> {
  const trendBy = trendByOf(criteria);
  const trend = await cellCounts(run, { ...criteria, groupBy: trendBy }, CSAT_CELL_MEASURES);
  const groupBy = criteria.groupBy;
  // Ungrouped or by time, the groups are the trend buckets; by a dimension, its values.
  if (groupBy === null || groupBy === trendBy) return csatRowsOf(criteria, trend);
  const byValue = (await cellCounts(run, criteria, CSAT_CELL_MEASURES))
    .filter((row) => row.sent !== 0)
    .map((row) => groupRow(groupBy === 'team' && row.g === NO_TEAM ? null : row.g, row));
  return [...csatRowsOf({ ...criteria, groupBy: null }, trend), ...byValue];
}

const byKey = (a: string | null, b: string | null): number =>
  a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0;

function trendByOf(criteria: ReportCriteria): GroupBy {
  const groupBy = criteria.groupBy;
  if (groupBy === 'hour' || groupBy === 'day' || groupBy === 'week' || groupBy === 'month')
    return groupBy;
  const span = criteria.toMs - criteria.fromMs;
  return span <= 31 * DAY_MS ? 'day' : span <= 190 * DAY_MS ? 'week' : 'month';
}

export async function satisfactionReport(
  run: Run,
  criteria: ReportCriteria,
  principal: Principal,
): Promise<Body> {
  const staff = principal.role !== 'agent';
  const grouped = criteria.groupBy !== null;
  const trendBy = trendByOf(criteria);
  // One scan of the surveys: the total, the groups and the trend buckets as grouping sets.
  const params = new SqlParams();
  const key = grouped
    ? groupKey(criteria.groupBy, CSAT_ATTRIBUTION, params, criteria.timeZone)
    : null;
  const bucket = timeBucket(trendBy, CSAT_ATTRIBUTION.at, params.add(criteria.timeZone));
  const where = filtersOf(CSAT_ATTRIBUTION, criteria, params);
  const rows = dailyApplies(criteria, trendBy)
    ? await csatFromDaily(run, criteria, trendBy)
    : (await hourPathServed(run, criteria))
      ? await csatFromHours(run, criteria)
      : holderSplitApplies(criteria, trendBy) && (await groupRollupsServed(run))
        ? criteria.groupBy === 'team'
          ? await csatByTeamFromDaily(run, criteria, trendBy)
          : await csatByAgentFromRollups(run, criteria, trendBy)
        : (await cellsServed(run, criteria, trendBy))
          ? await csatFromCells(run, criteria)
          : await run(
              `SELECT CASE ${key === null ? '' : 'WHEN GROUPING(k) = 0 THEN 1'}
                 WHEN GROUPING(b) = 0 THEN 2 ELSE 0 END AS set, ${key === null ? 'NULL::text AS k' : 'k'}, b,
            ${CSAT_AGGREGATES}
     FROM (SELECT ${key === null ? '' : `${key} AS k, `}${bucket} AS b, s.score
           FROM ${csatFrom(criteria)} WHERE s.issued_at IS NOT NULL AND ${where.join(' AND ')}
           -- A fence: flattened, k and b (both time buckets) could be one grouping expression.
           OFFSET 0) AS x
     GROUP BY GROUPING SETS (${key === null ? '' : '(k), '}(b), ())`,
              params.values,
            );
  const csat = csatFiguresOf(rows.find((row) => row.set === 0) ?? {});
  const groups = rows
    .filter((row) => row.set === 1)
    .sort((a, b) => byKey(a.k as string | null, b.k as string | null))
    .map((row) => ({ key: (row.k as string | null) ?? null, ...csatFiguresOf(row) }));
  const csatTrend = rows.filter((row) => row.set === 2).map((row) => ({ ...row, bucket: row.b }));

  let nps: NpsFiguresView | null = null;
  let npsTrend: Row[] = [];
  const npsParams = new SqlParams();
  const from = npsParams.add(new Date(criteria.fromMs).toISOString());
  const to = npsParams.add(new Date(criteria.toMs).toISOString());
  const npsWhere = `n.rated_at >= ${from}::timestamptz AND n.rated_at < ${to}::timestamptz`;
  if (staff) {
    const [npsRow] = await run(
      `SELECT ${NPS_AGGREGATES} FROM report_nps_ratings n WHERE ${npsWhere}`,
      npsParams.values,
    );
    nps = npsFiguresOf(npsRow ?? {});
    // By hour, the local hours' pieces (a repeated hour: two, one key).
    const buckets =
      criteria.groupBy === 'hour'
        ? (hourGroupsOf(criteria)?.plan.slivers ?? null)
        : periodGroupsOf({ ...criteria, groupBy: trendBy });
    if (buckets === null) {
      const zone = npsParams.add(criteria.timeZone);
      npsTrend = await run(
        `SELECT ${timeBucket(trendBy, 'n.rated_at', zone)} AS bucket, ${NPS_AGGREGATES}
         FROM report_nps_ratings n WHERE ${npsWhere} GROUP BY 1`,
        npsParams.values,
      );
    } else {
      // Each bucket's ratings by their instants' range (the buckets' bounds computed once, not a
      // wall-clock label per rating: 65 → 15 ms for a year's 60,000 ratings).
      npsTrend = await run(
        `SELECT b.k AS bucket, ${NPS_AGGREGATES}
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS b(k, lo, hi)
         JOIN report_nps_ratings n ON n.rated_at >= b.lo AND n.rated_at < b.hi
         GROUP BY 1 ORDER BY 1`,
        [
          buckets.map((b) => b.key),
          buckets.map((b) => new Date(b.fromMs).toISOString()),
          buckets.map((b) => new Date(b.toMs).toISOString()),
        ],
      );
    }
  }
  const buckets = [...new Set([...csatTrend, ...npsTrend].map((row) => String(row.bucket)))].sort();
  // Indexed once: a year by hour has 8,760 buckets (a find per bucket took 3.8 s).
  const csatByBucket = new Map(csatTrend.map((row) => [String(row.bucket), row]));
  const npsByBucket = new Map(npsTrend.map((row) => [String(row.bucket), row]));
  const trend = buckets.map((b) => {
    const c = csatByBucket.get(b);
    const n = npsByBucket.get(b);
    return { bucket: b, csat: csatFiguresOf(c ?? {}), nps: staff ? npsFiguresOf(n ?? {}) : null };
  });

  const commentParams = new SqlParams();
  const commentWhere = filtersOf(CSAT_ATTRIBUTION, criteria, commentParams);
  const csatComments = await run<{
    survey_id: string;
    ticket_id: string;
    agent_id: string | null;
    score: number;
    comment: string;
    rated_at: Date;
  }>(
    `SELECT s.survey_id, s.ticket_id, s.agent_id, s.score, s.comment, s.rated_at FROM ${csatFrom(criteria)}
     WHERE s.score <= 2 AND s.comment IS NOT NULL AND ${commentWhere.join(' AND ')}
     ORDER BY s.rated_at DESC, s.survey_id LIMIT ${MAX_COMMENTS}`,
    commentParams.values,
  );
  const lowScoreComments: LowScoreCommentView[] = csatComments.map((row) => ({
    kind: 'csat',
    surveyId: row.survey_id,
    ticketId: row.ticket_id,
    agentId: row.agent_id,
    score: row.score,
    comment: row.comment,
    ratedAt: row.rated_at.toISOString(),
  }));
  let unresolvedFollowUps: UnresolvedFollowUpsView | null = null;
  if (staff) {
    const npsComments = await run<{
      survey_id: string;
      score: number;
      comment: string;
      rated_at: Date;
    }>(
      `SELECT n.survey_id, n.score, n.comment, n.rated_at FROM report_nps_ratings n
       WHERE n.score <= 6 AND n.comment IS NOT NULL AND ${npsWhere}
       ORDER BY n.rated_at DESC, n.survey_id LIMIT ${MAX_COMMENTS}`,
      npsParams.values.slice(0, 2),
    );
    for (const row of npsComments) {
      lowScoreComments.push({
        kind: 'nps',
        surveyId: row.survey_id,
        ticketId: null,
        agentId: null,
        score: row.score,
        comment: row.comment,
        ratedAt: row.rated_at.toISOString(),
      });
    }
    unresolvedFollowUps = await followUps(run);
  }
  lowScoreComments.sort((a, b) => (a.ratedAt < b.ratedAt ? 1 : a.ratedAt > b.ratedAt ? -1 : 0));
  return { csat, groups, nps, trendBy, trend, lowScoreComments, unresolvedFollowUps };
}

async function followUps(run: Run): Promise<UnresolvedFollowUpsView> {
  const [counted] = await run<{ n: number }>(
    "SELECT count(*)::int AS n FROM report_follow_ups WHERE status <> 'resolved'",
    [],
  );
  const rows = await run<{
    follow_up_id: string;
    status: string;
    source: string | null;
    ticket_id: string | null;
    customer_id: string | null;
    score: number | null;
    raised_at: Date;
  }>(
    `SELECT follow_up_id, status, source, ticket_id, customer_id, score, raised_at
     FROM report_follow_ups WHERE status <> 'resolved'
     ORDER BY raised_at, follow_up_id LIMIT ${MAX_FOLLOW_UPS_LISTED}`,
    [],
  );
  return {
    count: counted?.n ?? 0,
    oldest: rows.map((row) => ({
      followUpId: row.follow_up_id,
      status: row.status,
      source: row.source,
      ticketId: row.ticket_id,
      customerId: row.customer_id,
      score: row.score,
      raisedAt: row.raised_at.toISOString(),
    })),
  };
}

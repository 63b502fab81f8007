/**
 * The exact two-step percentile method for long periods, for any duration kept in the histograms
 * (kinds: 0/1 first response, 2/3 first resolution, 4/5 full resolution; calendar/business):
 *
 * 1. report_frt_histogram (per UTC day of the instant the duration is attributed to),
 *    report_month_histogram (the same per UTC month) and report_group_histogram (per UTC day,
 *    day block, month, quarter and year, over all tickets — from projection version 5, read
 *    instead of the first two — or per team, agent or cell) hold how many values each bucket has
 *    and their sum. Summing the period (plus or minus its slivers' fact rows) gives each group's
 *    count, exact mean (integer sum / count) and, walking the cumulative counts, the bucket and
 *    the offset inside it of every rank a percentile needs.
 * 2. One query per kind reads exactly those ranks: inside one bucket (and team) and period,
 *    through an index that covers the value, ordered by value, at the offset.
 *
 * The result is the same linear interpolation between closest ranks as percentile_cont and
 * src/feedback/metrics `summarise` (never an estimate from the histogram). It applies without
 * dimension filters, ungrouped or by local day/week/month, and by team or agent (by agent, an
 * agent filter is allowed: an agent's own report), for any period in any zone: each group's
 * nearest whole UTC days (by team or agent: months) come from the histograms, the slivers between
 * those and the group's true ends from the fact rows, signed (query/period-plan.ts). Every other
 * request uses the plain SQL aggregate over the fact rows.
 */
import {
  ALL_DIMENSION,
  ALL_KEY,
  forEachBucket,
  forEachBucketUntil,
  GROUP_DIMENSIONS,
  hourKeyOf,
  SPANS,
  NO_TEAM,
  spansCoveringDays,
  type GroupDimension,
} from '../facts/group-rollups';
import { DURATION_BUCKET_BOUNDS } from '../facts/duration-buckets';
import { REPORT_TICKET_FACTS_PROJECTION } from '../facts/ticket-facts.projection';
import type { ReportCriteria } from './report-criteria';
import type { GroupBy } from './report.query.dto';
import { SqlParams, type ReportDistributionView } from './report-sql';
import {
  periodGroupsOf,
  plannedGroups,
  planAt,
  rangeOfKey,
  sliversSql,
  coresSql,
  monthsAndDays,
  withPlannerOff,
  withSliverPlan,
  type GrainPlan,
  hoursOf,
  type HourSliver,
  sliverTickets,
} from './period-plan';
import type { Run } from './report-snapshot';

/** A duration kept in the histogram: its kind, its fact column, bucket column and instant. */
export interface HistogramKind {
  readonly kind: number;
  readonly column: string;
  readonly bucket: string;
  readonly at: string;
  /** The team the duration is attributed to (report_group_histogram, dimension team). */
  readonly team: string;
  /** The agent it is attributed to (dimension agent), when kept per agent. */
  readonly agent?: string;
}

export { NO_TEAM } from '../facts/group-rollups';

/**
 * By team, without other dimensions, over any period in any zone: report_group_histogram (per
 * UTC span and team) locates the ranks (corrected by the fact rows of the slivers between the
 * period's ends and the nearest UTC months), the (team, bucket, value) indexes read the values.
 */
export function teamHistogramApplies(criteria: ReportCriteria): boolean {
  return criteria.groupBy === 'team' && withoutFilters(criteria, false);
}

/**
 * The version of report_ticket_facts whose tables hold report_group_histogram (with its day and
 * block spans and the cells), report_cell_counts, report_agent_monthly and _daily,
 * report_team_daily and report_csat_team_daily. After an upgrade the projection rebuilds
 * blue/green and, until the swap, the tables it serves are the older version's, without them.
 */
export const GROUP_ROLLUPS_VERSION = 4;

/**
 * Whether the group rollups are served (read in the report's snapshot): until then the by-team,
 * per-agent and cell requests are answered from the fact rows, so they are never read half built.
 */
export async function groupRollupsServed(run: Run): Promise<boolean> {
  return rollupsServed(run, GROUP_ROLLUPS_VERSION);
}

/** The version of report_ticket_facts whose report_group_histogram holds ALL_DIMENSION. */
export const ALL_SPANS_VERSION = 5;

/**
 * The served report_ticket_facts version per report snapshot (a Run is one snapshot): read once,
 * not by every path check of a request (a resolution by day asked three times).
 */
const servedVersions = new WeakMap<Run, Promise<number | null>>();

/** Whether the served report_ticket_facts tables are of `version` or later. */
export async function rollupsServed(run: Run, version: number): Promise<boolean> {
  let served = servedVersions.get(run);
  if (served === undefined) {
    served = run<{ version: number }>(
      'SELECT version FROM projection_checkpoints WHERE name = $1',
      [REPORT_TICKET_FACTS_PROJECTION],
    ).then(([row]) => row?.version ?? null);
    servedVersions.set(run, served);
  }
  const current = await served;
  return current !== null && current >= version;
}

/** The version of report_ticket_facts whose tables hold report_hour_counts. */
export const HOUR_COUNTS_VERSION = 5;

/** The version of report_ticket_facts whose tables hold every kind per agent and nobody, and
 * report_agent_measures_monthly / _daily. */
export const AGENT_MEASURES_VERSION = 5;

/** The marginals (facts/cell-rollups.ts CELL_DIMENSIONS.marginal) came with version 6. */
export const MARGINALS_VERSION = 6;

/**
 * By agent, with no filter but the agents (an agent's own report), over any period in any zone:
 * report_group_histogram per agent (nobody: NO_AGENT) and report_agent_measures_*, each with the
 * slivers of the period's ends, as by team.
 */
export function agentGroupApplies(criteria: ReportCriteria): boolean {
  return criteria.groupBy === 'agent' && withoutFilters(criteria, true);
}

/** Per agent (the agents report), with no filter but the agents: the same per agent. */
export function agentHistogramApplies(criteria: ReportCriteria): boolean {
  return withoutFilters(criteria, true);
}

export function withoutFilters(criteria: ReportCriteria, agentsAllowed: boolean): boolean {
  return (
    (agentsAllowed ? 0 : criteria.agents.length) +
      criteria.teams.length +
      criteria.channels.length +
      criteria.priorities.length +
      criteria.types.length ===
    0
  );
}

interface Bucket {
  readonly bucket: number;
  n: number;
}

export interface Buckets {
  /** Ascending by bucket (empty when `packed` holds them). */
  readonly entries: Bucket[];
  /**
   * A single packed histogram (one span, no slivers), decoded only as far as a rank needs: 500
   * agents' year rows as bucket objects were ~200,000 allocations a request, mostly garbage.
   */
  readonly packed?: Buffer;
  /** Summed histograms as (bucket, count) pairs, ascending: one allocation per group. */
  readonly pairs?: Int32Array;
  count: number;
  sum: bigint;
}

/** Exact mean of integers from their sum (bigint) and count, as metrics `mean` computes it. */
export function meanOf(sum: bigint, count: number): number {
  const n = BigInt(count);
  const quotient = sum / n;
  return Number(quotient) + Number(sum - quotient * n) / count;
}

/** Per group ('*': the whole period), per kind: the exact distribution. */
export type ExactDistributions = Map<string, Map<number, ReportDistributionView>>;

/**
 * Ungrouped or by local day, week or month, without dimension filters, in any zone (unless a
 * clock change crosses a group boundary: query/period-plan.ts).
 */
export function histogramApplies(criteria: ReportCriteria): boolean {
  const timeGroup: readonly (GroupBy | null)[] = [null, 'day', 'week', 'month'];
  return (
    timeGroup.includes(criteria.groupBy) &&
    withoutFilters(criteria, false) &&
    periodGroupsOf(criteria) !== null
  );
}

/**
 * Per group of the period (and for all, '*'), per kind: the exact distribution. Step one sums
 * each group's core — its whole UTC months from report_month_histogram, the days around them
 * from report_frt_histogram — and the signed slivers of fact rows at its ends.
 */
export async function exactDistributions(
  run: Run,
  criteria: ReportCriteria,
  kinds: readonly HistogramKind[],
): Promise<ExactDistributions> {
  if (await rollupsServed(run, ALL_SPANS_VERSION)) {
    return exactDistributionsOfAll(run, criteria, kinds);
  }
  const groups = plannedGroups(criteria);
  const plan = planAt(groups, 'day');
  const params = new SqlParams();
  const kindList = params.add(kinds.map((k) => k.kind));
  const cores = coresSql(plan, params);
  const { months, days } = monthsAndDays('h.month', 'h.day');
  const parts = [
    `SELECT p.k, h.kind, h.bucket, h.n, h.total::numeric AS total
     FROM ${cores} JOIN report_month_histogram h
       ON h.kind = ANY(${kindList}::smallint[]) AND ${months}`,
    `SELECT p.k, h.kind, h.bucket, h.n, h.total::numeric AS total
     FROM ${cores} JOIN report_frt_histogram h
       ON h.kind = ANY(${kindList}::smallint[]) AND ${days}`,
  ];
  if (plan.slivers.length > 0) {
    const slivers = sliversSql(plan, params);
    for (const k of kinds) {
      parts.push(
        `SELECT s.k, ${k.kind}::smallint AS kind, t.${k.bucket} AS bucket,
                sum(s.sign)::int AS n, sum(s.sign * t.${k.column})::numeric AS total
         FROM ${slivers} JOIN ${sliverTickets(k.at)} ON true
         WHERE t.${k.bucket} IS NOT NULL AND t.${k.column} IS NOT NULL
         GROUP BY 1, 2, 3`,
      );
    }
  }
  const counted = await withSliverPlan(run, plan, () =>
    run<CountedRow>(
      `SELECT kind, k, bucket, sum(n)::int AS n, sum(total)::text AS total
       FROM (${parts.join('\nUNION ALL\n')}) AS x
       GROUP BY kind, k, bucket HAVING sum(n) <> 0
       ORDER BY kind, k, bucket`,
      params.values,
    ),
  );
  const rangeOf = rangeOfKey(groups);
  return resolveRanks(run, kinds, bucketsOf(kinds, counted, criteria.groupBy !== null), (key) =>
    key === '*' ? [criteria.fromMs, criteria.toMs] : rangeOf(key),
  );
}

/**
 * exactDistributions from the packed histograms over all tickets (report_group_histogram,
 * ALL_DIMENSION): each group's core as its few day, block, month, quarter and year rows (a local
 * day: one row per kind; a calendar year: one), the slivers as in exactDistributionsByGroup.
 */
async function exactDistributionsOfAll(
  run: Run,
  criteria: ReportCriteria,
  kinds: readonly HistogramKind[],
): Promise<ExactDistributions> {
  const groups = plannedGroups(criteria);
  const grouped = criteria.groupBy !== null;
  const plan = planAt(groups, 'day');
  const spans = plan.cores.flatMap((core) =>
    spansCoveringDays(core.from, core.to).map((s) => ({ k: grouped ? core.key : '*', ...s })),
  );
  const rows =
    spans.length === 0
      ? []
      : await run<PackedRow & Record<string, unknown>>(
          `SELECT h.kind, p.k AS key, h.n, h.total::text AS total, h.hist
           FROM unnest($1::text[], $2::smallint[], $3::date[]) AS p(k, span, start)
           JOIN report_group_histogram h ON h.dim = $4 AND h.span = p.span AND h.start = p.start
            AND h.key = $5
           WHERE h.kind = ANY($6::smallint[])`,
          [
            spans.map((s) => s.k),
            spans.map((s) => s.span),
            spans.map((s) => s.start),
            ALL_DIMENSION,
            ALL_KEY,
            kinds.map((k) => k.kind),
          ],
        );
  const { hours, rest } = hoursOf(plan);
  const corrections = await sliverBuckets(run, rest, kinds, () => ({
    key: grouped ? 's.k' : `'*'`,
    where: 'TRUE',
  }));
  const hourly = await hourRows(
    run,
    hours.map((h) => (grouped ? h : { ...h, key: '*' })),
    kinds,
  );
  const rangeOf = rangeOfKey(groups);
  return resolveRanks(
    run,
    kinds,
    mergeHistograms([...rows, ...hourly], corrections, grouped),
    (key) => (key === '*' ? [criteria.fromMs, criteria.toMs] : rangeOf(key)),
  );
}

/**
 * Per team (NO_TEAM: none) or per agent, and for all ('*', by team only), per kind: the exact
 * distribution. Step one sums the few day, block, month, quarter and year rows of
 * report_group_histogram covering the nearest whole UTC days (a calendar year: one row per group
 * and kind) and the signed slivers of fact rows between those and the period's true ends.
 */
export async function exactDistributionsByGroup(
  run: Run,
  criteria: ReportCriteria,
  kinds: readonly HistogramKind[],
  dimension: GroupDimension,
  {
    // By team: the whole period too ('*'); per agent for the agents report: medians only (no p90
    // ranks to read for 500 agents) and no total.
    withTotal = dimension === GROUP_DIMENSIONS.team,
    medianOnly = dimension === GROUP_DIMENSIONS.agent,
  }: { withTotal?: boolean; medianOnly?: boolean } = {},
): Promise<ExactDistributions> {
  const plan = planAt([{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }], 'day');
  const core = plan.cores[0];
  const spans = core === undefined ? [] : spansCoveringDays(core.from, core.to);
  const agents = dimension === GROUP_DIMENSIONS.agent ? criteria.agents : [];
  const rows = await run<PackedRow & Record<string, unknown>>(
    `SELECT h.kind, h.key, h.n, h.total::text AS total, h.hist
     FROM unnest($2::smallint[], $3::date[]) AS p(span, start)
     JOIN report_group_histogram h ON h.dim = $1 AND h.span = p.span AND h.start = p.start
     WHERE h.kind = ANY($4::smallint[]) ${agents.length > 0 ? 'AND h.key = ANY($5::text[])' : ''}`,
    [
      dimension,
      spans.map((s) => s.span),
      spans.map((s) => s.start),
      kinds.map((k) => k.kind),
      ...(agents.length > 0 ? [agents] : []),
    ],
  );
  const groupColumn = (kind: HistogramKind): string => {
    const column = dimension === GROUP_DIMENSIONS.team ? kind.team : kind.agent;
    if (column === undefined) throw new Error(`kind ${kind.kind} is not kept per agent`);
    return column;
  };
  // Only the agents filtered on, if any (their total's ranks too).
  const onlyAgents = (k: HistogramKind, params: SqlParams): string =>
    agents.length > 0 ? ` AND t.${groupColumn(k)} = ANY(${params.add(agents)}::text[])` : '';
  const corrections = await sliverBuckets(run, plan, kinds, (k, params) => ({
    // No team or nobody: NO_TEAM / NO_AGENT, as the projection keys them.
    key: `COALESCE(t.${groupColumn(k)}, '${NO_TEAM}')`,
    where: `TRUE${onlyAgents(k, params)}`,
  }));
  const byKind = mergeHistograms(rows, corrections, withTotal);
  const period = (): [number, number] => [criteria.fromMs, criteria.toMs];
  return resolveRanks(
    run,
    kinds,
    byKind,
    period,
    { keyColumn: groupColumn, medianOnly },
    withTotal && agents.length > 0 ? onlyAgents : null,
  );
}

/**
 * The whole UTC hours of the slivers (report_group_histogram, ALL_DIMENSION's hour spans), as
 * signed packed rows of their group. Each hour is read once: adjacent local days share theirs
 * (one group adds what the next subtracts), a year by day in New York ten hours a day.
 */
async function hourRows(
  run: Run,
  hours: readonly HourSliver[],
  kinds: readonly HistogramKind[],
): Promise<PackedRow[]> {
  if (hours.length === 0) return [];
  const byHour = new Map<number, HourSliver[]>();
  for (const hour of hours) {
    const same = byHour.get(hour.hourMs);
    if (same === undefined) byHour.set(hour.hourMs, [hour]);
    else same.push(hour);
  }
  // Runs of consecutive hours within a UTC day: one index range each, not a lookup per hour.
  const runs: { day: string; from: string; to: string }[] = [];
  for (const ms of [...byHour.keys()].sort((a, b) => a - b)) {
    const day = new Date(ms).toISOString().slice(0, 10);
    const hour = new Date(ms).getUTCHours();
    const last = runs.at(-1);
    if (last !== undefined && last.day === day && Number(last.to) === hour) {
      last.to = String(hour + 1).padStart(2, '0');
    } else {
      runs.push({ day, from: hourKeyOf(new Date(ms)), to: String(hour + 1).padStart(2, '0') });
    }
  }
  const rows = await run<PackedRow & { day: string } & Record<string, unknown>>(
    `SELECT to_char(h.start, 'YYYY-MM-DD') AS day, h.key, h.kind, h.n, h.total::text AS total,
            h.hist
     FROM unnest($1::date[], $2::text[], $3::text[]) AS hs(day, lo, hi)
     JOIN report_group_histogram h ON h.dim = $4 AND h.span = $5 AND h.start = hs.day
      AND h.kind = ANY($6::smallint[]) AND h.key >= hs.lo AND h.key < hs.hi`,
    [
      runs.map((r) => r.day),
      runs.map((r) => r.from),
      runs.map((r) => r.to),
      ALL_DIMENSION,
      SPANS.hour,
      kinds.map((k) => k.kind),
    ],
  );
  return rows.flatMap(({ day, key, ...row }) =>
    (byHour.get(Date.parse(`${day}T${key}:00:00Z`)) ?? []).map((h) => ({
      ...row,
      key: h.key,
      sign: h.sign,
    })),
  );
}

/** A packed histogram row of report_group_histogram, keyed by its group. */
export interface PackedRow {
  readonly kind: number;
  readonly key: string;
  /** How many values the histogram holds. */
  readonly n: number;
  readonly total: string;
  readonly hist: Buffer;
  /** -1: subtracted (an hour a group's core overshoots). Default 1. */
  readonly sign?: number;
}

/** Signed bucket counts of the slivers, keyed by group. */
export interface SliverBucketRow {
  readonly kind: number;
  readonly key: string;
  readonly bucket: number;
  readonly n: number;
  readonly total: string;
}

/**
 * Per kind and group (and with `withTotal` for all groups, '*'): the packed histograms' and the
 * slivers' bucket counts summed, ascending.
 */
export function mergeHistograms(
  rows: readonly PackedRow[],
  corrections: readonly SliverBucketRow[],
  withTotal: boolean,
): Map<number, Map<string, Buckets>> {
  // Per kind and group (and for all groups, '*'): the spans' packed histograms and the slivers'
  // signed bucket counts. One span (a calendar year) without slivers is kept packed, decoded by
  // locateIn only up to the ranks it needs; otherwise everything is summed in a typed array
  // indexed by bucket into (bucket, count) pairs — the merge of 12,000 rows for 500 agents over a
  // rolling year is hot, and bucket objects were most of its garbage.
  type Part = {
    hists: Buffer[];
    /** The sign of each of `hists`; null while all are +1. */
    signs: number[] | null;
    extra: { bucket: number; n: number }[];
    sum: bigint;
    n: number;
  };
  const parts = new Map<number, Map<string, Part>>();
  const partOf = (kind: number, key: string): Part => {
    const groups = parts.get(kind) ?? new Map<string, Part>();
    parts.set(kind, groups);
    const part = groups.get(key) ?? { hists: [], signs: null, extra: [], sum: 0n, n: 0 };
    groups.set(key, part);
    return part;
  };
  for (const row of rows) {
    const sign = row.sign ?? 1;
    for (const key of withTotal ? [row.key, '*'] : [row.key]) {
      const part = partOf(row.kind, key);
      if (sign !== 1 && part.signs === null) part.signs = part.hists.map(() => 1);
      part.hists.push(row.hist);
      part.signs?.push(sign);
      part.sum += BigInt(sign) * BigInt(row.total);
      part.n += sign * row.n;
    }
  }
  for (const row of corrections) {
    for (const key of withTotal ? [row.key, '*'] : [row.key]) {
      const part = partOf(row.kind, key);
      part.extra.push({ bucket: row.bucket, n: row.n });
      part.sum += BigInt(row.total);
    }
  }
  const counts = new Int32Array(DURATION_BUCKET_BOUNDS.length + 1);
  const byKind = new Map<number, Map<string, Buckets>>();
  for (const [kind, groups] of parts) {
    const result = new Map<string, Buckets>();
    for (const [key, { hists, signs, extra, sum, n: packedCount }] of groups) {
      if (hists.length === 1 && signs === null && extra.length === 0) {
        if (packedCount > 0)
          result.set(key, { entries: [], packed: hists[0], count: packedCount, sum });
        continue;
      }
      let low = counts.length;
      let high = -1;
      const add = (bucket: number, n: number): void => {
        counts[bucket] = counts[bucket] + n;
        if (bucket < low) low = bucket;
        if (bucket > high) high = bucket;
      };
      hists.forEach((hist, i) => {
        const sign = signs?.[i] ?? 1;
        forEachBucket(hist, sign === 1 ? add : (bucket, n) => add(bucket, sign * n));
      });
      for (const { bucket, n } of extra) add(bucket, n);
      const pairs = new Int32Array(Math.max(0, high - low + 1) * 2);
      let used = 0;
      let count = 0;
      for (let bucket = low; bucket <= high; bucket += 1) {
        const n = counts[bucket];
        if (n === 0) continue;
        pairs[used] = bucket;
        pairs[used + 1] = n;
        used += 2;
        count += n;
        counts[bucket] = 0;
      }
      if (count > 0) result.set(key, { entries: [], pairs: pairs.subarray(0, used), count, sum });
    }
    byKind.set(kind, result);
  }
  return byKind;
}

/**
 * The slivers' signed bucket counts and value sums per kind and group (`groupOf`: the group's
 * SQL expression and the rows it keeps).
 */
export async function sliverBuckets(
  run: Run,
  plan: GrainPlan,
  kinds: readonly HistogramKind[],
  groupOf: (kind: HistogramKind, params: SqlParams) => { key: string; where: string },
): Promise<SliverBucketRow[]> {
  if (plan.slivers.length === 0) return [];
  const params = new SqlParams();
  const slivers = sliversSql(plan, params);
  const parts = kinds.map((k) => {
    const group = groupOf(k, params);
    return `SELECT ${k.kind}::smallint AS kind, ${group.key} AS key, t.${k.bucket} AS bucket,
              sum(s.sign)::int AS n, sum(s.sign * t.${k.column})::numeric AS total
            FROM ${slivers} JOIN ${sliverTickets(k.at)} ON true
            WHERE t.${k.bucket} IS NOT NULL AND t.${k.column} IS NOT NULL
              AND ${group.where}
            GROUP BY 1, 2, 3`;
  });
  return withSliverPlan(run, plan, () =>
    run<SliverBucketRow & Record<string, unknown>>(
      `SELECT kind, key, bucket, n, total::text AS total FROM (${parts.join('\nUNION ALL\n')}) AS x
       WHERE n <> 0 OR total <> 0`,
      params.values,
    ),
  );
}

interface CountedRow extends Record<string, unknown> {
  readonly kind: number;
  readonly k: string;
  readonly bucket: number;
  readonly n: number;
  readonly total: string;
}

/** Per kind, every group's buckets and, when grouped, the whole period's ('*'). */
function bucketsOf(
  kinds: readonly HistogramKind[],
  counted: readonly CountedRow[],
  grouped: boolean,
): Map<number, Map<string, Buckets>> {
  const byKind = new Map<number, Map<string, Buckets>>(kinds.map((k) => [k.kind, new Map()]));
  for (const row of counted) {
    const groups = byKind.get(row.kind);
    if (groups === undefined) continue;
    for (const key of grouped ? [row.k, '*'] : ['*']) {
      const buckets = groups.get(key) ?? { entries: [], count: 0, sum: 0n };
      const last = buckets.entries.at(-1);
      if (last !== undefined && last.bucket === row.bucket) last.n += row.n;
      else buckets.entries.push({ bucket: row.bucket, n: row.n });
      buckets.count += row.n;
      buckets.sum += BigInt(row.total);
      groups.set(key, buckets);
    }
  }
  // The total merges groups bucket by bucket: keep its entries ascending.
  for (const groups of byKind.values()) {
    const all = groups.get('*');
    if (all === undefined) continue;
    const merged = new Map<number, number>();
    for (const entry of all.entries)
      merged.set(entry.bucket, (merged.get(entry.bucket) ?? 0) + entry.n);
    all.entries.splice(
      0,
      all.entries.length,
      ...[...merged.entries()].sort((a, b) => a[0] - b[0]).map(([bucket, n]) => ({ bucket, n })),
    );
  }
  return byKind;
}

/** Where rank `rank` (0-based) lies: its bucket, its offset inside it and the bucket's count. */
function locateIn(
  buckets: Buckets,
  rank: number,
): { bucket: number; offset: number; size: number } {
  let before = 0;
  if (buckets.packed !== undefined) {
    let found: { bucket: number; offset: number; size: number } | null = null;
    forEachBucketUntil(buckets.packed, (bucket, n) => {
      if (rank < before + n) {
        found = { bucket, offset: rank - before, size: n };
        return true;
      }
      before += n;
      return false;
    });
    if (found !== null) return found;
    throw new Error(`rank ${rank} beyond ${before} values`);
  }
  const pairs = buckets.pairs;
  if (pairs !== undefined) {
    for (let i = 0; i < pairs.length; i += 2) {
      if (rank < before + pairs[i + 1]) {
        return { bucket: pairs[i], offset: rank - before, size: pairs[i + 1] };
      }
      before += pairs[i + 1];
    }
    throw new Error(`rank ${rank} beyond ${before} values`);
  }
  for (const entry of buckets.entries) {
    if (rank < before + entry.n) {
      return { bucket: entry.bucket, offset: rank - before, size: entry.n };
    }
    before += entry.n;
  }
  throw new Error(`rank ${rank} beyond ${before} values`);
}

/**
 * Reads `count` (1 or 2) consecutive values from `offset` of one bucket of one group and period.
 * `size` is how many values that bucket holds there: a rank in its upper half is read from the
 * top (descending), so no lookup walks more than half its bucket.
 */
interface Lookup {
  readonly kind: number;
  /** The team or agent (NO_TEAM: no team) the rank is within; null: all groups. */
  readonly group: string | null;
  readonly bucket: number;
  readonly from: number;
  readonly to: number;
  readonly offset: number;
  readonly count: number;
  readonly size: number;
}

/**
 * From the bucket counts of each group: counts, exact means, and the ranks each percentile needs,
 * read in one indexed query per kind (the group's period, and with `byGroup` its team or agent).
 */
export async function resolveRanks(
  run: Run,
  kinds: readonly HistogramKind[],
  byKind: Map<number, Map<string, Buckets>>,
  rangeOfKey: (key: string) => [number, number],
  byGroup: { keyColumn: (kind: HistogramKind) => string; medianOnly: boolean } | null = null,
  /**
   * The request's dimension filters on a kind's fact rows (`AND …` conditions over t; their
   * values added to `params`, which holds the statement's own eight first).
   */
  filtersFor: ((kind: HistogramKind, params: SqlParams) => string) | null = null,
  /**
   * Whether the (bucket, instant) indexes cover every column filtersFor filters on (channel,
   * type, priority — not a team): then a short range's ranks are read through them.
   */
  filtersCoveredByInstantIndex = false,
): Promise<ExactDistributions> {
  const lookups = new Map<string, Lookup>();
  /** The lookup reading ranks [rank, rank + count) and the value of each, as "id#index". */
  const need = (kind: number, key: string, rank: number, count: number, buckets: Buckets) => {
    const [rangeFrom, rangeTo] = rangeOfKey(key);
    const { bucket, offset, size } = locateIn(buckets, rank);
    // Two ranks in one read when the second is in the same bucket.
    const both = count === 2 && offset + 1 < size;
    // By group, the whole period's ranks are over every group: read without the group condition.
    const group = byGroup !== null && key !== '*' ? key : null;
    const id = `${kind}|${group ?? '*'}|${bucket}|${rangeFrom}|${rangeTo}|${offset}|${both ? 2 : 1}`;
    lookups.set(id, {
      kind,
      group,
      bucket,
      from: rangeFrom,
      to: rangeTo,
      offset,
      count: both ? 2 : 1,
      size,
    });
    const refs = [`${id}#0`];
    if (count === 2) refs.push(both ? `${id}#1` : need(kind, key, rank + 1, 1, buckets)[0]);
    return refs;
  };
  type Plan = {
    count: number;
    mean: number | null;
    ranks: { low: string; high: string | null; fraction: number }[];
  };
  const plans = new Map<number, Map<string, Plan>>();
  const percentiles = byGroup?.medianOnly === true ? [0.5] : [0.5, 0.9];
  for (const { kind } of kinds) {
    const plansOfKind = new Map<string, Plan>();
    for (const [key, buckets] of byKind.get(kind) ?? new Map<string, Buckets>()) {
      if (buckets.count === 0) continue;
      const ranks = percentiles.map((p) => {
        const h = (buckets.count - 1) * p;
        const lower = Math.floor(h);
        const fraction = h - lower;
        const pair = fraction !== 0 && lower + 1 < buckets.count;
        const [low, high] = need(kind, key, lower, pair ? 2 : 1, buckets);
        return { low, high: pair ? high : null, fraction };
      });
      plansOfKind.set(key, {
        count: buckets.count,
        mean: meanOf(buckets.sum, buckets.count),
        ranks,
      });
    }
    plans.set(kind, plansOfKind);
  }

  const values = new Map<string, number>();
  for (const histogramKind of kinds) {
    const { kind, column, bucket, at } = histogramKind;
    for (const [groupScoped, short] of [
      [false, false],
      [false, true],
      [true, false],
    ] as const) {
      const mine = [...lookups.entries()].filter(
        ([, lookup]) =>
          lookup.kind === kind &&
          (lookup.group !== null) === groupScoped &&
          isShortFiltered(
            lookup,
            groupScoped,
            filtersFor !== null && filtersCoveredByInstantIndex,
          ) === short,
      );
      if (mine.length === 0) continue;
      // Filtered over a short range (a local day, week or month): through the (bucket, instant)
      // index covering the value and dimensions (migration 1767830760009), the range's few rows
      // sorted. Ordered by the plain value, the planner walks the (bucket, value) index instead,
      // through the bucket's whole year until the offset-th match (0.4 ms a rank: 360 ms for a
      // year by day); ordered by an expression of it, no index order applies and the one
      // narrowing the rows wins.
      const order = short ? `(t.${column} + 0)` : `t.${column}`;
      // Within a group, through the index on (COALESCE(team or agent, ''), bucket, value): an
      // index-only scan in value order (either way), stopped at the offset. The planner,
      // misjudging how many rows one (group, bucket) holds, would pick a bitmap heap scan and
      // sort: ruled out for this statement.
      const groupCondition =
        byGroup !== null && groupScoped
          ? `COALESCE(t.${byGroup.keyColumn(histogramKind)}, '') = q.grp AND `
          : '';
      const params = new SqlParams();
      params.values.push(
        mine.map((_, i) => i),
        mine.map(([, l]) => l.bucket),
        mine.map(([, l]) => new Date(l.from).toISOString()),
        mine.map(([, l]) => new Date(l.to).toISOString()),
        mine.map(([, l]) => (fromTop(l) ? l.size - l.offset - l.count : l.offset)),
        mine.map(([, l]) => l.group ?? NO_TEAM),
        mine.map(([, l]) => l.count),
        mine.map(([, l]) => fromTop(l)),
      );
      const filters = filtersFor === null ? '' : filtersFor(histogramKind, params);
      const inBucket = `FROM report_tickets t
                        WHERE ${groupCondition}t.${bucket} = q.b AND t.${at} IS NOT NULL
                          AND t.${at} >= q.lo AND t.${at} < q.hi${filters}`;
      if (groupScoped && filtersFor === null) await run('SET LOCAL enable_bitmapscan = off', []);
      const lookup = () =>
        run<{ i: number; v: string | null }>(
          `SELECT q.i, CASE WHEN q.top
           THEN array_to_string(ARRAY(SELECT t.${column} ${inBucket}
                                      ORDER BY ${order} DESC OFFSET q.off LIMIT q.n), ',')
           ELSE array_to_string(ARRAY(SELECT t.${column} ${inBucket}
                                      ORDER BY ${order} OFFSET q.off LIMIT q.n), ',')
           END AS v
         FROM unnest($1::int[], $2::smallint[], $3::timestamptz[], $4::timestamptz[], $5::int[],
                     $6::text[], $7::int[], $8::boolean[])
           AS q(i, b, lo, hi, off, grp, n, top)`,
          params.values,
        );
      // Filtered: the planner, expecting a row or two per bucket, reads the bucket through the
      // (bucket, instant) index and the heap; the (bucket, value) index covering the dimensions
      // reads it index-only (measured: 90 → 0.2 ms for one rank of email in a year's bucket).
      const rows =
        filtersFor === null ? await lookup() : await withPlannerOff(run, INDEX_ONLY, lookup);
      if (groupScoped && filtersFor === null) await run('RESET enable_bitmapscan', []);
      for (const row of rows) {
        const entry = mine[row.i];
        const read = (row.v ?? '')
          .split(',')
          .filter((v) => v !== '')
          .map(Number);
        if (entry === undefined || read.length !== entry[1].count) {
          throw new Error('histogram and fact rows disagree');
        }
        // Read from the top, the values came in descending order.
        if (fromTop(entry[1])) read.reverse();
        read.forEach((value, index) => values.set(`${entry[0]}#${index}`, value));
      }
    }
  }

  const distribution = (plan: Plan): ReportDistributionView => {
    const [median, p90] = plan.ranks.map(({ low, high, fraction }) => {
      const lowValue = values.get(low) as number;
      return high === null
        ? lowValue
        : lowValue + fraction * ((values.get(high) as number) - lowValue);
    });
    return { count: plan.count, median: median ?? null, p90: p90 ?? null, mean: plan.mean };
  };
  const result: ExactDistributions = new Map();
  for (const [kind, plansOfKind] of plans) {
    for (const [key, plan] of plansOfKind) {
      const perKind = result.get(key) ?? new Map<number, ReportDistributionView>();
      perKind.set(kind, distribution(plan));
      result.set(key, perKind);
    }
  }
  return result;
}

const INDEX_ONLY = ['enable_seqscan', 'enable_indexscan', 'enable_bitmapscan'];

/**
 * Walking a bucket in value order reads ~half its rows of the whole data whatever the range; the
 * (bucket, instant) index reads the range's rows of it: cheaper below about a quarter.
 */
const SHORT_RANGE_MS = 92 * 86_400_000;

const isShortFiltered = (lookup: Lookup, groupScoped: boolean, covered: boolean): boolean =>
  covered && !groupScoped && lookup.to - lookup.from <= SHORT_RANGE_MS;

/** A rank in the upper half of its bucket is read from the top. */
const fromTop = (lookup: Lookup): boolean => lookup.offset + lookup.count / 2 > lookup.size / 2;

export const EMPTY_DISTRIBUTION: ReportDistributionView = {
  count: 0,
  median: null,
  p90: null,
  mean: null,
};

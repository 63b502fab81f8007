/**
 * The exact two-step percentile method for long periods, for any duration kept in the histograms
 * (kinds: 0/1 first response, 2/3 first resolution, 4/5 full resolution; calendar/business):
 *
 * 1. report_frt_histogram (per UTC day of the instant the duration is attributed to),
 *    report_month_histogram (the same per UTC month) and report_team_histogram (per UTC month and
 *    team) hold how many values each value bucket has and their sum. Summing the period gives
 *    each group's count, exact mean (integer sum / count) and, walking the cumulative counts, the
 *    bucket and the offset inside it of every rank a percentile needs.
 * 2. One query per kind reads exactly those ranks: inside one bucket (and team) and period,
 *    through an index that covers the value, ordered by value, at the offset.
 *
 * The result is the same linear interpolation between closest ranks as percentile_cont and
 * src/feedback/metrics `summarise` (never an estimate from the histogram). It applies over whole
 * UTC days without dimension filters (ungrouped or by day/week/month), and by team over whole UTC
 * months without filters; every other request uses the plain SQL aggregate over the fact rows.
 */
import type { ReportCriteria } from './report-criteria';
import type { GroupBy } from './report.query.dto';
import type { ReportDistributionView } from './report-sql';
import type { Run } from './report-snapshot';

const DAY_MS = 24 * 3_600_000;
/** A duration kept in the histogram: its kind, its fact column, bucket column and instant. */
export interface HistogramKind {
  readonly kind: number;
  readonly column: string;
  readonly bucket: string;
  readonly at: string;
  /** The team the duration is attributed to (report_team_histogram). */
  readonly team: string;
}

/** No team, as a group key of report_team_histogram (team ids are never empty). */
export const NO_TEAM = '';

/**
 * By team, over whole UTC months without other dimensions: report_team_histogram (per UTC month,
 * team and bucket) locates the ranks, the (team, bucket, instant) indexes read the values.
 */
export function teamHistogramApplies(criteria: ReportCriteria): boolean {
  return (
    criteria.timeZone === 'UTC' &&
    criteria.groupBy === 'team' &&
    isUtcMonthStart(criteria.fromMs) &&
    isUtcMonthStart(criteria.toMs) &&
    criteria.agents.length +
      criteria.teams.length +
      criteria.channels.length +
      criteria.priorities.length +
      criteria.types.length ===
      0
  );
}

function isUtcMonthStart(ms: number): boolean {
  const date = new Date(ms);
  return ms % DAY_MS === 0 && date.getUTCDate() === 1;
}

export function histogramApplies(criteria: ReportCriteria): boolean {
  const timeGroup: readonly (GroupBy | null)[] = [null, 'day', 'week', 'month'];
  return (
    criteria.timeZone === 'UTC' &&
    timeGroup.includes(criteria.groupBy) &&
    criteria.fromMs % DAY_MS === 0 &&
    criteria.toMs % DAY_MS === 0 &&
    criteria.agents.length === 0 &&
    criteria.teams.length === 0 &&
    criteria.channels.length === 0 &&
    criteria.priorities.length === 0 &&
    criteria.types.length === 0
  );
}

/** The group of a histogram day, as a date (cheap to group by), formatted after grouping. */
export function dayGroup(groupBy: GroupBy | null): { group: string; format: string } {
  switch (groupBy) {
    case 'day':
      return { group: 'day', format: `to_char(g, 'YYYY-MM-DD')` };
    case 'week':
      return {
        group: `date_trunc('week', day::timestamp)::date`,
        format: `to_char(g, 'YYYY-MM-DD')`,
      };
    case 'month':
      return {
        group: `date_trunc('month', day::timestamp)::date`,
        format: `to_char(g, 'YYYY-MM')`,
      };
    default:
      return { group: `NULL::date`, format: `''` };
  }
}

/** The instants a group key covers, within the period. */
function rangeOf(groupBy: GroupBy | null, key: string, criteria: ReportCriteria): [number, number] {
  if (groupBy === null) return [criteria.fromMs, criteria.toMs];
  const [year, month, day] = key.split('-').map(Number) as [number, number, number?];
  const start = Date.UTC(year, month - 1, day ?? 1);
  const end =
    groupBy === 'day'
      ? start + DAY_MS
      : groupBy === 'week'
        ? start + 7 * DAY_MS
        : Date.UTC(year, month, 1);
  return [Math.max(start, criteria.fromMs), Math.min(end, criteria.toMs)];
}

interface Buckets {
  /** Ascending by bucket. */
  readonly entries: { bucket: number; n: number }[];
  count: number;
  sum: bigint;
}

interface Lookup {
  readonly kind: number;
  /** The team (NO_TEAM: none) the rank is within; null: all teams. */
  readonly team: string | null;
  readonly bucket: number;
  readonly from: number;
  readonly to: number;
  readonly offset: number;
}

/** Exact mean of integers from their sum (bigint) and count, as metrics `mean` computes it. */
function meanOf(sum: bigint, count: number): number {
  const n = BigInt(count);
  const quotient = sum / n;
  return Number(quotient) + Number(sum - quotient * n) / count;
}

/** Where rank `rank` (0-based) lies: its bucket and its offset inside the bucket. */
function locate(buckets: Buckets, rank: number): { bucket: number; offset: number } {
  let before = 0;
  for (const entry of buckets.entries) {
    if (rank < before + entry.n) return { bucket: entry.bucket, offset: rank - before };
    before += entry.n;
  }
  throw new Error(`rank ${rank} beyond ${before} values`);
}

/** Per group ('*': the whole period), per kind: the exact distribution. */
export type ExactDistributions = Map<string, Map<number, ReportDistributionView>>;

export async function exactDistributions(
  run: Run,
  criteria: ReportCriteria,
  kinds: readonly HistogramKind[],
): Promise<ExactDistributions> {
  const from = new Date(criteria.fromMs).toISOString().slice(0, 10);
  const to = new Date(criteria.toMs).toISOString().slice(0, 10);
  const { group, format } = dayGroup(criteria.groupBy);
  // Ungrouped or by month, the whole months inside the period come from report_month_histogram
  // and only the days before and after them from report_frt_histogram.
  const monthly = criteria.groupBy === null || criteria.groupBy === 'month';
  const [wholeFrom, wholeTo] = monthly ? wholeMonths(criteria) : [from, from];
  const counted = await run<CountedRow>(
    `SELECT kind, ${format} AS k, bucket, n, total FROM (
       SELECT kind, ${group} AS g, bucket, sum(n)::int AS n, sum(total)::text AS total
       FROM (SELECT kind, month AS day, bucket, n, total FROM report_month_histogram
             WHERE kind = ANY($3::smallint[]) AND month >= $4::date AND month < $5::date
             UNION ALL
             SELECT kind, day, bucket, n, total FROM report_frt_histogram
             WHERE kind = ANY($3::smallint[])
               AND (day >= $1::date AND day < $4::date OR day >= $5::date AND day < $2::date)
            ) AS d
       GROUP BY 1, 2, 3 HAVING sum(n) > 0) AS h
     ORDER BY kind, g, bucket`,
    [from, to, kinds.map((k) => k.kind), wholeFrom, wholeTo],
  );
  return resolveRanks(run, kinds, counted, criteria.groupBy !== null, (key) =>
    rangeOf(key === '*' ? null : criteria.groupBy, key, criteria),
  );
}

/** The whole UTC months inside the period, as [first, end) dates; [from, from) when none. */
function wholeMonths(criteria: ReportCriteria): [string, string] {
  const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const start = new Date(criteria.fromMs);
  const first =
    start.getUTCDate() === 1 && criteria.fromMs % DAY_MS === 0
      ? criteria.fromMs
      : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  const end = new Date(criteria.toMs);
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  return first < last ? [date(first), date(last)] : [date(criteria.fromMs), date(criteria.fromMs)];
}

/** Per team (NO_TEAM: none) and for all ('*'), per kind: the exact distribution. */
export async function exactDistributionsByTeam(
  run: Run,
  criteria: ReportCriteria,
  kinds: readonly HistogramKind[],
): Promise<ExactDistributions> {
  const from = new Date(criteria.fromMs).toISOString().slice(0, 10);
  const to = new Date(criteria.toMs).toISOString().slice(0, 10);
  const counted = await run<CountedRow>(
    `SELECT kind, COALESCE(team_id, '') AS k, bucket, sum(n)::int AS n, sum(total)::text AS total
     FROM report_team_histogram
     WHERE kind = ANY($3::smallint[]) AND month >= $1::date AND month < $2::date
     GROUP BY 1, 2, 3 HAVING sum(n) > 0`,
    [from, to, kinds.map((k) => k.kind)],
  );
  // Sorted here: ORDER BY in the statement turns the hash aggregate into a sort that spills.
  counted.sort((a, b) =>
    a.kind !== b.kind ? a.kind - b.kind : a.k !== b.k ? (a.k < b.k ? -1 : 1) : a.bucket - b.bucket,
  );
  const period = (): [number, number] => [criteria.fromMs, criteria.toMs];
  return resolveRanks(run, kinds, counted, true, period, true);
}

interface CountedRow extends Record<string, unknown> {
  readonly kind: number;
  readonly k: string;
  readonly bucket: number;
  readonly n: number;
  readonly total: string;
}

/**
 * From the bucket counts of each group: counts, exact means, and the ranks each percentile needs,
 * read in one indexed query per kind (the group's period, and with `byTeam` its team).
 */
async function resolveRanks(
  run: Run,
  kinds: readonly HistogramKind[],
  counted: readonly CountedRow[],
  grouped: boolean,
  rangeOfKey: (key: string) => [number, number],
  byTeam = false,
): Promise<ExactDistributions> {
  // Per kind: every group's buckets, and the whole period's ('*').
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

  const lookups = new Map<string, Lookup>();
  const need = (kind: number, key: string, rank: number, buckets: Buckets): string => {
    const [rangeFrom, rangeTo] = rangeOfKey(key);
    const { bucket, offset } = locate(buckets, rank);
    // By team, the whole period's ranks are over every team: read without the team condition.
    const team = byTeam && key !== '*' ? key : null;
    const id = `${kind}|${team ?? '*'}|${bucket}|${rangeFrom}|${rangeTo}|${offset}`;
    lookups.set(id, { kind, team, bucket, from: rangeFrom, to: rangeTo, offset });
    return id;
  };
  type Plan = {
    count: number;
    mean: number | null;
    ranks: { p: number; low: string; high: string | null; fraction: number }[];
  };
  const plans = new Map<number, Map<string, Plan>>();
  for (const { kind } of kinds) {
    const plansOfKind = new Map<string, Plan>();
    for (const [key, buckets] of byKind.get(kind) ?? new Map<string, Buckets>()) {
      const ranks = [0.5, 0.9].map((p) => {
        const h = (buckets.count - 1) * p;
        const lower = Math.floor(h);
        const fraction = h - lower;
        const upper = Math.min(lower + 1, buckets.count - 1);
        return {
          p,
          low: need(kind, key, lower, buckets),
          high: fraction === 0 ? null : need(kind, key, upper, buckets),
          fraction,
        };
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
  for (const { kind, column, bucket, at, team } of kinds) {
    for (const teamScoped of [false, true]) {
      const mine = [...lookups.entries()].filter(
        ([, lookup]) => lookup.kind === kind && (lookup.team !== null) === teamScoped,
      );
      if (mine.length === 0) continue;
      // Within a team, through the index on (COALESCE(team, ''), bucket, value).
      const teamCondition = teamScoped ? `COALESCE(t.${team}, '') = q.team AND ` : '';
      const rows = await run<{ i: number; v: string }>(
        `SELECT q.i, (SELECT t.${column} FROM report_tickets t
                      WHERE ${teamCondition}t.${bucket} = q.b AND t.${at} IS NOT NULL
                        AND t.${at} >= q.lo AND t.${at} < q.hi
                      ORDER BY t.${column} OFFSET q.off LIMIT 1)::text AS v
         FROM unnest($1::int[], $2::smallint[], $3::timestamptz[], $4::timestamptz[], $5::int[],
                     $6::text[])
           AS q(i, b, lo, hi, off, team)`,
        [
          mine.map((_, i) => i),
          mine.map(([, l]) => l.bucket),
          mine.map(([, l]) => new Date(l.from).toISOString()),
          mine.map(([, l]) => new Date(l.to).toISOString()),
          mine.map(([, l]) => l.offset),
          mine.map(([, l]) => l.team ?? NO_TEAM),
        ],
      );
      read(mine, rows);
    }
  }
  function read(mine: [string, Lookup][], rows: { i: number; v: string }[]): void {
    for (const row of rows) {
      const entry = mine[row.i];
      if (entry === undefined || row.v === null)
        throw new Error('histogram and fact rows disagree');
      values.set(entry[0], Number(row.v));
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

export const EMPTY_DISTRIBUTION: ReportDistributionView = {
  count: 0,
  median: null,
  p90: null,
  mean: null,
};

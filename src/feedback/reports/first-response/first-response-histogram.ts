/**
 * The exact two-step percentile method for first response times over whole UTC days without
 * dimension filters (the long-period case: a year of a million tickets):
 *
 * 1. report_frt_histogram holds, per UTC day and value bucket, how many first responses there are
 *    and the sum of their values. Summing the days of the period gives each group's count, exact
 *    mean (integer sum / count) and, walking the cumulative counts, the bucket and the offset
 *    inside it of every rank a percentile needs.
 * 2. One query reads exactly those ranks: inside one bucket and period, through the index on
 *    (bucket, first_response_at) that covers the value, ordered, at the offset.
 *
 * The result is the same linear interpolation between closest ranks as percentile_cont and
 * src/feedback/metrics `summarise` (never an estimate from the histogram). Other requests (a
 * time zone other than UTC, a period not on UTC midnights, dimension filters or groups) use the
 * plain SQL aggregate over the fact rows.
 */
import type { ReportCriteria } from '../query/report-criteria';
import type { GroupBy } from '../query/report.query.dto';
import type { ReportDistributionView } from '../query/report-sql';
import { rate } from '../query/report-sql';
import type { Run } from '../query/report-snapshot';

const DAY_MS = 24 * 3_600_000;
const KINDS = [
  { kind: 0, column: 'frt_calendar_ms', bucket: 'frt_calendar_bucket' },
  { kind: 1, column: 'frt_business_ms', bucket: 'frt_business_bucket' },
] as const;

export interface HistogramFigures {
  readonly count: number;
  readonly calendar: ReportDistributionView;
  readonly business: ReportDistributionView;
  readonly withinSlaTarget: { numerator: number; denominator: number; rate: number | null };
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
function dayGroup(groupBy: GroupBy | null): { group: string; format: string } {
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

export async function firstResponseByHistogram(
  run: Run,
  criteria: ReportCriteria,
): Promise<{ total: HistogramFigures; groups: Map<string, HistogramFigures> }> {
  const from = new Date(criteria.fromMs).toISOString().slice(0, 10);
  const to = new Date(criteria.toMs).toISOString().slice(0, 10);
  const { group, format } = dayGroup(criteria.groupBy);
  const counted = await run<{ kind: number; k: string; bucket: number; n: number; total: string }>(
    `SELECT kind, ${format} AS k, bucket, n, total FROM (
       SELECT kind, ${group} AS g, bucket, sum(n)::int AS n, sum(total)::text AS total
       FROM report_frt_histogram WHERE day >= $1::date AND day < $2::date
       GROUP BY 1, 2, 3 HAVING sum(n) > 0) AS h
     ORDER BY kind, g, bucket`,
    [from, to],
  );
  const sla = await run<{ k: string; achieved: number; measured: number }>(
    `SELECT ${format} AS k, achieved, measured FROM (
       SELECT ${group} AS g, sum(sla_achieved)::int AS achieved, sum(sla_measured)::int AS measured
       FROM report_frt_daily WHERE day >= $1::date AND day < $2::date GROUP BY 1) AS d`,
    [from, to],
  );
  // Per kind: every group's buckets, and the whole period's ('*').
  const byKind = KINDS.map(() => new Map<string, Buckets>());
  for (const row of counted) {
    const groups = byKind[row.kind];
    if (groups === undefined) continue;
    for (const group of criteria.groupBy === null ? ['*'] : [row.k, '*']) {
      const buckets = groups.get(group) ?? { entries: [], count: 0, sum: 0n };
      const last = buckets.entries.at(-1);
      if (last !== undefined && last.bucket === row.bucket) last.n += row.n;
      else buckets.entries.push({ bucket: row.bucket, n: row.n });
      buckets.count += row.n;
      buckets.sum += BigInt(row.total);
      groups.set(group, buckets);
    }
  }
  // The total merges groups bucket by bucket: keep its entries ascending.
  for (const groups of byKind) {
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
  const need = (kind: number, group: string, rank: number, buckets: Buckets): string => {
    const [rangeFrom, rangeTo] = rangeOf(group === '*' ? null : criteria.groupBy, group, criteria);
    const { bucket, offset } = locate(buckets, rank);
    const id = `${kind}|${bucket}|${rangeFrom}|${rangeTo}|${offset}`;
    lookups.set(id, { kind, bucket, from: rangeFrom, to: rangeTo, offset });
    return id;
  };
  type Plan = {
    count: number;
    mean: number | null;
    ranks: { p: number; low: string; high: string | null; fraction: number }[];
  };
  const plans = KINDS.map(({ kind }) => {
    const plansOfKind = new Map<string, Plan>();
    for (const [group, buckets] of byKind[kind] ?? new Map<string, Buckets>()) {
      const ranks = [0.5, 0.9].map((p) => {
        const h = (buckets.count - 1) * p;
        const lower = Math.floor(h);
        const fraction = h - lower;
        const upper = Math.min(lower + 1, buckets.count - 1);
        return {
          p,
          low: need(kind, group, lower, buckets),
          high: fraction === 0 ? null : need(kind, group, upper, buckets),
          fraction,
        };
      });
      plansOfKind.set(group, {
        count: buckets.count,
        mean: meanOf(buckets.sum, buckets.count),
        ranks,
      });
    }
    return plansOfKind;
  });

  const values = new Map<string, number>();
  for (const { kind, column, bucket } of KINDS) {
    const mine = [...lookups.entries()].filter(([, lookup]) => lookup.kind === kind);
    if (mine.length === 0) continue;
    const rows = await run<{ i: number; v: string }>(
      `SELECT q.i, (SELECT t.${column} FROM report_tickets t
                    WHERE t.${bucket} = q.b AND t.first_response_at IS NOT NULL
                      AND t.first_response_at >= q.lo AND t.first_response_at < q.hi
                    ORDER BY t.${column} OFFSET q.off LIMIT 1)::text AS v
       FROM unnest($1::int[], $2::smallint[], $3::timestamptz[], $4::timestamptz[], $5::int[])
         AS q(i, b, lo, hi, off)`,
      [
        mine.map((_, i) => i),
        mine.map(([, l]) => l.bucket),
        mine.map(([, l]) => new Date(l.from).toISOString()),
        mine.map(([, l]) => new Date(l.to).toISOString()),
        mine.map(([, l]) => l.offset),
      ],
    );
    for (const row of rows) {
      const entry = mine[row.i];
      if (entry === undefined || row.v === null)
        throw new Error('histogram and fact rows disagree');
      values.set(entry[0], Number(row.v));
    }
  }

  const distribution = (plan: Plan | undefined): ReportDistributionView => {
    if (plan === undefined || plan.count === 0)
      return { count: 0, median: null, p90: null, mean: null };
    const [median, p90] = plan.ranks.map(({ low, high, fraction }) => {
      const lowValue = values.get(low) as number;
      return high === null
        ? lowValue
        : lowValue + fraction * ((values.get(high) as number) - lowValue);
    });
    return { count: plan.count, median: median ?? null, p90: p90 ?? null, mean: plan.mean };
  };
  const slaOf = (group: string) => {
    const rows = group === '*' ? sla : sla.filter((row) => row.k === group);
    return rate(
      rows.reduce((sum, row) => sum + row.achieved, 0),
      rows.reduce((sum, row) => sum + row.measured, 0),
    );
  };
  const figures = (group: string): HistogramFigures => {
    const calendar = distribution(plans[0]?.get(group));
    return {
      count: calendar.count,
      calendar,
      business: distribution(plans[1]?.get(group)),
      withinSlaTarget: slaOf(group),
    };
  };
  const groups = new Map<string, HistogramFigures>();
  if (criteria.groupBy !== null) {
    for (const group of [...(plans[0]?.keys() ?? [])].filter((g) => g !== '*').sort())
      groups.set(group, figures(group));
  }
  return { total: figures('*'), groups };
}

/**
 * Reports grouped by hour without filters (8,760 groups a year, each with its own percentiles).
 * Each local hour of a zone whose offsets are whole hours over the period is one UTC hour — two
 * where the clock falls back (the wall-clock hour repeats), none where it springs forward. A group
 * that is exactly one whole UTC hour reads its figures from report_hour_stats (exact statistics
 * per hour, facts/hour-stats.ts) and its counters from report_hour_counts; the others (the
 * period's cut ends, a repeated hour) are computed from their fact rows with percentile_cont.
 */
import { offsetAt } from '../../../sla/business-time/zoned-time';
import { hourStatsSql } from '../facts/hour-stats';
import {
  EMPTY_DISTRIBUTION,
  exactDistributions,
  meanOf,
  rollupsServed,
  withoutFilters,
  type ExactDistributions,
  type HistogramKind,
} from './exact-histogram';
import {
  sumPlanned,
  type GrainPlan,
  type HourlyCounter,
  type PlannedRow,
  type Sliver,
} from './period-plan';
import type { ReportCriteria } from './report-criteria';
import { SqlParams, type ReportDistributionView } from './report-sql';
import type { Run } from './report-snapshot';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** report_hour_stats and CSAT in report_hour_counts came with version 6. */
export const HOUR_STATS_VERSION = 6;

/** The request's local hours, as UTC hours or parts of them keyed by the local hour. */
export interface HourGroups {
  /** The group keys, in time order (a repeated hour once). */
  readonly keys: readonly string[];
  /** Each local hour's pieces, as slivers of sign 1 (whole UTC hours where they are whole). */
  readonly plan: GrainPlan;
  /** The UTC hours (ms) that are a whole group alone, and that group's key. */
  readonly whole: ReadonlyMap<number, string>;
  /** The pieces of the other groups (cut hours, a repeated hour): from the fact rows. */
  readonly partial: readonly Sliver[];
}

/**
 * The local hours of the period, labelled as the fact queries label them (`2026-03-02T09:00`),
 * or null when an offset is not a whole number of hours (India's, Nepal's …) somewhere in it.
 * Offsets are asked once per UTC day unless they differ at its two ends.
 */
export function hourGroupsOf(criteria: ReportCriteria): HourGroups | null {
  // Asked by the path check and by the path: planned once per request.
  const planned = plannedHours.get(criteria);
  if (planned !== undefined) return planned;
  const groups = planHours(criteria);
  plannedHours.set(criteria, groups);
  return groups;
}

const plannedHours = new WeakMap<ReportCriteria, HourGroups | null>();

function planHours(criteria: ReportCriteria): HourGroups | null {
  const zone = criteria.timeZone;
  const pieces = new Map<string, Sliver[]>();
  let dayStart = Number.NaN;
  let dayOffset: number | null = null;
  for (
    let hour = Math.floor(criteria.fromMs / HOUR_MS) * HOUR_MS;
    hour < criteria.toMs;
    hour += HOUR_MS
  ) {
    const day = Math.floor(hour / DAY_MS) * DAY_MS;
    if (day !== dayStart) {
      dayStart = day;
      const first = offsetAt(zone, day);
      dayOffset = first === offsetAt(zone, day + DAY_MS - 1) ? first : null;
    }
    const offset = dayOffset ?? offsetAt(zone, hour);
    if (offset % HOUR_MS !== 0) return null;
    // On a day the offset changes, it must not change inside the hour.
    if (dayOffset === null && offsetAt(zone, hour + HOUR_MS - 1) !== offset) return null;
    const key = `${new Date(hour + offset).toISOString().slice(0, 13)}:00`;
    const fromMs = Math.max(hour, criteria.fromMs);
    const toMs = Math.min(hour + HOUR_MS, criteria.toMs);
    const list = pieces.get(key) ?? [];
    list.push({ key, fromMs, toMs, sign: 1 });
    pieces.set(key, list);
  }
  const whole = new Map<number, string>();
  for (const [key, list] of pieces) {
    const [only] = list;
    if (list.length === 1 && only.toMs - only.fromMs === HOUR_MS) whole.set(only.fromMs, key);
  }
  const slivers = [...pieces.values()].flat();
  return {
    keys: [...pieces.keys()],
    plan: { grain: 'day', cores: [], slivers },
    whole,
    partial: slivers.filter((piece) => whole.get(piece.fromMs) !== piece.key),
  };
}

/** By hour, without filters, with the hour statistics served. */
export async function hourPathServed(run: Run, criteria: ReportCriteria): Promise<boolean> {
  return (
    criteria.groupBy === 'hour' &&
    withoutFilters(criteria, false) &&
    hourGroupsOf(criteria) !== null &&
    (await rollupsServed(run, HOUR_STATS_VERSION))
  );
}

/**
 * Per local hour and per kind, the exact distribution; '*': the whole period's (the ungrouped
 * path's). Whole hours from report_hour_stats, the other groups from their fact rows.
 */
export async function hourDistributions(
  run: Run,
  criteria: ReportCriteria,
  hours: HourGroups,
  kinds: readonly HistogramKind[],
): Promise<ExactDistributions> {
  const result: ExactDistributions = new Map();
  const set = (
    key: string,
    kind: number,
    row: { n: number; total: string; median: number; p90: number },
  ): void => {
    const perKind = result.get(key) ?? new Map<number, ReportDistributionView>();
    perKind.set(kind, {
      count: row.n,
      median: row.median,
      p90: row.p90,
      mean: meanOf(BigInt(row.total), row.n),
    });
    result.set(key, perKind);
  };
  type StatsRow = { kind: number; n: number; total: string; median: number; p90: number };
  if (hours.whole.size > 0) {
    const first = Math.min(...hours.whole.keys());
    const last = Math.max(...hours.whole.keys());
    // One row per kind, each column one comma-separated text: 17,520 rows of dates and texts
    // parsed one by one took 95 ms of a year by hour, PostgreSQL arrays 140 ms.
    const rows = await run<{
      kind: number;
      hours: string;
      n: string;
      total: string;
      median: string;
      p90: string;
    }>(
      `SELECT kind, ${joined(EPOCH)} AS hours, ${joined('n')} AS n,
              ${joined('total')} AS total, ${joined('median')} AS median, ${joined('p90')} AS p90
       FROM report_hour_stats
       WHERE kind = ANY($1::smallint[]) AND hour >= $2 AND hour <= $3
       GROUP BY kind`,
      [kinds.map((k) => k.kind), new Date(first).toISOString(), new Date(last).toISOString()],
    );
    for (const row of rows) {
      const [n, median, p90] = [row.n, row.median, row.p90].map(numbers);
      const total = row.total.split(',');
      numbers(row.hours).forEach((seconds, i) => {
        const key = hours.whole.get(seconds * 1000);
        if (key !== undefined) {
          set(key, row.kind, { n: n[i], total: total[i], median: median[i], p90: p90[i] });
        }
      });
    }
  }
  const partial = hours.partial;
  if (partial.length > 0) {
    const params = new SqlParams();
    const ranges = `unnest(${params.add(partial.map((p) => p.key))}::text[],
        ${params.add(partial.map((p) => new Date(p.fromMs).toISOString()))}::timestamptz[],
        ${params.add(partial.map((p) => new Date(p.toMs).toISOString()))}::timestamptz[])
      AS r(k, lo, hi)`;
    const rows = await run<StatsRow & { k: string }>(
      `SELECT k, kind, n, total::text AS total, median, p90 FROM (${kinds
        .map((k) => hourStatsSql(k.kind, ranges))
        .join('\nUNION ALL\n')}) AS s`,
      params.values,
    );
    for (const row of rows) set(row.k, row.kind, row);
  }
  const total = (await exactDistributions(run, { ...criteria, groupBy: null }, kinds)).get('*');
  result.set('*', total ?? new Map(kinds.map((k) => [k.kind, EMPTY_DISTRIBUTION])));
  return result;
}

/**
 * Counters per local hour (k; g null): each whole-hour group's from report_hour_counts (one range
 * read, one comma-joined text per measure), the other groups' pieces through sumPlanned (`sliver`: the fact
 * rows' counters of slivers, as sumPlanned takes them; their whole UTC hours from the same table).
 */
export async function hourCounts(
  run: Run,
  hours: HourGroups,
  counters: readonly HourlyCounter[],
  sliver: (slivers: string, params: SqlParams) => string,
): Promise<PlannedRow[]> {
  const names = counters.map((c) => c.name);
  const byKey = new Map<string, Record<string, number>>();
  if (hours.whole.size > 0) {
    const rows = await run<{ measure: number; hours: string; n: string }>(
      `SELECT measure, ${joined(EPOCH)} AS hours, ${joined('n')} AS n
       FROM report_hour_counts
       WHERE measure = ANY($1::smallint[]) AND hour >= $2 AND hour <= $3
       GROUP BY measure`,
      [
        counters.map((c) => c.measure),
        new Date(Math.min(...hours.whole.keys())).toISOString(),
        new Date(Math.max(...hours.whole.keys())).toISOString(),
      ],
    );
    for (const row of rows) {
      const columns = counters.filter((c) => c.measure === row.measure).map((c) => c.name);
      const n = numbers(row.n);
      numbers(row.hours).forEach((seconds, i) => {
        const key = hours.whole.get(seconds * 1000);
        if (key === undefined) return;
        let entry = byKey.get(key);
        if (entry === undefined) {
          entry = Object.fromEntries(names.map((name) => [name, 0]));
          byKey.set(key, entry);
        }
        for (const column of columns) entry[column] += n[i];
      });
    }
  }
  const partial = hours.partial;
  const rest =
    partial.length === 0
      ? []
      : await sumPlanned(
          run,
          { grain: 'day', cores: [], slivers: partial },
          names,
          // Never called: the plan has no cores.
          () => 'SELECT NULL::text AS k, NULL::text AS g WHERE false',
          sliver,
          { hourly: counters },
        );
  return [
    ...[...byKey.entries()].map(([k, columns]) => ({ ...columns, k, g: null }) as PlannedRow),
    ...rest,
  ].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
}

/**
 * A column aggregated per group as one comma-separated text. Without an ORDER BY (a sort per
 * group, twice the time): a group's aggregates all take its rows in the same order.
 */
const joined = (column: string): string => `string_agg((${column})::text, ',')`;

/** An hour's epoch seconds (date_part's float8: extract's numeric took twice as long). */
const EPOCH = `date_part('epoch', hour)::bigint`;

const numbers = (csv: string): number[] => csv.split(',').map(Number);

/**
 * Building blocks of the report queries: parameters, the period and dimension filters of a metric
 * (each metric filters and groups on the columns of its own attribution: a first response on when
 * and by whom it was sent, a resolution on the solve), group keys, and exact statistics.
 *
 * Percentiles are PostgreSQL `percentile_cont` over the raw values: linear interpolation, the
 * same method as src/feedback/metrics `summarise`, never an average of bucket medians.
 */
import type { GroupBy } from './report.query.dto';
import type { ReportCriteria } from './report-criteria';

export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Where a metric's attribution lives, as SQL expressions over its row (tickets aliased `t`). */
export interface Attribution {
  /** The instant the metric completed (or, for cohort metrics, the instant defining the cohort). */
  readonly at: string;
  readonly agent: string;
  readonly team: string;
}

const TIME_FORMATS: Partial<Record<GroupBy, { unit: string; format: string }>> = {
  hour: { unit: 'hour', format: 'YYYY-MM-DD"T"HH24:00' },
  day: { unit: 'day', format: 'YYYY-MM-DD' },
  week: { unit: 'week', format: 'YYYY-MM-DD' },
  month: { unit: 'month', format: 'YYYY-MM' },
};

/** A time bucket label in the report's zone: `2026-03-02`, `2026-03`, `2026-03-02T09:00`. */
export function timeBucket(groupBy: GroupBy, at: string, zoneParam: string): string {
  const spec = TIME_FORMATS[groupBy];
  if (spec === undefined) throw new Error(`${groupBy} is not a time bucket`);
  return `to_char(date_trunc('${spec.unit}', ${at} AT TIME ZONE ${zoneParam}), '${spec.format}')`;
}

export function groupKey(
  groupBy: GroupBy,
  attribution: Attribution,
  params: SqlParams,
  timeZone: string,
): string {
  switch (groupBy) {
    case 'agent':
      return attribution.agent;
    case 'team':
      return attribution.team;
    case 'channel':
      return 't.channel';
    case 'priority':
      return 't.priority';
    case 'type':
      return 't.type';
    default:
      return timeBucket(groupBy, attribution.at, params.add(timeZone));
  }
}

export interface FilterOptions {
  /** false: the metric is a snapshot "now" (awaiting, backlog), not bound to the period. */
  readonly period?: boolean;
}

export function filtersOf(
  attribution: Attribution,
  criteria: ReportCriteria,
  params: SqlParams,
  { period = true }: FilterOptions = {},
): string[] {
  const conditions: string[] = [];
  if (period) {
    conditions.push(
      `${attribution.at} >= ${params.add(new Date(criteria.fromMs).toISOString())}::timestamptz`,
    );
    conditions.push(
      `${attribution.at} < ${params.add(new Date(criteria.toMs).toISOString())}::timestamptz`,
    );
  }
  const anyOf = (column: string, values: readonly string[]): void => {
    if (values.length > 0) conditions.push(`${column} = ANY(${params.add(values)}::text[])`);
  };
  anyOf(attribution.agent, criteria.agents);
  anyOf(attribution.team, criteria.teams);
  anyOf('t.channel', criteria.channels);
  anyOf('t.priority', criteria.priorities);
  anyOf('t.type', criteria.types);
  return conditions;
}

/** count, median, p90, mean of a column; nulls ignored (they are not in the distribution). */
export function statsColumns(column: string, alias: string): string {
  return [
    `count(${column})::int AS ${alias}_count`,
    // Both percentiles from one sort of the values.
    `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}) AS ${alias}_percentiles`,
    `avg(${column})::float8 AS ${alias}_mean`,
  ].join(',\n    ');
}

export interface ReportDistributionView {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
  readonly mean: number | null;
}

export function distributionOf(
  row: Record<string, unknown>,
  alias: string,
): ReportDistributionView {
  const percentiles = row[`${alias}_percentiles`] as (number | null)[] | null | undefined;
  const num = (value: unknown): number | null =>
    value === null || value === undefined ? null : Number(value);
  return {
    count: Number(row[`${alias}_count`] ?? 0),
    median: num(percentiles?.[0]),
    p90: num(percentiles?.[1]),
    mean: num(row[`${alias}_mean`]),
  };
}

/**
 * Wraps a per-row SELECT (which must expose the group key as `k` when grouped) into the
 * aggregate query returning the total row (`is_total`) and one row per key, in one scan.
 */
export function groupedAggregate(inner: string, aggregates: string, grouped: boolean): string {
  if (!grouped) {
    return `SELECT true AS is_total, NULL::text AS k, ${aggregates} FROM (${inner}) AS x`;
  }
  return `SELECT GROUPING(k) = 1 AS is_total, k, ${aggregates}
    FROM (${inner}) AS x GROUP BY GROUPING SETS ((k), ()) ORDER BY is_total DESC, k NULLS LAST`;
}

export function rate(
  numerator: number,
  denominator: number,
): { numerator: number; denominator: number; rate: number | null } {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

/**
 * How a report period (in any time zone, between any instants) is read from rollups that are
 * kept per UTC day or UTC month: each group's range [from, to) is rounded to the nearest UTC
 * unit boundaries (the "core", summed from the rollup rows) and corrected by the fact rows of the
 * slivers between each true boundary and its rounded one — added where the core falls short,
 * subtracted where it overshoots. Every rollup figure is a sum (counts, value sums, bucket
 * counts), so core + slivers is exactly the figure over [from, to).
 *
 * A local month in a whole-hour zone is its UTC month give or take a few hours, so the slivers of
 * a year in Europe/Berlin are two or three hours of fact rows per group boundary; a UTC request
 * on whole units has none and reads the rollups alone.
 */
import { firstInstantAtOrAfterLocal, offsetAt } from '../../../sla/business-time/zoned-time';
import type { ReportCriteria } from './report-criteria';
import { SqlParams } from './report-sql';
import type { Run } from './report-snapshot';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The longest clock change on record: a fall-back this close after a boundary re-enters the day before. */
const LONGEST_CLOCK_CHANGE_MS = 2 * HOUR_MS;

/** One group of the period (a local day, week or month, or the whole period: key ''). */
export interface PeriodGroup {
  readonly key: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export type Grain = 'day' | 'month';

/** A signed stretch of fact rows correcting a group's core. */
export interface Sliver {
  readonly key: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly sign: 1 | -1;
}

/** A group's core: whole UTC days or months, as dates [from, to). */
export interface CoreRange {
  readonly key: string;
  readonly from: string;
  readonly to: string;
}

export interface GrainPlan {
  readonly grain: Grain;
  readonly cores: readonly CoreRange[];
  readonly slivers: readonly Sliver[];
}

type TimeUnit = 'day' | 'week' | 'month';

/**
 * The period's groups: its local days, weeks (from Monday) or months in the report's zone, keyed
 * as the fact queries label them (`2026-03-02`, `2026-03`), or the whole period (key '') when not
 * grouped by time. null when the groups cannot be told apart by instants alone: by hour, or a
 * clock falling back across a group boundary (wall-clock grouping would then put the instants
 * after the change in the day before).
 */
export function periodGroupsOf(criteria: ReportCriteria): readonly PeriodGroup[] | null {
  // Asked by several path checks and plans of one request: a year by day asks ~730 offsets.
  const planned = plannedPeriods.get(criteria);
  if (planned !== undefined) return planned;
  const groups = planPeriods(criteria);
  plannedPeriods.set(criteria, groups);
  return groups;
}

const plannedPeriods = new WeakMap<ReportCriteria, readonly PeriodGroup[] | null>();

function planPeriods(criteria: ReportCriteria): PeriodGroup[] | null {
  const unit = criteria.groupBy;
  if (unit === 'hour') return null;
  if (unit !== 'day' && unit !== 'week' && unit !== 'month') {
    return [{ key: '', fromMs: criteria.fromMs, toMs: criteria.toMs }];
  }
  const zone = criteria.timeZone;
  const instantOf = (naive: number): number => firstInstantAtOrAfterLocal(zone, naive);
  const groups: PeriodGroup[] = [];
  let start = truncate(criteria.fromMs + offsetAt(zone, criteria.fromMs), unit);
  for (;;) {
    const next = advance(start, unit);
    const boundary = instantOf(next);
    const fromMs = Math.max(criteria.fromMs, instantOf(start));
    const toMs = Math.min(criteria.toMs, boundary);
    if (fromMs < toMs) groups.push({ key: labelOf(start, unit), fromMs, toMs });
    if (boundary >= criteria.toMs) return groups;
    if (fallsBackAcross(zone, boundary)) return null;
    start = next;
  }
}

/**
 * Whether the wall clock, after `boundary`, goes back to before the boundary's own wall time: a
 * fall-back (only a fall-back can: spring-forward skips) within LONGEST_CLOCK_CHANGE_MS after it,
 * by more than the time elapsed since the boundary. New York's 02:00 → 01:00 two hours after
 * midnight does not (it had been refused too, sending a New York year by day to the fact rows:
 * 1.2–4.5 s); a change from 00:30 back to 23:30 would.
 */
function fallsBackAcross(zone: string, boundary: number): boolean {
  const before = offsetAt(zone, boundary);
  const after = offsetAt(zone, boundary + LONGEST_CLOCK_CHANGE_MS);
  if (after >= before) return false;
  // The first minute at the later offset (offsets change on whole minutes).
  let low = 0;
  let high = LONGEST_CLOCK_CHANGE_MS / MINUTE_MS;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(zone, boundary + middle * MINUTE_MS) < before) high = middle;
    else low = middle + 1;
  }
  return low * MINUTE_MS < before - after;
}

/** The period groups of a request whose fast path checked periodGroupsOf is not null. */
export function plannedGroups(criteria: ReportCriteria): readonly PeriodGroup[] {
  const groups = periodGroupsOf(criteria);
  if (groups === null) throw new Error('the period has no plan (checked before choosing the path)');
  return groups;
}

/** Each group's core at `grain` and the slivers that make it exact. */
export function planAt(groups: readonly PeriodGroup[], grain: Grain): GrainPlan {
  const round = grain === 'day' ? nearestUtcDay : nearestUtcMonth;
  const cores: CoreRange[] = [];
  const slivers: Sliver[] = [];
  const signed = (key: string, a: number, b: number): void => {
    if (a < b) slivers.push({ key, fromMs: a, toMs: b, sign: 1 });
    else if (b < a) slivers.push({ key, fromMs: b, toMs: a, sign: -1 });
  };
  for (const { key, fromMs, toMs } of groups) {
    const coreFrom = round(fromMs);
    const coreTo = round(toMs);
    if (coreFrom >= coreTo) {
      // Shorter than the grain: all of it from the fact rows.
      signed(key, fromMs, toMs);
      continue;
    }
    cores.push({ key, from: dateOf(coreFrom), to: dateOf(coreTo) });
    signed(key, fromMs, coreFrom);
    signed(key, coreTo, toMs);
  }
  return { grain, cores, slivers };
}

/** `unnest(...) AS <alias>(k, lo, hi)`: each core's key and UTC dates [lo, hi). */
export function coresSql(plan: GrainPlan, params: SqlParams, alias = 'p'): string {
  const keys = params.add(plan.cores.map((c) => c.key));
  const from = params.add(plan.cores.map((c) => c.from));
  const to = params.add(plan.cores.map((c) => c.to));
  return `unnest(${keys}::text[], ${from}::date[], ${to}::date[]) AS ${alias}(k, lo, hi)`;
}

/**
 * The slivers as `sr(lo, hi, …)`, each distinct range [lo, hi) once, and `s(k, sign)`: the groups
 * that range is a sliver of, with their signs. Adjacent local days or weeks share their boundary
 * ranges (one group adds what the next subtracts: a year by day in Berlin has 730 slivers over 366
 * ranges); the fact rows of a range (sliverTickets, SLIVER_SURVEYS: laterals on sr) are read once
 * and counted for each of its groups.
 */
export function sliversSql(plan: GrainPlan, params: SqlParams): string {
  const ranges = new Map<
    string,
    { fromMs: number; toMs: number; keys: string[]; signs: number[] }
  >();
  for (const sliver of plan.slivers) {
    const id = `${sliver.fromMs}|${sliver.toMs}`;
    const range = ranges.get(id) ?? {
      fromMs: sliver.fromMs,
      toMs: sliver.toMs,
      keys: [],
      signs: [],
    };
    if (sliver.key.includes(KEY_SEPARATOR)) throw new Error(`group key ${sliver.key} holds ;`);
    // '#' first: string_to_array reads '' as no element at all.
    range.keys.push(`#${sliver.key}`);
    range.signs.push(sliver.sign);
    ranges.set(id, range);
  }
  const list = [...ranges.values()];
  const from = params.add(list.map((r) => new Date(r.fromMs).toISOString()));
  const to = params.add(list.map((r) => new Date(r.toMs).toISOString()));
  const keys = params.add(list.map((r) => r.keys.join(KEY_SEPARATOR)));
  const signs = params.add(list.map((r) => r.signs.join(',')));
  return `unnest(${from}::timestamptz[], ${to}::timestamptz[], ${keys}::text[], ${signs}::text[])
      AS sr(lo, hi, ks, signs)
    CROSS JOIN LATERAL (SELECT substr(m.k, 2) AS k, m.sign::int AS sign
      FROM unnest(string_to_array(sr.ks, '${KEY_SEPARATOR}'), string_to_array(sr.signs, ','))
        AS m(k, sign)) AS s`;
}

/** Between the group keys of a shared sliver range (never in a group key: dates and ''). */
const KEY_SEPARATOR = ';';

/** The period's range of one group key. */
export function rangeOfKey(groups: readonly PeriodGroup[]): (key: string) => [number, number] {
  const byKey = new Map(groups.map((g) => [g.key, [g.fromMs, g.toMs] as [number, number]]));
  return (key) => {
    const range = byKey.get(key);
    if (range === undefined) throw new Error(`no period group ${key}`);
    return range;
  };
}

function nearestUtcDay(ms: number): number {
  return Math.round(ms / DAY_MS) * DAY_MS;
}

function nearestUtcMonth(ms: number): number {
  const date = new Date(ms);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return ms - start <= next - ms ? start : next;
}

const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A naive (wall-clock-as-UTC) instant truncated to the start of its local unit. */
function truncate(naive: number, unit: TimeUnit): number {
  const day = Math.floor(naive / DAY_MS);
  if (unit === 'day') return day * DAY_MS;
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  if (unit === 'week') return (day - ((day + 3) % 7)) * DAY_MS;
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function advance(naive: number, unit: TimeUnit): number {
  if (unit === 'day') return naive + DAY_MS;
  if (unit === 'week') return naive + 7 * DAY_MS;
  const date = new Date(naive);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function labelOf(naive: number, unit: TimeUnit): string {
  const iso = new Date(naive).toISOString();
  return unit === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** A counter's signed contribution from the sliver rows matching `condition`. */
export const signedCount = (condition = 'TRUE'): string =>
  `sum(CASE WHEN ${condition} THEN s.sign ELSE 0 END)`;

export type PlannedRow = { readonly k: string; readonly g: string | null } & Record<string, number>;

/**
 * Sums rollup counters over a plan: `core` selects (k, g, ...columns) from the rollup rows of the
 * cores (its argument is the cores' unnest, aliased p), `sliver` the same from the fact rows of
 * the slivers (aliased s), already signed. g is the second grouping (a team, a channel …) or NULL.
 * Rows come ordered by k and g (in the database's collation, as the fact queries order).
 */
export async function sumPlanned(
  run: Run,
  plan: GrainPlan,
  columns: readonly string[],
  core: (cores: string, params: SqlParams) => string,
  sliver: (slivers: string, params: SqlParams) => string,
  {
    coresOf = coresSql,
    hourly = null,
  }: {
    /** What `core` reads the cores from (default: coresSql; the cells read spans covering them). */
    coresOf?: (plan: GrainPlan, params: SqlParams) => string;
    /**
     * Every column as a counter of report_hour_counts (the ungrouped counters over all tickets):
     * the slivers' whole hours are read from it, only what is left of them from the fact rows.
     */
    hourly?: readonly HourlyCounter[] | null;
  } = {},
): Promise<PlannedRow[]> {
  const params = new SqlParams();
  const parts: string[] = [];
  const { hours, rest } = hourly === null ? { hours: [], rest: plan } : hoursOf(plan);
  if (plan.cores.length > 0) parts.push(core(coresOf(plan, params), params));
  if (rest.slivers.length > 0) parts.push(sliver(sliversSql(rest, params), params));
  if (hourly !== null && hours.length > 0) {
    const named = new Map(hourly.map((c) => [c.name, c.measure]));
    const sums = columns.map((column) => {
      const measure = named.get(column);
      if (measure === undefined) throw new Error(`${column} is not an hourly counter`);
      return `sum(CASE WHEN c.measure = ${measure} THEN hs.sign * c.n ELSE 0 END) AS ${column}`;
    });
    parts.push(`SELECT hs.k, NULL::text AS g, ${sums.join(', ')}
      FROM ${hoursSql(hours, params)} JOIN report_hour_counts c
        ON c.hour = hs.hour AND c.measure = ANY(${params.add([...named.values()])}::smallint[])
      GROUP BY 1`);
  }
  if (parts.length === 0) return [];
  const rows = await withSliverPlan(run, rest, () =>
    run<Record<string, unknown>>(
      `SELECT k, g, ${columns.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
       FROM (${parts.map((part) => `(${part})`).join('\nUNION ALL\n')}) AS x GROUP BY k, g
       ORDER BY k, g`,
      params.values,
    ),
  );
  return rows.map(
    (row) =>
      ({
        ...Object.fromEntries(columns.map((c) => [c, Number(row[c] ?? 0)])),
        k: row.k as string,
        g: (row.g as string | null) ?? null,
      }) as PlannedRow,
  );
}

/** A whole UTC hour of a sliver, signed: read from the hourly rollups. */
export interface HourSliver {
  readonly key: string;
  readonly hourMs: number;
  readonly sign: 1 | -1;
}

/**
 * The plan's slivers as the whole UTC hours in them (read from report_hour_counts and the hour
 * spans of report_group_histogram) and the parts of hours left over (fact rows). In a whole-hour
 * zone every sliver of a day, week or month group is whole hours: a year by day in Berlin read
 * 730 slivers of fact rows (125,000 rows per duration kind, 0.36 s), now 730 hour rows.
 */
export function hoursOf(plan: GrainPlan): { hours: HourSliver[]; rest: GrainPlan } {
  const hours: HourSliver[] = [];
  const slivers: Sliver[] = [];
  for (const sliver of plan.slivers) {
    const first = Math.ceil(sliver.fromMs / HOUR_MS) * HOUR_MS;
    const last = Math.floor(sliver.toMs / HOUR_MS) * HOUR_MS;
    if (first >= last) {
      slivers.push(sliver);
      continue;
    }
    if (sliver.fromMs < first) slivers.push({ ...sliver, toMs: first });
    for (let hour = first; hour < last; hour += HOUR_MS) {
      hours.push({ key: sliver.key, hourMs: hour, sign: sliver.sign });
    }
    if (last < sliver.toMs) slivers.push({ ...sliver, fromMs: last });
  }
  return { hours, rest: { ...plan, slivers } };
}

/** `unnest(...) AS <alias>(k, hour, sign)`: each whole hour's group key, start and sign. */
export function hoursSql(hours: readonly HourSliver[], params: SqlParams, alias = 'hs'): string {
  const keys = params.add(hours.map((h) => h.key));
  const starts = params.add(hours.map((h) => new Date(h.hourMs).toISOString()));
  const signs = params.add(hours.map((h) => h.sign));
  return `unnest(${keys}::text[], ${starts}::timestamptz[], ${signs}::int[]) AS ${alias}(k, hour, sign)`;
}

/** A counter of report_hour_counts (facts/team-measures.ts TEAM_MEASURES, over all tickets). */
export interface HourlyCounter {
  readonly name: string;
  readonly measure: number;
}

/**
 * Runs a statement that reads slivers: a few hours of fact rows each, found through the index on
 * their instant. The planner cannot see the ranges inside the unnest and may estimate a large
 * share of the table, choosing a sequential scan of a million rows and a hash join; ruled out for
 * the statement (the rollup rows the same statements read are reached by index too).
 */
export async function withSliverPlan<T>(
  run: Run,
  plan: GrainPlan,
  statement: () => Promise<T>,
): Promise<T> {
  if (plan.slivers.length === 0) return statement();
  return withPlannerOff(run, SLIVER_PLANNER_OFF, statement);
}

/** Runs `statement` with the planner settings `names` off (SET LOCAL), then as RESET leaves them. */
export async function withPlannerOff<T>(
  run: Run,
  names: readonly string[],
  statement: () => Promise<T>,
): Promise<T> {
  // One round trip each way.
  await run(`SELECT set_config(name, 'off', true) FROM pg_settings WHERE name = ANY($1)`, [names]);
  const result = await statement();
  await run(`SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY($1)`, [
    names,
  ]);
  return result;
}

const SLIVER_PLANNER_OFF = ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'];

/**
 * The survey rows of each sliver `s`, as `c`: a lateral read per sliver through the index on
 * issued_at. Joined plainly, the planner walked every survey and matched it against each sliver
 * (1.2 s for the 24 five-hour slivers of a year by month in New York; the fence keeps it lateral).
 */
export const SLIVER_SURVEYS = `LATERAL (SELECT * FROM report_csat_surveys x
  WHERE x.issued_at >= sr.lo AND x.issued_at < sr.hi OFFSET 0) AS c`;

/**
 * The fact rows of each sliver `s` whose instant `at` falls in it, as `t`: a lateral range read per
 * sliver. Joined plainly, the planner may walk a whole index of the facts and match each row
 * against every sliver (1.1 s for a year by month in Berlin filtered by priority: the filter made a
 * covering index look cheap); the fence keeps it one index range per sliver.
 */
export const sliverTickets = (at: string): string =>
  `LATERAL (SELECT * FROM report_tickets x WHERE x.${at} >= sr.lo AND x.${at} < sr.hi OFFSET 0) AS t`;

/**
 * A day-grain core `p` read from a monthly rollup for its whole UTC months and a daily one for
 * the days around them: the join conditions on the monthly table's month column and on the daily
 * table's day column.
 */
export function monthsAndDays(month: string, day: string): { months: string; days: string } {
  // The first whole month at or after p.lo, and the month p.hi falls in.
  const first = `(date_trunc('month', p.lo - 1) + interval '1 month')::date`;
  const last = `date_trunc('month', p.hi)::date`;
  return {
    months: `${month} >= ${first} AND ${month} < ${last}`,
    // Two ranges (an index range each), not the core minus its months: that read every day.
    // The second range is empty (starts at p.hi) when the core holds no whole month: guarded
    // outside its bounds, a day core read every day of its month up to it (a year by day: 1.7 s).
    days: `(${day} >= p.lo AND ${day} < CASE WHEN ${first} < ${last} THEN ${first} ELSE p.hi END
            OR ${day} >= CASE WHEN ${first} < ${last} THEN ${last} ELSE p.hi END AND ${day} < p.hi)`,
  };
}

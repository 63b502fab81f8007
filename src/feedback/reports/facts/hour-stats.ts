import type { EntityManager } from 'typeorm';

/**
 * report_hour_stats: per duration kind and UTC hour, the exact count, sum, median and p90 of the
 * values attributed to that hour (projection version 6). A report grouped by hour over a year has
 * 8,760 groups, each with its own percentiles: read through ranks they were 35,000–70,000 index
 * lookups (2–6 s); an hour holds ~100 values, so the projection recomputes a changed hour's
 * figures from its fact rows (percentile_cont, as the fact queries compute them) at the end of
 * each batch, and a whole hour of any whole-hour zone is one row.
 */
export const HOUR_STATS_KINDS: Readonly<
  Record<number, { readonly at: string; readonly bucket: string; readonly column: string }>
> = {
  0: { at: 'first_response_at', bucket: 'frt_calendar_bucket', column: 'frt_calendar_ms' },
  1: { at: 'first_response_at', bucket: 'frt_business_bucket', column: 'frt_business_ms' },
  2: {
    at: 'first_solved_at',
    bucket: 'first_res_calendar_bucket',
    column: 'first_resolution_calendar_ms',
  },
  3: {
    at: 'first_solved_at',
    bucket: 'first_res_business_bucket',
    column: 'first_resolution_business_ms',
  },
  4: { at: 'solved_at', bucket: 'full_res_calendar_bucket', column: 'full_resolution_calendar_ms' },
  5: { at: 'solved_at', bucket: 'full_res_business_bucket', column: 'full_resolution_business_ms' },
};

const HOUR_MS = 3_600_000;

/**
 * The statistics of kind `kind`'s values per range `r` (alias; columns k, lo, hi) — the same
 * values the histograms count (bucket and value both set).
 */
export function hourStatsSql(kind: number, ranges: string): string {
  const { at, bucket, column } = HOUR_STATS_KINDS[kind];
  return `SELECT r.k, ${kind}::smallint AS kind, count(*)::int AS n,
            sum(t.${column})::bigint AS total,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY t.${column}) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY t.${column}) AS p90
          FROM ${ranges}
          JOIN LATERAL (SELECT x.${column} FROM report_tickets x
                        WHERE x.${at} >= r.lo AND x.${at} < r.hi AND x.${bucket} IS NOT NULL
                          AND x.${column} IS NOT NULL OFFSET 0) AS t ON true
          GROUP BY r.k`;
}

/** The hours a batch changed, per kind; recomputed from the (already rewritten) fact rows. */
export class HourStatsDirty {
  private readonly hours = new Map<number, Set<number>>();

  add(kind: number, at: Date | string): void {
    const hour = Math.floor(new Date(at).getTime() / HOUR_MS) * HOUR_MS;
    const set = this.hours.get(kind) ?? new Set<number>();
    set.add(hour);
    this.hours.set(kind, set);
  }

  async apply(manager: EntityManager): Promise<void> {
    const changed = [...this.hours].map(([kind, set]) => ({
      kind,
      hours: [...set].map((ms) => new Date(ms).toISOString()),
    }));
    if (changed.length === 0) return;
    // One statement each way for every kind the batch touched.
    await manager.query(
      `DELETE FROM report_hour_stats h
       USING unnest($1::smallint[], $2::timestamptz[]) AS d(kind, hour)
       WHERE h.kind = d.kind AND h.hour = d.hour`,
      [
        changed.flatMap(({ kind, hours }) => hours.map(() => kind)),
        changed.flatMap(({ hours }) => hours),
      ],
    );
    const recomputed = changed.map(({ kind }, i) =>
      hourStatsSql(
        kind,
        `(SELECT h AS k, h::timestamptz AS lo, h::timestamptz + interval '1 hour' AS hi
          FROM unnest($${i + 1}::text[]) AS h) AS r`,
      ),
    );
    await manager.query(
      `INSERT INTO report_hour_stats (kind, hour, n, total, median, p90)
       SELECT kind, k::timestamptz, n, total, median, p90
       FROM (${recomputed.join('\nUNION ALL\n')}) AS s`,
      changed.map(({ hours }) => hours),
    );
  }
}

import type { EntityManager } from 'typeorm';

/**
 * report_group_histogram (migration 1767830760006): the duration histograms per team and per
 * agent, one row per (dimension, kind, UTC span, group) with the bucket counts packed
 * (`encodeHistogram`).
 *
 * Why spans: a report over a year by team or agent sums each group's histograms over the period.
 * Per month that is 12 rows per group (× ~350 buckets as rows, before); a calendar year is one
 * row, and any run of whole months is covered by at most a few months, quarters and years
 * (`spansCovering`). Every duration is therefore counted three times (its month, quarter and year).
 *
 * Rows are changed by read-modify-write inside the projection's batch transaction (the projection
 * runner is the only writer), and a row whose count reaches zero is deleted, so a rebuilt table
 * equals the live one.
 */
export const GROUP_DIMENSIONS = { team: 0, agent: 1 } as const;

/**
 * Every duration of a kind, whatever its team or agent (key ALL_KEY), per day, block, month,
 * quarter and year (projection version 5): a year by local day or week reads one packed row per
 * day and kind instead of ~235 bucket rows of report_frt_histogram per day (171,000 rows for
 * first response alone, 0.6 s). Also per UTC hour (SPANS.hour, keyed by the hour).
 */
export const ALL_DIMENSION = 4;
/** facts/cell-rollups.ts CELL_DIMENSIONS.marginal (kept per day: spansOf withDay). */
export const MARGINAL_DIMENSION = 5;
export const ALL_KEY = '';

/** No team, as a group key of report_group_histogram (team ids are never empty). */
export const NO_TEAM = '';
/** Nobody (no agent), as a group key of report_group_histogram (agent ids are never empty). */
export const NO_AGENT = '';
export type GroupDimension = (typeof GROUP_DIMENSIONS)[keyof typeof GROUP_DIMENSIONS];

/**
 * hour: ALL_DIMENSION only, keyed by the UTC hour ('00'–'23') of the day `start` — the slivers of
 * a whole-hour zone's day and week groups (query/period-plan.ts hoursOf).
 */
export const SPANS = { month: 0, quarter: 1, year: 2, day: 3, block: 4, hour: 5 } as const;

/** The hour span's key of an instant: its UTC hour, '00'–'23'. */
export const hourKeyOf = (at: Date | string): string => new Date(at).toISOString().slice(11, 13);

/** A month's day blocks start on these days (1–8, 9–16, 17–24, 25–end). */
const BLOCK_DAYS = 8;
const blockStartDay = (dayOfMonth: number): number =>
  Math.floor((dayOfMonth - 1) / BLOCK_DAYS) * BLOCK_DAYS + 1;
type Span = (typeof SPANS)[keyof typeof SPANS];

/**
 * The UTC month, quarter and year starts (YYYY-MM-DD) an instant belongs to, and with `withDay`
 * its UTC day and day block (days 1–8, 9–16, 17–24, 25–end of its month): the per-team and
 * per-agent histograms are kept per day and block too, so a period between mid-month days reads
 * a few blocks and days of its partial months instead of two weeks of fact rows at each end
 * (500 agents' days alone were 62,000 rows; the cells, ~12,000 per team dimension, are not kept
 * per day: they would be millions of rows).
 */
export function spansOf(at: Date | string, withDay = false): [Span, string][] {
  const iso = new Date(at).toISOString();
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  const quarterMonth = String(month - ((month - 1) % 3)).padStart(2, '0');
  return [
    [SPANS.month, `${iso.slice(0, 7)}-01`],
    [SPANS.quarter, `${year}-${quarterMonth}-01`],
    [SPANS.year, `${year}-01-01`],
    ...(withDay
      ? ([
          [SPANS.day, iso.slice(0, 10)],
          [
            SPANS.block,
            `${iso.slice(0, 8)}${String(blockStartDay(Number(iso.slice(8, 10)))).padStart(2, '0')}`,
          ],
        ] as [Span, string][])
      : []),
  ];
}

/**
 * The fewest spans covering whole UTC months [from, to) (both month starts, as ms): whole years
 * where they fit, then whole quarters, then months. A year is one span, any 12 months at most six.
 */
export function spansCovering(fromMs: number, toMs: number): { span: Span; start: string }[] {
  const result: { span: Span; start: string }[] = [];
  const from = new Date(fromMs);
  let index = from.getUTCFullYear() * 12 + from.getUTCMonth();
  const to = new Date(toMs);
  const end = to.getUTCFullYear() * 12 + to.getUTCMonth();
  const startOf = (i: number): string =>
    `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
  while (index < end) {
    if (index % 12 === 0 && index + 12 <= end) {
      result.push({ span: SPANS.year, start: startOf(index) });
      index += 12;
    } else if (index % 3 === 0 && index + 3 <= end) {
      result.push({ span: SPANS.quarter, start: startOf(index) });
      index += 3;
    } else {
      result.push({ span: SPANS.month, start: startOf(index) });
      index += 1;
    }
  }
  return result;
}

/**
 * The fewest spans covering whole UTC days [from, to) (YYYY-MM-DD): the days before the first
 * whole month and after the last one (as whole day blocks where they fit, single days around
 * them: at most three blocks and seven days at each end), and spansCovering for the months.
 */
export function spansCoveringDays(from: string, to: string): { span: Span; start: string }[] {
  const DAY = 86_400_000;
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  const toMs = Date.parse(`${to}T00:00:00Z`);
  const start = new Date(fromMs);
  const firstMonth =
    start.getUTCDate() === 1
      ? fromMs
      : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  const end = new Date(toMs);
  const lastMonth = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  // Days [a, b) inside one month or across a month's end: whole blocks where they fit.
  const days = (a: number, b: number): { span: Span; start: string }[] => {
    const result: { span: Span; start: string }[] = [];
    for (let day = a; day < b;) {
      const date = new Date(day);
      const dayOfMonth = date.getUTCDate();
      const blockStart = blockStartDay(dayOfMonth);
      const monthEnd = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
      const blockEnd = Math.min(monthEnd, day + (blockStart + BLOCK_DAYS - dayOfMonth) * DAY);
      const iso = date.toISOString().slice(0, 10);
      if (dayOfMonth === blockStart && blockEnd <= b) {
        result.push({ span: SPANS.block, start: iso });
        day = blockEnd;
      } else {
        result.push({ span: SPANS.day, start: iso });
        day += DAY;
      }
    }
    return result;
  };
  if (firstMonth >= lastMonth) return days(fromMs, toMs);
  return [
    ...days(fromMs, firstMonth),
    ...spansCovering(firstMonth, lastMonth),
    ...days(lastMonth, toMs),
  ];
}

/**
 * report_group_histogram.hist: the non-empty buckets ascending, each as two unsigned LEB128
 * varints — the bucket's distance from the previous one (from 0 for the first) and its count.
 * Nearly every pair takes two bytes: a third of fixed-width pairs, and the rows a rolling year
 * by agent reads (~12,000, ~100 buckets each) are mostly this column on the wire.
 * bench/reports/seed-facts.ts writes the same encoding in SQL.
 */
export function encodeHistogram(entries: readonly (readonly [number, number])[]): Buffer {
  const bytes: number[] = [];
  const varint = (value: number): void => {
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) + 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
  };
  let previous = 0;
  for (const [bucket, count] of entries) {
    if (bucket < previous || count <= 0) throw new Error('buckets must ascend with counts > 0');
    varint(bucket - previous);
    varint(count);
    previous = bucket;
  }
  return Buffer.from(bytes);
}

/** Calls `each` for every (bucket, count) pair of a packed histogram, in bucket order. */
export function forEachBucket(hist: Buffer, each: (bucket: number, count: number) => void): void {
  forEachBucketUntil(hist, (bucket, count) => {
    each(bucket, count);
    return false;
  });
}

/** The same, stopping at the first pair for which `each` returns true. */
export function forEachBucketUntil(
  hist: Buffer,
  each: (bucket: number, count: number) => boolean,
): void {
  // Hot: runs for every bucket of every group a report reads (~1,000,000 times for 500 agents
  // over a rolling year), hence the plain loops.
  let o = 0;
  let bucket = 0;
  while (o < hist.length) {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = hist[o++];
      value += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte >= 0x80);
    bucket += value;
    value = 0;
    scale = 1;
    do {
      byte = hist[o++];
      value += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte >= 0x80);
    if (each(bucket, value)) return;
  }
}

/** A report_group_histogram row's primary key. */
interface RowKey {
  readonly dim: number;
  readonly kind: number;
  readonly span: number;
  readonly start: string;
  readonly key: string;
}

const idOf = (row: RowKey): string => `${row.dim}|${row.kind}|${row.span}|${row.start}|${row.key}`;

/** Rows matched by key: `q` is the keys unnested from `keyArrays` ($1–$5). */
const MATCHING_KEYS = `unnest($1::smallint[], $2::smallint[], $3::smallint[], $4::date[], $5::text[])
  AS q(dim, kind, span, start, key)`;
const SAME_KEY = `h.dim = q.dim AND h.span = q.span AND h.start = q.start AND h.kind = q.kind
  AND h.key = q.key`;
const keyArrays = (rows: readonly RowKey[]): unknown[][] => [
  rows.map((r) => r.dim),
  rows.map((r) => r.kind),
  rows.map((r) => r.span),
  rows.map((r) => r.start),
  rows.map((r) => r.key),
];

/** A report_group_histogram row as read back (start as YYYY-MM-DD, total as text). */
export interface GroupHistogramRow extends RowKey {
  readonly n: number;
  readonly total: string;
  readonly hist: Buffer;
}

interface RowDelta extends RowKey {
  n: number;
  total: bigint;
  readonly buckets: Map<number, number>;
}

/** Collects a batch's changes to report_group_histogram, then applies them in three statements. */
export class GroupHistogramDeltas {
  private readonly rows = new Map<string, RowDelta>();

  add(
    /** GROUP_DIMENSIONS, ALL_DIMENSION, or the cells' (facts/cell-rollups.ts CELL_DIMENSIONS). */
    dim: number,
    kind: number,
    key: string,
    at: Date | string,
    bucket: number,
    value: number | string,
    sign: 1 | -1,
  ): void {
    const withDay =
      dim === GROUP_DIMENSIONS.team ||
      dim === GROUP_DIMENSIONS.agent ||
      dim === ALL_DIMENSION ||
      dim === MARGINAL_DIMENSION;
    const spans: [Span, string, string][] = spansOf(at, withDay).map(([span, start]) => [
      span,
      start,
      key,
    ]);
    if (dim === ALL_DIMENSION) {
      spans.push([SPANS.hour, new Date(at).toISOString().slice(0, 10), hourKeyOf(at)]);
    }
    for (const [span, start, rowKey] of spans) {
      const id = idOf({ dim, kind, span, start, key: rowKey });
      const row = this.rows.get(id) ?? {
        dim,
        kind,
        span,
        start,
        key: rowKey,
        n: 0,
        total: 0n,
        buckets: new Map<number, number>(),
      };
      row.n += sign;
      row.total += BigInt(sign) * BigInt(value);
      row.buckets.set(bucket, (row.buckets.get(bucket) ?? 0) + sign);
      this.rows.set(id, row);
    }
  }

  async apply(manager: EntityManager): Promise<void> {
    const changed = [...this.rows.values()].filter(
      (row) => row.n !== 0 || row.total !== 0n || [...row.buckets.values()].some((d) => d !== 0),
    );
    if (changed.length === 0) return;
    const current = await manager.query<GroupHistogramRow[]>(
      `SELECT h.dim, h.kind, h.span, to_char(h.start, 'YYYY-MM-DD') AS start, h.key, h.n,
              h.total::text AS total, h.hist
       FROM ${MATCHING_KEYS} JOIN report_group_histogram h ON ${SAME_KEY}`,
      keyArrays(changed),
    );
    const stored = new Map(current.map((row) => [idOf(row), row]));
    const upserts: unknown[] = [];
    const deletes: RowDelta[] = [];
    for (const delta of changed) {
      const before = stored.get(idOf(delta));
      const counts = new Map<number, number>();
      if (before !== undefined) forEachBucket(before.hist, (bucket, c) => counts.set(bucket, c));
      for (const [bucket, d] of delta.buckets) counts.set(bucket, (counts.get(bucket) ?? 0) + d);
      const n = (before?.n ?? 0) + delta.n;
      const total = BigInt(before?.total ?? '0') + delta.total;
      const kept = [...counts.entries()].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
      if (kept.some(([, c]) => c < 0) || n < 0) {
        throw new Error(`report_group_histogram would go negative (${delta.dim}/${delta.key})`);
      }
      if (n === 0) {
        if (before !== undefined) deletes.push(delta);
        continue;
      }
      upserts.push({
        dim: delta.dim,
        kind: delta.kind,
        span: delta.span,
        start: delta.start,
        key: delta.key,
        n,
        total: total.toString(),
        hist: encodeHistogram(kept).toString('hex'),
      });
    }
    if (deletes.length > 0) {
      await manager.query(
        `DELETE FROM report_group_histogram h USING ${MATCHING_KEYS} WHERE ${SAME_KEY}`,
        keyArrays(deletes),
      );
    }
    if (upserts.length > 0) {
      await manager.query(
        `INSERT INTO report_group_histogram (dim, kind, span, start, key, n, total, hist)
         SELECT dim, kind, span, start, key, n, total, decode(hist, 'hex')
         FROM jsonb_to_recordset($1::jsonb) AS r(dim smallint, kind smallint, span smallint,
           start date, key text, n integer, total bigint, hist text)
         ON CONFLICT (dim, span, start, kind, key) DO UPDATE SET n = EXCLUDED.n,
           total = EXCLUDED.total, hist = EXCLUDED.hist`,
        [JSON.stringify(upserts)],
      );
    }
  }
}

/**
 * Exact distribution statistics over the raw values (never over pre-aggregated medians: a median
 * of daily medians is not the median of the period, which is the complaint metrics.md answers).
 *
 * Percentile method: linear interpolation between closest ranks, Hyndman & Fan type 7 — the same
 * as PostgreSQL `percentile_cont`, Excel `PERCENTILE.INC` and numpy's default. For sorted values
 * x[0..n-1] and p in [0, 1]: h = (n - 1) * p, result = x[floor(h)] + (h - floor(h)) *
 * (x[floor(h) + 1] - x[floor(h)]). So the median of an even count is the mean of the two middle
 * values, and a percentile is monotone in p (p90 >= median always). Chosen over nearest-rank so a
 * SQL projection using percentile_cont reproduces these numbers exactly.
 */

export interface DistributionSummary {
  readonly count: number;
  /** Null when count is 0: an empty distribution has no median, not a median of 0. */
  readonly median: number | null;
  readonly p90: number | null;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

export function summarise(values: readonly number[]): DistributionSummary {
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  }
  if (values.length === 0) {
    return { count: 0, median: null, p90: null, mean: null, min: null, max: null };
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    mean: mean(sorted),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** Type-7 percentile (see the file comment); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const fraction = h - lower;
  const low = sorted[lower];
  // Written as low + f * (high - low) so equal neighbours give exactly that value back.
  return fraction === 0 ? low : low + fraction * (sorted[upper] - low);
}

/**
 * Arithmetic mean. Durations are integer milliseconds, and a million one-year durations sum past
 * Number.MAX_SAFE_INTEGER, so integers are summed as bigint and divided exactly (quotient plus
 * remainder); other values use Neumaier compensated summation.
 */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  if (values.every((value) => Number.isSafeInteger(value))) {
    let sum = 0n;
    for (const value of values) sum += BigInt(value);
    const n = BigInt(values.length);
    const quotient = sum / n;
    const remainder = sum - quotient * n;
    return Number(quotient) + Number(remainder) / values.length;
  }
  return compensatedSum(values) / values.length;
}

function compensatedSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const total = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - total + value : value - total + sum;
    sum = total;
  }
  return sum + compensation;
}

/** A share as a fraction in [0, 1]; null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

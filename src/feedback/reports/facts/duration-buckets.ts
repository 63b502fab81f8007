/**
 * Value buckets of the exact two-step percentile method (first-response report): durations are
 * counted per UTC day and bucket in a histogram table; a percentile finds the bucket holding its
 * rank from the counts, then reads the exact value inside that bucket through an index on
 * (bucket, time) covering the value. Exact, never interpolated from the histogram.
 *
 * Bounds are integers (ms), geometric by 5 % from one second to past 400 days, so a bucket is
 * computed identically in JS (here) and in SQL (`width_bucket(value, DURATION_BUCKET_BOUNDS)`):
 * the bucket is the number of bounds at or below the value (0 below one second).
 */
const RATIO = 1.05;
const FIRST = 1_000;
const LAST = 400 * 24 * 3_600_000;

function bounds(): readonly number[] {
  const result: number[] = [];
  for (
    let value = FIRST;
    result.at(-1) === undefined || (result.at(-1) as number) < LAST;
    value *= RATIO
  ) {
    const rounded = Math.round(value);
    if (rounded !== result.at(-1)) result.push(rounded);
  }
  return result;
}

export const DURATION_BUCKET_BOUNDS: readonly number[] = bounds();

export function durationBucket(valueMs: number): number {
  let low = 0;
  let high = DURATION_BUCKET_BOUNDS.length;
  // The number of bounds <= value (binary search for the first bound above it).
  while (low < high) {
    const mid = (low + high) >> 1;
    if (DURATION_BUCKET_BOUNDS[mid] <= valueMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

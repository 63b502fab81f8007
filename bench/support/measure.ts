/** Runs `writers` loops of `step` for a fixed time and reports events per second. */
import { performance } from 'node:perf_hooks';

export interface Throughput {
  readonly events: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** `step` performs one unit of work (one append) and returns the number of events it wrote. */
export async function runFor(
  seconds: number,
  writers: number,
  step: (writer: number) => Promise<number>,
): Promise<Throughput> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  // One tally per writer, summed at the end. Not `total += await step()`: that reads `total`
  // before the await, so concurrent writers overwrite each other's increments and the sum
  // comes out as roughly one writer's count (throughput looked divided by the writer count).
  const perWriter = await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      let written = 0;
      while (performance.now() < deadline) {
        const events = await step(writer);
        written += events;
      }
      return written;
    }),
  );
  const events = perWriter.reduce((sum, written) => sum + written, 0);
  const elapsed = (performance.now() - started) / 1000;
  return { events, seconds: elapsed, perSecond: events / elapsed };
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

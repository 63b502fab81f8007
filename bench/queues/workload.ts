/** Concurrent HTTP clients repeating GETs for a fixed time; latencies in ms. */
import { performance } from 'node:perf_hooks';
import type { HttpClient } from '../tickets/http-client';
import { percentile } from '../tickets/stats';

export interface Request {
  readonly path: string;
  readonly apiKey?: string;
}

export interface LoadResult {
  readonly latencies: number[];
  readonly requests: number;
  readonly seconds: number;
  readonly errors: number;
  readonly errorSample: string | null;
}

/** `clients` loops, each taking the next request of `requests` round robin, for `seconds`. */
export async function runGets(
  client: HttpClient,
  requests: readonly Request[],
  clients: number,
  seconds: number,
): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let errorSample: string | null = null;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const request = requests[next % requests.length];
        next += 1;
        const response = await client.request('GET', request.path, { apiKey: request.apiKey });
        latencies.push(response.ms);
        if (response.status !== 200) {
          errors += 1;
          errorSample ??= `${request.path} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { latencies, requests: latencies.length, seconds: elapsed, errors, errorSample };
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

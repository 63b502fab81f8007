/**
 * Projection lag while the write workload runs: GET /admin/projections (ProjectionRunner.status())
 * polled at a fixed interval; each projection's `lagMs` is the age of the oldest event it has not
 * applied yet. The call's own latency is kept too: every read-model response computes the same
 * status for its X-Projection-Lag header.
 */
import type { HttpClient } from './http-client';
import { distribution, type Distribution } from './stats';

interface StatusItem {
  name: string;
  lagMs: number;
  lagEvents: number;
}

export interface LagSamples {
  /** Per projection: lag in ms and in events, one entry per sample. */
  readonly byProjection: ReadonlyMap<string, { ms: number[]; events: number[] }>;
  /** Per sample: the largest lag of any projection. */
  readonly worstMs: readonly number[];
  /** Latency of each GET /admin/projections. */
  readonly statusCallMs: readonly number[];
}

export interface ProjectionLagStats {
  readonly name: string;
  readonly ms: Distribution;
  readonly events: Distribution;
}

export class LagSampler {
  private readonly byProjection = new Map<string, { ms: number[]; events: number[] }>();
  private readonly worstMs: number[] = [];
  private readonly statusCallMs: number[] = [];

  constructor(
    private readonly client: HttpClient,
    private readonly apiKey: string,
    private readonly everyMs: number,
  ) {}

  /** Samples until the returned stop() is called. */
  start(): { stop(): Promise<void> } {
    let running = true;
    const loop = (async () => {
      while (running) {
        await this.sampleOnce();
        await new Promise((resolve) => setTimeout(resolve, this.everyMs));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  async sampleOnce(): Promise<void> {
    const response = await this.client.request<{ items: StatusItem[] }>(
      'GET',
      '/admin/projections',
      { apiKey: this.apiKey },
    );
    if (response.status !== 200) return;
    this.statusCallMs.push(response.ms);
    for (const item of response.body.items) {
      const series = this.byProjection.get(item.name) ?? { ms: [], events: [] };
      series.ms.push(item.lagMs);
      series.events.push(item.lagEvents);
      this.byProjection.set(item.name, series);
    }
    this.worstMs.push(Math.max(0, ...response.body.items.map((item) => item.lagMs)));
  }

  samples(): LagSamples {
    return {
      byProjection: this.byProjection,
      worstMs: this.worstMs,
      statusCallMs: this.statusCallMs,
    };
  }

  stats(): ProjectionLagStats[] {
    return [...this.byProjection.entries()]
      .map(([name, series]) => ({
        name,
        ms: distribution(series.ms),
        events: distribution(series.events),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

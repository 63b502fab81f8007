import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { PG_POOL } from '../platform/database/database.tokens';
import { ProjectionRunner } from '../projections/projection-runner';
import type { ComponentHealthDto, HealthReportDto, ProjectionHealthDto } from './health.dto';

/** A projection more than this many events behind reads as lagging rather than ready. */
const LAGGING_AFTER_EVENTS = 100;
const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  async report(): Promise<HealthReportDto> {
    const [database, eventStore] = await Promise.all([
      probe(async () => {
        await this.pool.query('SELECT 1');
      }),
      probe(() => this.eventStore.ping()),
    ]);
    const projections =
      database.status === 'up' && eventStore.status === 'up' ? await this.projectionHealth() : [];
    const down = database.status === 'down' || eventStore.status === 'down';
    const degraded = projections.some((p) => p.status !== 'ready' && p.status !== 'standby');
    return {
      status: down ? 'unavailable' : degraded ? 'degraded' : 'ready',
      database,
      eventStore,
      projections,
    };
  }

  private async projectionHealth(): Promise<ProjectionHealthDto[]> {
    const statuses = await this.projections.status();
    return statuses.map((s) => ({
      name: s.name,
      status:
        s.state === 'failed' ||
        s.state === 'rebuilding' ||
        s.state === 'standby' ||
        s.state === 'stopped'
          ? s.state
          : s.lagEvents > LAGGING_AFTER_EVENTS || s.state === 'catching_up'
            ? 'lagging'
            : 'ready',
      lagEvents: s.lagEvents,
      lagMs: s.lagMs,
    }));
  }
}

async function probe(check: () => Promise<void>): Promise<ComponentHealthDto> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return {
      status: 'down',
      error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
    };
  } finally {
    clearTimeout(timer);
  }
}

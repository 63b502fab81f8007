import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { PG_POOL } from '../platform/database/database.tokens';
import { Metrics } from '../platform/metrics/metrics';
import { CLOCK, type Clock } from '../platform/time/clock';
import { AdvisoryLockSession, isLockHeld } from './advisory-lock-session';
import { checkpoints, type Checkpoint } from './checkpoint-store';
import type { Projection } from './projection';
import { ProjectionNotRebuildableError, UnknownProjectionError } from './projection.errors';
import { PROJECTION_REGISTRY, type ProjectionRegistry } from './projection-registry';
import {
  DEFAULT_PROJECTION_RUNNER_OPTIONS,
  PROJECTION_RUNNER_OPTIONS,
  type ProjectionRunnerOptions,
} from './projection-runner.options';
import type { ProjectionState, ProjectionStatus, RebuildRequest } from './projection-status';
import { ProjectionWorker } from './projection-worker';
import { errorMessage, WakeUp } from './wake-up';

/**
 * Runs every registered projection on this instance (when PROJECTIONS_ENABLED), one worker each;
 * several instances share one database, an advisory lock per projection deciding who runs it.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly options: ProjectionRunnerOptions;
  private readonly workers = new Map<string, ProjectionWorker>();
  private locks: AdvisoryLockSession | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(PROJECTION_REGISTRY) private readonly registry: ProjectionRegistry,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'projectionsEnabled'>,
    @Optional()
    @Inject(PROJECTION_RUNNER_OPTIONS)
    options?: Partial<ProjectionRunnerOptions>,
  ) {
    this.options = { ...DEFAULT_PROJECTION_RUNNER_OPTIONS, ...options };
  }

  onApplicationBootstrap(): void {
    if (this.config.projectionsEnabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  projections(): readonly Projection[] {
    return this.registry.all();
  }

  get isRunning(): boolean {
    return this.locks !== undefined;
  }

  start(): void {
    if (this.locks) return;
    const locks = new AdvisoryLockSession(this.pool);
    this.locks = locks;
    for (const projection of this.projections()) {
      const worker = new ProjectionWorker(projection, {
        eventStore: this.eventStore,
        dataSource: this.dataSource,
        locks,
        clock: this.clock,
        options: this.options,
        logger: this.logger,
      });
      this.workers.set(projection.name, worker);
      worker.start();
    }
    this.every(this.options.controlPollMs, async () => {
      await locks.ping();
      await Promise.all([...this.workers.values()].map((worker) => worker.checkControl()));
    });
    this.every(this.options.metricsIntervalMs, async () => {
      await this.status();
    });
    this.logger.log(`projection runner started (${this.workers.size} projections)`);
  }

  /** Stops every subscription, lets in-flight batches commit, releases the locks. */
  async stop(): Promise<void> {
    const locks = this.locks;
    if (!locks) return;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
    await locks.close();
    this.locks = undefined;
    this.logger.log('projection runner stopped');
  }

  /**
   * Every (or every named) projection's position, lag and state; also refreshes their lag gauges.
   * Name the projections you need: counting the lag of a rarely fed projection walks the log
   * from its checkpoint, which a read model's lag header must not pay for.
   */
  async status(names?: readonly string[]): Promise<ProjectionStatus[]> {
    const rows = new Map((await checkpoints.all(this.dataSource)).map((row) => [row.name, row]));
    return Promise.all(
      this.projections()
        .filter((projection) => names === undefined || names.includes(projection.name))
        .map((projection) => this.statusOf(projection, rows.get(projection.name))),
    );
  }

  /**
   * Records a rebuild request; whichever instance holds the projection performs it (at once
   * when that is this instance, else at its next control poll).
   */
  async requestRebuild(name: string): Promise<RebuildRequest> {
    const projection = this.projections().find((candidate) => candidate.name === name);
    if (!projection) throw new UnknownProjectionError(name);
    if ((projection.tables ?? []).length === 0) throw new ProjectionNotRebuildableError(name);
    const requestedAt = this.clock.now();
    await checkpoints.requestRebuild(this.dataSource, name, projection.version, requestedAt);
    this.workers.get(name)?.poke();
    return { name, version: projection.version, requestedAt };
  }

  /**
   * Resolves true once every (or every named) projection serves its current version and has
   * applied every event readable in the log at some moment after the call; false after
   * `timeoutMs`. "Readable" matters: the PostgreSQL store shows an event only once no older write
   * transaction is open, so an event appended a moment ago may not count yet. For
   * read-your-writes, also check the read model holds the revision you wrote.
   */
  async waitForCatchUp(timeoutMs: number, names?: readonly string[]): Promise<boolean> {
    const selected = this.projections().filter(
      (projection) => names === undefined || names.includes(projection.name),
    );
    let timedOut = false;
    const wakeUp = new WakeUp();
    const deadline = setTimeout(() => {
      timedOut = true;
      wakeUp.wake();
    }, timeoutMs);
    try {
      for (;;) {
        if (await this.caughtUp(selected)) return true;
        if (timedOut) return false;
        await wakeUp.sleep(25);
      }
    } finally {
      clearTimeout(deadline);
    }
  }

  private async caughtUp(projections: readonly Projection[]): Promise<boolean> {
    const rows = new Map((await checkpoints.all(this.dataSource)).map((row) => [row.name, row]));
    for (const projection of projections) {
      const row = rows.get(projection.name);
      if (!row || row.version !== projection.version) return false;
      if (row.rebuildVersion !== null || row.rebuildRequestedAt !== null) return false;
      const lag = await this.eventStore.countEventsAfter(row.position ?? 'start', {
        eventTypes: projection.eventTypes,
      });
      if (lag > 0) return false;
    }
    return true;
  }

  private async statusOf(
    projection: Projection,
    row: Checkpoint | undefined,
  ): Promise<ProjectionStatus> {
    const position = row?.position ?? null;
    const filter = { eventTypes: projection.eventTypes };
    const lagEvents = await this.eventStore.countEventsAfter(position ?? 'start', filter);
    let lagMs = 0;
    if (lagEvents > 0) {
      const [oldest] = await this.eventStore.readAll({
        from: position ?? 'start',
        maxCount: 1,
        filter,
      });
      if (oldest) lagMs = Math.max(0, this.clock.now().getTime() - oldest.recordedAt.getTime());
    }
    this.metrics.projectionLagEvents.set({ projection: projection.name }, lagEvents);
    this.metrics.projectionLagSeconds.set({ projection: projection.name }, lagMs / 1000);
    const worker = this.workers.get(projection.name);
    return {
      name: projection.name,
      version: row?.version ?? projection.version,
      targetVersion: projection.version,
      position,
      lagEvents,
      lagMs,
      state: await this.stateOf(projection.name, worker, lagEvents),
      lastError: worker?.holdsLock
        ? worker.lastError
        : (row?.lastError ?? worker?.lastError ?? null),
      rebuild:
        row?.rebuildVersion != null
          ? {
              version: row.rebuildVersion,
              position: row.rebuildPosition,
              startedAt: row.rebuildStartedAt,
            }
          : null,
      rebuildRequested: row?.rebuildRequestedAt != null,
    };
  }

  private async stateOf(
    name: string,
    worker: ProjectionWorker | undefined,
    lagEvents: number,
  ): Promise<ProjectionState> {
    if (worker?.holdsLock) {
      if (worker.state === 'running') return lagEvents > 0 ? 'catching_up' : 'running';
      if (worker.state === 'standby') return 'running';
      return worker.state;
    }
    if (worker?.state === 'failed') return 'failed';
    if (worker && worker.state !== 'stopped') return 'standby';
    return (await isLockHeld(this.pool, name)) ? 'standby' : 'stopped';
  }

  private every(intervalMs: number, task: () => Promise<void>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      task()
        .catch((error: unknown) => this.logger.warn(`projection runner: ${errorMessage(error)}`))
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}

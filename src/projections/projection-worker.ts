import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type {
  EventStore,
  EventSubscription,
  Position,
  RecordedEvent,
} from '../event-store/event-store.port';
import type { Clock } from '../platform/time/clock';
import type { AdvisoryLockSession, ProjectionLock } from './advisory-lock-session';
import { checkpoints, type Checkpoint } from './checkpoint-store';
import type { Projection } from './projection';
import { CheckpointConflictError } from './projection.errors';
import type { ProjectionRunnerOptions } from './projection-runner.options';
import {
  prepareRebuildSchema,
  rebuildSchemaExists,
  swapInRebuiltTables,
  useRebuildSchema,
} from './rebuild-schema';
import { backoffMs, errorMessage, WakeUp } from './wake-up';

/** What this instance is doing with one projection. */
export type WorkerState = 'stopped' | 'standby' | 'running' | 'rebuilding' | 'failed';

export interface WorkerDependencies {
  readonly eventStore: EventStore;
  readonly dataSource: DataSource;
  readonly locks: AdvisoryLockSession;
  readonly clock: Clock;
  readonly options: ProjectionRunnerOptions;
  readonly logger: Logger;
}

/** Where a batch goes: the serving tables, or the rebuild copies at a target version. */
type Target =
  | { readonly kind: 'serving'; readonly version: number }
  | { readonly kind: 'rebuild'; readonly version: number };

/** How a stretch of leading ended. */
type Outcome = 'applied' | 'caught_up' | 'interrupted' | 'conflict' | 'stand_aside' | 'done';

interface Cursor {
  position: Position | null;
}

/**
 * Runs one projection on this instance: waits for its advisory lock, then feeds it from the
 * event store, one transaction per batch (handler writes + checkpoint compare-and-set), and
 * performs rebuilds. Without the lock it retries every `lockRetryMs`, so a standby instance takes
 * over when the holder dies (PostgreSQL drops the lock with the holder's connection).
 */
export class ProjectionWorker {
  private currentState: WorkerState = 'stopped';
  private currentError: string | null = null;
  private lock: ProjectionLock | undefined;
  private stopping = false;
  /** Re-read the checkpoint before going on (a rebuild was requested). */
  private controlPending = false;
  private subscription: EventSubscription | undefined;
  private readonly wakeUp = new WakeUp();
  private running: Promise<void> | undefined;

  constructor(
    readonly projection: Projection,
    private readonly deps: WorkerDependencies,
  ) {}

  get state(): WorkerState {
    return this.currentState;
  }

  get lastError(): string | null {
    return this.currentError;
  }

  get holdsLock(): boolean {
    return this.lock?.held === true;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.currentState = 'standby';
    this.running = this.loop();
  }

  /** Stops reading, lets an in-flight batch commit, releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interrupt();
    await this.running;
    this.running = undefined;
  }

  /** Makes the holder re-read its checkpoint now, e.g. to pick up a rebuild request. */
  poke(): void {
    if (!this.holdsLock) return;
    this.controlPending = true;
    this.interrupt();
  }

  /** Called periodically: pick up rebuild requests recorded by other instances. */
  async checkControl(): Promise<void> {
    if (!this.holdsLock || this.controlPending) return;
    const checkpoint = await checkpoints.find(this.deps.dataSource, this.projection.name);
    if (checkpoint?.rebuildRequestedAt) this.poke();
  }

  private interrupt(): void {
    this.wakeUp.wake();
    this.subscription?.close().catch(() => undefined);
  }

  private shouldYield(lock: ProjectionLock): boolean {
    return this.stopping || !lock.held || this.controlPending;
  }

  private get name(): string {
    return this.projection.name;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private async loop(): Promise<void> {
    const { locks, options, logger } = this.deps;
    let delayMs = 0;
    let failures = 0;
    while (!this.stopping) {
      if (delayMs > 0) await this.wakeUp.sleep(delayMs);
      if (this.stopping) break;
      if (this.currentState !== 'failed') this.currentState = 'standby';
      let lock: ProjectionLock | undefined;
      try {
        lock = await locks.tryAcquire(this.name);
      } catch (error) {
        logger.warn(`projection ${this.name}: cannot reach the lock: ${errorMessage(error)}`);
      }
      if (!lock) {
        delayMs = options.lockRetryMs;
        continue;
      }
      this.lock = lock;
      lock.onLost(() => {
        logger.warn(`projection ${this.name}: lock connection lost, stepping down`);
        this.interrupt();
      });
      try {
        delayMs = (await this.lead(lock)) === 'stand_aside' ? options.lockRetryMs : 0;
        failures = 0;
      } catch (error) {
        // The store or database failed outside a batch: step down, retry with backoff.
        await this.fail(error);
        delayMs = backoffMs(failures++, options.retryInitialMs, options.retryMaxMs);
      } finally {
        this.lock = undefined;
        await locks.release(lock);
      }
    }
    this.currentState = 'stopped';
  }

  /** Runs the projection while holding its lock. */
  private async lead(lock: ProjectionLock): Promise<Outcome> {
    while (!this.stopping && lock.held) {
      this.controlPending = false;
      const checkpoint = await checkpoints.ensure(
        this.deps.dataSource,
        this.name,
        this.projection.version,
        this.now(),
      );
      const newer = Math.max(checkpoint.version, checkpoint.rebuildVersion ?? 0);
      if (newer > this.projection.version) {
        // An instance running newer code owns this read model; never write into it.
        this.currentState = 'stopped';
        this.currentError = `checkpoint is at version ${newer}, this instance runs version ${this.projection.version}`;
        this.deps.logger.warn(`projection ${this.name}: ${this.currentError}; standing aside`);
        return 'stand_aside';
      }
      const outcome = this.needsRebuild(checkpoint)
        ? await this.rebuild(checkpoint, lock)
        : await this.serve(checkpoint, lock);
      if (outcome === 'conflict') {
        this.deps.logger.warn(
          `projection ${this.name}: checkpoint moved by someone else, re-reading`,
        );
        return 'conflict';
      }
    }
    return 'interrupted';
  }

  private needsRebuild(checkpoint: Checkpoint): boolean {
    return (
      checkpoint.version < this.projection.version ||
      checkpoint.rebuildVersion !== null ||
      checkpoint.rebuildRequestedAt !== null
    );
  }

  private async serve(checkpoint: Checkpoint, lock: ProjectionLock): Promise<Outcome> {
    // After a failure, "running" again only once a batch applies or nothing is left to apply.
    if (this.currentState !== 'failed' || (await this.caughtUp(checkpoint.position))) {
      await this.recovered('running');
    }
    const target: Target = { kind: 'serving', version: checkpoint.version };
    return this.consume({ position: checkpoint.position }, target, lock);
  }

  private async rebuild(checkpoint: Checkpoint, lock: ProjectionLock): Promise<Outcome> {
    const { dataSource, logger } = this.deps;
    const version = this.projection.version;
    const tables = this.projection.tables ?? [];
    if (tables.length === 0) {
      // Nothing to rebuild: the new version simply continues from the current position.
      await checkpoints.setVersion(dataSource, this.name, version, this.now());
      logger.log(`projection ${this.name}: now version ${version} (no tables to rebuild)`);
      return 'done';
    }
    this.currentState = 'rebuilding';
    const cursor: Cursor = { position: checkpoint.rebuildPosition };
    const resume =
      checkpoint.rebuildVersion === version &&
      checkpoint.rebuildRequestedAt === null &&
      (await rebuildSchemaExists(dataSource, this.name));
    if (!resume) {
      await dataSource.transaction(async (manager) => {
        await prepareRebuildSchema(manager, this.name, tables);
        await checkpoints.beginRebuild(manager, this.name, version, this.now());
      });
      cursor.position = null;
      logger.log(`projection ${this.name}: rebuilding version ${version} from the start`);
    } else {
      logger.log(`projection ${this.name}: resuming the rebuild of version ${version}`);
    }
    if (!(await this.caughtUp(cursor.position))) {
      const outcome = await this.consume(cursor, { kind: 'rebuild', version }, lock);
      if (outcome !== 'caught_up') return outcome;
    }
    return this.swap(cursor.position, lock);
  }

  /** Applies batches from `cursor` until interrupted (or, rebuilding, until caught up). */
  private async consume(cursor: Cursor, target: Target, lock: ProjectionLock): Promise<Outcome> {
    if (this.shouldYield(lock)) return 'interrupted';
    const subscription = this.deps.eventStore.subscribeToAll({
      from: cursor.position ?? 'start',
      filter: { eventTypes: this.projection.eventTypes },
      maxBatchSize: this.deps.options.maxBatchSize,
    });
    this.subscription = subscription;
    try {
      // Checked again: an interrupt before `subscription` was set could not close it.
      if (this.shouldYield(lock)) return 'interrupted';
      for await (const batch of subscription) {
        const last = batch.at(-1);
        if (!last) continue;
        const outcome = await this.applyWithRetry(batch, cursor.position, target, lock);
        if (outcome !== 'applied') return outcome;
        cursor.position = last.position;
        if (target.kind === 'rebuild' && (await this.caughtUp(cursor.position))) return 'caught_up';
        if (this.shouldYield(lock)) return 'interrupted';
      }
      return 'interrupted';
    } finally {
      this.subscription = undefined;
      await subscription.close().catch((error: unknown) => {
        this.deps.logger.warn(
          `projection ${this.name}: closing subscription: ${errorMessage(error)}`,
        );
      });
    }
  }

  /**
   * A failing batch is rolled back and retried with backoff, never skipped: the checkpoint only
   * moves when the handler succeeded. Gives up only to stop, step down or re-read the checkpoint.
   */
  private async applyWithRetry(
    batch: readonly RecordedEvent[],
    from: Position | null,
    target: Target,
    lock: ProjectionLock,
  ): Promise<Outcome> {
    const { options } = this.deps;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.applyBatch(batch, from, target);
        await this.recovered(target.kind === 'rebuild' ? 'rebuilding' : 'running');
        return 'applied';
      } catch (error) {
        if (error instanceof CheckpointConflictError) return 'conflict';
        await this.fail(error);
        if (this.shouldYield(lock)) return 'interrupted';
        await this.wakeUp.sleep(backoffMs(attempt, options.retryInitialMs, options.retryMaxMs));
        if (this.shouldYield(lock)) return 'interrupted';
      }
    }
  }

  /** The batch's writes and the checkpoint's compare-and-set commit together or not at all. */
  private async applyBatch(
    batch: readonly RecordedEvent[],
    from: Position | null,
    target: Target,
  ): Promise<void> {
    const to = batch[batch.length - 1]?.position;
    if (to === undefined) return;
    await this.deps.dataSource.transaction(async (manager) => {
      // The CAS comes first: it locks the checkpoint row, so a competing writer waits here and
      // then fails instead of running the handler for nothing.
      const advanced =
        target.kind === 'serving'
          ? await checkpoints.advance(manager, this.name, target.version, from, to, this.now())
          : await checkpoints.advanceRebuild(
              manager,
              this.name,
              target.version,
              from,
              to,
              this.now(),
            );
      if (!advanced) throw new CheckpointConflictError(this.name);
      if (target.kind === 'rebuild') await useRebuildSchema(manager, this.name);
      await this.projection.handle(batch, manager);
    });
  }

  /** Replaces the serving tables by the rebuilt ones, retrying when readers hold them. */
  private async swap(position: Position | null, lock: ProjectionLock): Promise<Outcome> {
    const { dataSource, options, logger } = this.deps;
    const version = this.projection.version;
    const tables = this.projection.tables ?? [];
    for (let attempt = 0; ; attempt++) {
      if (this.shouldYield(lock)) return 'interrupted';
      try {
        await dataSource.transaction(async (manager) => {
          const completed = await checkpoints.completeRebuild(
            manager,
            this.name,
            version,
            position,
            this.now(),
          );
          if (!completed) throw new CheckpointConflictError(this.name);
          await swapInRebuiltTables(manager, this.name, tables, options.swapLockTimeoutMs);
        });
        this.currentError = null;
        this.currentState = 'running';
        logger.log(`projection ${this.name}: version ${version} rebuilt and switched in`);
        return 'done';
      } catch (error) {
        if (error instanceof CheckpointConflictError) return 'conflict';
        await this.fail(error);
        await this.wakeUp.sleep(backoffMs(attempt, options.retryInitialMs, options.retryMaxMs));
      }
    }
  }

  private async caughtUp(position: Position | null): Promise<boolean> {
    const remaining = await this.deps.eventStore.countEventsAfter(position ?? 'start', {
      eventTypes: this.projection.eventTypes,
    });
    return remaining === 0;
  }

  private async fail(error: unknown): Promise<void> {
    this.currentState = 'failed';
    this.currentError = errorMessage(error);
    this.deps.logger.error(`projection ${this.name} failed: ${this.currentError}`);
    await this.persistError(this.currentError);
  }

  private async recovered(state: WorkerState): Promise<void> {
    const wasFailing = this.currentState === 'failed';
    this.currentState = state;
    if (!wasFailing) return;
    this.currentError = null;
    this.deps.logger.log(`projection ${this.name} recovered`);
    await this.persistError(null);
  }

  private async persistError(message: string | null): Promise<void> {
    try {
      await checkpoints.recordError(this.deps.dataSource, this.name, message, this.now());
    } catch {
      // Best effort: the database being down is likely what failed in the first place.
    }
  }
}

import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/** First key of every projection lock (`pg_try_advisory_lock(int4, int4)`): "STPR". */
const LOCK_NAMESPACE = 0x53545052;

/** Second key: a stable 32-bit hash of the projection name. */
export function lockKeyOf(projectionName: string): number {
  return createHash('sha256').update(`projection:${projectionName}`).digest().readInt32BE(0);
}

/** Whether any session connected to this database holds the projection's lock. */
export async function isLockHeld(pool: Pool, projectionName: string): Promise<boolean> {
  const result = await pool.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND classid = $1::bigint::oid AND objid = $2::bigint::oid
     ) AS held`,
    [LOCK_NAMESPACE, lockKeyOf(projectionName) >>> 0],
  );
  return result.rows[0]?.held === true;
}

/** A lock this session holds; `lost` turns true when the session's connection dies. */
export class ProjectionLock {
  private lostListener: (() => void) | undefined;
  private state: 'held' | 'released' | 'lost' = 'held';

  constructor(readonly projectionName: string) {}

  get held(): boolean {
    return this.state === 'held';
  }

  get lost(): boolean {
    return this.state === 'lost';
  }

  onLost(listener: () => void): void {
    this.lostListener = listener;
  }

  /** @internal */
  markLost(): void {
    if (this.state !== 'held') return;
    this.state = 'lost';
    this.lostListener?.();
  }

  /** @internal */
  markReleased(): void {
    this.state = 'released';
  }
}

/**
 * Session-level advisory locks of one runner, all held on one dedicated connection: PostgreSQL
 * frees them by itself when that connection ends, which is what lets a standby instance take over
 * from one that died. If the connection fails, every lock is reported lost at once.
 */
export class AdvisoryLockSession {
  private client: PoolClient | undefined;
  private connecting: Promise<PoolClient> | undefined;
  private readonly locks = new Map<string, ProjectionLock>();
  private closed = false;
  /** Queries on the one connection run one after another (pg clients must not be queried concurrently). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly pool: Pool) {}

  private serial<R extends QueryResultRow>(
    client: PoolClient,
    sql: string,
    params: unknown[] = [],
  ): Promise<QueryResult<R>> {
    const run = this.tail.then(
      () => client.query<R>(sql, params),
      () => client.query<R>(sql, params),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The lock, or undefined when another session holds it. */
  async tryAcquire(projectionName: string): Promise<ProjectionLock | undefined> {
    const existing = this.locks.get(projectionName);
    if (existing) return existing;
    const client = await this.connection();
    const result = await this.serial<{ locked: boolean }>(
      client,
      'SELECT pg_try_advisory_lock($1, $2) AS locked',
      [LOCK_NAMESPACE, lockKeyOf(projectionName)],
    );
    if (!result.rows[0]?.locked) return undefined;
    const lock = new ProjectionLock(projectionName);
    if (this.client !== client) {
      // The connection died while we asked: the lock went with it.
      lock.markLost();
      return undefined;
    }
    this.locks.set(projectionName, lock);
    return lock;
  }

  async release(lock: ProjectionLock): Promise<void> {
    if (this.locks.get(lock.projectionName) !== lock) return;
    this.locks.delete(lock.projectionName);
    const wasHeld = lock.held;
    lock.markReleased();
    if (!wasHeld || !this.client) return;
    try {
      await this.serial(this.client, 'SELECT pg_advisory_unlock($1, $2)', [
        LOCK_NAMESPACE,
        lockKeyOf(lock.projectionName),
      ]);
    } catch (error) {
      // Unlocking failed: only ending the session guarantees the lock is gone.
      this.drop(this.client, error);
    }
  }

  /** Detects a dead connection (and so lost locks) even when nothing else touches it. */
  async ping(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await this.serial(client, 'SELECT 1');
    } catch (error) {
      this.drop(client, error);
    }
  }

  /** Ends the session: every lock it held is released by PostgreSQL. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    if (client) this.drop(client, undefined);
  }

  private async connection(): Promise<PoolClient> {
    if (this.closed) throw new Error('advisory lock session is closed');
    if (this.client) return this.client;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<PoolClient> {
    const client = await this.pool.connect();
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client, new Error('advisory lock connection ended')));
    this.client = client;
    return client;
  }

  private drop(client: PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    // Destroy rather than return to the pool: a pooled session could keep a lock forever.
    client.release(error instanceof Error ? error : true);
    const lost = [...this.locks.values()];
    this.locks.clear();
    for (const lock of lost) lock.markLost();
  }
}

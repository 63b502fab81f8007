import type { Position } from '../event-store/event-store.port';

/** Anything TypeORM can run SQL on: the DataSource, or a transaction's EntityManager. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface Checkpoint {
  readonly name: string;
  /** The version the serving (public) tables were built by. */
  readonly version: number;
  /** The last event applied to the serving tables; null: none yet. */
  readonly position: Position | null;
  readonly rebuildVersion: number | null;
  readonly rebuildPosition: Position | null;
  readonly rebuildStartedAt: Date | null;
  readonly rebuildRequestedAt: Date | null;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
}

interface CheckpointRow {
  name: string;
  version: number;
  position: string | null;
  rebuild_version: number | null;
  rebuild_position: string | null;
  rebuild_started_at: Date | null;
  rebuild_requested_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    name: row.name,
    version: row.version,
    position: row.position,
    rebuildVersion: row.rebuild_version,
    rebuildPosition: row.rebuild_position,
    rebuildStartedAt: row.rebuild_started_at,
    rebuildRequestedAt: row.rebuild_requested_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

// Statements are SELECT-shaped (UPDATEs wrapped in a CTE) so TypeORM returns plain rows.
async function rows(sql: SqlRunner, text: string, parameters: unknown[]): Promise<Checkpoint[]> {
  return ((await sql.query(text, parameters)) as CheckpointRow[]).map(toCheckpoint);
}

function changed(update: string): string {
  return `WITH changed AS (${update} RETURNING *) SELECT * FROM changed`;
}

/** SQL on `projection_checkpoints`. Every advance is a compare-and-set on the old position. */
export const checkpoints = {
  async all(sql: SqlRunner): Promise<Checkpoint[]> {
    return rows(sql, 'SELECT * FROM projection_checkpoints ORDER BY name', []);
  },

  async find(sql: SqlRunner, name: string): Promise<Checkpoint | undefined> {
    return (await rows(sql, 'SELECT * FROM projection_checkpoints WHERE name = $1', [name]))[0];
  },

  /** The row, created at `version` with nothing applied when the projection is new. */
  async ensure(sql: SqlRunner, name: string, version: number, now: Date): Promise<Checkpoint> {
    await sql.query(
      `INSERT INTO projection_checkpoints (name, version, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO NOTHING`,
      [name, version, now],
    );
    const found = await checkpoints.find(sql, name);
    if (!found) throw new Error(`checkpoint row of projection "${name}" vanished`);
    return found;
  },

  /** CAS on the serving position; false when someone else moved it (or changed the version). */
  async advance(
    sql: SqlRunner,
    name: string,
    version: number,
    from: Position | null,
    to: Position,
    now: Date,
  ): Promise<boolean> {
    const updated = await rows(
      sql,
      changed(
        `UPDATE projection_checkpoints SET position = $4, updated_at = $5
         WHERE name = $1 AND version = $2 AND position IS NOT DISTINCT FROM $3
           AND rebuild_version IS NULL`,
      ),
      [name, version, from, to, now],
    );
    return updated.length === 1;
  },

  /** CAS on the rebuild position. */
  async advanceRebuild(
    sql: SqlRunner,
    name: string,
    rebuildVersion: number,
    from: Position | null,
    to: Position,
    now: Date,
  ): Promise<boolean> {
    const updated = await rows(
      sql,
      changed(
        `UPDATE projection_checkpoints SET rebuild_position = $4, updated_at = $5
         WHERE name = $1 AND rebuild_version = $2 AND rebuild_position IS NOT DISTINCT FROM $3`,
      ),
      [name, rebuildVersion, from, to, now],
    );
    return updated.length === 1;
  },

  /** Marks a (re)started rebuild at `version` from the start; consumes a pending request. */
  async beginRebuild(sql: SqlRunner, name: string, version: number, now: Date): Promise<void> {
    await sql.query(
      `UPDATE projection_checkpoints
       SET rebuild_version = $2, rebuild_position = NULL, rebuild_started_at = $3,
           rebuild_requested_at = NULL, updated_at = $3
       WHERE name = $1`,
      [name, version, now],
    );
  },

  /** The rebuild becomes the serving version; CAS on the rebuild progress. */
  async completeRebuild(
    sql: SqlRunner,
    name: string,
    rebuildVersion: number,
    rebuildPosition: Position | null,
    now: Date,
  ): Promise<boolean> {
    const updated = await rows(
      sql,
      changed(
        `UPDATE projection_checkpoints
         SET version = rebuild_version, position = rebuild_position, rebuild_version = NULL,
             rebuild_position = NULL, rebuild_started_at = NULL, last_error = NULL,
             last_error_at = NULL, updated_at = $4
         WHERE name = $1 AND rebuild_version = $2 AND rebuild_position IS NOT DISTINCT FROM $3`,
      ),
      [name, rebuildVersion, rebuildPosition, now],
    );
    return updated.length === 1;
  },

  /** A version bump of a projection without tables: nothing to rebuild, it continues. */
  async setVersion(sql: SqlRunner, name: string, version: number, now: Date): Promise<void> {
    await sql.query(
      `UPDATE projection_checkpoints
       SET version = $2, rebuild_requested_at = NULL, updated_at = $3 WHERE name = $1`,
      [name, version, now],
    );
  },

  /** Records a rebuild request for whichever instance holds the projection. */
  async requestRebuild(sql: SqlRunner, name: string, version: number, now: Date): Promise<void> {
    await sql.query(
      `INSERT INTO projection_checkpoints (name, version, rebuild_requested_at, updated_at)
       VALUES ($1, $2, $3, $3)
       ON CONFLICT (name) DO UPDATE SET rebuild_requested_at = $3, updated_at = $3`,
      [name, version, now],
    );
  },

  /** The holder's last failure, visible to every instance; null clears it. */
  async recordError(sql: SqlRunner, name: string, error: string | null, now: Date): Promise<void> {
    await sql.query(
      `UPDATE projection_checkpoints SET last_error = $2, last_error_at = $3, updated_at = $4
       WHERE name = $1`,
      [name, error, error === null ? null : now, now],
    );
  },
};

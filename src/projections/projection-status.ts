import type { Position } from '../event-store/event-store.port';

/**
 * running: this instance holds it and has applied everything; catching_up: holds it, events
 * remain; rebuilding: refilling copies for a new version or a requested rebuild (the serving
 * tables are frozen meanwhile); failed: a batch or the rebuild swap keeps failing (retried);
 * standby: another instance holds it; stopped: nobody here runs it.
 */
export const PROJECTION_STATES = [
  'running',
  'catching_up',
  'rebuilding',
  'stopped',
  'failed',
  'standby',
] as const;
export type ProjectionState = (typeof PROJECTION_STATES)[number];

export interface RebuildProgress {
  readonly version: number;
  /** Last event applied to the rebuild copies; null: none yet. */
  readonly position: Position | null;
  readonly startedAt: Date | null;
}

export interface ProjectionStatus {
  readonly name: string;
  /** The version the serving tables were built by. */
  readonly version: number;
  /** The version this instance's code defines (differs from `version` until a rebuild ends). */
  readonly targetVersion: number;
  /** Last event applied to the serving tables; null: none yet. */
  readonly position: Position | null;
  /** Events of the projection's types not yet applied to the serving tables. */
  readonly lagEvents: number;
  /** Age of the oldest unapplied event in ms; 0 when caught up. */
  readonly lagMs: number;
  readonly state: ProjectionState;
  readonly lastError: string | null;
  readonly rebuild: RebuildProgress | null;
  /** A rebuild was requested and the lock holder has not started it yet. */
  readonly rebuildRequested: boolean;
}

export interface RebuildRequest {
  readonly name: string;
  readonly version: number;
  readonly requestedAt: Date;
}

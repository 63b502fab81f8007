import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * A read model fed from the event log. The runner calls `handle` with batches of the events it
 * declared, in global order, inside the PostgreSQL transaction that also advances its checkpoint:
 * a batch's writes and its checkpoint commit together or not at all.
 *
 * Handlers write through `manager` only (repositories or `manager.query`), with unqualified table
 * names: during a rebuild the same handler writes into copies of `tables` in a rebuild schema
 * (the transaction's search_path points there).
 */
export interface Projection {
  /** Stable id: lower-case letters, digits and `_`, starting with a letter (max 40 chars). */
  readonly name: string;
  /** Bump it to rebuild the read model from the start of the log (blue/green). Integer >= 1. */
  readonly version: number;
  /** The event types this projection is fed (exact match); at least one. */
  readonly eventTypes: readonly string[];
  /**
   * The read-model tables this projection alone writes, in the `public` schema. They are what a
   * rebuild copies, refills and swaps in. Without tables a projection cannot be rebuilt.
   */
  readonly tables?: readonly string[];
  handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Rejects a definition the runner could not run safely; returns the problems found. */
export function definitionProblems(projection: Projection): string[] {
  const problems: string[] = [];
  const label = `projection "${projection.name}"`;
  if (!NAME.test(projection.name)) {
    problems.push(`${label}: name must match ${NAME.source}`);
  }
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
    problems.push(`${label}: version must be an integer >= 1`);
  }
  if (projection.eventTypes.length === 0) {
    problems.push(`${label}: declares no event types`);
  }
  for (const table of projection.tables ?? []) {
    if (!TABLE.test(table)) problems.push(`${label}: table "${table}" must match ${TABLE.source}`);
  }
  if (new Set(projection.tables ?? []).size !== (projection.tables ?? []).length) {
    problems.push(`${label}: a table is listed twice`);
  }
  return problems;
}

/** The schema a projection is rebuilt into (quoted where used). */
export function rebuildSchemaOf(projectionName: string): string {
  return `rebuild_${projectionName}`;
}

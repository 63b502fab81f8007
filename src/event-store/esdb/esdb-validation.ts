/**
 * Argument checks made before anything reaches the server, with the same outcomes as the
 * PostgreSQL adapter (RangeError for malformed input, EventIdConflictError for a batch that
 * repeats an id), so the contract suite sees one behaviour.
 */
import { EventIdConflictError } from '../event-store.errors';
import type { NewEvent } from '../event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function assertStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName.length === 0) {
    throw new RangeError('a stream name must be a non-empty string');
  }
}

export function assertCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** Event ids are uuids compared without regard to case; ESDB returns them in lower case. */
export function normalizeId(id: string): string {
  return id.toLowerCase();
}

export function assertNewEvents(streamName: string, events: readonly NewEvent[]): void {
  assertStreamName(streamName);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new RangeError(`event id ${JSON.stringify(event.id)} is not a uuid`);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new RangeError(`event ${event.id}: the type must be a non-empty string`);
    }
    if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
      throw new RangeError(`event ${event.id}: data and metadata must be objects`);
    }
    const id = normalizeId(event.id);
    if (seen.has(id)) repeated.add(id);
    seen.add(id);
  }
  if (repeated.size > 0) {
    throw new EventIdConflictError(
      streamName,
      [...repeated],
      'an event id appears twice in the batch',
    );
  }
}

import { DatabaseError } from 'pg';
import { EventIdConflictError, WrongExpectedVersionError } from '../event-store.errors';
import type { ExpectedRevision, NewEvent } from '../event-store.port';
import { toStoreError } from './pg-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The parameters of es_append_to_stream, checked before anything reaches the database. */
export interface AppendRequest {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly eventIds: readonly string[];
  /** es_append_to_stream($1..$4). */
  readonly parameters: readonly [string, string, string | null, string];
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function assertStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName.length === 0) {
    throw new RangeError('a stream name must be a non-empty string');
  }
}

/** 'revision' with the revision, or the named mode; -1n (an empty stream) is 'no_stream'. */
export function expectedParameters(expected: ExpectedRevision): [string, string | null] {
  if (typeof expected === 'bigint') {
    if (expected < -1n) throw new RangeError(`expected revision ${expected} is below -1`);
    return expected === -1n ? ['no_stream', null] : ['revision', expected.toString()];
  }
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') {
    return [expected, null];
  }
  throw new RangeError(`unknown expected revision ${String(expected)}`);
}

/** Whether a stream at `current` (-1n: none) satisfies `expected`. */
export function revisionMatches(expected: ExpectedRevision, current: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === -1n;
  if (expected === 'stream_exists') return current !== -1n;
  return expected === current;
}

export function appendRequest(
  streamName: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): AppendRequest {
  assertStreamName(streamName);
  const [kind, revision] = expectedParameters(expected);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
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
    const id = event.id.toLowerCase();
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  if (duplicates.size > 0) {
    throw new EventIdConflictError(
      streamName,
      [...duplicates],
      'an event id appears twice in the batch',
    );
  }
  const payload = JSON.stringify(
    events.map((event) => ({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    })),
  );
  return {
    streamName,
    expected,
    eventIds: events.map((event) => event.id.toLowerCase()),
    parameters: [streamName, kind, revision, payload],
  };
}

function parseDetail(error: DatabaseError): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(error.detail ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Turns what es_append_to_stream raised into the port's errors. */
export function appendError(error: unknown, request: AppendRequest): unknown {
  if (!(error instanceof DatabaseError)) return toStoreError(error);
  if (error.code === 'ESWEV') {
    const actual = parseDetail(error).actual;
    return new WrongExpectedVersionError(
      request.streamName,
      request.expected,
      typeof actual === 'string' ? BigInt(actual) : -1n,
    );
  }
  if (error.code === 'ESIDC') {
    const detail = parseDetail(error);
    const ids = Array.isArray(detail.eventIds) ? detail.eventIds.map(String) : request.eventIds;
    const reason = typeof detail.reason === 'string' ? detail.reason : 'event ids already recorded';
    return new EventIdConflictError(request.streamName, ids, reason);
  }
  if (error.code === '23505' && error.constraint === 'es_events_pkey') {
    // The ids were being appended to another stream at the same moment: that append won.
    return new EventIdConflictError(
      request.streamName,
      request.eventIds,
      'the event ids were recorded concurrently by an append to another stream',
    );
  }
  return toStoreError(error);
}

/**
 * Our events <-> EventStoreDB events. Data and metadata travel as JSON (content type
 * application/json) and the event id is the caller's uuid, which is what ESDB deduplicates on.
 * Reading back is strict: an event whose data is not a JSON object or whose metadata lacks the
 * port's fields is reported, never passed on half-filled.
 */
import type {
  AllStreamRecordedEvent,
  JSONEventData,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type {
  ActorType,
  EventMetadata,
  NewEvent,
  Position,
  RecordedEvent,
} from '../event-store.port';
import { encodePosition, isKnownPosition } from './esdb-position';

/** Any event the client hands back, from a stream read or from $all. */
export type EsdbEvent = EsdbRecordedEvent | AllStreamRecordedEvent;

/** An event this adapter cannot turn into a port RecordedEvent. */
export class EsdbEventMappingError extends Error {
  override readonly name = 'EsdbEventMappingError';

  constructor(
    readonly streamName: string,
    readonly eventId: string,
    problem: string,
  ) {
    super(`EventStoreDB event ${eventId} in ${streamName}: ${problem}`);
  }
}

// A Record (not an array) so that adding an actor type to the port fails to compile here.
const ACTOR_TYPES: Readonly<Record<ActorType, true>> = {
  admin: true,
  supervisor: true,
  agent: true,
  integrator: true,
  auditor: true,
  customer: true,
  system: true,
};

function isActorType(value: unknown): value is ActorType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTOR_TYPES, value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/** A shallow copy typed as a JSON object (the client's JSONType), without casting away checks. */
function toJsonObject(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value));
}

export function toEventData(event: NewEvent): JSONEventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: toJsonObject(event.data),
    metadata: toJsonObject(event.metadata),
  };
}

/** Binary content that still holds JSON (written by another client) is accepted. */
function decodeJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (isPlainObject(value)) return value;
  if (value instanceof Uint8Array) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(value).toString('utf8'));
      return isPlainObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function parseEventMetadata(value: unknown): EventMetadata | string {
  const raw = decodeJsonObject(value);
  if (!raw) return 'metadata is not a JSON object';
  const actor = raw.actor;
  if (!isPlainObject(actor) || !isActorType(actor.type) || typeof actor.id !== 'string') {
    return 'metadata.actor must be { type: <actor type>, id: string }';
  }
  if (typeof raw.correlationId !== 'string') return 'metadata.correlationId must be a string';
  if (raw.causationId !== null && typeof raw.causationId !== 'string') {
    return 'metadata.causationId must be a string or null';
  }
  if (typeof raw.occurredAt !== 'string') return 'metadata.occurredAt must be a string';
  if (typeof raw.schemaVersion !== 'number') return 'metadata.schemaVersion must be a number';
  if (raw.requestId !== undefined && typeof raw.requestId !== 'string') {
    return 'metadata.requestId must be a string when present';
  }
  const metadata: EventMetadata = {
    actor: { type: actor.type, id: actor.id },
    correlationId: raw.correlationId,
    causationId: raw.causationId,
    occurredAt: raw.occurredAt,
    schemaVersion: raw.schemaVersion,
    ...(raw.requestId === undefined ? {} : { requestId: raw.requestId }),
  };
  return metadata;
}

/**
 * `position` overrides the event's own: a stream read on servers before 22.6 carries none, and
 * the caller may know it from elsewhere (e.g. the append result).
 */
export function toRecordedEvent(event: EsdbEvent, position?: Position): RecordedEvent {
  const streamName = event.streamId;
  const encoded =
    position ?? (isKnownPosition(event.position) ? encodePosition(event.position) : undefined);
  if (encoded === undefined) {
    throw new EsdbEventMappingError(
      streamName,
      event.id,
      'the server returned no $all position (EventStoreDB 22.6 or later is required)',
    );
  }
  const data = decodeJsonObject(event.data);
  if (!data) throw new EsdbEventMappingError(streamName, event.id, 'data is not a JSON object');
  const metadata = parseEventMetadata(event.metadata);
  if (typeof metadata === 'string') throw new EsdbEventMappingError(streamName, event.id, metadata);
  return {
    id: event.id,
    type: event.type,
    streamName,
    revision: event.revision,
    position: encoded,
    data,
    metadata,
    recordedAt: event.created,
  };
}

/** JSON with object keys sorted and undefined members dropped: equal for equal JSON values. */
export function canonicalJson(value: unknown): string {
  const normalize = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(normalize);
    if (isPlainObject(node)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(node).sort()) {
        if (node[key] !== undefined) sorted[key] = normalize(node[key]);
      }
      return sorted;
    }
    return node;
  };
  // A JSON round trip first, so that what is compared is what the server would store
  // (Dates become strings, undefined members vanish, toJSON() applies).
  const text = JSON.stringify(value);
  if (text === undefined) return 'undefined';
  return JSON.stringify(normalize(JSON.parse(text)));
}

/** Same type, data and metadata as JSON values (key order and undefined members ignored). */
export function hasSameContent(
  proposed: NewEvent,
  recorded: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>,
): boolean {
  return (
    proposed.type === recorded.type &&
    canonicalJson(proposed.data) === canonicalJson(recorded.data) &&
    canonicalJson(proposed.metadata) === canonicalJson(recorded.metadata)
  );
}

import type { AllStreamRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, NewEvent } from '../event-store.port';
import {
  canonicalJson,
  EsdbEventMappingError,
  hasSameContent,
  parseEventMetadata,
  toEventData,
  toRecordedEvent,
} from './esdb-event-mapping';
import { decodePosition } from './esdb-position';

const METADATA: EventMetadata = {
  actor: { type: 'agent', id: 'agent-7' },
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: null,
  occurredAt: '2026-01-05T09:00:00.000Z',
  schemaVersion: 1,
};

const EVENT: NewEvent = {
  id: '5f1d2c1e-7a0b-4a35-9a7e-0c2c8e4f9a11',
  type: 'TicketOpened',
  data: { title: 'Printer on fire', priority: 'high', tags: ['hardware'] },
  metadata: { ...METADATA, requestId: 'req-1' },
};

/** What the client yields for a JSON event read from $all. */
function esdbRecord(overrides: Record<string, unknown> = {}): AllStreamRecordedEvent {
  return {
    streamId: 'ticket-1',
    id: EVENT.id,
    isJson: true,
    revision: 3n,
    type: EVENT.type,
    created: new Date('2026-01-05T09:00:01.000Z'),
    data: { ...EVENT.data },
    metadata: { ...EVENT.metadata },
    position: { commit: 2048n, prepare: 2040n },
    ...overrides,
  };
}

describe('event mapping', () => {
  it('sends our uuid as the event id and data/metadata as JSON', () => {
    expect(toEventData(EVENT)).toEqual({
      id: EVENT.id,
      contentType: 'application/json',
      type: 'TicketOpened',
      data: EVENT.data,
      metadata: EVENT.metadata,
    });
  });

  it('maps a recorded event back with stream, 0-based revision, position and recordedAt', () => {
    const recorded = toRecordedEvent(esdbRecord());
    expect(recorded).toEqual({
      ...EVENT,
      streamName: 'ticket-1',
      revision: 3n,
      position: recorded.position,
      recordedAt: new Date('2026-01-05T09:00:01.000Z'),
    });
    expect(decodePosition(recorded.position)).toEqual({ commit: 2048n, prepare: 2040n });
  });

  it('round-trips: what we send is what we read back', () => {
    const data = toEventData(EVENT);
    const recorded = toRecordedEvent(
      esdbRecord({ id: data.id, type: data.type, data: data.data, metadata: data.metadata }),
    );
    expect(hasSameContent(EVENT, recorded)).toBe(true);
  });

  it('accepts JSON stored as binary content (another client may write it so)', () => {
    const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
    const recorded = toRecordedEvent(
      esdbRecord({ isJson: false, data: bytes(EVENT.data), metadata: bytes(EVENT.metadata) }),
    );
    expect(recorded.data).toEqual(EVENT.data);
    expect(recorded.metadata).toEqual(EVENT.metadata);
  });

  it('uses a position supplied by the caller when the record carries none', () => {
    const MAX_U64 = (1n << 64n) - 1n;
    const withoutPosition = esdbRecord({ position: { commit: MAX_U64, prepare: MAX_U64 } });
    expect(() => toRecordedEvent(withoutPosition)).toThrow(/22\.6 or later/);
    expect(toRecordedEvent(withoutPosition, 'given').position).toBe('given');
  });

  it('refuses events whose data is not a JSON object', () => {
    expect(() => toRecordedEvent(esdbRecord({ data: 'text' }))).toThrow(EsdbEventMappingError);
    expect(() => toRecordedEvent(esdbRecord({ data: [1, 2] }))).toThrow(EsdbEventMappingError);
    expect(() =>
      toRecordedEvent(esdbRecord({ isJson: false, data: new Uint8Array([0xff, 0x00]) })),
    ).toThrow(/data is not a JSON object/);
  });

  it.each([
    ['no metadata', undefined, /not a JSON object/],
    ['an unknown actor type', { ...METADATA, actor: { type: 'robot', id: 'r' } }, /actor/],
    ['no correlation id', { ...METADATA, correlationId: undefined }, /correlationId/],
    ['a numeric causation id', { ...METADATA, causationId: 5 }, /causationId/],
    ['no occurredAt', { ...METADATA, occurredAt: undefined }, /occurredAt/],
    ['a textual schema version', { ...METADATA, schemaVersion: '1' }, /schemaVersion/],
  ])('refuses metadata with %s', (_case, metadata, problem) => {
    expect(() => toRecordedEvent(esdbRecord({ metadata }))).toThrow(problem);
  });

  it('keeps only the port metadata fields', () => {
    const parsed = parseEventMetadata({ ...METADATA, extra: 'dropped' });
    expect(parsed).toEqual(METADATA);
  });
});

describe('content comparison (for idempotent retries)', () => {
  it('ignores key order and undefined members, as a JSON store would', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('sees a change in type, data or metadata', () => {
    const recorded = { type: EVENT.type, data: EVENT.data, metadata: EVENT.metadata };
    expect(hasSameContent(EVENT, recorded)).toBe(true);
    expect(hasSameContent({ ...EVENT, type: 'TicketClosed' }, recorded)).toBe(false);
    expect(hasSameContent({ ...EVENT, data: { ...EVENT.data, priority: 'low' } }, recorded)).toBe(
      false,
    );
    expect(
      hasSameContent({ ...EVENT, metadata: { ...EVENT.metadata, schemaVersion: 2 } }, recorded),
    ).toBe(false);
    // Array order is content.
    expect(hasSameContent({ ...EVENT, data: { ...EVENT.data, tags: [] } }, recorded)).toBe(false);
  });
});

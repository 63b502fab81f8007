import type { EventMetadata, NewEvent } from '../event-store.port';
import { classifyRecordedIds, type RecordedMatch } from './esdb-idempotency';

const METADATA: EventMetadata = {
  actor: { type: 'system', id: 'router' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  occurredAt: '2026-01-05T09:00:00.000Z',
  schemaVersion: 1,
};

const event = (id: string, n = 1): NewEvent => ({
  id,
  type: 'TicketAssigned',
  data: { n },
  metadata: METADATA,
});

/** The stream as found on the server: the given events from `firstRevision` on. */
function recorded(events: readonly NewEvent[], firstRevision: bigint): Map<string, RecordedMatch> {
  return new Map(
    events.map((e, index) => {
      const revision = firstRevision + BigInt(index);
      return [e.id, { ...e, revision, position: `pos-${revision.toString()}` }] as const;
    }),
  );
}

describe('classifying an append by the ids already in the stream', () => {
  const a = event('a');
  const b = event('b');
  const c = event('c');

  it('is a new append when none of the ids is recorded', () => {
    expect(classifyRecordedIds([a, b], new Map(), 'any')).toEqual({ kind: 'new' });
  });

  it('is a retry, answered with the original result, when the batch is recorded where expected', () => {
    const stream = recorded([a, b], 5n);
    const original = { nextExpectedRevision: 6n, position: 'pos-6' };
    expect(classifyRecordedIds([a, b], stream, 4n)).toEqual({ kind: 'retry', result: original });
    expect(classifyRecordedIds([a, b], stream, 'any')).toEqual({ kind: 'retry', result: original });
    expect(classifyRecordedIds([a, b], stream, 'stream_exists')).toEqual({
      kind: 'retry',
      result: original,
    });
    expect(classifyRecordedIds([a, b], recorded([a, b], 0n), 'no_stream')).toEqual({
      kind: 'retry',
      result: { nextExpectedRevision: 1n, position: 'pos-1' },
    });
  });

  it('matches ids without regard to letter case', () => {
    const upper = { ...a, id: 'A' };
    expect(classifyRecordedIds([upper], recorded([a], 0n), 'no_stream')).toMatchObject({
      kind: 'retry',
    });
  });

  it('is a conflict when the same ids carry different content', () => {
    const result = classifyRecordedIds([a, event('b', 2)], recorded([a, b], 0n), 'no_stream');
    expect(result).toEqual({
      kind: 'conflict',
      eventIds: ['b'],
      detail: 'the event ids are recorded with other content',
    });
  });

  it('is a conflict when only some ids of the batch are recorded (partial duplicate)', () => {
    const result = classifyRecordedIds([b, c], recorded([a, b], 0n), 1n);
    expect(result).toEqual({
      kind: 'conflict',
      eventIds: ['b'],
      detail: 'only some of the event ids are already recorded',
    });
  });

  it('is a conflict when the ids sit at other revisions than the expected revision implies', () => {
    const stream = recorded([a, b], 0n);
    const elsewhere = { kind: 'conflict', detail: 'the event ids were recorded by another append' };
    expect(classifyRecordedIds([a, b], stream, 1n)).toMatchObject(elsewhere);
    expect(classifyRecordedIds([b, a], stream, 'any')).toMatchObject(elsewhere);
    // 'stream_exists' could not have written revision 0.
    expect(classifyRecordedIds([a, b], stream, 'stream_exists')).toMatchObject(elsewhere);
  });

  it('is a conflict when the batch is only part of what one earlier append wrote', () => {
    const stream = recorded([a, b, c], 0n);
    const sameAppend = () => 'commit-100'; // all three share one commit position
    expect(classifyRecordedIds([a, b], stream, 'no_stream', sameAppend)).toMatchObject({
      kind: 'conflict',
      detail: 'the event ids were recorded by another append',
    });
    expect(classifyRecordedIds([b, c], stream, 0n, sameAppend)).toMatchObject({ kind: 'conflict' });
    // Each event written by its own append: [b] at expected revision 0 is a retry of it.
    const ownAppends = (revision: bigint) => `commit-${revision.toString()}`;
    expect(classifyRecordedIds([b], stream, 0n, ownAppends)).toMatchObject({ kind: 'retry' });
  });
});

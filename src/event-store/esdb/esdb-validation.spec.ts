import { EventIdConflictError } from '../event-store.errors';
import type { NewEvent } from '../event-store.port';
import { assertCount, assertNewEvents, assertStreamName, normalizeId } from './esdb-validation';

const EVENT: NewEvent = {
  id: '0b6f4a52-3f0e-4d7c-9a51-2f1d6f0e8a01',
  type: 'TicketOpened',
  data: {},
  metadata: {
    actor: { type: 'system', id: 'sys' },
    correlationId: 'c',
    causationId: null,
    occurredAt: '2026-01-05T09:00:00.000Z',
    schemaVersion: 1,
  },
};

describe('append validation', () => {
  it('accepts well-formed events', () => {
    expect(() => assertNewEvents('ticket-1', [EVENT])).not.toThrow();
    expect(() => assertNewEvents('ticket-1', [])).not.toThrow();
  });

  it('rejects an empty stream name, a non-uuid id, an empty type and non-object data', () => {
    expect(() => assertNewEvents('', [EVENT])).toThrow(RangeError);
    expect(() => assertNewEvents('s-1', [{ ...EVENT, id: 'abc' }])).toThrow(/not a uuid/);
    expect(() => assertNewEvents('s-1', [{ ...EVENT, type: '' }])).toThrow(/type/);
    const arrayData = { ...EVENT, data: [] as unknown as NewEvent['data'] };
    expect(() => assertNewEvents('s-1', [arrayData])).toThrow(/must be objects/);
  });

  it('reports an id repeated in the batch (in any letter case) as an event id conflict', () => {
    const again = { ...EVENT, id: EVENT.id.toUpperCase() };
    expect(() => assertNewEvents('s-1', [EVENT, again])).toThrow(EventIdConflictError);
  });

  it('checks counts and stream names for reads', () => {
    expect(() => assertCount('maxCount', undefined)).not.toThrow();
    expect(() => assertCount('maxCount', 0)).not.toThrow();
    expect(() => assertCount('maxCount', -1)).toThrow(RangeError);
    expect(() => assertCount('maxCount', 1.5)).toThrow(RangeError);
    expect(() => assertStreamName('')).toThrow(RangeError);
    expect(normalizeId('ABC-d')).toBe('abc-d');
  });
});

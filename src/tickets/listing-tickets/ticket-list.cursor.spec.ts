import { decodeCursor, encodeCursor, InvalidCursorError } from './ticket-list.cursor';
import type { SortKey } from './ticket-list.criteria';

const encode = (document: unknown): string =>
  Buffer.from(JSON.stringify(document), 'utf8').toString('base64url');

describe('ticket list cursor', () => {
  const created: SortKey = {
    sort: 'created',
    order: 'desc',
    at: '2026-01-05T09:00:00.123456Z',
    id: '3f2c9a4e-1b7d-4d2a-9a57-0c1f6f1d2b3a',
  };
  const priority: SortKey = { ...created, sort: 'priority', order: 'asc', rank: 3 };

  it('round-trips the sort key it encodes, as an opaque base64url token', () => {
    const cursor = encodeCursor(created);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'created', 'desc')).toEqual(created);
    expect(decodeCursor(encodeCursor(priority), 'priority', 'asc')).toEqual(priority);
  });

  it('refuses a cursor issued for another sort or order, saying so', () => {
    const cursor = encodeCursor(created);
    expect(() => decodeCursor(cursor, 'updated', 'desc')).toThrow(
      /issued for sort=created&order=desc/,
    );
    expect(() => decodeCursor(cursor, 'created', 'asc')).toThrow(InvalidCursorError);
  });

  it.each([
    ['not base64url JSON', 'not-json'],
    ['padding characters', `${encodeCursor(created)}=`],
    ['a JSON array', encode([1, 2])],
    ['another version', encode({ v: 2, s: 'created', o: 'desc', a: created.at, i: created.id })],
    [
      'an impossible date',
      encode({ v: 1, s: 'created', o: 'desc', a: '2026-02-30T00:00:00.000000Z', i: 'x' }),
    ],
    [
      'hour 24',
      encode({ v: 1, s: 'created', o: 'desc', a: '2026-02-01T24:00:00.000000Z', i: 'x' }),
    ],
    [
      'milliseconds only',
      encode({ v: 1, s: 'created', o: 'desc', a: '2026-02-01T10:00:00.000Z', i: 'x' }),
    ],
    ['a NUL in the id', encode({ v: 1, s: 'created', o: 'desc', a: created.at, i: 'a\u0000b' })],
    ['an empty id', encode({ v: 1, s: 'created', o: 'desc', a: created.at, i: '' })],
    [
      'a rank on a created sort',
      encode({ v: 1, s: 'created', o: 'desc', r: 1, a: created.at, i: 'x' }),
    ],
    [
      'no rank on a priority sort',
      encode({ v: 1, s: 'priority', o: 'desc', a: created.at, i: 'x' }),
      'priority',
    ],
    [
      'a rank out of range',
      encode({ v: 1, s: 'priority', o: 'desc', r: 4, a: created.at, i: 'x' }),
      'priority',
    ],
    ['an extra member', encode({ v: 1, s: 'created', o: 'desc', a: created.at, i: 'x', x: 1 })],
    ['too long', 'a'.repeat(600)],
  ] as [string, string, ('created' | 'priority')?][])(
    'refuses %s',
    (_, cursor, sort = 'created') => {
      expect(() => decodeCursor(cursor, sort, 'desc')).toThrow(InvalidCursorError);
    },
  );

  it('accepts 29 February in a leap year only', () => {
    const leap = encode({
      v: 1,
      s: 'created',
      o: 'desc',
      a: '2028-02-29T00:00:00.000000Z',
      i: 'x',
    });
    const common = encode({
      v: 1,
      s: 'created',
      o: 'desc',
      a: '2027-02-29T00:00:00.000000Z',
      i: 'x',
    });
    expect(decodeCursor(leap, 'created', 'desc').at).toBe('2028-02-29T00:00:00.000000Z');
    expect(() => decodeCursor(common, 'created', 'desc')).toThrow(InvalidCursorError);
  });
});

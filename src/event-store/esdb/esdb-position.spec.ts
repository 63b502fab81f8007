import fc from 'fast-check';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  InvalidPositionError,
  isKnownPosition,
  type EsdbLogPosition,
} from './esdb-position';

const MAX_U64 = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: MAX_U64 });
const logPosition = fc.record({ commit: u64, prepare: u64 });

describe('EventStoreDB position codec', () => {
  it('decodes what it encodes, for any pair of unsigned 64-bit offsets', () => {
    fc.assert(
      fc.property(logPosition, (position) => {
        expect(decodePosition(encodePosition(position))).toEqual(position);
      }),
    );
  });

  it('encodes so that string order is log order (commit, then prepare)', () => {
    fc.assert(
      fc.property(logPosition, logPosition, (a, b) => {
        const [x, y] = [encodePosition(a), encodePosition(b)];
        const byString = x < y ? -1 : x > y ? 1 : 0;
        expect(byString).toBe(comparePositions(a, b));
      }),
    );
    // Random pairs rarely share a commit position: cover that case on purpose.
    fc.assert(
      fc.property(u64, u64, u64, (commit, p1, p2) => {
        const a = { commit, prepare: p1 };
        const b = { commit, prepare: p2 };
        expect(encodePosition(a) < encodePosition(b)).toBe(p1 < p2);
      }),
    );
  });

  it('orders by commit position first and prepare position second', () => {
    const at = (commit: bigint, prepare: bigint): EsdbLogPosition => ({ commit, prepare });
    expect(comparePositions(at(10n, 99n), at(11n, 0n))).toBe(-1);
    expect(comparePositions(at(11n, 5n), at(11n, 4n))).toBe(1);
    expect(comparePositions(at(7n, 7n), at(7n, 7n))).toBe(0);
    // 9 < 10 numerically although "9" > "10" as text: the padding keeps them apart correctly.
    expect(encodePosition(at(9n, 9n)) < encodePosition(at(10n, 10n))).toBe(true);
  });

  it('produces the documented shape', () => {
    expect(encodePosition({ commit: 1234n, prepare: 1200n })).toBe(
      '00000000000000001234/00000000000000001200',
    );
  });

  it.each([
    '',
    'start',
    '12',
    '12/',
    '/12',
    '-1/5',
    '1/2/3',
    '18446744073709551616/0', // 2^64 does not fit
    '123456789012345678901/1', // 21 digits
    ' 1/1',
  ])('rejects %p as a position it did not produce', (text) => {
    expect(() => decodePosition(text)).toThrow(InvalidPositionError);
  });

  it('refuses to encode offsets outside the unsigned 64-bit range', () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: MAX_U64 + 1n })).toThrow(RangeError);
  });

  it('treats a missing position or 2^64 - 1 (old servers on stream reads) as unknown', () => {
    expect(isKnownPosition(undefined)).toBe(false);
    expect(isKnownPosition({ commit: MAX_U64, prepare: MAX_U64 })).toBe(false);
    expect(isKnownPosition({ commit: 0n, prepare: 0n })).toBe(true);
  });
});

import {
  decodeFrom,
  decodePosition,
  encodePosition,
  InvalidPositionError,
  START_POSITION,
} from './position';

describe('PostgreSQL log positions', () => {
  it('round-trips transaction id and global position, including the largest values', () => {
    for (const [transactionId, globalPosition] of [
      ['1', '1'],
      ['759', '123456'],
      ['18446744073709551615', '9223372036854775807'],
    ]) {
      expect(decodePosition(encodePosition(transactionId, globalPosition))).toEqual({
        transactionId,
        globalPosition,
      });
    }
  });

  it('sorts as strings in log order: by transaction id, then by global position', () => {
    const inLogOrder = [
      ['9', '500'],
      ['10', '3'],
      ['10', '40'],
      ['11', '1'],
      ['100', '2'],
      ['18446744073709551615', '1'],
    ].map(([transactionId, globalPosition]) => encodePosition(transactionId, globalPosition));
    expect([...inLogOrder].reverse().sort()).toEqual(inLogOrder);
  });

  it("treats 'start' and undefined as before every event", () => {
    expect(decodeFrom('start')).toBe(START_POSITION);
    expect(decodeFrom(undefined)).toBe(START_POSITION);
  });

  it.each([
    '',
    'start ',
    '759-123456',
    '00000000000000000759:0000000000000123456',
    '0000000000000000075-90000000000000123456',
    '18446744073709551616-0000000000000000001',
    '00000000000000000001-9223372036854775808',
    '-0000000000000000759-0000000000000123456',
  ])('rejects %j with InvalidPositionError', (bad) => {
    expect(() => decodePosition(bad)).toThrow(InvalidPositionError);
  });

  it('names the error so adapter-neutral callers can recognise it', () => {
    expect(new InvalidPositionError('x').name).toBe('InvalidPositionError');
  });
});

import { ProblemException } from '../http/problem-details';
import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('Idempotency-Key', () => {
  it('accepts 1 to 255 printable ASCII characters', () => {
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('k'.repeat(255))).toBe('k'.repeat(255));
    expect(parseIdempotencyKey('3f2c-… no'.replace('…', '.'))).toBe('3f2c-. no');
  });

  it.each(['', 'k'.repeat(256), 'tab\there', 'ünïcode'])('rejects %p with a 400 problem', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(ProblemException);
  });

  it('rejects a repeated header', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(ProblemException);
  });

  it('fingerprints requests independently of key order, but not of values, method or target', () => {
    const a = requestFingerprint('POST', '/t', { x: 1, y: { b: [1, 2], a: null } });
    expect(requestFingerprint('POST', '/t', { y: { a: null, b: [1, 2] }, x: 1 })).toBe(a);
    expect(requestFingerprint('POST', '/t', { x: 1, y: { b: [2, 1], a: null } })).not.toBe(a);
    expect(requestFingerprint('PATCH', '/t', { x: 1, y: { b: [1, 2], a: null } })).not.toBe(a);
    expect(requestFingerprint('POST', '/u', { x: 1, y: { b: [1, 2], a: null } })).not.toBe(a);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

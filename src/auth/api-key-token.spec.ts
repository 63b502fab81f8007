import { createHash } from 'node:crypto';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key-token';

describe('API key tokens', () => {
  it('generates st_<keyId>_<secret> keys with at least 128 random bits of secret', () => {
    const key = generateApiKey();
    expect(key.token).toBe(`st_${key.keyId}_${key.secret}`);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    // 43 base64url characters carry 256 bits.
    expect(Buffer.from(key.secret, 'base64url')).toHaveLength(32);
    expect(generateApiKey().token).not.toBe(key.token);
  });

  it('parses a generated key back into its id and secret, whatever its secret contains', () => {
    for (let i = 0; i < 50; i += 1) {
      const key = generateApiKey();
      expect(parseApiKey(key.token)).toEqual({ keyId: key.keyId, secret: key.secret });
    }
  });

  it('gives any other acceptable token a stable derived id and uses it whole as the secret', () => {
    const token = 'an-operator-chosen-admin-key-1234';
    const parsed = parseApiKey(token);
    expect(parsed?.keyId).toMatch(/^cfg-[0-9a-f]{16}$/);
    expect(parsed?.secret).toBe(token);
    expect(parseApiKey(token)).toEqual(parsed);
    expect(parseApiKey(`${token}5`)?.keyId).not.toBe(parsed?.keyId);
  });

  it.each([
    ['too short', 'short-token'],
    ['containing a space', 'a token with spaces in it, long enough'],
    ['non-ASCII', 'ünïcödé-key-that-is-long-enough-1234'],
    ['too long', 'x'.repeat(513)],
  ])('refuses a token %s', (_, token) => {
    expect(parseApiKey(token)).toBeUndefined();
  });

  it('stores SHA-256 of the secret and matches only the same secret', () => {
    const hash = hashSecret('s3cret');
    expect(hash).toBe(createHash('sha256').update('s3cret').digest('hex'));
    expect(secretMatches('s3cret', hash)).toBe(true);
    expect(secretMatches('s3cres', hash)).toBe(false);
    expect(secretMatches('s3cret', 'not-a-hash')).toBe(false);
  });
});

import { generateApiKey } from '../../auth/api-key-token';
import { addressGroupOf, rateLimitClientOf } from './rate-limit-client';

describe('rateLimitClientOf', () => {
  const key = generateApiKey();

  it('counts a generated key by its token, the same on every request', () => {
    const first = rateLimitClientOf(`Bearer ${key.token}`, '10.0.0.1');
    expect(first.kind).toBe('key');
    expect(first.id).toMatch(/^key:[0-9a-f]{32}$/);
    expect(rateLimitClientOf(`bearer  ${key.token}`, '10.0.0.2')).toEqual(first);
    // The id is a hash: the token never sits in memory under its own name.
    expect(first.id).not.toContain(key.keyId);
  });

  it('gives two tokens with the same key id different buckets', () => {
    const forged = `st_${key.keyId}_${generateApiKey().secret}`;
    expect(rateLimitClientOf(`Bearer ${forged}`, '10.0.0.1').id).not.toBe(
      rateLimitClientOf(`Bearer ${key.token}`, '10.0.0.1').id,
    );
  });

  it('counts an operator-chosen key (any printable 24+ characters) as a key', () => {
    expect(rateLimitClientOf('Bearer operator-chosen-admin-key-0123', undefined).kind).toBe('key');
  });

  it.each([
    ['no Authorization', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a token too short to be a key', 'Bearer abc'],
    ['a token too long to be a key', `Bearer ${'x'.repeat(513)}`],
    ['two tokens', `Bearer ${key.token} ${key.token}`],
  ])('counts a request with %s against its address', (_case, authorization) => {
    expect(rateLimitClientOf(authorization, '192.0.2.1')).toEqual({
      kind: 'anonymous',
      id: 'ip:192.0.2.1',
    });
  });

  it('uses a placeholder when the address is unknown', () => {
    expect(rateLimitClientOf(undefined, undefined).id).toBe('ip:unknown');
  });
});

describe('addressGroupOf', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8:1:2::192.0.2.1', '2001:db8:1:2::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['not an address', 'not an address'],
  ])('groups %s as %s', (ip, group) => {
    expect(addressGroupOf(ip)).toBe(group);
  });
});

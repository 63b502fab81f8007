import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The API key wire format and how a key is reduced to what we store.
 *
 * Generated keys look like `st_<keyId>_<secret>`: the key id (16 hex characters, never secret)
 * lets us find the row without scanning, the secret (256 random bits, base64url) is only ever
 * stored as its SHA-256. A high-entropy secret needs no slow KDF: nobody can brute-force 2^256.
 *
 * A configured `ADMIN_API_KEY` is any string the operator chose, so it need not follow that
 * format: such a key gets an id derived from a (domain-separated) hash of the whole key, and the
 * whole key is its secret. Both shapes go through `parseApiKey`, so a token resolves to the same
 * id when it is stored and when it is presented.
 */

const GENERATED_KEY = /^st_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** What a bearer token may look like at all: printable ASCII, no spaces, bounded length. */
const ACCEPTABLE_TOKEN = /^[\x21-\x7e]{24,512}$/;
const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;

export interface ParsedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

export interface GeneratedApiKey extends ParsedApiKey {
  /** The plaintext the caller sends as `Authorization: Bearer <token>`; shown once, never stored. */
  readonly token: string;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(KEY_ID_BYTES).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { keyId, secret, token: `st_${keyId}_${secret}` };
}

/** The key id and secret a token carries, or undefined when it cannot be an API key at all. */
export function parseApiKey(token: string): ParsedApiKey | undefined {
  if (!ACCEPTABLE_TOKEN.test(token)) return undefined;
  const generated = GENERATED_KEY.exec(token);
  if (generated) return { keyId: generated[1], secret: generated[2] };
  const derived = createHash('sha256').update(`servicetrail-key-id\0${token}`).digest('hex');
  return { keyId: `cfg-${derived.slice(0, 16)}`, secret: token };
}

/** What is stored instead of the secret: SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` hashes to `storedHash`, in time independent of where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  return secretMatchesDigest(secret, storedHashDigest(storedHash));
}

/** A stored hash (hex) as bytes, for callers that keep it to check many requests against. */
export function storedHashDigest(storedHash: string): Buffer {
  return Buffer.from(storedHash, 'hex');
}

/**
 * secretMatches against a stored hash already decoded by storedHashDigest: the hot path of
 * authentication (no hex round trips on every request).
 */
export function secretMatchesDigest(secret: string, stored: Buffer): boolean {
  const presented = createHash('sha256').update(secret, 'utf8').digest();
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

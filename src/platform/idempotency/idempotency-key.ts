import { createHash } from 'node:crypto';
import { PLATFORM_PROBLEMS, ProblemException } from '../http/problem-details';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** 1–255 printable ASCII characters (a uuid is the usual choice). */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** The key from the header, or a 400 problem when it is malformed. */
export function parseIdempotencyKey(header: string | string[]): string {
  if (Array.isArray(header) || !VALID_KEY.test(header)) {
    throw new ProblemException({
      ...PLATFORM_PROBLEMS.invalidIdempotencyKey,
      status: 400,
      detail: 'Idempotency-Key must be one value of 1 to 255 printable ASCII characters.',
    });
  }
  return header;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` fingerprint the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort())
      sorted[key] = (item as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * What makes two requests "the same request": method, target (path and query, so the same key
 * on another ticket is a different request) and the body, canonicalised.
 */
export function requestFingerprint(method: string, target: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([method.toUpperCase(), target, body ?? null]))
    .digest('hex');
}

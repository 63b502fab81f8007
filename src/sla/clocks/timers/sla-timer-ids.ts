import { createHash } from 'node:crypto';

/**
 * A deterministic event id for a timer event: sha256 of its key laid out as a version-4-style
 * uuid (like surveyIdForSolve). Two instances recording the same warning, breach or step derive
 * the same id, so if one ever got past the expected revision the store would still refuse the
 * second as an event id conflict: exactly once either way.
 */
export function timerEventId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

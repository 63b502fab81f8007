import { FollowUpNotFound } from './follow-up.errors';

export const FOLLOW_UP_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The `{id}` path parameter, for @ApiParam. */
export const FOLLOW_UP_ID_PARAM = {
  name: 'id',
  description: 'The follow-up id.',
  example: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  schema: { type: 'string' as const, pattern: FOLLOW_UP_ID_PATTERN.source, maxLength: 36 },
};

/** A path id that cannot name a follow-up is answered like an unknown one, without a read. */
export function followUpIdFromPath(id: string): string {
  if (!FOLLOW_UP_ID_PATTERN.test(id)) throw new FollowUpNotFound(id.slice(0, 64));
  return id;
}

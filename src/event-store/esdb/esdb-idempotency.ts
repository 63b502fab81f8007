/**
 * Decides what an append means given the events of the target stream that already carry the
 * batch's ids. The rules are the port's, as the PostgreSQL adapter implements them:
 * - none recorded: a new append;
 * - all recorded with the same content, at consecutive revisions in batch order, forming the
 *   whole of one earlier append, where the expected revision could have put them: a retry,
 *   answered with the original result and writing nothing;
 * - anything else (some recorded, other content, other revisions): EventIdConflictError.
 *
 * EventStoreDB alone is weaker: it deduplicates by id without comparing content, checks only the
 * first id for 'any'/'stream_exists' and only against a bounded in-memory cache, and writes a
 * second copy of an id appended at another revision. See EsdbEventStore.appendToStream.
 *
 * "One earlier append" is recognised by the commit position, which ESDB gives every event of one
 * multi-event append. A neighbour revision with the same commit position means the retry is only
 * part of that append. If a server gave each event its own commit position, this check would
 * simply never fire (distinct appends never share one), so it cannot reject a genuine retry.
 */
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';
import { hasSameContent } from './esdb-event-mapping';
import { firstTargetRevision } from './esdb-expected-revision';
import { normalizeId } from './esdb-validation';

export type RecordedMatch = Pick<
  RecordedEvent,
  'id' | 'type' | 'data' | 'metadata' | 'revision' | 'position'
>;

/** Identifies the append that wrote the event at a revision, when the scan saw it. */
export type AppendKeyAt = (revision: bigint) => string | undefined;

export type DuplicateCheck =
  | { readonly kind: 'new' }
  | { readonly kind: 'retry'; readonly result: AppendResult }
  | { readonly kind: 'conflict'; readonly eventIds: readonly string[]; readonly detail: string };

/**
 * @param recorded the stream's events carrying one of the batch's ids, keyed by lower-case id
 */
export function classifyRecordedIds(
  proposed: readonly NewEvent[],
  recorded: ReadonlyMap<string, RecordedMatch>,
  expected: ExpectedRevision,
  appendKeyAt: AppendKeyAt = () => undefined,
): DuplicateCheck {
  const matches = proposed.flatMap((event) => {
    const match = recorded.get(normalizeId(event.id));
    return match ? [{ proposed: event, match }] : [];
  });
  if (matches.length === 0) return { kind: 'new' };
  const matchedIds = matches.map(({ match }) => match.id);
  if (matches.length < proposed.length) {
    return {
      kind: 'conflict',
      eventIds: matchedIds,
      detail: 'only some of the event ids are already recorded',
    };
  }
  const changed = matches.filter(({ proposed: event, match }) => !hasSameContent(event, match));
  if (changed.length > 0) {
    return {
      kind: 'conflict',
      eventIds: changed.map(({ match }) => match.id),
      detail: 'the event ids are recorded with other content',
    };
  }
  const first = matches[0].match.revision;
  const count = BigInt(matches.length);
  const consecutive = matches.every(({ match }, index) => match.revision === first + BigInt(index));
  const target = firstTargetRevision(expected);
  const key = appendKeyAt(first);
  const partOfLargerAppend =
    key !== undefined && (appendKeyAt(first - 1n) === key || appendKeyAt(first + count) === key);
  if (
    !consecutive ||
    partOfLargerAppend ||
    (target !== null && first !== target) ||
    (expected === 'stream_exists' && first === 0n)
  ) {
    return {
      kind: 'conflict',
      eventIds: matchedIds,
      detail: 'the event ids were recorded by another append',
    };
  }
  const last = matches[matches.length - 1].match;
  return {
    kind: 'retry',
    result: { nextExpectedRevision: last.revision, position: last.position },
  };
}

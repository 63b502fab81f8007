/**
 * Point-in-time reads (`GET /tickets/{id}?asOf=`): the ticket exactly as it stood at a revision or
 * an instant, folded from its event stream with the decider's own `evolve` (never from the read
 * model, which only knows the present).
 *
 * - `asOf=<revision>` (digits): the events with revision ≤ N. A revision past the end of the stream
 *   gives the ticket as it stands now (its ETag names the real last revision).
 * - `asOf=<ISO-8601 date-time with a zone>`: the events whose `metadata.occurredAt` (the decision
 *   time from the clock, which is what every milestone in the ticket is made of) is ≤ that
 *   instant, taken as a prefix of the stream: folding stops at the first event that occurred
 *   later, so an event is never applied without the ones recorded before it, even if clocks of
 *   two instances disagreed. (`recordedAt`, the store's own time, is not used: it is the
 *   infrastructure's clock, not the one the domain runs on.)
 * - Nothing kept, or nothing that opened the ticket: the ticket did not exist then (404).
 */
import { isISO8601 } from 'class-validator';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { TicketEvent } from '../ticket.events';
import { evolve, initialState, type TicketState } from '../ticket.state';
import {
  conversationEntryOf,
  type ConversationEntry,
  type TicketDetails,
} from './ticket-details.model';

export type AsOf =
  | { readonly kind: 'revision'; readonly revision: bigint }
  | { readonly kind: 'time'; readonly at: number };

const REVISION = /^[0-9]{1,19}$/;
const MAX_REVISION = 2n ** 63n - 1n;
/** A date-time (not a bare date) ending in `Z` or an offset: a local time would be ambiguous. */
const ZONED_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const AS_OF_MAX_LENGTH = 40;
export const AS_OF_PATTERN = `(${REVISION.source.slice(1, -1)})|(${ZONED_DATE_TIME.source.slice(1, -1)})`;

/** The `asOf` a query value asks for, or undefined when it is neither a revision nor an instant. */
export function parseAsOf(value: string): AsOf | undefined {
  if (REVISION.test(value)) {
    const revision = BigInt(value);
    return revision <= MAX_REVISION ? { kind: 'revision', revision } : undefined;
  }
  if (
    value.length <= AS_OF_MAX_LENGTH &&
    ZONED_DATE_TIME.test(value) &&
    isISO8601(value, { strict: true })
  ) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : { kind: 'time', at };
  }
  return undefined;
}

function isKept(event: RecordedEvent, asOf: AsOf): boolean {
  if (asOf.kind === 'revision') return event.revision <= asOf.revision;
  return Date.parse(event.metadata.occurredAt) <= asOf.at;
}

/**
 * Folds a ticket's stream (oldest first) up to `asOf` (everything when undefined). Undefined when
 * the ticket did not exist at that point.
 */
export function foldTicketAsOf(
  events: readonly RecordedEvent[],
  asOf?: AsOf,
): TicketDetails | undefined {
  let state: TicketState = initialState();
  let revision = -1n;
  const conversation: ConversationEntry[] = [];
  for (const event of events) {
    if (asOf !== undefined && !isKept(event, asOf)) break;
    const before = state;
    state = evolve(before, event as unknown as TicketEvent);
    revision = event.revision;
    const entry = before.exists && state.exists ? conversationEntryOf(event) : undefined;
    if (entry) conversation.push(entry);
  }
  return state.exists ? { ticket: state, revision, conversation } : undefined;
}

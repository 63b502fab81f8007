/**
 * The port's EventFilter on EventStoreDB. The server can filter a subscription on one dimension
 * only (stream name *or* event type), so the most selective one it supports is sent to the server
 * and every condition is checked again client-side, together with the system-event exclusion.
 */
import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@eventstore/db-client';
import type { EventFilter } from '../event-store.port';
import { isEventIdClaimStream } from './esdb-event-id-claims';

/**
 * ESDB's own records ($metadata, $stats-*, projection and link events, the $$ metadata streams)
 * are not part of the product's log.
 */
export function isSystemEvent(streamName: string, type: string): boolean {
  return streamName.startsWith('$') || type.startsWith('$');
}

/** Records that are not the product's events: ESDB's own, and this adapter's id claims. */
export function isInternalEvent(streamName: string, type: string): boolean {
  return isSystemEvent(streamName, type) || isEventIdClaimStream(streamName);
}

/** An empty list constrains nothing, the same as leaving the condition out. */
function nonEmpty(list: readonly string[] | undefined): readonly string[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}

export function matchesFilter(
  filter: EventFilter | undefined,
  streamName: string,
  type: string,
): boolean {
  if (isInternalEvent(streamName, type)) return false;
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes && !prefixes.some((prefix) => streamName.startsWith(prefix))) return false;
  const types = nonEmpty(filter?.eventTypes);
  return !types || types.includes(type);
}

/**
 * The server-side half: stream prefixes when given (they are what subscriptions are keyed on),
 * else the event types as prefixes (exactness is restored client-side, and prefix lists avoid
 * depending on the server's regex dialect), else just the system-event exclusion.
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  const prefixes = nonEmpty(filter?.streamPrefixes);
  if (prefixes) return streamNameFilter({ prefixes: [...prefixes] });
  const types = nonEmpty(filter?.eventTypes);
  if (types) return eventTypeFilter({ prefixes: [...types] });
  return excludeSystemEvents();
}

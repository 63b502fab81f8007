import type { EventsFilterQuery } from './events-feed.query';
import type { EventsPageLinks } from './events-feed.views';

function pageUrl(
  path: string,
  query: EventsFilterQuery,
  limit: number,
  after: string | null,
): string {
  const params = new URLSearchParams();
  if (after !== null) params.set('after', after);
  params.set('limit', String(limit));
  if (query.types !== undefined) params.set('types', query.types);
  if (query.stream !== undefined) params.set('stream', query.stream);
  return `${path}?${params.toString()}`;
}

/**
 * Relative links (RFC 3986 references) built from the request path, so they stay right behind a
 * proxy or a global prefix. `next` always exists: a feed has no last page, only "nothing yet".
 */
export function eventsPageLinks(
  requestUrl: string,
  query: EventsFilterQuery,
  limit: number,
  next: string | null,
): EventsPageLinks {
  const path = requestUrl.split('?', 1)[0] ?? '/events';
  return {
    self: pageUrl(path, query, limit, query.after ?? null),
    next: pageUrl(path, query, limit, next),
  };
}

export function linkHeader(target: string, rel: string): string {
  return `<${target}>; rel="${rel}"`;
}

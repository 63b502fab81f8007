import type { FastifyRequest } from 'fastify';
import type { QueueTicketRecord, ServicePage } from './queue-read-model/queue.queries';
import {
  decodeServiceCursor,
  encodeServiceCursor,
  type ServiceOrderKey,
} from './queue-read-model/service-order.cursor';
import { DEFAULT_QUEUE_PAGE, type QueueTicketItem, type QueueTicketPage } from './queue.views';
import type { QueuePageQuery } from './queue-page.query';

export function pageArgs(query: QueuePageQuery): { limit: number; after: ServiceOrderKey | null } {
  // Number(): the global pipe may or may not hand back the transformed DTO.
  const limit = query.limit === undefined ? DEFAULT_QUEUE_PAGE : Number(query.limit);
  return { limit, after: query.cursor === undefined ? null : decodeServiceCursor(query.cursor) };
}

export function ageSeconds(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
}

function itemOf(record: QueueTicketRecord, now: Date): QueueTicketItem {
  return {
    ticketId: record.ticketId,
    teamId: record.teamId,
    assigneeId: record.assigneeId,
    status: record.status,
    priority: record.priority,
    channel: record.channel,
    customerTier: record.customerTier,
    nextDueAt: record.nextDueAt,
    openedAt: record.openedAt,
    ageSeconds: ageSeconds(record.openedAt, now),
  };
}

/** The page body; `next` also as a relative link (the same request with the new cursor). */
export function pageBody(page: ServicePage, now: Date, request: FastifyRequest): QueueTicketPage {
  const next = page.next ? encodeServiceCursor(page.next) : null;
  let link: string | null = null;
  if (next) {
    const [path, search = ''] = request.url.split('?', 2);
    const params = new URLSearchParams(search);
    params.set('cursor', next);
    link = `${path}?${params.toString()}`;
  }
  return { items: page.records.map((record) => itemOf(record, now)), next, links: { next: link } };
}

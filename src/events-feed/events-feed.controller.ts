import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/auth.decorators';
import type { EventFilter } from '../event-store/event-store.port';
import { invalidField } from './events-feed.errors';
import {
  DEFAULT_PAGE_SIZE,
  MAX_POSITION_LENGTH,
  POSITION_PATTERN,
  type EventsFilterQuery,
  EventsPageQuery,
  EventsStreamQuery,
} from './events-feed.query';
import { EventsFeedService, type FeedCursor } from './events-feed.service';
import { EventsPage, toFeedEventView } from './events-feed.views';
import { eventsPageLinks, linkHeader } from './events-feed.links';

function filterOf(query: EventsFilterQuery): EventFilter | undefined {
  const eventTypes = query.types?.split(',');
  const streamPrefixes = query.stream === undefined ? undefined : [query.stream];
  if (!eventTypes && !streamPrefixes) return undefined;
  return { ...(eventTypes && { eventTypes }), ...(streamPrefixes && { streamPrefixes }) };
}

function lastEventIdCursor(header: string): string {
  // Same light shape check as `after`; an unknown but well-formed id is for the store to judge.
  if (header.length > MAX_POSITION_LENGTH || !POSITION_PATTERN.test(header)) {
    throw invalidField(
      'Last-Event-ID',
      'Last-Event-ID must be the id of an event received from this stream',
      'matches',
    );
  }
  return header;
}

function sseHeaders(request: FastifyRequest, reply: FastifyReply): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = value;
  }
  return {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx and similar proxies would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    'x-request-id': String(reply.getHeader('x-request-id') ?? request.id),
  };
}

const SSE_EXAMPLE = [
  'retry: 3000',
  '',
  'id: 00000000000000000742-0000000000000000042',
  'event: TicketOpened',
  'data: {"id":"5b0c…","position":"00000000000000000742-0000000000000000042","stream":"ticket-3f2c…","revision":"0","type":"TicketOpened","data":{…},"metadata":{…},"recordedAt":"2026-01-05T09:00:00.000Z"}',
  '',
  ': heartbeat',
  '',
  '',
].join('\n');

@ApiTags('events')
@Roles('integrator', 'admin', 'auditor')
@Controller('events')
export class EventsFeedController {
  constructor(private readonly feed: EventsFeedService) {}

  @Get()
  @ApiOperation({
    summary: 'Page through recorded events in global order',
    description:
      'Returns events strictly after `after`, oldest first, each exactly once even while other clients write. ' +
      'Resume with `next` (also in the `Link: rel="next"` header); when nothing new exists, `next` stays the cursor you sent, so poll with it again.',
  })
  @ApiOkResponse({
    type: EventsPage,
    description: 'A page of events (possibly empty).',
    headers: {
      Link: {
        description: 'RFC 8288 link to the next page: `</events?after=…>; rel="next"`.',
        schema: { type: 'string', maxLength: 4200, pattern: '^<[^>]+>; rel="next"$' },
      },
    },
  })
  @ApiBadRequestResponse({
    description: '`limit` out of 1..1000, or a malformed or unknown `after` position.',
  })
  async page(
    @Query() query: EventsPageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventsPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor: FeedCursor = {
      after: query.after ?? 'start',
      source: 'after',
      filter: filterOf(query),
    };
    const events = await this.feed.readPage(cursor, limit);
    const next = events.at(-1)?.position ?? query.after ?? null;
    const links = eventsPageLinks(request.url, query, limit, next);
    void reply.header('Link', linkHeader(links.next, 'next'));
    return { items: events.map(toFeedEventView), next, links };
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Follow recorded events live as Server-Sent Events',
    description:
      'Replays the events after the cursor, then streams new ones as they are recorded, in global order, each exactly once. ' +
      'Every event is one SSE message: `id:` its position, `event:` its type, `data:` the same JSON as a page item. ' +
      'Reconnect with `Last-Event-ID` (or `after`) to resume without gaps or duplicates. A `: heartbeat` comment every 15 s keeps idle connections open.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description:
      'Resume after this event (the last `id:` received); takes precedence over `after`.',
    schema: { type: 'string', maxLength: MAX_POSITION_LENGTH, pattern: POSITION_PATTERN.source },
  })
  @ApiOkResponse({
    description:
      'An endless `text/event-stream` (so no schema): a `retry:` line, then one message per event, `id: <position>`, `event: <type>`, `data: <the event as in a page>`, and `: heartbeat` comments.',
    content: { 'text/event-stream': { example: SSE_EXAMPLE } },
  })
  @ApiBadRequestResponse({
    description: 'A malformed or unknown `after` / `Last-Event-ID` position, or a bad filter.',
  })
  async stream(
    @Query() query: EventsStreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const fromHeader =
      lastEventId === undefined || lastEventId === '' ? undefined : lastEventIdCursor(lastEventId);
    const cursor: FeedCursor = {
      after: fromHeader ?? query.after ?? 'start',
      source: fromHeader === undefined ? 'after' : 'Last-Event-ID',
      filter: filterOf(query),
    };
    const subscription = await this.feed.subscribe(cursor);

    // From here Fastify no longer manages the reply: hooks that would send it (onSend) do not run,
    // so headers they would add (request id) are written here along with those already set.
    try {
      reply.hijack();
      reply.raw.writeHead(200, sseHeaders(request, reply));
      request.raw.socket.setNoDelay(true);
    } catch (error) {
      await subscription.close();
      throw error;
    }
    this.feed.attach(reply.raw, subscription);
  }
}

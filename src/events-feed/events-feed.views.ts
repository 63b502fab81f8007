import { ApiProperty } from '@nestjs/swagger';
import type { ActorType, RecordedEvent } from '../event-store/event-store.port';
import { MAX_PAGE_SIZE, MAX_POSITION_LENGTH, POSITION_PATTERN } from './events-feed.query';

/** What integrators receive for one recorded event, in the page and in the SSE `data:` line. */

const ACTOR_TYPES: readonly ActorType[] = [
  'admin',
  'supervisor',
  'agent',
  'integrator',
  'auditor',
  'customer',
  'system',
];
const UUID_OR_TOKEN_MAX = 200;

export class ActorView {
  @ApiProperty({ enum: ACTOR_TYPES, description: 'Kind of principal that caused the event.' })
  type!: ActorType;

  @ApiProperty({ maxLength: UUID_OR_TOKEN_MAX, pattern: '^\\S+$', description: 'Principal id.' })
  id!: string;
}

export class EventMetadataView {
  @ApiProperty({ type: ActorView })
  actor!: ActorView;

  @ApiProperty({
    maxLength: UUID_OR_TOKEN_MAX,
    pattern: '^\\S+$',
    description: 'Shared by every event caused by one original request.',
  })
  correlationId!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: UUID_OR_TOKEN_MAX,
    pattern: '^\\S+$',
    description: 'The request or event that directly caused this one; null for an origin.',
  })
  causationId!: string | null;

  @ApiProperty({ format: 'date-time', maxLength: 40, description: 'When the command was decided.' })
  occurredAt!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 1000 })
  schemaVersion!: number;

  @ApiProperty({
    required: false,
    maxLength: UUID_OR_TOKEN_MAX,
    pattern: '^\\S+$',
    description: 'The HTTP request that produced the event, when there was one.',
  })
  requestId?: string;
}

export class FeedEventView {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'Event id.' })
  id!: string;

  @ApiProperty({
    maxLength: MAX_POSITION_LENGTH,
    pattern: POSITION_PATTERN.source,
    description: 'Opaque global position; pass it back as `after` or `Last-Event-ID`.',
  })
  position!: string;

  @ApiProperty({
    maxLength: 300,
    pattern: '^\\S+$',
    description: 'Stream name, `<category>-<id>`.',
    example: 'ticket-3f2c9a4e-1b7d-4d2a-9a57-0c1f6f1d2b3a',
  })
  stream!: string;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    description:
      '0-based revision within the stream, as a decimal string (it is a 64-bit integer).',
    example: '0',
  })
  revision!: string;

  @ApiProperty({ maxLength: 200, pattern: '^\\S+$', example: 'TicketOpened' })
  type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event payload; its shape depends on `type` and `metadata.schemaVersion`.',
  })
  data!: Readonly<Record<string, unknown>>;

  @ApiProperty({ type: EventMetadataView })
  metadata!: EventMetadataView;

  @ApiProperty({ format: 'date-time', maxLength: 40, description: 'When the store recorded it.' })
  recordedAt!: string;
}

export class EventsPageLinks {
  @ApiProperty({ format: 'uri-reference', maxLength: 4096, description: 'This page.' })
  self!: string;

  @ApiProperty({
    format: 'uri-reference',
    maxLength: 4096,
    description: 'The page to request next (the same cursor again when nothing new was returned).',
  })
  next!: string;
}

export class EventsPage {
  @ApiProperty({ type: [FeedEventView], maxItems: MAX_PAGE_SIZE })
  items!: FeedEventView[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: MAX_POSITION_LENGTH,
    pattern: POSITION_PATTERN.source,
    description:
      'Position to resume from (pass as `after`): the last returned event, or the `after` you sent when nothing was returned; null only for an empty log read from the start.',
  })
  next!: string | null;

  @ApiProperty({ type: EventsPageLinks })
  links!: EventsPageLinks;
}

export function toFeedEventView(event: RecordedEvent): FeedEventView {
  return {
    id: event.id,
    position: event.position,
    stream: event.streamName,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

import { ApiProperty } from '@nestjs/swagger';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { EventMetadataView } from '../../events-feed/events-feed.views';
import { MAX_HISTORY_PAGE_SIZE } from './get-ticket-history.query';

/** One recorded event of the ticket's stream, with its metadata (who, when, in answer to what). */
export class TicketHistoryEventView {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'Event id.' })
  id!: string;

  @ApiProperty({ maxLength: 200, pattern: '^\\S+$', example: 'TicketOpened' })
  type!: string;

  @ApiProperty({
    maxLength: 19,
    pattern: '^[0-9]{1,19}$',
    description: '0-based revision within the ticket stream, as a decimal string (64-bit).',
    example: '0',
  })
  revision!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event payload; its shape depends on `type` and `metadata.schemaVersion`.',
  })
  data!: Readonly<Record<string, unknown>>;

  @ApiProperty({ type: EventMetadataView })
  metadata!: EventMetadataView;

  @ApiProperty({ format: 'date-time', maxLength: 30, description: 'When the store recorded it.' })
  recordedAt!: string;
}

export class TicketHistoryPage {
  @ApiProperty({ type: [TicketHistoryEventView], maxItems: MAX_HISTORY_PAGE_SIZE })
  items!: TicketHistoryEventView[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uri-reference',
    maxLength: 200,
    example: '/tickets/5b0d2c1e-8f4a-4e3b-9c6d-2a7f1e0b9d84/history?limit=100&cursor=99',
    description: 'Link to the next page; null on the last page (as the stream stands now).',
  })
  next!: string | null;
}

export function ticketHistoryEventView(event: RecordedEvent): TicketHistoryEventView {
  return {
    id: event.id,
    type: event.type,
    revision: event.revision.toString(),
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_ID_MAX_LENGTH, CUSTOMER_ID_PATTERN } from '../customers/customer.events';
import {
  CHANNELS,
  PRIORITIES,
  TICKET_TYPES,
  type Channel,
  type Priority,
  type TicketType,
} from '../ticket.values';
import { LANGUAGE_PATTERN, MAX_TAGS, TAG_MAX_LENGTH } from './open-ticket.request.dto';
import { TicketRevisionResponse } from './ticket-command.http';

/** The ticket as opened: its id, status and revision, and what the intake settled on. */
export class OpenedTicketResponse extends TicketRevisionResponse {
  @ApiProperty({ enum: CHANNELS })
  channel!: Channel;

  @ApiProperty({ enum: TICKET_TYPES })
  type!: TicketType;

  @ApiProperty({ enum: PRIORITIES, description: 'As given, or `normal`.' })
  priority!: Priority;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: TAG_MAX_LENGTH, pattern: '\\S' },
    maxItems: MAX_TAGS,
    description: 'Trimmed, lower-cased, de-duplicated and sorted.',
  })
  tags!: string[];

  @ApiProperty({ maxLength: CUSTOMER_ID_MAX_LENGTH, pattern: CUSTOMER_ID_PATTERN.source })
  customerId!: string;

  @ApiProperty({ maxLength: 35, example: 'en', pattern: LANGUAGE_PATTERN.source })
  language!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30, description: 'When the channel received it.' })
  receivedAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  openedAt!: string;
}

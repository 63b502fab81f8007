import { ApiProperty } from '@nestjs/swagger';
import {
  CHANNELS,
  CUSTOMER_TIERS,
  PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type Channel,
  type CustomerTier,
  type Priority,
  type TicketStatus,
  type TicketType,
} from '../ticket.values';
import { MAX_LIST_LIMIT } from './ticket-list.criteria';
import { CURSOR_PATTERN, MAX_CURSOR_LENGTH } from './ticket-list.cursor';
import type { TicketListRecord } from './ticket-list.sql';

const ID_MAX = 128;
/** Principal, customer and ticket ids: letters, digits and `._:@-`. */
const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:@-]*$';
const SUBJECT_MAX = 1000;
const TAG_MAX = 100;
/** Any text that is not blank. */
const TEXT_PATTERN = '\\S';

export class TicketListCustomerView {
  @ApiProperty({ maxLength: ID_MAX, pattern: ID_PATTERN, description: 'Customer id.' })
  id!: string;

  @ApiProperty({
    maxLength: 500,
    pattern: TEXT_PATTERN,
    description: 'The name given when the ticket was opened.',
  })
  name!: string;

  @ApiProperty({ enum: CUSTOMER_TIERS })
  tier!: CustomerTier;
}

/** One ticket in a list: what a queue shows, not the conversation (see GET /tickets/{id}). */
export class TicketListItemView {
  @ApiProperty({ maxLength: ID_MAX, pattern: ID_PATTERN, description: 'Ticket id.' })
  id!: string;

  @ApiProperty({ maxLength: SUBJECT_MAX, pattern: TEXT_PATTERN })
  subject!: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ enum: PRIORITIES })
  priority!: Priority;

  @ApiProperty({ enum: TICKET_TYPES })
  type!: TicketType;

  @ApiProperty({ enum: CHANNELS })
  channel!: Channel;

  @ApiProperty({ type: 'string', nullable: true, maxLength: ID_MAX, pattern: ID_PATTERN })
  teamId!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: ID_MAX,
    pattern: ID_PATTERN,
    description: 'Agent id.',
  })
  assigneeId!: string | null;

  @ApiProperty({ type: TicketListCustomerView })
  customer!: TicketListCustomerView;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX, pattern: TEXT_PATTERN },
    maxItems: 100,
    description: 'Lower-case, sorted.',
  })
  tags!: string[];

  @ApiProperty({ maxLength: 35, pattern: '^[A-Za-z0-9-]+$', example: 'en' })
  language!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 3 })
  supportLevel!: number;

  @ApiProperty({ format: 'date-time', maxLength: 40, description: 'When the ticket was opened.' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 40, description: 'Its latest change.' })
  updatedAt!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'The ticket stream revision this row reflects (the ETag of GET /tickets/{id}).',
  })
  revision!: number;
}

export class TicketListLinks {
  @ApiProperty({ format: 'uri-reference', maxLength: 8192, description: 'This page.' })
  self!: string;

  @ApiProperty({
    type: 'string',
    format: 'uri-reference',
    nullable: true,
    maxLength: 8192,
    description: 'The next page; null on the last page.',
  })
  next!: string | null;
}

export class TicketListPage {
  @ApiProperty({ type: [TicketListItemView], maxItems: MAX_LIST_LIMIT })
  items!: TicketListItemView[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: CURSOR_PATTERN.source,
    maxLength: MAX_CURSOR_LENGTH,
    description: 'Pass as `cursor` for the next page; null when this is the last page.',
  })
  next!: string | null;

  @ApiProperty({ type: TicketListLinks })
  links!: TicketListLinks;
}

export function toTicketListItem(record: TicketListRecord): TicketListItemView {
  return {
    id: record.id,
    subject: record.subject,
    status: record.status as TicketStatus,
    priority: record.priority as Priority,
    type: record.type as TicketType,
    channel: record.channel as Channel,
    teamId: record.team_id,
    assigneeId: record.assignee_id,
    customer: {
      id: record.customer_id,
      name: record.customer_name,
      tier: record.customer_tier as CustomerTier,
    },
    tags: record.tags,
    language: record.language,
    supportLevel: record.support_level,
    createdAt: record.created_iso,
    updatedAt: record.updated_iso,
    revision: Number(record.revision),
  };
}

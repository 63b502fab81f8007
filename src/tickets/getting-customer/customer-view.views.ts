import { ApiProperty } from '@nestjs/swagger';
import { CUSTOMER_ID_MAX_LENGTH, CUSTOMER_ID_PATTERN } from '../customers/customer.events';
import { PHONE_PATTERN, SUBJECT_MAX_LENGTH } from '../open-ticket/open-ticket.request.dto';
import { TICKET_ID_MAX_LENGTH, TICKET_ID_PATTERN } from '../open-ticket/ticket-command.http';
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
import { MAX_CUSTOMER_TICKETS_PAGE_SIZE } from './customer-tickets.query';

const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 } as const;
const DATE_TIME = { type: 'string', format: 'date-time', maxLength: 30 } as const;

/** How many of the customer's tickets are in which state now. */
export class CustomerTicketCountsView {
  @ApiProperty({ ...COUNT, description: 'Every ticket of the customer.' })
  total!: number;

  @ApiProperty({
    ...COUNT,
    description: 'Not yet solved: `new`, `open`, `pending` or `on_hold`.',
  })
  open!: number;

  @ApiProperty({ ...COUNT, description: 'Solved and not (yet) closed.' })
  solved!: number;

  @ApiProperty({ ...COUNT, description: 'Closed (after a solve, or merged into another ticket).' })
  closed!: number;
}

export class CustomerView {
  @ApiProperty({
    maxLength: CUSTOMER_ID_MAX_LENGTH,
    pattern: CUSTOMER_ID_PATTERN.source,
    example: 'crm-104233',
  })
  id!: string;

  @ApiProperty({ maxLength: 200, example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ type: 'string', nullable: true, format: 'email', maxLength: 254 })
  email!: string | null;

  @ApiProperty({ type: 'string', nullable: true, maxLength: 32, pattern: PHONE_PATTERN.source })
  phone!: string | null;

  @ApiProperty({ enum: CUSTOMER_TIERS })
  tier!: CustomerTier;

  @ApiProperty({
    ...DATE_TIME,
    nullable: true,
    description: 'When the earliest of their tickets was received.',
  })
  firstContactAt!: string | null;

  @ApiProperty({
    ...DATE_TIME,
    nullable: true,
    description:
      'The latest time the customer reached out: a ticket received, a reply of theirs, a message on a closed ticket.',
  })
  lastContactAt!: string | null;

  @ApiProperty({ type: CustomerTicketCountsView })
  tickets!: CustomerTicketCountsView;
}

export class CustomerTicketView {
  @ApiProperty({
    maxLength: TICKET_ID_MAX_LENGTH,
    pattern: TICKET_ID_PATTERN.source,
    example: '5b0d2c1e-8f4a-4e3b-9c6d-2a7f1e0b9d84',
  })
  id!: string;

  @ApiProperty({ maxLength: SUBJECT_MAX_LENGTH })
  subject!: string;

  @ApiProperty({ enum: CHANNELS })
  channel!: Channel;

  @ApiProperty({ enum: TICKET_TYPES })
  type!: TicketType;

  @ApiProperty({ enum: PRIORITIES })
  priority!: Priority;

  @ApiProperty({ enum: TICKET_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ ...DATE_TIME, description: 'When the channel received it.' })
  receivedAt!: string;

  @ApiProperty({
    ...DATE_TIME,
    description: 'When it was opened (the list is newest first by this).',
  })
  openedAt!: string;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'The standing solve, if solved.' })
  solvedAt!: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  closedAt!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 5,
    nullable: true,
    description:
      'The CSAT rating (1-5) the customer gave after the solve. Always null until the feedback feature records ratings.',
  })
  satisfaction!: number | null;
}

export class CustomerTicketsPage {
  @ApiProperty({ type: [CustomerTicketView], maxItems: MAX_CUSTOMER_TICKETS_PAGE_SIZE })
  items!: CustomerTicketView[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uri-reference',
    maxLength: 600,
    description: 'Link to the next (older) page; null on the last page.',
  })
  next!: string | null;
}

/**
 * The response of GET /tickets/{id} (from the read model, and `?asOf=` from the event stream):
 * everything the agent desk shows. Built from TicketDetails by `ticketDetailsView`, so both read
 * paths answer the same shape.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PRINCIPAL_ID_PATTERN } from '../../auth/dto/create-api-key.dto';
import { CUSTOMER_ID_MAX_LENGTH, CUSTOMER_ID_PATTERN } from '../customers/customer.events';
import { PRODUCT_AREA_MAX_LENGTH } from '../classify-ticket/classify-ticket.request.dto';
import {
  DESCRIPTION_MAX_LENGTH,
  LANGUAGE_PATTERN,
  MAX_TAGS,
  PHONE_PATTERN,
  SUBJECT_MAX_LENGTH,
  TAG_MAX_LENGTH,
} from '../open-ticket/open-ticket.request.dto';
import { TICKET_ID_MAX_LENGTH, TICKET_ID_PATTERN } from '../open-ticket/ticket-command.http';
import { MESSAGE_BODY_MAX_LENGTH } from '../reply-to-ticket/reply-to-ticket.request.dto';
import {
  RESOLUTION_CODE_PATTERN,
  RESOLUTION_SUMMARY_MAX_LENGTH,
} from '../solve-ticket/solve-ticket.request.dto';
import {
  AUTHOR_KINDS,
  CHANNELS,
  CLOSE_MODES,
  CUSTOMER_TIERS,
  PRIORITIES,
  STAFF_ACTOR_TYPES,
  SUPPORT_LEVELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type AuthorKind,
  type Channel,
  type CloseMode,
  type CustomerTier,
  type Priority,
  type StaffActorType,
  type SupportLevel,
  type TicketStatus,
  type TicketType,
} from '../ticket.values';
import type {
  ConversationEntry,
  ConversationEntryKind,
  TicketDetails,
} from './ticket-details.model';

/** Agent, team, bot and customer ids (the directory's and the CRM's bound). */
const PRINCIPAL_ID_MAX_LENGTH = 128;
/** Ticket links (merged from, follow-ups): generous, a ticket rarely has more than a few. */
const MAX_LINKED_TICKETS = 1_000;
/** The conversation is returned whole up to this many messages (see `counts` for the totals). */
export const MAX_CONVERSATION_ENTRIES = 10_000;
const REVISION = { type: 'string', maxLength: 19, pattern: '^[0-9]{1,19}$' } as const;
const DATE_TIME = { type: 'string', format: 'date-time', maxLength: 30 } as const;
const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;
const TICKET_ID = {
  type: 'string',
  maxLength: TICKET_ID_MAX_LENGTH,
  pattern: TICKET_ID_PATTERN.source,
} as const;
/** Agents, teams, bots, customers: the principal id shape (letters, digits and `._:@-`). */
const PRINCIPAL_ID = {
  type: 'string',
  maxLength: PRINCIPAL_ID_MAX_LENGTH,
  pattern: PRINCIPAL_ID_PATTERN.source,
} as const;

export class TicketCustomerView {
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
}

/** When each milestone of the ticket was reached; null: not (or, for `solvedAt`, no longer). */
export class TicketMilestonesView {
  @ApiProperty({ ...DATE_TIME, description: 'When the channel received the request.' })
  receivedAt!: string;

  @ApiProperty({ ...DATE_TIME, description: 'When the ticket was opened here.' })
  openedAt!: string;

  @ApiProperty({
    ...NULLABLE_DATE_TIME,
    description: 'The automatic receipt acknowledgement (not a response).',
  })
  acknowledgedAt!: string | null;

  @ApiProperty({
    ...NULLABLE_DATE_TIME,
    description: 'The first public reply by a human agent: where first response time ends.',
  })
  firstAgentReplyAt!: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'The latest public reply by a human agent.' })
  lastAgentReplyAt!: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'The latest message from the customer.' })
  lastCustomerReplyAt!: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'The first solve.' })
  firstSolvedAt!: string | null;

  @ApiProperty({
    ...NULLABLE_DATE_TIME,
    description:
      'The standing solve: set while solved (and once closed after it), cleared by a reopen.',
  })
  solvedAt!: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'The latest reopen.' })
  reopenedAt!: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When it was closed (or merged away).' })
  closedAt!: string | null;

  @ApiProperty({ ...DATE_TIME, description: 'The latest change of any kind.' })
  updatedAt!: string;
}

export class TicketCountsView {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 2147483647,
    description: 'Public replies by human agents (the ones that count as responses).',
  })
  publicAgentReplies!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 })
  customerReplies!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 2147483647,
    description: 'Public replies by bots and macros.',
  })
  automatedReplies!: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 2147483647,
    description: 'Internal notes; only for readers who may see them.',
  })
  internalNotes?: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 })
  reopens!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 })
  escalations!: number;
}

export class TicketResolutionView {
  @ApiProperty({ maxLength: 64, pattern: RESOLUTION_CODE_PATTERN.source, example: 'fixed' })
  code!: string;

  @ApiProperty({ maxLength: RESOLUTION_SUMMARY_MAX_LENGTH })
  summary!: string;
}

export class ConversationAuthorView {
  @ApiProperty({
    enum: AUTHOR_KINDS,
    description:
      '`agent`: a human on the desk (internal notes are always by one); `customer`; `automated`: a bot or macro.',
  })
  kind!: AuthorKind;

  @ApiProperty({ ...PRINCIPAL_ID, example: 'agent-17' })
  id!: string;

  @ApiProperty({
    type: 'string',
    enum: STAFF_ACTOR_TYPES,
    nullable: true,
    description: 'The staff role an internal note was written with; null for replies.',
  })
  role!: StaffActorType | null;
}

export class ConversationEntryView {
  @ApiProperty({ format: 'uuid', maxLength: 36, description: 'The event that recorded it.' })
  eventId!: string;

  @ApiProperty({ ...REVISION, description: 'Its stream revision: the conversation order.' })
  revision!: string;

  @ApiProperty({ enum: ['reply', 'internal_note'] })
  kind!: ConversationEntryKind;

  @ApiProperty({ description: 'True for replies (the customer sees them), false for notes.' })
  public!: boolean;

  @ApiProperty({ type: ConversationAuthorView })
  author!: ConversationAuthorView;

  @ApiProperty({ maxLength: MESSAGE_BODY_MAX_LENGTH })
  body!: string;

  @ApiProperty(DATE_TIME)
  at!: string;
}

export class TicketDetailsView {
  @ApiProperty({ ...TICKET_ID, example: '5b0d2c1e-8f4a-4e3b-9c6d-2a7f1e0b9d84' })
  id!: string;

  @ApiProperty({
    ...REVISION,
    description: 'The ticket stream revision this view reflects (also the ETag).',
  })
  revision!: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ ...DATE_TIME, description: 'When the current status began.' })
  statusChangedAt!: string;

  @ApiProperty({ enum: CHANNELS })
  channel!: Channel;

  @ApiProperty({ maxLength: SUBJECT_MAX_LENGTH })
  subject!: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX_LENGTH })
  description!: string;

  @ApiProperty({ maxLength: 35, pattern: LANGUAGE_PATTERN.source, example: 'en' })
  language!: string;

  @ApiProperty({ type: TicketCustomerView, description: 'The customer as the ticket names them.' })
  customer!: TicketCustomerView;

  @ApiProperty({ enum: TICKET_TYPES })
  type!: TicketType;

  @ApiProperty({ type: 'string', nullable: true, maxLength: PRODUCT_AREA_MAX_LENGTH })
  productArea!: string | null;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: TAG_MAX_LENGTH },
    maxItems: MAX_TAGS,
  })
  tags!: string[];

  @ApiProperty({ enum: PRIORITIES })
  priority!: Priority;

  @ApiProperty({ ...PRINCIPAL_ID, nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ ...PRINCIPAL_ID, nullable: true })
  teamId!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    enum: SUPPORT_LEVELS,
    minimum: 1,
    maximum: 3,
    description: 'Support level (1-3).',
  })
  level!: SupportLevel;

  @ApiProperty({ type: TicketMilestonesView })
  milestones!: TicketMilestonesView;

  @ApiProperty({ type: TicketCountsView })
  counts!: TicketCountsView;

  @ApiProperty({ type: TicketResolutionView, nullable: true, description: 'The standing solve.' })
  resolution!: TicketResolutionView | null;

  @ApiProperty({ type: 'string', enum: CLOSE_MODES, nullable: true })
  closeMode!: CloseMode | null;

  @ApiProperty({
    ...TICKET_ID,
    nullable: true,
    description: 'The ticket this one was merged into.',
  })
  mergedInto!: string | null;

  @ApiProperty({
    type: 'array',
    items: TICKET_ID,
    maxItems: MAX_LINKED_TICKETS,
    description: 'Tickets merged into this one, in order.',
  })
  mergedFrom!: string[];

  @ApiProperty({
    ...TICKET_ID,
    nullable: true,
    description: 'The closed ticket this one follows up.',
  })
  followUpOf!: string | null;

  @ApiProperty({
    type: 'array',
    items: TICKET_ID,
    maxItems: MAX_LINKED_TICKETS,
    description: 'Follow-up tickets opened because the customer wrote after this one closed.',
  })
  followUpTicketIds!: string[];

  @ApiProperty({
    type: [ConversationEntryView],
    maxItems: MAX_CONVERSATION_ENTRIES,
    description:
      'Replies and internal notes in order (internal notes only for readers who may see them).',
  })
  conversation!: ConversationEntryView[];
}

export interface ViewOptions {
  /** False: internal notes and their count are left out (readers who are not staff). */
  readonly includeInternalNotes: boolean;
}

export function ticketDetailsView(details: TicketDetails, options: ViewOptions): TicketDetailsView {
  const { ticket } = details;
  return {
    id: ticket.id,
    revision: details.revision.toString(),
    status: ticket.status,
    statusChangedAt: ticket.statusChangedAt,
    channel: ticket.channel,
    subject: ticket.subject,
    description: ticket.description,
    language: ticket.language,
    customer: { ...ticket.customer },
    type: ticket.type,
    productArea: ticket.productArea,
    tags: [...ticket.tags],
    priority: ticket.priority,
    assigneeId: ticket.assigneeId,
    teamId: ticket.teamId,
    level: ticket.level,
    milestones: {
      receivedAt: ticket.receivedAt,
      openedAt: ticket.openedAt,
      acknowledgedAt: ticket.acknowledgedAt,
      firstAgentReplyAt: ticket.firstAgentReplyAt,
      lastAgentReplyAt: ticket.lastAgentReplyAt,
      lastCustomerReplyAt: ticket.lastCustomerReplyAt,
      firstSolvedAt: ticket.firstSolvedAt,
      solvedAt: ticket.solvedAt,
      reopenedAt: ticket.lastReopenedAt,
      closedAt: ticket.closedAt,
      updatedAt: ticket.updatedAt,
    },
    counts: {
      publicAgentReplies: ticket.publicAgentReplyCount,
      customerReplies: ticket.customerReplyCount,
      automatedReplies: ticket.automatedReplyCount,
      ...(options.includeInternalNotes && { internalNotes: ticket.internalNoteCount }),
      reopens: ticket.reopenCount,
      escalations: ticket.escalationCount,
    },
    resolution: ticket.resolution ? { ...ticket.resolution } : null,
    closeMode: ticket.closeMode,
    mergedInto: ticket.mergedInto,
    mergedFrom: [...ticket.mergedFrom],
    followUpOf: ticket.followUpOf,
    followUpTicketIds: [...ticket.followUpTicketIds],
    conversation: details.conversation
      .filter((entry) => options.includeInternalNotes || entry.kind === 'reply')
      .map(conversationEntryView),
  };
}

function conversationEntryView(entry: ConversationEntry): ConversationEntryView {
  return {
    eventId: entry.eventId,
    revision: entry.revision.toString(),
    kind: entry.kind,
    public: entry.kind === 'reply',
    author: { ...entry.author },
    body: entry.body,
    at: entry.at,
  };
}

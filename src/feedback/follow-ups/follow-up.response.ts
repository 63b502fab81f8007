import { ApiProperty } from '@nestjs/swagger';
import type { Actor } from '../../event-store/event-store.port';
import { ActorView } from '../../events-feed/events-feed.views';
import type { FollowUp } from './follow-up.decider';
import {
  FOLLOW_UP_CHANNELS,
  FOLLOW_UP_SOURCES,
  FOLLOW_UP_STATUSES,
  type FollowUpChannel,
  type FollowUpSource,
  type FollowUpStatus,
} from './follow-up.events';

export const FOLLOW_UP_NOTE_MAX_LENGTH = 2000;
const ID_MAX = 128;
const NULLABLE_ID = { type: 'string', nullable: true, maxLength: ID_MAX } as const;
const NULLABLE_TIME = {
  type: 'string',
  format: 'date-time',
  nullable: true,
  maxLength: 30,
} as const;

export class FollowUpContactView {
  @ApiProperty({ type: ActorView })
  by!: ActorView;

  @ApiProperty({ enum: FOLLOW_UP_CHANNELS })
  channel!: FollowUpChannel;

  @ApiProperty({ type: 'string', nullable: true, maxLength: FOLLOW_UP_NOTE_MAX_LENGTH })
  note!: string | null;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  at!: string;
}

/** A follow-up in the list (from the read model). */
export class FollowUpSummaryResponse {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id!: string;

  @ApiProperty({ enum: FOLLOW_UP_SOURCES, description: 'The survey kind whose rating raised it.' })
  source!: FollowUpSource;

  @ApiProperty({ format: 'uuid', maxLength: 36 })
  surveyId!: string;

  @ApiProperty({ ...NULLABLE_ID, description: 'The rated ticket (CSAT); null for NPS.' })
  ticketId!: string | null;

  @ApiProperty({ maxLength: ID_MAX })
  customerId!: string;

  @ApiProperty({ ...NULLABLE_ID, description: 'The agent rated (CSAT); null for NPS.' })
  agentId!: string | null;

  @ApiProperty({ ...NULLABLE_ID, description: 'The ticket’s team (CSAT); null for NPS.' })
  teamId!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 10,
    description: 'The low score that raised it: CSAT 1–2 or NPS 0–6.',
  })
  score!: number;

  @ApiProperty({ type: 'string', nullable: true, maxLength: 2000 })
  comment!: string | null;

  @ApiProperty({ enum: FOLLOW_UP_STATUSES })
  status!: FollowUpStatus;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  raisedAt!: string;

  @ApiProperty(NULLABLE_TIME)
  acknowledgedAt!: string | null;

  @ApiProperty({ type: ActorView, nullable: true })
  acknowledgedBy!: ActorView | null;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 })
  contactCount!: number;

  @ApiProperty({ type: FollowUpContactView, nullable: true, description: 'The latest contact.' })
  lastContact!: FollowUpContactView | null;

  @ApiProperty(NULLABLE_TIME)
  resolvedAt!: string | null;

  @ApiProperty({ type: ActorView, nullable: true })
  resolvedBy!: ActorView | null;

  @ApiProperty({ type: 'string', nullable: true, maxLength: FOLLOW_UP_NOTE_MAX_LENGTH })
  resolution!: string | null;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    description: 'The follow-up stream’s revision (the ETag of GET /feedback/follow-ups/{id}).',
  })
  revision!: string;
}

/** One follow-up, folded from its stream, with every contact made. */
export class FollowUpResponse extends FollowUpSummaryResponse {
  @ApiProperty({ type: [FollowUpContactView], maxItems: 10_000 })
  contacts!: FollowUpContactView[];
}

export class FollowUpPageResponse {
  @ApiProperty({ type: [FollowUpSummaryResponse], maxItems: 100 })
  items!: FollowUpSummaryResponse[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uri-reference',
    maxLength: 4096,
    description: 'The next page (same filters), or null on the last page.',
  })
  next!: string | null;
}

const actorView = (actor: Actor | null): ActorView | null =>
  actor === null ? null : { type: actor.type, id: actor.id };

export function toFollowUpResponse(followUp: FollowUp, revision: bigint): FollowUpResponse {
  const contacts = followUp.contacts.map((contact) => ({
    by: { type: contact.by.type, id: contact.by.id },
    channel: contact.channel,
    note: contact.note,
    at: contact.at,
  }));
  return {
    id: followUp.followUpId,
    source: followUp.source,
    surveyId: followUp.surveyId,
    ticketId: followUp.ticketId,
    customerId: followUp.customerId,
    agentId: followUp.agentId,
    teamId: followUp.teamId,
    score: followUp.score,
    comment: followUp.comment,
    status: followUp.status,
    raisedAt: followUp.raisedAt,
    acknowledgedAt: followUp.acknowledgedAt,
    acknowledgedBy: actorView(followUp.acknowledgedBy),
    contactCount: contacts.length,
    lastContact: contacts.at(-1) ?? null,
    resolvedAt: followUp.resolvedAt,
    resolvedBy: actorView(followUp.resolvedBy),
    resolution: followUp.resolution,
    revision: revision.toString(),
    contacts,
  };
}

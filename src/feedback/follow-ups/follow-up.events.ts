/**
 * Follow-up events ("closing the loop"), one stream per follow-up: `follow-up-<followUpId>`.
 *
 * A follow-up is raised by the follow-up reactor for a low CSAT (1–2) or an NPS detractor (0–6).
 * Its id is derived from the SURVEY id (followUpIdForSurvey), so a survey raises at most one
 * follow-up however often it is answered; FollowUpRaised is appended with `no_stream` and an event
 * id derived from the rating event's id, so a replayed reaction is refused as a duplicate.
 *
 * Lifecycle: open → acknowledged → contacted (repeatable) → resolved; see follow-up.decider.ts.
 * Type strings are stable and past tense; the reports (src/feedback/reports) consume these shapes.
 */
import { createHash } from 'node:crypto';
import { streamNameOf, type Actor } from '../../event-store/event-store.port';

/** categoryOf() splits at the first dash, so `follow-up-<id>` has the category `follow`. */
export const FOLLOW_UP_STREAM_CATEGORY = 'follow';
/** For EventFilter.streamPrefixes: every follow-up stream, nothing else. */
export const FOLLOW_UP_STREAM_PREFIX = 'follow-up-';

export const FOLLOW_UP_RAISED = 'FollowUpRaised';
export const FOLLOW_UP_ACKNOWLEDGED = 'FollowUpAcknowledged';
export const FOLLOW_UP_CONTACTED = 'FollowUpContacted';
export const FOLLOW_UP_RESOLVED = 'FollowUpResolved';

export const FOLLOW_UP_SOURCES = ['csat', 'nps'] as const;
export type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];

/** How the customer was reached. */
export const FOLLOW_UP_CHANNELS = ['email', 'phone', 'chat', 'sms', 'meeting', 'other'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

export const FOLLOW_UP_STATUSES = ['open', 'acknowledged', 'contacted', 'resolved'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUpRaisedData {
  readonly followUpId: string;
  readonly source: FollowUpSource;
  readonly surveyId: string;
  /** The rated ticket (CSAT); null for NPS, which rates the relationship. */
  readonly ticketId: string | null;
  readonly customerId: string;
  /** The agent rated (CSAT: the assignee at the solve); null for NPS or an unassigned ticket. */
  readonly agentId: string | null;
  /** The ticket's team when the follow-up was raised (CSAT); null for NPS or no team. */
  readonly teamId: string | null;
  /** The low score that raised it: 1–2 (CSAT) or 0–6 (NPS). */
  readonly score: number;
  readonly comment: string | null;
  readonly raisedAt: string;
}

export interface FollowUpAcknowledgedData {
  readonly followUpId: string;
  readonly by: Actor;
  readonly at: string;
}

export interface FollowUpContactedData {
  readonly followUpId: string;
  readonly by: Actor;
  readonly channel: FollowUpChannel;
  readonly note: string | null;
  readonly at: string;
}

export interface FollowUpResolvedData {
  readonly followUpId: string;
  readonly by: Actor;
  /** What was done or agreed, in the supervisor's words. */
  readonly resolution: string;
  readonly at: string;
}

type EventOf<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type FollowUpRaised = EventOf<typeof FOLLOW_UP_RAISED, FollowUpRaisedData>;
export type FollowUpAcknowledged = EventOf<typeof FOLLOW_UP_ACKNOWLEDGED, FollowUpAcknowledgedData>;
export type FollowUpContacted = EventOf<typeof FOLLOW_UP_CONTACTED, FollowUpContactedData>;
export type FollowUpResolved = EventOf<typeof FOLLOW_UP_RESOLVED, FollowUpResolvedData>;

export type FollowUpEvent =
  FollowUpRaised | FollowUpAcknowledged | FollowUpContacted | FollowUpResolved;
export type FollowUpEventType = FollowUpEvent['type'];

export const FOLLOW_UP_EVENT_SCHEMA_VERSIONS = {
  [FOLLOW_UP_RAISED]: 1,
  [FOLLOW_UP_ACKNOWLEDGED]: 1,
  [FOLLOW_UP_CONTACTED]: 1,
  [FOLLOW_UP_RESOLVED]: 1,
} as const satisfies Readonly<Record<FollowUpEventType, number>>;

export const FOLLOW_UP_EVENT_TYPES = Object.keys(
  FOLLOW_UP_EVENT_SCHEMA_VERSIONS,
) as readonly FollowUpEventType[];

export function isFollowUpEventType(type: string): type is FollowUpEventType {
  return Object.prototype.hasOwnProperty.call(FOLLOW_UP_EVENT_SCHEMA_VERSIONS, type);
}

/** `follow-up-<id>` (category `follow`, as categoryOf splits at the first dash). */
export function followUpStreamName(followUpId: string): string {
  return streamNameOf('follow-up', followUpId);
}

/** sha256 of `seed` laid out as a version-4-style uuid (variant and version nibbles fixed). */
export function uuidFromSeed(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** One follow-up per survey, whatever the number of answers (a replacement raises no other). */
export function followUpIdForSurvey(source: FollowUpSource, surveyId: string): string {
  return uuidFromSeed(`follow-up-for:${source}:${surveyId}`);
}

/** The FollowUpRaised event id for a rating event: a replay of the reaction is a duplicate. */
export function followUpRaisedEventIdFor(ratingEventId: string): string {
  return uuidFromSeed(`follow-up-raised-by:${ratingEventId}`);
}

/** metrics.md thresholds: a CSAT of 1–2 or an NPS detractor (0–6) needs a follow-up. */
export function isLowScore(source: FollowUpSource, score: number): boolean {
  return source === 'csat' ? score <= 2 : score <= 6;
}

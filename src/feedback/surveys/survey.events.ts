/**
 * CSAT survey events.
 *
 * Where they live (a choice, documented here):
 * - `SurveyIssued` opens a `survey-<surveyId>` stream of its own. The link and the public routes
 *   start from a survey id (the token embeds it), so one stream read finds the survey without a
 *   read model (no projection lag between issuing a survey and its link working), and appending
 *   with `no_stream` makes issuing the same survey twice impossible.
 * - `SatisfactionRated` is recorded on the TICKET stream (`ticket-<id>`), as issue 6 requires:
 *   the rating is part of the ticket's history and the reports read it with the ticket's other
 *   events. Answers to one survey are serialised by the ticket stream's expected revision, so
 *   "answered once, replaced at most within 24 h" holds under concurrent submissions.
 *
 * Neither event ever carries the survey token: the token is an HMAC of the survey id under a
 * server secret (survey-token.ts), so nothing in the log lets a reader answer for the customer.
 */
import { streamNameOf } from '../../event-store/event-store.port';

export const SURVEY_STREAM_CATEGORY = 'survey';

export function surveyStreamName(surveyId: string): string {
  return streamNameOf(SURVEY_STREAM_CATEGORY, surveyId);
}

/** Why a survey went out: the timer after a solve, or a member of staff by hand. */
export const SURVEY_TRIGGERS = ['ticket_solved', 'manual'] as const;
export type SurveyTrigger = (typeof SURVEY_TRIGGERS)[number];

export interface SurveyIssuedData {
  readonly surveyId: string;
  readonly kind: 'csat';
  readonly ticketId: string;
  readonly customerId: string;
  /** The agent being rated: the ticket's assignee at the solve (null when nobody was). */
  readonly agentId: string | null;
  readonly trigger: SurveyTrigger;
  /** The solve this survey is about (the ticket's `solvedAt`). */
  readonly solvedAt: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

export interface SatisfactionRatedData {
  readonly ticketId: string;
  readonly surveyId: string;
  /** 1–5; 4 and 5 count as satisfied (metrics.md). */
  readonly score: number;
  readonly comment: string | null;
  readonly customerId: string;
  readonly agentId: string | null;
  readonly ratedAt: string;
  /** The id of the SatisfactionRated event this answer replaces (a change within 24 h), else null. */
  readonly replaces: string | null;
}

export const SURVEY_ISSUED = 'SurveyIssued';
export const SATISFACTION_RATED = 'SatisfactionRated';

export const SURVEY_EVENT_SCHEMA_VERSIONS = {
  [SURVEY_ISSUED]: 1,
  [SATISFACTION_RATED]: 1,
} as const;

/**
 * NPS relationship-survey events, recorded on the CUSTOMER's stream (`customer-<customerId>`,
 * the stream that already holds CustomerRegistered): an NPS survey is about the relationship with
 * the customer, not about a ticket. One stream per customer also serialises "one open survey at a
 * time" and "answered once, replaced within 24 h" through its expected revision.
 *
 * The survey token is never recorded: it is an HMAC of the survey id under the server secret
 * (src/feedback/surveys/survey-token.ts), exactly as for CSAT surveys.
 *
 * Type strings are stable and past tense; the reports (src/feedback/reports) consume these shapes.
 */
import type { Actor } from '../../event-store/event-store.port';
import { customerStreamName } from '../../tickets/customers/customer.events';

export const NPS_SURVEY_ISSUED = 'NpsSurveyIssued';
export const NPS_RATED = 'NpsRated';

export const NPS_MIN_SCORE = 0;
export const NPS_MAX_SCORE = 10;

export interface NpsSurveyIssuedData {
  readonly surveyId: string;
  readonly customerId: string;
  readonly issuedAt: string;
  /** The link stops working at this instant (issuedAt + the survey validity, 14 days). */
  readonly expiresAt: string;
  /** Who issued it (the staff member or integrator; the same as the event's metadata.actor). */
  readonly issuedBy: Actor;
}

export interface NpsRatedData {
  readonly surveyId: string;
  readonly customerId: string;
  /** 0–10: promoters 9–10, passives 7–8, detractors 0–6 (metrics.md). */
  readonly score: number;
  readonly comment: string | null;
  readonly ratedAt: string;
  /** The id of the NpsRated event this answer replaces (a change within 24 h), else null. */
  readonly replaces: string | null;
}

export type NpsSurveyIssued = {
  readonly type: typeof NPS_SURVEY_ISSUED;
  readonly data: NpsSurveyIssuedData;
};
export type NpsRated = { readonly type: typeof NPS_RATED; readonly data: NpsRatedData };
export type NpsEvent = NpsSurveyIssued | NpsRated;
export type NpsEventType = NpsEvent['type'];

/** `metadata.schemaVersion` per event type; bump (with an upcaster) when a data shape changes. */
export const NPS_EVENT_SCHEMA_VERSIONS = {
  [NPS_SURVEY_ISSUED]: 1,
  [NPS_RATED]: 1,
} as const satisfies Readonly<Record<NpsEventType, number>>;

export const NPS_EVENT_TYPES = Object.keys(NPS_EVENT_SCHEMA_VERSIONS) as readonly NpsEventType[];

export function isNpsEventType(type: string): type is NpsEventType {
  return Object.prototype.hasOwnProperty.call(NPS_EVENT_SCHEMA_VERSIONS, type);
}

/** NPS surveys live on the customer's stream. */
export const npsStreamName = customerStreamName;

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** metrics.md: promoters 9–10, passives 7–8, detractors 0–6. */
export function npsCategoryOf(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

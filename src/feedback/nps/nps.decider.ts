/**
 * The NPS decider, over the customer's stream (`customer-<id>`): pure, the time comes in the
 * command.
 *
 * - Issuing needs a registered customer (404). While the customer has an open survey (issued,
 *   unanswered, not expired) another one is refused with 409 `nps-survey-open`, naming the open
 *   one: a customer is asked the relationship question once at a time, and the caller can fetch
 *   the open survey's link instead.
 * - Answering: unknown survey 404, expired 410 (at `expiresAt` exactly it is expired), the first
 *   answer is recorded; another answer less than the replace window (24 h) after the FIRST one is
 *   recorded as a new NpsRated naming the one it replaces; later 409.
 */
import type { Actor } from '../../event-store/event-store.port';
import type { CustomerEvent } from '../../tickets/customers/customer.events';
import { SurveyAlreadyAnswered, SurveyExpired, SurveyNotFound } from '../surveys/survey.errors';
import {
  InvalidNpsScore,
  NpsCustomerNotFound,
  NpsSurveyAlreadyOpen,
  NpsSurveyIdTaken,
} from './nps.errors';
import {
  NPS_MAX_SCORE,
  NPS_MIN_SCORE,
  NPS_RATED,
  NPS_SURVEY_ISSUED,
  type NpsEvent,
} from './nps.events';

export interface NpsSurveyState {
  readonly surveyId: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** When the first answer came (the replace window runs from it); null while unanswered. */
  readonly firstRatedAt: string | null;
  /** The latest NpsRated event's id (what a replacement names); null while unanswered. */
  readonly lastRatingEventId: string | null;
}

export interface NpsState {
  readonly customerExists: boolean;
  readonly surveys: Readonly<Record<string, NpsSurveyState>>;
}

export interface IssueNpsSurvey {
  readonly type: 'IssueNpsSurvey';
  readonly surveyId: string;
  readonly customerId: string;
  readonly now: string;
  readonly validityMs: number;
  readonly issuedBy: Actor;
}

export interface RateNps {
  readonly type: 'RateNps';
  readonly surveyId: string;
  readonly customerId: string;
  readonly score: number;
  readonly comment: string | null;
  readonly now: string;
  readonly replaceWindowMs: number;
}

export type NpsCommand = IssueNpsSurvey | RateNps;

/** The customer-stream events this decider folds (others, e.g. CustomerDetailsChanged, skip). */
export type NpsStreamEvent = NpsEvent | Pick<CustomerEvent, 'type' | 'data'>;

export function initialNpsState(): NpsState {
  return { customerExists: false, surveys: {} };
}

/** Folds one event; `eventId` is the recorded event's id (needed for `replaces`). */
export function evolveNps(state: NpsState, event: NpsStreamEvent, eventId?: string): NpsState {
  switch (event.type) {
    case 'CustomerRegistered':
      return { ...state, customerExists: true };
    case NPS_SURVEY_ISSUED: {
      const { surveyId, issuedAt, expiresAt } = event.data;
      return {
        ...state,
        surveys: {
          ...state.surveys,
          [surveyId]: {
            surveyId,
            issuedAt,
            expiresAt,
            firstRatedAt: null,
            lastRatingEventId: null,
          },
        },
      };
    }
    case NPS_RATED: {
      const survey = state.surveys[event.data.surveyId];
      if (!survey) return state;
      return {
        ...state,
        surveys: {
          ...state.surveys,
          [survey.surveyId]: {
            ...survey,
            firstRatedAt: survey.firstRatedAt ?? event.data.ratedAt,
            lastRatingEventId: eventId ?? survey.lastRatingEventId,
          },
        },
      };
    }
    default:
      return state;
  }
}

export function decideNps(command: NpsCommand, state: NpsState): NpsEvent[] {
  return command.type === 'IssueNpsSurvey' ? issue(command, state) : rate(command, state);
}

/** The customer's open survey at `now`: issued, unanswered, not expired. */
export function openSurveyOf(state: NpsState, now: string): NpsSurveyState | undefined {
  const at = Date.parse(now);
  return Object.values(state.surveys).find(
    (survey) => survey.firstRatedAt === null && at < Date.parse(survey.expiresAt),
  );
}

function issue(command: IssueNpsSurvey, state: NpsState): NpsEvent[] {
  if (!state.customerExists) throw new NpsCustomerNotFound(command.customerId);
  if (state.surveys[command.surveyId]) throw new NpsSurveyIdTaken(command.surveyId);
  const open = openSurveyOf(state, command.now);
  if (open) throw new NpsSurveyAlreadyOpen(command.customerId, open.surveyId, open.expiresAt);
  return [
    {
      type: NPS_SURVEY_ISSUED,
      data: {
        surveyId: command.surveyId,
        customerId: command.customerId,
        issuedAt: command.now,
        expiresAt: new Date(Date.parse(command.now) + command.validityMs).toISOString(),
        issuedBy: command.issuedBy,
      },
    },
  ];
}

function rate(command: RateNps, state: NpsState): NpsEvent[] {
  const survey = state.surveys[command.surveyId];
  if (!survey) throw new SurveyNotFound();
  const now = Date.parse(command.now);
  if (now >= Date.parse(survey.expiresAt)) throw new SurveyExpired(survey.expiresAt);
  if (
    !Number.isInteger(command.score) ||
    command.score < NPS_MIN_SCORE ||
    command.score > NPS_MAX_SCORE
  ) {
    throw new InvalidNpsScore(command.score);
  }
  if (
    survey.firstRatedAt !== null &&
    now - Date.parse(survey.firstRatedAt) >= command.replaceWindowMs
  ) {
    throw new SurveyAlreadyAnswered();
  }
  return [
    {
      type: NPS_RATED,
      data: {
        surveyId: survey.surveyId,
        customerId: command.customerId,
        score: command.score,
        comment: command.comment,
        ratedAt: command.now,
        replaces: survey.lastRatingEventId,
      },
    },
  ];
}

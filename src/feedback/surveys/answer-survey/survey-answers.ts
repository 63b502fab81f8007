import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  EVENT_STORE,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../../../platform/config/config';
import { PG_POOL } from '../../../platform/database/database.tokens';
import { executeCommandWithRetry } from '../../../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../../../platform/ids/id-generator';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import { TicketCommandRunner } from '../../../tickets/ticket-command-runner';
import { ticketStreamName } from '../../../tickets/ticket.values';
import { validationProblem } from '../../../platform/http/validation';
import { NpsSurveys, type NpsSurvey } from '../../nps/nps-surveys';
import { NPS_MAX_SCORE, NPS_MIN_SCORE } from '../../nps/nps.events';
import { SurveyAlreadyAnswered, SurveyExpired, SurveyNotFound } from '../survey.errors';
import {
  SATISFACTION_RATED,
  SURVEY_EVENT_SCHEMA_VERSIONS,
  type SatisfactionRatedData,
  type SurveyIssuedData,
} from '../survey.events';
import { SurveyRecords } from '../survey-records';
import { SurveySettings } from '../survey-settings';
import { SurveyTokens } from '../survey-token';
import { CSAT_MAX_SCORE, CSAT_MIN_SCORE } from './answer-survey.request.dto';
import type { PublicSurveyResponse } from './public-survey.response.dto';

/** A survey a token names: a CSAT survey (its own stream) or an NPS one (the customer's). */
export type OpenSurvey =
  | { readonly kind: 'csat'; readonly survey: SurveyIssuedData }
  | { readonly kind: 'nps'; readonly survey: NpsSurvey };

export const CSAT_QUESTION = 'How satisfied are you with the help you received?';
export const NPS_QUESTION = 'How likely are you to recommend us to a friend or colleague?';

export interface SurveyAnswer {
  readonly score: number;
  readonly comment: string | null;
}

export interface RecordedAnswer {
  readonly eventId: string;
  readonly replaces: string | null;
}

/**
 * The public side of a survey: resolve a token to its survey, show what is rated, record the
 * answer as SatisfactionRated on the ticket stream. Answers are decided from the ticket stream
 * and appended with its expected revision, so two concurrent answers cannot both be "the first".
 */
@Injectable()
export class SurveyAnswers {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly tokens: SurveyTokens,
    private readonly surveys: SurveyRecords,
    private readonly tickets: TicketCommandRunner,
    private readonly settings: SurveySettings,
    private readonly nps: NpsSurveys,
  ) {}

  /**
   * The survey a token names; 404 for unknown or forged tokens, 410 once expired. A forged token
   * is refused by its MAC before anything is read.
   */
  async open(token: string): Promise<OpenSurvey> {
    const surveyId = this.tokens.surveyIdOf(token);
    if (surveyId === undefined) throw new SurveyNotFound();
    const csat = await this.surveys.find(surveyId);
    if (csat) {
      if (this.clock.now().getTime() >= Date.parse(csat.expiresAt)) {
        throw new SurveyExpired(csat.expiresAt);
      }
      return { kind: 'csat', survey: csat };
    }
    const nps = await this.nps.find(surveyId);
    if (!nps) throw new SurveyNotFound();
    this.nps.assertAnswerable(nps);
    return { kind: 'nps', survey: nps };
  }

  async show(open: OpenSurvey): Promise<PublicSurveyResponse> {
    if (open.kind === 'nps') {
      return {
        kind: 'nps',
        question: NPS_QUESTION,
        minScore: NPS_MIN_SCORE,
        maxScore: NPS_MAX_SCORE,
        subject: null,
        agentName: null,
      };
    }
    const { state } = await this.tickets.load(open.survey.ticketId);
    if (!state.exists) throw new SurveyNotFound();
    return {
      kind: 'csat',
      question: CSAT_QUESTION,
      minScore: CSAT_MIN_SCORE,
      maxScore: CSAT_MAX_SCORE,
      subject: state.subject,
      agentName: await this.agentNameOf(open.survey.agentId),
    };
  }

  /**
   * Records the answer: SatisfactionRated on the ticket (CSAT) or NpsRated on the customer's
   * stream (NPS). A score outside the kind's range is a 400 on `score`, nothing recorded.
   */
  async answer(open: OpenSurvey, answer: SurveyAnswer, requestId: string): Promise<RecordedAnswer> {
    const [min, max] =
      open.kind === 'csat' ? [CSAT_MIN_SCORE, CSAT_MAX_SCORE] : [NPS_MIN_SCORE, NPS_MAX_SCORE];
    if (answer.score < min || answer.score > max) {
      throw validationProblem([
        {
          field: 'score',
          message: `score must be a whole number from ${min} to ${max} for this survey`,
          code: 'range',
        },
      ]);
    }
    if (open.kind === 'nps') return this.nps.answer(open.survey, answer, requestId);
    return this.answerCsat(open.survey, answer, requestId);
  }

  private async answerCsat(
    survey: SurveyIssuedData,
    answer: SurveyAnswer,
    requestId: string,
  ): Promise<RecordedAnswer> {
    const stream = ticketStreamName(survey.ticketId);
    return executeCommandWithRetry({
      ifMatch: undefined,
      retryLimit: this.config.commandRetryLimit,
      load: async () => {
        const events = await this.store.readStream(stream);
        const answers = events.filter(
          (event) =>
            event.type === SATISFACTION_RATED &&
            (event.data as unknown as SatisfactionRatedData).surveyId === survey.surveyId,
        );
        return { state: answers, revision: events.at(-1)?.revision ?? -1n };
      },
      decideAndAppend: async (loaded, expectedRevision) => {
        const now = this.clock.now();
        if (now.getTime() >= Date.parse(survey.expiresAt))
          throw new SurveyExpired(survey.expiresAt);
        const replaces = this.replaceableAnswer(loaded.state, now);
        const data: SatisfactionRatedData = {
          ticketId: survey.ticketId,
          surveyId: survey.surveyId,
          score: answer.score,
          comment: answer.comment,
          customerId: survey.customerId,
          agentId: survey.agentId,
          ratedAt: now.toISOString(),
          replaces,
        };
        const event: NewEvent = {
          id: this.ids.newId(),
          type: SATISFACTION_RATED,
          data: data as unknown as NewEvent['data'],
          metadata: {
            actor: { type: 'customer', id: survey.customerId },
            correlationId: requestId,
            causationId: requestId,
            occurredAt: now.toISOString(),
            schemaVersion: SURVEY_EVENT_SCHEMA_VERSIONS[SATISFACTION_RATED],
            requestId,
          },
        };
        await this.store.appendToStream(stream, [event], { expectedRevision });
        return { eventId: event.id, replaces };
      },
    });
  }

  /**
   * Null for a first answer; the id of the latest answer when the first one is less than the
   * replace window (24 h) old; otherwise the survey is answered for good (409).
   */
  private replaceableAnswer(answers: readonly RecordedEvent[], now: Date): string | null {
    const first = answers[0];
    const latest = answers.at(-1);
    if (!first || !latest) return null;
    const firstAt = Date.parse((first.data as unknown as SatisfactionRatedData).ratedAt);
    if (now.getTime() - firstAt >= this.settings.current.replaceWindowMs) {
      throw new SurveyAlreadyAnswered();
    }
    return latest.id;
  }

  /**
   * The agent's display name from the routing directory's read model (directory_agents), read
   * only; null when there is no agent or the directory does not know it (yet).
   */
  private async agentNameOf(agentId: string | null): Promise<string | null> {
    if (agentId === null) return null;
    const { rows } = await this.pool.query<{ name: string }>(
      'SELECT name FROM directory_agents WHERE agent_id = $1',
      [agentId],
    );
    return rows[0]?.name ?? null;
  }
}

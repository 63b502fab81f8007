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

/** What the customer is shown: what is being rated, nothing else. */
export interface SurveySubject {
  readonly subject: string;
  readonly agentName: string | null;
}

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
  ) {}

  /** The survey a token names; 404 for unknown or forged tokens, 410 once expired. */
  async open(token: string): Promise<SurveyIssuedData> {
    const surveyId = this.tokens.surveyIdOf(token);
    const survey = surveyId === undefined ? undefined : await this.surveys.find(surveyId);
    if (!survey) throw new SurveyNotFound();
    if (this.clock.now().getTime() >= Date.parse(survey.expiresAt)) {
      throw new SurveyExpired(survey.expiresAt);
    }
    return survey;
  }

  async subjectOf(survey: SurveyIssuedData): Promise<SurveySubject> {
    const { state } = await this.tickets.load(survey.ticketId);
    if (!state.exists) throw new SurveyNotFound();
    return { subject: state.subject, agentName: await this.agentNameOf(survey.agentId) };
  }

  async answer(
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

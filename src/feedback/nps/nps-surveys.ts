import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore, type NewEvent } from '../../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { PG_POOL } from '../../platform/database/database.tokens';
import type { CommandContext } from '../../platform/http/command-context';
import { executeCommandWithRetry, type LoadedState } from '../../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../../platform/ids/id-generator';
import { CLOCK, type Clock } from '../../platform/time/clock';
import { ProjectionRunner } from '../../projections/projection-runner';
import { SurveyExpired, SurveyNotFound } from '../surveys/survey.errors';
import { SurveySettings } from '../surveys/survey-settings';
import {
  decideNps,
  evolveNps,
  initialNpsState,
  type NpsCommand,
  type NpsState,
  type NpsStreamEvent,
} from './nps.decider';
import {
  NPS_EVENT_SCHEMA_VERSIONS,
  npsStreamName,
  type NpsEvent,
  type NpsRatedData,
  type NpsSurveyIssuedData,
} from './nps.events';
import { NPS_SURVEY_INDEX_PROJECTION } from './survey-index/nps-survey-index.projection';

/** How long a lookup that misses waits for the survey index to catch up (read-your-writes). */
const INDEX_CATCH_UP_WAIT_MS = 2_000;

/** An NPS survey as the link and the public routes need it. */
export interface NpsSurvey {
  readonly surveyId: string;
  readonly customerId: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

export interface RecordedNpsAnswer {
  readonly eventId: string;
  readonly replaces: string | null;
}

/**
 * NPS surveys on the customer's stream: issue, find by survey id, answer. Every decision reads
 * `customer-<id>`, folds it and appends with its expected revision (bounded retries, then 409),
 * so concurrent issues cannot open two surveys and concurrent answers cannot both be "the first".
 */
@Injectable()
export class NpsSurveys {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly settings: SurveySettings,
    private readonly projections: ProjectionRunner,
  ) {}

  async issue(customerId: string, context: CommandContext): Promise<NpsSurveyIssuedData> {
    const surveyId = this.ids.newId();
    const [issued] = await this.decideAndAppend(customerId, context, (now) => ({
      type: 'IssueNpsSurvey',
      surveyId,
      customerId,
      now,
      validityMs: this.settings.current.validityMs,
      issuedBy: context.actor,
    }));
    if (!issued) throw new Error('issuing an NPS survey recorded nothing');
    return issued.data as NpsSurveyIssuedData;
  }

  /**
   * The NPS survey with this id, or undefined. The id → customer index is a read model; a miss
   * waits (bounded) for it to catch up, so a survey is found right after it was issued. Only ids
   * from a verified token or a staff route get here, so misses are rare and cheap to wait on.
   */
  async find(surveyId: string): Promise<NpsSurvey | undefined> {
    const found = await this.lookup(surveyId);
    if (found) return found;
    await this.projections.waitForCatchUp(INDEX_CATCH_UP_WAIT_MS, [NPS_SURVEY_INDEX_PROJECTION]);
    return this.lookup(surveyId);
  }

  /** 410 once the survey has expired (at `expiresAt` exactly). */
  assertAnswerable(survey: NpsSurvey): void {
    if (this.clock.now().getTime() >= Date.parse(survey.expiresAt)) {
      throw new SurveyExpired(survey.expiresAt);
    }
  }

  async answer(
    survey: NpsSurvey,
    answer: { readonly score: number; readonly comment: string | null },
    requestId: string,
  ): Promise<RecordedNpsAnswer> {
    const context: CommandContext = {
      actor: { type: 'customer', id: survey.customerId },
      correlationId: requestId,
      causationId: requestId,
      requestId,
    };
    const [appended] = await this.decideAndAppend(survey.customerId, context, (now) => ({
      type: 'RateNps',
      surveyId: survey.surveyId,
      customerId: survey.customerId,
      score: answer.score,
      comment: answer.comment,
      now,
      replaceWindowMs: this.settings.current.replaceWindowMs,
    }));
    if (!appended) throw new SurveyNotFound();
    return { eventId: appended.id, replaces: (appended.data as NpsRatedData).replaces };
  }

  async load(customerId: string): Promise<LoadedState<NpsState>> {
    const recorded = await this.store.readStream(npsStreamName(customerId));
    let state = initialNpsState();
    for (const event of recorded) {
      state = evolveNps(state, event as unknown as NpsStreamEvent, event.id);
    }
    return { state, revision: recorded.at(-1)?.revision ?? -1n };
  }

  private decideAndAppend(
    customerId: string,
    context: CommandContext,
    command: (now: string) => NpsCommand,
  ): Promise<Array<{ readonly id: string; readonly data: NpsEvent['data'] }>> {
    return executeCommandWithRetry({
      ifMatch: undefined,
      retryLimit: this.config.commandRetryLimit,
      load: () => this.load(customerId),
      decideAndAppend: async (loaded, expectedRevision) => {
        const now = this.clock.now().toISOString();
        const events = decideNps(command(now), loaded.state);
        const newEvents = events.map((event) => this.toNewEvent(event, context, now));
        if (newEvents.length > 0) {
          await this.store.appendToStream(npsStreamName(customerId), newEvents, {
            expectedRevision,
          });
        }
        return events.map((event, index) => ({ id: newEvents[index]?.id ?? '', data: event.data }));
      },
    });
  }

  private toNewEvent(event: NpsEvent, context: CommandContext, now: string): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      data: event.data as unknown as NewEvent['data'],
      metadata: {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: now,
        schemaVersion: NPS_EVENT_SCHEMA_VERSIONS[event.type],
        ...(context.requestId ? { requestId: context.requestId } : {}),
      },
    };
  }

  private async lookup(surveyId: string): Promise<NpsSurvey | undefined> {
    const { rows } = await this.pool.query<{
      customer_id: string;
      issued_at: Date;
      expires_at: Date;
    }>('SELECT customer_id, issued_at, expires_at FROM nps_survey_index WHERE survey_id = $1', [
      surveyId,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      surveyId,
      customerId: row.customer_id,
      issuedAt: row.issued_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    };
  }
}

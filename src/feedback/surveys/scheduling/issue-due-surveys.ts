import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../../platform/database/database.tokens';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import { DueRowPoller, type DueRowTimers } from '../../../platform/timers/due-row-poller';
import { SYSTEM_ACTOR } from '../../../tickets/ticket.events';
import { SurveyError } from '../survey.errors';
import { SurveyRecords, surveyIdForSolve } from '../survey-records';

export const SURVEY_POLL_INTERVAL_MS = 5_000;
export const SURVEYS_MAX_PER_RUN = 500;

/** What one run did: surveys issued, timers with nothing left to do, timers that failed. */
export interface SurveyIssueRun {
  readonly issued: number;
  readonly nothingToDo: number;
  readonly failed: number;
}

/** What a handled row can end in (besides 'failed', which the poller counts): the run's fields. */
type Handled = Exclude<keyof SurveyIssueRun, 'failed'>;

interface DueSurvey {
  readonly ticket_id: string;
  readonly solved_at: Date;
  readonly solved_event_id: string;
  readonly correlation_id: string;
}

const SURVEY_TIMERS: DueRowTimers<DueSurvey, Handled> = {
  table: { name: 'survey_schedule', key: 'ticket_id', version: 'solved_at' },
  log: { context: 'SurveyTimer', work: 'surveys' },
  limits: { intervalMs: SURVEY_POLL_INTERVAL_MS, maxPerRun: SURVEYS_MAX_PER_RUN },
  outcomes: ['issued', 'nothingToDo', 'failed'],
};

/**
 * Issues the CSAT surveys whose delay after the solve has passed (rows of survey_schedule, kept by
 * SurveyScheduleProjection), as the system actor, caused by the TicketSolved event.
 *
 * Same shape as AutoCloseSolvedTickets: every instance polls; each row is claimed in its own
 * transaction with `FOR UPDATE SKIP LOCKED` and deleted in that transaction once handled. Behind
 * that, the survey id is derived from the solve event and appended with `no_stream`, so even a
 * timer handled twice issues one survey. A stale timer (the ticket reopened, solved again or
 * merged, the projection not having caught up) is deleted without a survey. Any other failure
 * rolls back and leaves the row for the next run.
 */
@Injectable()
export class IssueDueSurveys extends DueRowPoller<DueSurvey, Handled> {
  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(CLOCK) clock: Clock,
    private readonly surveys: SurveyRecords,
  ) {
    super(pool, clock, SURVEY_TIMERS);
  }

  protected describe(due: DueSurvey): string {
    return `issuing the survey of ${due.ticket_id}`;
  }

  /** A survey refusal (the solve is stale) means nothing to do. */
  protected async act(due: DueSurvey): Promise<Handled> {
    try {
      const result = await this.surveys.issue({
        ticketId: due.ticket_id,
        trigger: 'ticket_solved',
        forSolvedAt: due.solved_at.toISOString(),
        surveyId: surveyIdForSolve(due.solved_event_id),
        context: {
          actor: SYSTEM_ACTOR,
          correlationId: due.correlation_id,
          causationId: due.solved_event_id,
        },
      });
      return result.issued ? 'issued' : 'nothingToDo';
    } catch (error) {
      if (!(error instanceof SurveyError)) throw error;
      return 'nothingToDo';
    }
  }
}

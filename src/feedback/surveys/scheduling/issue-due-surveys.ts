import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../../../platform/database/database.tokens';
import { CLOCK, type Clock } from '../../../platform/time/clock';
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

interface DueSurvey {
  readonly ticket_id: string;
  readonly solved_at: Date;
  readonly solved_event_id: string;
  readonly correlation_id: string;
}

type Outcome = 'issued' | 'nothing_to_do' | 'failed';

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
export class IssueDueSurveys implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SurveyTimer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SurveyIssueRun> | undefined;
  private stopping = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly surveys: SurveyRecords,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) void this.runDueTimers();
    }, SURVEY_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopPolling();
    await this.running;
  }

  /** No more runs on the interval (runDueTimers still works): for tests that drive the timer. */
  stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Handles the timers due at the clock's current time; runs on one instance are serialised. */
  async runDueTimers(): Promise<SurveyIssueRun> {
    const previous = this.running;
    const run = (async (): Promise<SurveyIssueRun> => {
      await previous;
      return this.runOnce();
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async runOnce(): Promise<SurveyIssueRun> {
    const now = this.clock.now();
    const skipped: string[] = [];
    const counts = { issued: 0, nothingToDo: 0, failed: 0 };
    try {
      for (let handled = 0; handled < SURVEYS_MAX_PER_RUN && !this.stopping; handled++) {
        const outcome = await this.handleNextDue(now, skipped);
        if (outcome === undefined) break;
        if (outcome === 'issued') counts.issued += 1;
        else if (outcome === 'nothing_to_do') counts.nothingToDo += 1;
        else counts.failed += 1;
      }
    } catch (error) {
      this.logger.warn(`looking for due surveys failed: ${messageOf(error)}`);
    }
    return counts;
  }

  private async handleNextDue(now: Date, skipped: string[]): Promise<Outcome | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<DueSurvey>(
        `SELECT ticket_id, solved_at, solved_event_id, correlation_id
           FROM survey_schedule
          WHERE due_at <= $1 AND NOT (ticket_id = ANY($2::text[]))
          ORDER BY due_at, ticket_id
          LIMIT 1
            FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), skipped],
      );
      const due = rows[0];
      if (!due) {
        await client.query('COMMIT');
        return undefined;
      }
      return await this.handle(client, due, skipped);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async handle(client: PoolClient, due: DueSurvey, skipped: string[]): Promise<Outcome> {
    let outcome: Outcome;
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
      outcome = result.issued ? 'issued' : 'nothing_to_do';
    } catch (error) {
      if (!(error instanceof SurveyError)) {
        await client.query('ROLLBACK');
        skipped.push(due.ticket_id);
        this.logger.warn(`issuing the survey of ${due.ticket_id} failed: ${messageOf(error)}`);
        return 'failed';
      }
      outcome = 'nothing_to_do';
    }
    await client.query('DELETE FROM survey_schedule WHERE ticket_id = $1 AND solved_at = $2', [
      due.ticket_id,
      due.solved_at,
    ]);
    await client.query('COMMIT');
    return outcome;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

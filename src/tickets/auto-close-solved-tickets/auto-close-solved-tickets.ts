import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../../platform/database/database.tokens';
import { CLOCK, type Clock } from '../../platform/time/clock';
import { CloseTicketCommand } from '../close-ticket/close-ticket.command';
import { TicketError } from '../ticket.errors';
import { SYSTEM_ACTOR } from '../ticket.events';

/** How often each instance looks for due timers. */
export const AUTO_CLOSE_POLL_INTERVAL_MS = 5_000;
/** Bounded work per run; the rest waits for the next run. */
export const AUTO_CLOSE_MAX_PER_RUN = 500;

/** What one run did: tickets closed, timers with nothing left to do, timers that failed. */
export interface AutoCloseRun {
  readonly closed: number;
  readonly nothingToDo: number;
  readonly failed: number;
}

interface DueTimer {
  readonly ticket_id: string;
  readonly solved_at: Date;
  readonly solved_event_id: string;
  readonly correlation_id: string;
}

type TimerOutcome = 'closed' | 'nothing_to_do' | 'failed';

/**
 * Closes solved tickets whose auto-close deadline (ticket_auto_close_deadlines, kept by
 * AutoCloseDeadlinesProjection) has passed, by issuing CloseTicket {mode: 'automatic', solvedAt}
 * as the system actor through the ticket command runner.
 *
 * Durable and exactly once across instances: every instance polls, each timer is claimed in its
 * own transaction with `SELECT … FOR UPDATE SKIP LOCKED` (another instance skips a claimed row)
 * and deleted in that same transaction once handled; behind that, the decider and the stream's
 * expected revision refuse a second close anyway. A decider refusal (auto-close-stale: reopened
 * and solved again since; illegal-transition: no longer solved; ticket-closed) means there is
 * nothing to do: the row is deleted. Any other failure rolls back and leaves the row for the next
 * run (the ticket is skipped for the rest of this run).
 *
 * The poller deletes rows of a projection's table. That is safe because it only deletes a row
 * whose outcome is already in the log (the TicketClosed it appended, or the later reopen, close or
 * merge that made the decider refuse), which the projection, live or rebuilding, also applies.
 */
@Injectable()
export class AutoCloseSolvedTickets implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AutoClose');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<AutoCloseRun> | undefined;
  private stopping = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) void this.runDueTimers();
    }, AUTO_CLOSE_POLL_INTERVAL_MS);
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

  /**
   * Handles the timers due at the clock's current time. Runs on one instance are serialised: a
   * call during a run waits for it and then runs again (with the time as of then).
   */
  async runDueTimers(): Promise<AutoCloseRun> {
    const previous = this.running;
    const run = (async (): Promise<AutoCloseRun> => {
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

  private async runOnce(): Promise<AutoCloseRun> {
    const now = this.clock.now();
    const skipped: string[] = [];
    const counts = { closed: 0, nothingToDo: 0, failed: 0 };
    try {
      for (let handled = 0; handled < AUTO_CLOSE_MAX_PER_RUN && !this.stopping; handled++) {
        const outcome = await this.handleNextDue(now, skipped);
        if (outcome === undefined) break;
        if (outcome === 'closed') counts.closed += 1;
        else if (outcome === 'nothing_to_do') counts.nothingToDo += 1;
        else counts.failed += 1;
      }
    } catch (error) {
      // Claiming failed (database unreachable, table being swapped by a rebuild): next run.
      this.logger.warn(`looking for due auto-close timers failed: ${messageOf(error)}`);
    }
    return counts;
  }

  /** Claims, handles and deletes one due timer; undefined when none is due (or all are claimed). */
  private async handleNextDue(now: Date, skipped: string[]): Promise<TimerOutcome | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<DueTimer>(
        `SELECT ticket_id, solved_at, solved_event_id, correlation_id
           FROM ticket_auto_close_deadlines
          WHERE due_at <= $1 AND NOT (ticket_id = ANY($2::text[]))
          ORDER BY due_at, ticket_id
          LIMIT 1
            FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), skipped],
      );
      const timer = rows[0];
      if (!timer) {
        await client.query('COMMIT');
        return undefined;
      }
      return await this.handle(client, timer, skipped);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async handle(
    client: PoolClient,
    timer: DueTimer,
    skipped: string[],
  ): Promise<TimerOutcome> {
    let outcome: TimerOutcome;
    try {
      await this.commands.execute(
        new CloseTicketCommand(
          timer.ticket_id,
          { mode: 'automatic', solvedAt: timer.solved_at.toISOString() },
          // No principal: the product acts on its own, outside the per-ticket access rule.
          {
            context: {
              actor: SYSTEM_ACTOR,
              correlationId: timer.correlation_id,
              causationId: timer.solved_event_id,
            },
          },
        ),
      );
      outcome = 'closed';
    } catch (error) {
      if (!(error instanceof TicketError)) {
        await client.query('ROLLBACK');
        skipped.push(timer.ticket_id);
        this.logger.warn(`auto-closing ticket ${timer.ticket_id} failed: ${messageOf(error)}`);
        return 'failed';
      }
      this.logger.debug(`ticket ${timer.ticket_id}: nothing to auto-close (${error.type})`);
      outcome = 'nothing_to_do';
    }
    await client.query(
      'DELETE FROM ticket_auto_close_deadlines WHERE ticket_id = $1 AND solved_at = $2',
      [timer.ticket_id, timer.solved_at],
    );
    await client.query('COMMIT');
    return outcome;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '../../platform/database/database.tokens';
import { CLOCK, type Clock } from '../../platform/time/clock';
import { DueRowPoller, type DueRowTimers } from '../../platform/timers/due-row-poller';
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

/** What a handled row can end in (besides 'failed', which the poller counts): the run's fields. */
type Handled = Exclude<keyof AutoCloseRun, 'failed'>;

interface DueTimer {
  readonly ticket_id: string;
  readonly solved_at: Date;
  readonly solved_event_id: string;
  readonly correlation_id: string;
}

const DEADLINE_TIMERS: DueRowTimers<DueTimer, Handled> = {
  table: { name: 'ticket_auto_close_deadlines', key: 'ticket_id', version: 'solved_at' },
  log: { context: 'AutoClose', work: 'auto-close timers' },
  limits: { intervalMs: AUTO_CLOSE_POLL_INTERVAL_MS, maxPerRun: AUTO_CLOSE_MAX_PER_RUN },
  outcomes: ['closed', 'nothingToDo', 'failed'],
};

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
export class AutoCloseSolvedTickets extends DueRowPoller<DueTimer, Handled> {
  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(CLOCK) clock: Clock,
    private readonly commands: CommandBus,
  ) {
    super(pool, clock, DEADLINE_TIMERS);
  }

  protected describe(timer: DueTimer): string {
    return `auto-closing ticket ${timer.ticket_id}`;
  }

  /** A decider refusal means the ticket moved on since the solve: nothing to do. */
  protected async act(timer: DueTimer): Promise<Handled> {
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
      return 'closed';
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      this.logger.debug(`ticket ${timer.ticket_id}: nothing to auto-close (${error.type})`);
      return 'nothingToDo';
    }
  }
}

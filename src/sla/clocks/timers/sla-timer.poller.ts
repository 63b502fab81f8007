import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../../platform/database/database.tokens';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import { DueTimerPoller, messageOf } from '../../../platform/timers/due-timer-poller';
import { SlaTimerRunner } from './sla-timer-runner';
import { clientSql, rescheduleTimerRow } from './sla-timer-rows';

/** How often each instance looks for due SLA timers: the bound on "due → recorded" is this plus
 * the projection's lag behind the event that set the deadline. */
export const SLA_TIMER_POLL_INTERVAL_MS = 1_000;
/** Bounded work per run; the rest waits for the next run (a second later). */
export const SLA_TIMERS_MAX_PER_RUN = 200;

/** What one run did: tickets with events recorded, timers with nothing left, failures. */
export type SlaTimerOutcome = 'recorded' | 'nothingToDo' | 'failed';

/**
 * Polls sla_timers (kept by SlaTimersProjection) and fires every ticket whose `next_at` passed:
 * each row is claimed in its own transaction with `SELECT … FOR UPDATE SKIP LOCKED` (another
 * instance skips it), SlaTimerRunner.fire records what is due, and the row is rescheduled to the
 * fired state's next deadline in that same transaction, so it is not claimed again before the
 * projection has seen the new events. Any failure rolls back (the row stays due for the next run)
 * and skips the ticket for the rest of this run.
 *
 * Why DueTimerPoller and not DueRowPoller: a due row here is rescheduled, not deleted (a ticket
 * has a warning, then another, then a breach, then steps), and the reschedule must happen inside
 * the claim transaction, which DueRowPoller does not expose to `act`. The polling mechanism
 * (interval, serialised runs, bounded loop, graceful stop) is the shared one.
 */
@Injectable()
export class SlaTimerPoller extends DueTimerPoller<SlaTimerOutcome> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) clock: Clock,
    private readonly runner: SlaTimerRunner,
  ) {
    super(clock, {
      log: { context: 'SlaTimers', work: 'SLA timers' },
      limits: { intervalMs: SLA_TIMER_POLL_INTERVAL_MS, maxPerRun: SLA_TIMERS_MAX_PER_RUN },
      outcomes: ['recorded', 'nothingToDo', 'failed'],
    });
  }

  protected async claimAndHandleNext(
    now: Date,
    skipped: string[],
  ): Promise<SlaTimerOutcome | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ ticket_id: string }>(
        `SELECT ticket_id
           FROM sla_timers
          WHERE next_at <= $1 AND NOT (ticket_id = ANY($2::text[]))
          ORDER BY next_at, ticket_id
          LIMIT 1
            FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), skipped],
      );
      const ticketId = rows[0]?.ticket_id;
      if (ticketId === undefined) {
        await client.query('COMMIT');
        return undefined;
      }
      let outcome: SlaTimerOutcome;
      try {
        const fired = await this.runner.fire(ticketId);
        await rescheduleTimerRow(clientSql(client), {
          ticketId,
          revision: fired.revision,
          state: fired.sla,
          nextAt: fired.nextAt,
        });
        // Never twice in a run: a deadline still due after firing waits for the next run.
        if (fired.nextAt !== null && fired.nextAt.getTime() <= now.getTime()) {
          skipped.push(ticketId);
        }
        outcome = fired.appended > 0 ? 'recorded' : 'nothingToDo';
      } catch (error) {
        await client.query('ROLLBACK');
        skipped.push(ticketId);
        this.logger.warn(`firing the SLA timers of ticket ${ticketId} failed: ${messageOf(error)}`);
        return 'failed';
      }
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import type { Projection } from '../../projections/projection';
import { addBusinessDays } from '../business-days';
import type { TicketEvent } from '../ticket.events';

export const AUTO_CLOSE_DEADLINES_PROJECTION = 'ticket_auto_close_deadlines';
export const AUTO_CLOSE_DEADLINES_TABLE = 'ticket_auto_close_deadlines';

/**
 * The auto-close timer, kept durably in PostgreSQL: a solve sets the ticket's deadline to
 * AUTO_CLOSE_AFTER business days after `solvedAt` (a new solve replaces it), and anything that
 * ends the solve — a reopen, a close, a merge — removes it. AutoCloseSolvedTickets closes the
 * tickets whose deadline has passed.
 *
 * The deadline is computed when the solve is projected, with the configured number of days: a
 * change of AUTO_CLOSE_AFTER applies to later solves (or to all after a rebuild).
 */
@Injectable()
@ProjectionDefinition()
export class AutoCloseDeadlinesProjection implements Projection {
  readonly name = AUTO_CLOSE_DEADLINES_PROJECTION;
  readonly version = 1;
  readonly eventTypes = ['TicketSolved', 'TicketReopened', 'TicketClosed', 'TicketMerged'];
  readonly tables = [AUTO_CLOSE_DEADLINES_TABLE];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = recorded as unknown as TicketEvent;
      switch (event.type) {
        case 'TicketSolved': {
          const solvedAt = new Date(event.data.solvedAt);
          const dueAt = addBusinessDays(solvedAt, this.config.autoCloseAfterBusinessDays);
          await manager.query(
            `INSERT INTO ticket_auto_close_deadlines
               (ticket_id, solved_at, due_at, solved_event_id, correlation_id)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (ticket_id) DO UPDATE SET
               solved_at = EXCLUDED.solved_at,
               due_at = EXCLUDED.due_at,
               solved_event_id = EXCLUDED.solved_event_id,
               correlation_id = EXCLUDED.correlation_id`,
            [
              event.data.ticketId,
              solvedAt.toISOString(),
              dueAt.toISOString(),
              recorded.id,
              recorded.metadata.correlationId,
            ],
          );
          break;
        }
        case 'TicketReopened':
        case 'TicketClosed':
        case 'TicketMerged':
          await manager.query('DELETE FROM ticket_auto_close_deadlines WHERE ticket_id = $1', [
            event.data.ticketId,
          ]);
          break;
        default:
          break;
      }
    }
  }
}

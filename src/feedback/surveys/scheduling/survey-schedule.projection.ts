import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import type { TicketEvent } from '../../../tickets/ticket.events';
import { SurveySettings } from '../survey-settings';

export const SURVEY_SCHEDULE_PROJECTION = 'survey_schedule';
export const SURVEY_SCHEDULE_TABLE = 'survey_schedule';

/**
 * The durable "send the CSAT survey" timer (the auto-close pattern): a solve sets the ticket's
 * row, due the configured delay after `solvedAt` (a new solve replaces it); a reopen or a merge
 * removes it, so a ticket reopened before the delay gets no survey. A close does NOT remove it:
 * closing follows the solve (by hand or by auto-close) and the customer should still be asked
 * about it. IssueDueSurveys issues the due ones and deletes their rows.
 *
 * The delay is read when the solve is projected: a change applies to later solves (or to all
 * after a rebuild — harmless, since a survey already issued for a solve cannot be issued again).
 */
@Injectable()
@ProjectionDefinition()
export class SurveyScheduleProjection implements Projection {
  readonly name = SURVEY_SCHEDULE_PROJECTION;
  readonly version = 1;
  readonly eventTypes = ['TicketSolved', 'TicketReopened', 'TicketClosed', 'TicketMerged'];
  readonly tables = [SURVEY_SCHEDULE_TABLE];

  constructor(private readonly settings: SurveySettings) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = recorded as unknown as TicketEvent;
      switch (event.type) {
        case 'TicketSolved': {
          const solvedAt = new Date(event.data.solvedAt);
          const dueAt = new Date(solvedAt.getTime() + this.settings.current.issueDelayMs);
          await manager.query(
            `INSERT INTO survey_schedule
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
        case 'TicketMerged':
          await manager.query('DELETE FROM survey_schedule WHERE ticket_id = $1', [
            event.data.ticketId,
          ]);
          break;
        default:
          // TicketClosed: the solve stands, the survey still goes out (see above).
          break;
      }
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { FOLLOW_UP_EVENT_TYPES, type FollowUpEvent } from '../follow-up.events';

export const FOLLOW_UP_LIST_PROJECTION = 'follow_ups';

/** The `follow_ups` table (see the migration) from the follow-up streams. */
@Injectable()
@ProjectionDefinition()
export class FollowUpListProjection implements Projection {
  readonly name = FOLLOW_UP_LIST_PROJECTION;
  readonly version = 1;
  readonly eventTypes = [...FOLLOW_UP_EVENT_TYPES];
  readonly tables = ['follow_ups'];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const event = recorded as unknown as FollowUpEvent;
      const revision = recorded.revision.toString();
      const at = recorded.metadata.occurredAt;
      switch (event.type) {
        case 'FollowUpRaised': {
          const d = event.data;
          await manager.query(
            `INSERT INTO follow_ups (follow_up_id, source, survey_id, ticket_id, customer_id,
               agent_id, team_id, score, comment, status, raised_at, revision, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12)
             ON CONFLICT (follow_up_id) DO NOTHING`,
            [
              d.followUpId,
              d.source,
              d.surveyId,
              d.ticketId,
              d.customerId,
              d.agentId,
              d.teamId,
              d.score,
              d.comment,
              d.raisedAt,
              revision,
              at,
            ],
          );
          break;
        }
        case 'FollowUpAcknowledged':
          await manager.query(
            `UPDATE follow_ups SET status = 'acknowledged', acknowledged_at = $2,
               acknowledged_by = $3, revision = $4, updated_at = $5
             WHERE follow_up_id = $1`,
            [event.data.followUpId, event.data.at, JSON.stringify(event.data.by), revision, at],
          );
          break;
        case 'FollowUpContacted':
          await manager.query(
            `UPDATE follow_ups SET status = 'contacted', contact_count = contact_count + 1,
               last_contacted_at = $2, last_contact = $3, revision = $4, updated_at = $5
             WHERE follow_up_id = $1`,
            [
              event.data.followUpId,
              event.data.at,
              JSON.stringify({
                by: event.data.by,
                channel: event.data.channel,
                note: event.data.note,
                at: event.data.at,
              }),
              revision,
              at,
            ],
          );
          break;
        case 'FollowUpResolved':
          await manager.query(
            `UPDATE follow_ups SET status = 'resolved', resolved_at = $2, resolved_by = $3,
               resolution = $4, revision = $5, updated_at = $6
             WHERE follow_up_id = $1`,
            [
              event.data.followUpId,
              event.data.at,
              JSON.stringify(event.data.by),
              event.data.resolution,
              revision,
              at,
            ],
          );
          break;
      }
    }
  }
}

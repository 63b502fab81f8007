import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection } from '../../projections/projection';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import { definitionOfCalendar } from '../calendars/sla-calendar.decider';
import {
  SLA_CALENDAR_EVENT_TYPES,
  isSlaCalendarEventType,
  type SlaCalendarEvent,
} from '../calendars/sla-calendar.events';
import {
  SLA_POLICY_EVENT_TYPES,
  isSlaPolicyEventType,
  policyDefinitionOf,
  type SlaPolicyEvent,
} from '../policies/sla-policy.events';

export const SLA_CONFIG_PROJECTION_NAME = 'sla_config';

/** Calendars and policies as rows (full definition each), for the list endpoints. */
@Injectable()
@ProjectionDefinition()
export class SlaConfigProjection implements Projection {
  readonly name = SLA_CONFIG_PROJECTION_NAME;
  readonly version = 1;
  readonly eventTypes = [...SLA_CALENDAR_EVENT_TYPES, ...SLA_POLICY_EVENT_TYPES];
  readonly tables = ['sla_calendars', 'sla_policies'];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) {
      const revision = recorded.revision.toString();
      if (isSlaCalendarEventType(recorded.type)) {
        const event = { type: recorded.type, data: recorded.data } as unknown as SlaCalendarEvent;
        const at =
          event.type === 'SlaCalendarDefined' ? event.data.definedAt : event.data.changedAt;
        await manager.query(
          `INSERT INTO sla_calendars (calendar_id, definition, version, revision, defined_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $5)
           ON CONFLICT (calendar_id) DO UPDATE SET definition = $2, version = $3, revision = $4,
             updated_at = $5`,
          [
            event.data.calendarId,
            JSON.stringify(definitionOfCalendar(event.data)),
            event.data.version,
            revision,
            at,
          ],
        );
      } else if (isSlaPolicyEventType(recorded.type)) {
        const event = { type: recorded.type, data: recorded.data } as unknown as SlaPolicyEvent;
        const at = event.type === 'SlaPolicyDefined' ? event.data.definedAt : event.data.changedAt;
        await manager.query(
          `INSERT INTO sla_policies (policy_id, position, definition, version, revision, defined_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           ON CONFLICT (policy_id) DO UPDATE SET position = $2, definition = $3, version = $4,
             revision = $5, updated_at = $6`,
          [
            event.data.policyId,
            event.data.position,
            JSON.stringify(policyDefinitionOf(event.data)),
            event.data.version,
            revision,
            at,
          ],
        );
      }
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { NPS_SURVEY_ISSUED, type NpsSurveyIssuedData } from '../nps.events';

export const NPS_SURVEY_INDEX_PROJECTION = 'nps_survey_index';

/** Survey id → customer id for NPS surveys (see the migration). */
@Injectable()
@ProjectionDefinition()
export class NpsSurveyIndexProjection implements Projection {
  readonly name = NPS_SURVEY_INDEX_PROJECTION;
  readonly version = 1;
  readonly eventTypes = [NPS_SURVEY_ISSUED];
  readonly tables = ['nps_survey_index'];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const data = event.data as unknown as NpsSurveyIssuedData;
      await manager.query(
        `INSERT INTO nps_survey_index (survey_id, customer_id, issued_at, expires_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (survey_id) DO NOTHING`,
        [data.surveyId, data.customerId, data.issuedAt, data.expiresAt],
      );
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { csatCountsOf } from '../../metrics/satisfaction-metrics';
import { deleteEmptyRollupRows } from './empty-rollup-rows';

export const REPORT_FEEDBACK_FACTS_PROJECTION = 'report_feedback_facts';

/**
 * Consumed by type string: the NPS and follow-up events belong to other slices and may be added
 * to the log later than this projection (a rebuild or catch-up then picks them up).
 */
export const REPORT_FEEDBACK_EVENT_TYPES = [
  'SurveyIssued',
  'SatisfactionRated',
  'NpsRated',
  'FollowUpRaised',
  'FollowUpAcknowledged',
  'FollowUpContacted',
  'FollowUpResolved',
] as const;

const UPSERT_SURVEY = `
  INSERT INTO report_csat_surveys (survey_id, ticket_id, customer_id, agent_id, issued_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (survey_id) DO UPDATE SET issued_at = EXCLUDED.issued_at,
    agent_id = EXCLUDED.agent_id`;

/** The latest answer stands: a replacement overwrites the answer it replaces (metrics.md). */
const UPSERT_RATING = `
  INSERT INTO report_csat_surveys
    (survey_id, ticket_id, customer_id, agent_id, score, comment, rated_at, rating_event_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (survey_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment,
    rated_at = EXCLUDED.rated_at, rating_event_id = EXCLUDED.rating_event_id`;

const UPSERT_NPS = `
  INSERT INTO report_nps_ratings (survey_id, customer_id, score, comment, rated_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (survey_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment,
    rated_at = EXCLUDED.rated_at`;

const RAISE_FOLLOW_UP = `
  INSERT INTO report_follow_ups
    (follow_up_id, status, source, ticket_id, customer_id, score, raised_at)
  VALUES ($1, 'open', $2, $3, $4, $5, $6)
  ON CONFLICT (follow_up_id) DO NOTHING`;

const MOVE_FOLLOW_UP = `
  UPDATE report_follow_ups SET status = $2,
    resolved_at = CASE WHEN $2 = 'resolved' THEN $3::timestamptz ELSE resolved_at END
  WHERE follow_up_id = $1`;

const FOLLOW_UP_STATUS: Record<string, string> = {
  FollowUpAcknowledged: 'acknowledged',
  FollowUpContacted: 'contacted',
  FollowUpResolved: 'resolved',
};

const SELECT_SURVEY = 'SELECT issued_at, score FROM report_csat_surveys WHERE survey_id = $1';

const UPSERT_DAILY = `
  INSERT INTO report_csat_daily AS d (day, sent, rated, satisfied, score_sum)
  VALUES ($1::date, $2, $3, $4, $5)
  ON CONFLICT (day) DO UPDATE SET sent = d.sent + EXCLUDED.sent, rated = d.rated + EXCLUDED.rated,
    satisfied = d.satisfied + EXCLUDED.satisfied, score_sum = d.score_sum + EXCLUDED.score_sum`;

interface SurveyState {
  readonly issued_at: Date | null;
  readonly score: number | null;
}

/** What a survey adds to report_csat_daily: nothing until it is known to be sent. */
function contribution(state: SurveyState | undefined): { day: string; values: number[] } | null {
  if (state === undefined || state.issued_at === null) return null;
  const { sent, rated, satisfied, scoreSum } = csatCountsOf(state.score);
  return {
    day: state.issued_at.toISOString().slice(0, 10),
    values: [sent, rated, satisfied, scoreSum],
  };
}

/** Runs a change of one survey row and moves the daily CSAT counts by what it changed. */
async function withDailyDelta(
  manager: EntityManager,
  surveyId: string | null,
  change: () => Promise<unknown>,
): Promise<void> {
  const read = async () => (await manager.query<SurveyState[]>(SELECT_SURVEY, [surveyId]))[0];
  const before = contribution(await read());
  await change();
  const after = contribution(await read());
  if (before !== null) {
    await manager.query(UPSERT_DAILY, [before.day, ...before.values.map((v) => -v)]);
  }
  if (after !== null) await manager.query(UPSERT_DAILY, [after.day, ...after.values]);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** `follow-up-<id>` when the event data does not name the follow-up itself. */
function followUpIdOf(event: RecordedEvent): string {
  return text(event.data.followUpId) ?? event.streamName.replace(/^follow-up-/, '');
}

/**
 * CSAT surveys (sent, and their standing answer, also counted per day sent), NPS ratings (the latest per survey) and
 * follow-ups (open until resolved). Events are applied one statement each in log order, which
 * keeps "a later answer replaces the earlier one" trivially right.
 */
@Injectable()
@ProjectionDefinition()
export class ReportFeedbackFactsProjection implements Projection {
  readonly name = REPORT_FEEDBACK_FACTS_PROJECTION;
  readonly version = 1;
  readonly eventTypes = [...REPORT_FEEDBACK_EVENT_TYPES];
  readonly tables = [
    'report_csat_surveys',
    'report_csat_daily',
    'report_nps_ratings',
    'report_follow_ups',
  ];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const data = event.data;
      const at = (key: string): string => text(data[key]) ?? event.metadata.occurredAt;
      switch (event.type) {
        case 'SurveyIssued':
          if (data.kind !== undefined && data.kind !== 'csat') break;
          await withDailyDelta(manager, text(data.surveyId), () =>
            manager.query(UPSERT_SURVEY, [
              text(data.surveyId),
              text(data.ticketId),
              text(data.customerId) ?? '',
              text(data.agentId),
              at('issuedAt'),
            ]),
          );
          break;
        case 'SatisfactionRated':
          await withDailyDelta(manager, text(data.surveyId), () =>
            manager.query(UPSERT_RATING, [
              text(data.surveyId),
              text(data.ticketId),
              text(data.customerId) ?? '',
              text(data.agentId),
              int(data.score),
              text(data.comment),
              at('ratedAt'),
              event.id,
            ]),
          );
          break;
        case 'NpsRated': {
          const score = int(data.score);
          if (score === null) break;
          await manager.query(UPSERT_NPS, [
            text(data.surveyId) ?? event.id,
            text(data.customerId) ?? '',
            score,
            text(data.comment),
            at('ratedAt'),
          ]);
          break;
        }
        case 'FollowUpRaised':
          await manager.query(RAISE_FOLLOW_UP, [
            followUpIdOf(event),
            text(data.source) ?? text(data.kind),
            text(data.ticketId),
            text(data.customerId),
            int(data.score),
            at('raisedAt'),
          ]);
          break;
        default: {
          const status = FOLLOW_UP_STATUS[event.type];
          if (status === undefined) break;
          await manager.query(MOVE_FOLLOW_UP, [followUpIdOf(event), status, at(`${status}At`)]);
        }
      }
    }
    await deleteEmptyRollupRows(manager, this.tables);
  }
}

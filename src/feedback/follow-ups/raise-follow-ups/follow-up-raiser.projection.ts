import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  EventIdConflictError,
  WrongExpectedVersionError,
} from '../../../event-store/event-store.errors';
import {
  EVENT_STORE,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../../event-store/event-store.port';
import { ProjectionDefinition } from '../../../projections/projection-definition.decorator';
import type { Projection } from '../../../projections/projection';
import { TicketCommandRunner } from '../../../tickets/ticket-command-runner';
import { SYSTEM_ACTOR } from '../../../tickets/ticket.events';
import { NPS_RATED, type NpsRatedData } from '../../nps/nps.events';
import { SATISFACTION_RATED, type SatisfactionRatedData } from '../../surveys/survey.events';
import {
  FOLLOW_UP_EVENT_SCHEMA_VERSIONS,
  FOLLOW_UP_RAISED,
  followUpIdForSurvey,
  followUpRaisedEventIdFor,
  followUpStreamName,
  isLowScore,
  type FollowUpRaisedData,
} from '../follow-up.events';

export const FOLLOW_UP_RAISER_PROJECTION = 'follow_up_raiser';

/**
 * The reaction "a low rating raises a follow-up": a checkpointed consumer of SatisfactionRated
 * (CSAT 1–2) and NpsRated (0–6) that appends FollowUpRaised to `follow-up-<id>`.
 *
 * Exactly once, although the append is not in the checkpoint's transaction (a crash between
 * append and checkpoint replays the rating):
 * - the follow-up id derives from the survey id, and the stream is created with `no_stream`, so a
 *   survey raises at most one follow-up, however many answers it gets;
 * - the event id derives from the rating event's id, and its content from the rating only
 *   (`raisedAt` is the rating's time), so a replay is the same append: the store returns the
 *   original result or, if the stream moved on, refuses it; both are ignored.
 *
 * A replacement answer that is no longer low raises nothing and leaves an open follow-up open:
 * the customer was unhappy once, and a supervisor decides whether a call is still due (the
 * follow-up shows the score that raised it). A low replacement of a low answer raises no second
 * follow-up (the survey has one).
 *
 * The team is the ticket's team when the reaction runs (SatisfactionRated does not carry it).
 */
@Injectable()
@ProjectionDefinition()
export class FollowUpRaiserProjection implements Projection {
  readonly name = FOLLOW_UP_RAISER_PROJECTION;
  readonly version = 1;
  readonly eventTypes = [SATISFACTION_RATED, NPS_RATED];
  readonly tables: readonly string[] = [];

  private readonly logger = new Logger(FollowUpRaiserProjection.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tickets: TicketCommandRunner,
  ) {}

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const rating of events) {
      const data = await this.followUpFor(rating);
      if (data) await this.raise(rating, data);
    }
  }

  private async followUpFor(rating: RecordedEvent): Promise<FollowUpRaisedData | undefined> {
    if (rating.type === SATISFACTION_RATED) {
      const csat = rating.data as unknown as SatisfactionRatedData;
      if (!isLowScore('csat', csat.score)) return undefined;
      const { state } = await this.tickets.load(csat.ticketId);
      return {
        followUpId: followUpIdForSurvey('csat', csat.surveyId),
        source: 'csat',
        surveyId: csat.surveyId,
        ticketId: csat.ticketId,
        customerId: csat.customerId,
        agentId: csat.agentId,
        teamId: state.exists ? state.teamId : null,
        score: csat.score,
        comment: csat.comment,
        raisedAt: csat.ratedAt,
      };
    }
    const nps = rating.data as unknown as NpsRatedData;
    if (!isLowScore('nps', nps.score)) return undefined;
    return {
      followUpId: followUpIdForSurvey('nps', nps.surveyId),
      source: 'nps',
      surveyId: nps.surveyId,
      ticketId: null,
      customerId: nps.customerId,
      agentId: null,
      teamId: null,
      score: nps.score,
      comment: nps.comment,
      raisedAt: nps.ratedAt,
    };
  }

  private async raise(rating: RecordedEvent, data: FollowUpRaisedData): Promise<void> {
    const event: NewEvent = {
      id: followUpRaisedEventIdFor(rating.id),
      type: FOLLOW_UP_RAISED,
      data: data as unknown as NewEvent['data'],
      metadata: {
        actor: SYSTEM_ACTOR,
        correlationId: rating.metadata.correlationId,
        causationId: rating.id,
        occurredAt: data.raisedAt,
        schemaVersion: FOLLOW_UP_EVENT_SCHEMA_VERSIONS[FOLLOW_UP_RAISED],
      },
    };
    try {
      await this.store.appendToStream(followUpStreamName(data.followUpId), [event], {
        expectedRevision: 'no_stream',
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError) {
        // Already raised for this survey (by this rating or an earlier one): nothing to do.
        this.logger.debug(`follow-up ${data.followUpId} already raised (rating ${rating.id})`);
        return;
      }
      throw error;
    }
  }
}

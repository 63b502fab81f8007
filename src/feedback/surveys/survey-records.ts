import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type NewEvent } from '../../event-store/event-store.port';
import { WrongExpectedVersionError } from '../../event-store/event-store.errors';
import type { CommandContext } from '../../platform/http/command-context';
import { ID_GENERATOR, type IdGenerator } from '../../platform/ids/id-generator';
import { CLOCK, type Clock } from '../../platform/time/clock';
import { TicketCommandRunner } from '../../tickets/ticket-command-runner';
import { TicketNotFound } from '../../tickets/ticket.errors';
import { SurveySettings } from './survey-settings';
import {
  SURVEY_EVENT_SCHEMA_VERSIONS,
  SURVEY_ISSUED,
  surveyStreamName,
  type SurveyIssuedData,
  type SurveyTrigger,
} from './survey.events';
import { TicketNotSolvedForSurvey } from './survey.errors';

export interface IssueSurveyRequest {
  readonly ticketId: string;
  readonly context: CommandContext;
  readonly trigger: SurveyTrigger;
  /** For the timer: the solve it was set for; a ticket solved again since is not surveyed by it. */
  readonly forSolvedAt?: string;
  /** Defaults to a fresh id; the timer derives it from the solve event (surveyIdForSolve). */
  readonly surveyId?: string;
}

export type IssueOutcome =
  | { readonly issued: true; readonly survey: SurveyIssuedData }
  | { readonly issued: false; readonly reason: 'already_issued' | 'stale' };

/**
 * The survey id the timer uses for a solve: derived from the TicketSolved event id, so a timer
 * handled twice (a crash between append and delete) appends to the same `survey-<id>` stream with
 * `no_stream` and is refused rather than sending the customer a second survey.
 */
export function surveyIdForSolve(solvedEventId: string): string {
  const hex = createHash('sha256').update(`csat-survey-for:${solvedEventId}`).digest('hex');
  // Laid out as a version-4-style uuid (the variant and version nibbles fixed).
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** Issues CSAT surveys (SurveyIssued on `survey-<id>`) and reads them back. */
@Injectable()
export class SurveyRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly tickets: TicketCommandRunner,
    private readonly settings: SurveySettings,
  ) {}

  /**
   * Issues a survey for a solved ticket. Manual issues of a ticket that is not solved throw
   * (409); the timer's stale cases (reopened, solved again, merged) come back as `stale`.
   */
  async issue(request: IssueSurveyRequest): Promise<IssueOutcome> {
    const { state } = await this.tickets.load(request.ticketId);
    if (!state.exists) throw new TicketNotFound(request.ticketId);
    const solvedNow = state.status === 'solved' && state.solvedAt !== null;
    if (request.forSolvedAt !== undefined) {
      // The timer: still the same solve? A close after it keeps the survey (the solve stands);
      // a reopen, a new solve or a merge does not.
      const sameSolve =
        state.solvedAt !== null &&
        Date.parse(state.solvedAt) === Date.parse(request.forSolvedAt) &&
        (state.status === 'solved' || (state.status === 'closed' && state.mergedInto === null));
      if (!sameSolve) return { issued: false, reason: 'stale' };
    } else if (!solvedNow) {
      throw new TicketNotSolvedForSurvey(request.ticketId, state.status);
    }
    const now = this.clock.now();
    const surveyId = request.surveyId ?? this.ids.newId();
    const data: SurveyIssuedData = {
      surveyId,
      kind: 'csat',
      ticketId: state.id,
      customerId: state.customer.id,
      agentId: state.assigneeId,
      trigger: request.trigger,
      solvedAt: new Date(state.solvedAt ?? now).toISOString(),
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.settings.current.validityMs).toISOString(),
    };
    const event: NewEvent = {
      id: this.ids.newId(),
      type: SURVEY_ISSUED,
      data: data as unknown as NewEvent['data'],
      metadata: {
        actor: request.context.actor,
        correlationId: request.context.correlationId,
        causationId: request.context.causationId,
        occurredAt: now.toISOString(),
        schemaVersion: SURVEY_EVENT_SCHEMA_VERSIONS[SURVEY_ISSUED],
        ...(request.context.requestId ? { requestId: request.context.requestId } : {}),
      },
    };
    try {
      await this.store.appendToStream(surveyStreamName(surveyId), [event], {
        expectedRevision: 'no_stream',
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        return { issued: false, reason: 'already_issued' };
      }
      throw error;
    }
    return { issued: true, survey: data };
  }

  /** The survey as issued, or undefined when no such survey exists. */
  async find(surveyId: string): Promise<SurveyIssuedData | undefined> {
    const events = await this.store.readStream(surveyStreamName(surveyId));
    const issued = events.find((event) => event.type === SURVEY_ISSUED);
    return issued ? (issued.data as unknown as SurveyIssuedData) : undefined;
  }
}

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  EventIdConflictError,
  WrongExpectedVersionError,
} from '../../../event-store/event-store.errors';
import {
  EVENT_STORE,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../../event-store/event-store.port';
import { expectedRevisionAfterRead } from '../../../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../../../platform/ids/id-generator';
import { CLOCK, type Clock } from '../../../platform/time/clock';
import {
  AGENT_DIRECTORY,
  type AgentDirectory,
  type DirectoryStatus,
} from '../../../routing/agent-directory.port';
import { decide } from '../../../tickets/ticket.decider';
import { TicketError } from '../../../tickets/ticket.errors';
import { SYSTEM_ACTOR, schemaVersionOf, type TicketEvent } from '../../../tickets/ticket.events';
import {
  TICKET_STREAM_REACTION,
  type ReactionEvent,
  type TicketStreamReaction,
} from '../../../tickets/ticket-stream-reaction.port';
import { evolve, foldTicket, type Ticket } from '../../../tickets/ticket.state';
import { ticketStreamName } from '../../../tickets/ticket.values';
import {
  SLA_CLOCK_EVENT_SCHEMA_VERSIONS,
  isSlaClockEventType,
  type SlaClockEvent,
} from '../sla-clock.events';
import { foldTicketSla, type TicketSlaState } from '../ticket-sla.state';
import { nextDueTimerAt } from './next-due-timer';
import { decideDueTimers, teamsNamedBy, timerEventKey } from './sla-timers.decider';
import { timerEventId } from './sla-timer-ids';

/** Attempts when another writer moved the stream meanwhile (each re-reads: usually nothing left). */
export const FIRE_ATTEMPTS = 5;
/** Re-decisions within one firing (a step that changed the ticket re-applies the policy). */
const MAX_ROUNDS = 20;

export interface SlaTimerFiring {
  readonly ticketId: string;
  /** How many events this firing appended (0: nothing was due, or another instance did it). */
  readonly appended: number;
  /** The stream revision the state below is folded up to. */
  readonly revision: bigint;
  /** The ticket's SLA clocks after the firing, and when its next timer is due (null: none). */
  readonly sla: TicketSlaState;
  readonly nextAt: Date | null;
}

/**
 * Fires a ticket's SLA timers at the clock's now: reads `ticket-<id>`, folds the ticket and its
 * clocks, decides what is due (decideDueTimers), turns escalation commands into ticket events with
 * the ticket decider (actor system), lets the SLA reaction answer those ticket events (a raised
 * priority re-applies the policy) and appends everything in ONE append with the expected revision.
 *
 * Exactly once: warnings, breaches and steps have deterministic ids (timerEventId), and the append
 * names the revision it was decided on. A racing instance either fails the revision check or hits
 * an event-id conflict; both re-read, and then find nothing left to do.
 *
 * Ticket-command refusals (a team deactivated meanwhile, an escalation on a solved ticket) skip
 * that action only: the step is still recorded as taken, so it does not retry forever.
 */
@Injectable()
export class SlaTimerRunner {
  private readonly logger = new Logger('SlaTimers');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AGENT_DIRECTORY) private readonly directory: AgentDirectory,
    @Optional()
    @Inject(TICKET_STREAM_REACTION)
    private readonly reaction: TicketStreamReaction | null = null,
  ) {}

  async fire(ticketId: string): Promise<SlaTimerFiring> {
    const stream = ticketStreamName(ticketId);
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(stream);
      const revision = recorded.at(-1)?.revision ?? -1n;
      const now = this.clock.now();
      const pending = await this.decideAll(ticketId, recorded, now);
      const sla = foldTicketSla([...recorded, ...pending]);
      if (pending.length === 0) {
        return { ticketId, appended: 0, revision, sla, nextAt: nextDueTimerAt(sla) };
      }
      try {
        const result = await this.store.appendToStream(stream, pending, {
          expectedRevision: expectedRevisionAfterRead(revision),
        });
        return {
          ticketId,
          appended: pending.length,
          revision: result.nextExpectedRevision,
          sla,
          nextAt: nextDueTimerAt(sla),
        };
      } catch (error) {
        const raced =
          error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError;
        if (!raced || attempt >= FIRE_ATTEMPTS) throw error;
        this.logger.debug(`ticket ${ticketId}: stream moved while firing, re-reading`);
      }
    }
  }

  /** Every event to append, in order, for what is due at `now` (empty when nothing is). */
  private async decideAll(
    ticketId: string,
    recorded: readonly RecordedEvent[],
    now: Date,
  ): Promise<NewEvent[]> {
    let ticket = foldTicket(recorded as unknown as TicketEvent[]);
    if (!ticket.exists) return [];
    const cause = causeOf(recorded);
    const pending: NewEvent[] = [];
    const teams = new Map<string, DirectoryStatus>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const sla = foldTicketSla([...recorded, ...pending]);
      await this.lookUpTeams(teamsNamedBy(sla.policy), teams);
      const steps = decideDueTimers({ sla, ticket, now, teams, actor: SYSTEM_ACTOR });
      if (steps.length === 0) return pending;
      let ticketChanged = false;
      for (const step of steps) {
        pending.push(...step.events.map((event) => this.slaEvent(event, cause, now)));
        const before: Ticket = ticket;
        const ticketEvents: TicketEvent[] = [];
        for (const command of step.commands) {
          const events = this.decideQuietly(command, ticket);
          ticketEvents.push(...events);
          ticket = events.reduce((state, event) => evolve(state, event) as Ticket, ticket);
        }
        if (ticketEvents.length === 0) continue;
        pending.push(...ticketEvents.map((event) => this.ticketEvent(event, cause, now)));
        const reactions = this.reaction
          ? await this.reaction.react({
              ticketId,
              recorded: [...recorded, ...asRecorded(pending, recorded, now)],
              stateBefore: before,
              ticketEvents,
              now,
            })
          : [];
        pending.push(...reactions.map((event) => this.reactionEvent(event, cause, now)));
        // The ticket changed (and maybe its clocks): decide the rest on the new state.
        ticketChanged = true;
        break;
      }
      if (!ticketChanged) return pending;
    }
    this.logger.warn(`ticket ${ticketId}: escalation kept changing the ticket; stopped`);
    return pending;
  }

  private decideQuietly(
    command: Parameters<typeof decide>[0],
    ticket: Ticket,
  ): readonly TicketEvent[] {
    try {
      return decide(command, ticket);
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      this.logger.warn(`ticket ${ticket.id}: escalation ${command.type} refused (${error.type})`);
      return [];
    }
  }

  private async lookUpTeams(ids: readonly string[], known: Map<string, DirectoryStatus>) {
    for (const id of ids) {
      if (!known.has(id)) known.set(id, (await this.directory.team(id)).status);
    }
  }

  private slaEvent(event: SlaClockEvent, cause: Cause, now: Date): NewEvent {
    const key = timerEventKey(event);
    return {
      id: key ? timerEventId(key) : this.ids.newId(),
      type: event.type,
      data: event.data as unknown as NewEvent['data'],
      metadata: metadataOf(cause, now, SLA_CLOCK_EVENT_SCHEMA_VERSIONS[event.type]),
    };
  }

  private ticketEvent(event: TicketEvent, cause: Cause, now: Date): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      data: event.data as unknown as NewEvent['data'],
      metadata: metadataOf(cause, now, schemaVersionOf(event.type)),
    };
  }

  private reactionEvent(event: ReactionEvent, cause: Cause, now: Date): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      data: event.data,
      metadata: metadataOf(cause, now, event.schemaVersion),
    };
  }
}

interface Cause {
  readonly correlationId: string;
  readonly causationId: string | null;
}

/**
 * A timer event is caused by the SLA event that last scheduled the ticket's clocks (the latest SLA
 * event on the stream, from which the deadline was computed) and joins its conversation.
 */
function causeOf(recorded: readonly RecordedEvent[]): Cause {
  const last =
    [...recorded].reverse().find((event) => isSlaClockEventType(event.type)) ?? recorded.at(-1);
  return {
    correlationId: last?.metadata.correlationId ?? 'sla-timer',
    causationId: last?.id ?? null,
  };
}

function metadataOf(cause: Cause, now: Date, schemaVersion: number): EventMetadata {
  return {
    actor: SYSTEM_ACTOR,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    occurredAt: now.toISOString(),
    schemaVersion,
  };
}

/** The events about to be appended, as the reaction expects recorded ones (it folds them). */
function asRecorded(
  pending: readonly NewEvent[],
  recorded: readonly RecordedEvent[],
  now: Date,
): RecordedEvent[] {
  const base = recorded.at(-1)?.revision ?? -1n;
  const streamName = recorded[0]?.streamName ?? '';
  return pending.map((event, index) => ({
    ...event,
    streamName,
    revision: base + BigInt(index + 1),
    position: '',
    recordedAt: now,
  }));
}

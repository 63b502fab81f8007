import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import type { CommandContext } from '../platform/http/command-context';
import { executeCommandWithRetry, type LoadedState } from '../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../platform/ids/id-generator';
import { CLOCK, type Clock } from '../platform/time/clock';
import type { TicketCommand } from './ticket.commands';
import { decide } from './ticket.decider';
import {
  SYSTEM_ACTOR,
  actorOfTicketEvent,
  schemaVersionOf,
  type TicketEvent,
} from './ticket.events';
import {
  TICKET_STREAM_REACTION,
  type ReactionEvent,
  type TicketStreamReaction,
} from './ticket-stream-reaction.port';
import { evolve, initialState, type TicketState } from './ticket.state';
import { ticketStreamName } from './ticket.values';

export interface TicketCommandRequest {
  readonly ticketId: string;
  readonly context: CommandContext;
  /** From If-Match; undefined lets the runner retry on concurrent writes. */
  readonly ifMatch?: bigint;
  /**
   * Builds the command from the current state and the decision time. Lookups the decider needs
   * (agent directory, merge target) happen here; authorisation checks that depend on the
   * ticket (an agent acting on a ticket of another team) throw here, before anything is decided.
   */
  readonly build: (state: TicketState, now: Date) => TicketCommand | Promise<TicketCommand>;
}

/** The folded ticket plus the events it was folded from (reactions need the whole stream). */
export interface LoadedTicket extends LoadedState<TicketState> {
  readonly recorded: readonly RecordedEvent[];
}

export interface TicketCommandOutcome {
  readonly ticketId: string;
  /** The stream revision after the command (unchanged when the command recorded nothing). */
  readonly revision: bigint;
  /** The ticket events decided (reaction events appended after them are not listed). */
  readonly events: readonly TicketEvent[];
  readonly state: TicketState;
}

/**
 * The one path every ticket command takes: read the stream, fold, decide, append with the
 * expected revision (If-Match → one attempt and 412; otherwise bounded retries then 409).
 */
@Injectable()
export class TicketCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional()
    @Inject(TICKET_STREAM_REACTION)
    private readonly reaction: TicketStreamReaction | null = null,
  ) {}

  async load(ticketId: string): Promise<LoadedTicket> {
    const recorded = await this.eventStore.readStream(ticketStreamName(ticketId));
    let state = initialState();
    for (const event of recorded) state = evolve(state, event as unknown as TicketEvent);
    const last = recorded.at(-1);
    return { state, revision: last ? last.revision : -1n, recorded };
  }

  run(request: TicketCommandRequest): Promise<TicketCommandOutcome> {
    return executeCommandWithRetry({
      ifMatch: request.ifMatch,
      retryLimit: this.config.commandRetryLimit,
      load: () => this.load(request.ticketId),
      decideAndAppend: async (loaded, expectedRevision) => {
        const now = this.clock.now();
        const command = await request.build(loaded.state, now);
        const events = decide(command, loaded.state);
        if (events.length === 0) {
          return {
            ticketId: request.ticketId,
            revision: loaded.revision,
            events,
            state: loaded.state,
          };
        }
        const reactions = this.reaction
          ? await this.reaction.react({
              ticketId: request.ticketId,
              recorded: loaded.recorded,
              stateBefore: loaded.state,
              ticketEvents: events,
              now,
            })
          : [];
        const result = await this.eventStore.appendToStream(
          ticketStreamName(request.ticketId),
          [
            ...events.map((event) => this.toNewEvent(event, request.context, now)),
            ...reactions.map((event) => this.toReactionEvent(event, request.context, now)),
          ],
          { expectedRevision },
        );
        return {
          ticketId: request.ticketId,
          revision: result.nextExpectedRevision,
          events,
          state: events.reduce(evolve, loaded.state),
        };
      },
    });
  }

  private toReactionEvent(event: ReactionEvent, context: CommandContext, now: Date): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      data: event.data,
      metadata: {
        actor: SYSTEM_ACTOR,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: now.toISOString(),
        schemaVersion: event.schemaVersion,
        ...(context.requestId ? { requestId: context.requestId } : {}),
      },
    };
  }

  private toNewEvent(event: TicketEvent, context: CommandContext, now: Date): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      // Event data are interfaces (no index signature); they are plain JSON objects all the same.
      data: event.data as unknown as NewEvent['data'],
      metadata: {
        actor: actorOfTicketEvent(event.type, context.actor),
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: now.toISOString(),
        schemaVersion: schemaVersionOf(event.type),
        ...(context.requestId ? { requestId: context.requestId } : {}),
      },
    };
  }
}

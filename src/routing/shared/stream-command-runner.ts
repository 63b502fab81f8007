import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import type { CommandContext } from '../../platform/http/command-context';
import { executeCommandWithRetry, type LoadedState } from '../../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../../platform/ids/id-generator';
import { CLOCK, type Clock } from '../../platform/time/clock';
import type { DomainEvent, StreamDecider } from './stream-decider';

export interface StreamCommandRequest<TState, TCommand, TEvent extends DomainEvent> {
  readonly decider: StreamDecider<TState, TCommand, TEvent>;
  readonly id: string;
  readonly context: CommandContext;
  /** From If-Match; undefined lets the runner retry on concurrent writes. */
  readonly ifMatch?: bigint;
  /**
   * Builds the commands from the current state and the decision time. Lookups in other streams
   * (the teams a membership names) and per-entity authorisation happen here.
   */
  readonly build: (state: TState, now: Date) => readonly TCommand[] | Promise<readonly TCommand[]>;
}

export interface StreamCommandOutcome<TState, TEvent> {
  readonly id: string;
  /** The stream revision after the command (unchanged when nothing was recorded). */
  readonly revision: bigint;
  readonly events: readonly TEvent[];
  readonly state: TState;
}

/**
 * The path every agent and team command takes, like the tickets' TicketCommandRunner but generic
 * over the decider: read the stream, fold, decide, append with the expected revision (If-Match →
 * one attempt and 412; otherwise bounded retries then 409), with event metadata (actor,
 * correlation and causation ids, occurredAt from CLOCK, schemaVersion, requestId).
 */
@Injectable()
export class StreamCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async load<TState, TCommand, TEvent extends DomainEvent>(
    decider: StreamDecider<TState, TCommand, TEvent>,
    id: string,
  ): Promise<LoadedState<TState>> {
    const recorded = await this.eventStore.readStream(decider.streamName(id));
    return { state: fold(decider, recorded), revision: recorded.at(-1)?.revision ?? -1n };
  }

  run<TState, TCommand, TEvent extends DomainEvent>(
    request: StreamCommandRequest<TState, TCommand, TEvent>,
  ): Promise<StreamCommandOutcome<TState, TEvent>> {
    const { decider } = request;
    return executeCommandWithRetry({
      ifMatch: request.ifMatch,
      retryLimit: this.config.commandRetryLimit,
      load: () => this.load(decider, request.id),
      decideAndAppend: async (loaded, expectedRevision) => {
        const now = this.clock.now();
        const commands = await request.build(loaded.state, now);
        const events = decider.decide(commands, loaded.state);
        if (events.length === 0) {
          return { id: request.id, revision: loaded.revision, events, state: loaded.state };
        }
        const result = await this.eventStore.appendToStream(
          decider.streamName(request.id),
          events.map((event) =>
            this.toNewEvent(event, decider.schemaVersionOf(event.type), request.context, now),
          ),
          { expectedRevision },
        );
        return {
          id: request.id,
          revision: result.nextExpectedRevision,
          events,
          state: events.reduce(decider.evolve, loaded.state),
        };
      },
    });
  }

  private toNewEvent(
    event: DomainEvent,
    schemaVersion: number,
    context: CommandContext,
    now: Date,
  ): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      // Event data are interfaces (no index signature); they are plain JSON objects all the same.
      data: event.data as unknown as NewEvent['data'],
      metadata: {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: now.toISOString(),
        schemaVersion,
        ...(context.requestId ? { requestId: context.requestId } : {}),
      },
    };
  }
}

/** Folds recorded events of one stream, skipping types the decider does not know. */
export function fold<TState, TCommand, TEvent extends DomainEvent>(
  decider: StreamDecider<TState, TCommand, TEvent>,
  recorded: readonly RecordedEvent[],
): TState {
  let state = decider.initialState();
  for (const event of recorded) {
    if (decider.isEventType(event.type)) state = decider.evolve(state, event as unknown as TEvent);
  }
  return state;
}

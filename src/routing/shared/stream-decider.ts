/**
 * What the stream command runner needs to know about one kind of event-sourced entity: how its
 * stream is named, how to fold it and how to decide. The agent and team deciders each provide one.
 */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
}

export interface StreamDecider<TState, TCommand, TEvent extends DomainEvent> {
  readonly streamName: (id: string) => string;
  readonly initialState: () => TState;
  readonly evolve: (state: TState, event: TEvent) => TState;
  /** Decides a list of commands in order against the evolving state: all or nothing. */
  readonly decide: (commands: readonly TCommand[], state: TState) => TEvent[];
  /** Types this decider folds; anything else in the stream is skipped (forward compatibility). */
  readonly isEventType: (type: string) => boolean;
  readonly schemaVersionOf: (type: TEvent['type']) => number;
}

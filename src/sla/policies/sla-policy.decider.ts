/**
 * The SLA policy decider. One command, DefineSlaPolicy (PUT: create or replace):
 * - invalid definition → 400 InvalidSlaDefinition (the HTTP layer checks first; this holds alone);
 * - the calendar it names does not exist (looked up by the handler, passed in) → 422;
 * - no policy yet → SlaPolicyDefined (version 1); a different definition → SlaPolicyChanged
 *   (version + 1); the same definition → nothing.
 */
import type { StreamDecider } from '../../routing/shared/stream-decider';
import { InvalidSlaDefinition, UnknownSlaCalendar } from '../shared/sla.errors';
import { sameJson } from '../shared/sla.values';
import {
  checkSlaPolicy,
  type SlaPolicyDefinition,
  type SlaPolicyInput,
} from './sla-policy.definition';
import {
  SLA_POLICY_EVENT_SCHEMA_VERSIONS,
  isSlaPolicyEventType,
  policyDefinitionOf,
  slaPolicyStreamName,
  type SlaPolicyEvent,
} from './sla-policy.events';

export interface DefineSlaPolicy {
  readonly type: 'DefineSlaPolicy';
  readonly policyId: string;
  readonly definition: SlaPolicyInput;
  /** Whether the calendar the definition names exists (looked up beforehand). */
  readonly calendarExists: boolean;
  readonly at: string;
}

export type SlaPolicyCommand = DefineSlaPolicy;

export interface SlaPolicy {
  readonly exists: true;
  readonly id: string;
  readonly version: number;
  readonly definition: SlaPolicyDefinition;
  readonly definedAt: string;
  readonly updatedAt: string;
}

export type SlaPolicyState = { readonly exists: false } | SlaPolicy;

export function initialSlaPolicyState(): SlaPolicyState {
  return { exists: false };
}

export function evolveSlaPolicy(state: SlaPolicyState, event: SlaPolicyEvent): SlaPolicyState {
  if (event.type === 'SlaPolicyDefined') {
    const d = event.data;
    return {
      exists: true,
      id: d.policyId,
      version: d.version,
      definition: policyDefinitionOf(d),
      definedAt: d.definedAt,
      updatedAt: d.definedAt,
    };
  }
  if (!state.exists) return state;
  return {
    ...state,
    version: event.data.version,
    definition: policyDefinitionOf(event.data),
    updatedAt: event.data.changedAt,
  };
}

export function decideSlaPolicy(
  command: SlaPolicyCommand,
  state: SlaPolicyState,
): SlaPolicyEvent[] {
  const { problems, definition } = checkSlaPolicy(command.definition);
  if (!definition) throw new InvalidSlaDefinition(problems);
  if (!command.calendarExists) throw new UnknownSlaCalendar(definition.calendarId);
  if (!state.exists) {
    return [
      {
        type: 'SlaPolicyDefined',
        data: { policyId: command.policyId, version: 1, ...definition, definedAt: command.at },
      },
    ];
  }
  if (sameJson(definition, state.definition)) return [];
  return [
    {
      type: 'SlaPolicyChanged',
      data: {
        policyId: state.id,
        version: state.version + 1,
        ...definition,
        changedAt: command.at,
      },
    },
  ];
}

export const SLA_POLICY_DECIDER: StreamDecider<SlaPolicyState, SlaPolicyCommand, SlaPolicyEvent> = {
  streamName: slaPolicyStreamName,
  initialState: initialSlaPolicyState,
  evolve: evolveSlaPolicy,
  decide: (commands, state) => {
    const events: SlaPolicyEvent[] = [];
    let current = state;
    for (const command of commands) {
      const decided = decideSlaPolicy(command, current);
      for (const event of decided) current = evolveSlaPolicy(current, event);
      events.push(...decided);
    }
    return events;
  },
  isEventType: isSlaPolicyEventType,
  schemaVersionOf: (type) => SLA_POLICY_EVENT_SCHEMA_VERSIONS[type],
};

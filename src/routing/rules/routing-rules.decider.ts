/**
 * The routing rules decider: one command, DefineRoutingRules (PUT: define or replace the whole
 * set) on the single `routing-rules` stream:
 * - an invalid set → 400 InvalidRoutingRules (the HTTP layer checks first; this holds alone);
 * - no rules yet → RoutingRulesDefined (version 1); a different set → RoutingRulesChanged
 *   (version + 1); the same set → nothing.
 */
import type { StreamDecider } from '../shared/stream-decider';
import { sameJson } from '../directory.values';
import type { RoutingRuleSet } from '../strategies/routing-rules';
import { validateRoutingRules } from '../strategies/routing-rules.validator';
import { InvalidRoutingRules } from './routing-rules.errors';
import {
  ROUTING_RULES_EVENT_SCHEMA_VERSIONS,
  ROUTING_RULES_STREAM,
  isRoutingRulesEventType,
  ruleSetOf,
  type RoutingRulesEvent,
} from './routing-rules.events';

export interface DefineRoutingRules {
  readonly type: 'DefineRoutingRules';
  readonly ruleSet: RoutingRuleSet;
  readonly at: string;
}

export type RoutingRulesCommand = DefineRoutingRules;

export interface DefinedRoutingRules {
  readonly exists: true;
  readonly version: number;
  readonly ruleSet: RoutingRuleSet;
  readonly definedAt: string;
  readonly updatedAt: string;
}

export type RoutingRulesState = { readonly exists: false } | DefinedRoutingRules;

export function initialRoutingRulesState(): RoutingRulesState {
  return { exists: false };
}

export function evolveRoutingRules(
  state: RoutingRulesState,
  event: RoutingRulesEvent,
): RoutingRulesState {
  if (event.type === 'RoutingRulesDefined') {
    const d = event.data;
    return {
      exists: true,
      version: d.version,
      ruleSet: ruleSetOf(d),
      definedAt: d.definedAt,
      updatedAt: d.definedAt,
    };
  }
  if (!state.exists) return state;
  return {
    ...state,
    version: event.data.version,
    ruleSet: ruleSetOf(event.data),
    updatedAt: event.data.changedAt,
  };
}

export function decideRoutingRules(
  command: RoutingRulesCommand,
  state: RoutingRulesState,
): RoutingRulesEvent[] {
  const validation = validateRoutingRules(command.ruleSet);
  if (!validation.ok) throw new InvalidRoutingRules(validation.errors);
  const ruleSet = ruleSetOf(validation.ruleSet);
  if (!state.exists) {
    return [
      { type: 'RoutingRulesDefined', data: { ...ruleSet, version: 1, definedAt: command.at } },
    ];
  }
  if (sameJson(ruleSet, canonical(state.ruleSet))) return [];
  return [
    {
      type: 'RoutingRulesChanged',
      data: { ...ruleSet, version: state.version + 1, changedAt: command.at },
    },
  ];
}

/** The stored set in the validator's normal form (JSONB does not keep key order). */
function canonical(ruleSet: RoutingRuleSet): RoutingRuleSet {
  const validation = validateRoutingRules(ruleSet);
  return validation.ok ? ruleSetOf(validation.ruleSet) : ruleSet;
}

export const ROUTING_RULES_DECIDER: StreamDecider<
  RoutingRulesState,
  RoutingRulesCommand,
  RoutingRulesEvent
> = {
  streamName: () => ROUTING_RULES_STREAM,
  initialState: initialRoutingRulesState,
  evolve: evolveRoutingRules,
  decide: (commands, state) => {
    const events: RoutingRulesEvent[] = [];
    let current = state;
    for (const command of commands) {
      const decided = decideRoutingRules(command, current);
      for (const event of decided) current = evolveRoutingRules(current, event);
      events.push(...decided);
    }
    return events;
  },
  isEventType: isRoutingRulesEventType,
  schemaVersionOf: (type) => ROUTING_RULES_EVENT_SCHEMA_VERSIONS[type],
};

/**
 * What happened to the routing rules, on the single stream `routing-rules`: RoutingRulesDefined
 * (version 1) and RoutingRulesChanged (version + 1), each with the full ordered rule set and the
 * default route. Routing decisions record the rule id that matched; a change never rewrites them.
 */
import type { RoutingRuleSet } from '../strategies/routing-rules';

export const ROUTING_RULES_STREAM = 'routing-rules';

export interface RoutingRulesDefinedData extends RoutingRuleSet {
  readonly version: number;
  readonly definedAt: string;
}

export interface RoutingRulesChangedData extends RoutingRuleSet {
  readonly version: number;
  readonly changedAt: string;
}

export type RoutingRulesDefined = {
  readonly type: 'RoutingRulesDefined';
  readonly data: RoutingRulesDefinedData;
};
export type RoutingRulesChanged = {
  readonly type: 'RoutingRulesChanged';
  readonly data: RoutingRulesChangedData;
};
export type RoutingRulesEvent = RoutingRulesDefined | RoutingRulesChanged;
export type RoutingRulesEventType = RoutingRulesEvent['type'];

export const ROUTING_RULES_EVENT_SCHEMA_VERSIONS: Readonly<Record<RoutingRulesEventType, number>> =
  {
    RoutingRulesDefined: 1,
    RoutingRulesChanged: 1,
  };

export function isRoutingRulesEventType(type: string): type is RoutingRulesEventType {
  return Object.prototype.hasOwnProperty.call(ROUTING_RULES_EVENT_SCHEMA_VERSIONS, type);
}

/** The rule set part of an event's data (without version and time). */
export function ruleSetOf(data: RoutingRuleSet): RoutingRuleSet {
  return { rules: data.rules, defaultRoute: data.defaultRoute };
}

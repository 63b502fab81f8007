/**
 * Routing rules: an ordered list, first match wins, and a default route catches the rest. Within
 * a rule every condition given must hold (AND); each condition lists the values it accepts (OR),
 * and `tags` matches when the ticket has any of them. A condition left out matches everything.
 */
import type { Channel } from '../directory.values';
import type { CustomerTier, Priority, TicketType } from '../../tickets/ticket.values';
import { anyLanguageCovers } from './language';
import type { RequiredSkill } from './required-skills';

export interface RuleConditions {
  readonly channels?: readonly Channel[];
  readonly types?: readonly TicketType[];
  readonly priorities?: readonly Priority[];
  readonly customerTiers?: readonly CustomerTier[];
  /** A bare language (`pt`) also matches its variants (`pt-BR`); see language.ts. */
  readonly languages?: readonly string[];
  /** Any of these tags (compared lower-cased). */
  readonly tags?: readonly string[];
}

export interface RouteTarget {
  readonly teamId: string;
  readonly requiredSkills: readonly RequiredSkill[];
}

export interface RoutingRule extends RouteTarget {
  readonly id: string;
  readonly when: RuleConditions;
}

export interface RoutingRuleSet {
  readonly rules: readonly RoutingRule[];
  readonly defaultRoute: RouteTarget;
}

/** What the rules look at on a ticket. */
export interface TicketFacts {
  readonly channel: Channel;
  readonly type: TicketType;
  readonly priority: Priority;
  readonly customerTier: CustomerTier | null;
  readonly language: string | null;
  readonly tags: readonly string[];
}

export const DEFAULT_RULE_ID = 'default';

export interface RouteDecision extends RouteTarget {
  /** The id of the rule that matched, or `default`. */
  readonly ruleId: string;
}

function accepts<T>(allowed: readonly T[] | undefined, value: T | null): boolean {
  if (allowed === undefined) return true;
  return value !== null && allowed.includes(value);
}

export function ruleMatches(conditions: RuleConditions, ticket: TicketFacts): boolean {
  if (!accepts(conditions.channels, ticket.channel)) return false;
  if (!accepts(conditions.types, ticket.type)) return false;
  if (!accepts(conditions.priorities, ticket.priority)) return false;
  if (!accepts(conditions.customerTiers, ticket.customerTier)) return false;
  if (conditions.languages !== undefined) {
    if (ticket.language === null || !anyLanguageCovers(conditions.languages, ticket.language)) {
      return false;
    }
  }
  if (conditions.tags !== undefined) {
    const tags = new Set(ticket.tags.map((tag) => tag.trim().toLowerCase()));
    if (!conditions.tags.some((tag) => tags.has(tag.trim().toLowerCase()))) return false;
  }
  return true;
}

export function matchRule(ruleSet: RoutingRuleSet, ticket: TicketFacts): RouteDecision {
  const rule = ruleSet.rules.find((candidate) => ruleMatches(candidate.when, ticket));
  if (rule !== undefined) {
    return { ruleId: rule.id, teamId: rule.teamId, requiredSkills: rule.requiredSkills };
  }
  return {
    ruleId: DEFAULT_RULE_ID,
    teamId: ruleSet.defaultRoute.teamId,
    requiredSkills: ruleSet.defaultRoute.requiredSkills,
  };
}

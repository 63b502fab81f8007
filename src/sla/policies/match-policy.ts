/**
 * Which policy applies to a ticket: the first, by (position, id), whose conditions all hold.
 * Pure; the SLA clocks call it whenever priority, tier, channel, type or tags change.
 */
import type { Channel, CustomerTier, Priority, TicketType } from '../../tickets/ticket.values';
import type { SlaPolicyDefinition } from './sla-policy.definition';

export interface TicketFacts {
  readonly priority: Priority;
  /** Undefined when the customer has no tier: then no tier condition matches. */
  readonly customerTier?: CustomerTier | null;
  readonly channel: Channel;
  readonly type?: TicketType | null;
  readonly tags: readonly string[];
}

export interface VersionedPolicy {
  readonly id: string;
  readonly version: number;
  readonly definition: SlaPolicyDefinition;
}

function oneOf<T>(allowed: readonly T[], value: T | null | undefined): boolean {
  return allowed.length === 0 || (value !== null && value !== undefined && allowed.includes(value));
}

export function policyMatches(definition: SlaPolicyDefinition, facts: TicketFacts): boolean {
  const c = definition.conditions;
  const tags = new Set(facts.tags.map((tag) => tag.trim().toLowerCase()));
  return (
    oneOf(c.priorities, facts.priority) &&
    oneOf(c.customerTiers, facts.customerTier) &&
    oneOf(c.channels, facts.channel) &&
    oneOf(c.types, facts.type) &&
    (c.tagsAnyOf.length === 0 || c.tagsAnyOf.some((tag) => tags.has(tag))) &&
    c.tagsAllOf.every((tag) => tags.has(tag))
  );
}

/** The first matching policy by position (ties by id), or undefined when none matches. */
export function matchPolicy<T extends VersionedPolicy>(
  policies: readonly T[],
  facts: TicketFacts,
): T | undefined {
  const ordered = [...policies].sort(
    (a, b) =>
      a.definition.position - b.definition.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return ordered.find((policy) => policyMatches(policy.definition, facts));
}

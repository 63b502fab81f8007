/**
 * What happened to an agent, as plain readonly `{ type, data }` on the stream `agent-<id>`. The
 * decider returns these; the command runner adds `id` and `metadata` (actor, correlation,
 * occurredAt, schemaVersion).
 *
 * Team membership lives here, on the agent's stream (AgentRegistered.teamIds, AgentTeamsChanged):
 * it is the one source of truth. A team's member list is derived from these events by the
 * directory read model, so agent and team can never disagree, and the agent directory can answer
 * "which teams is this agent in" by folding one small stream, current right after the write.
 *
 * Changes carry the full new value and the previous one, so history reads need no folding.
 */
import type { AgentSupportLevel, Availability, Capacity, Skill } from '../directory.values';

export interface AgentRegisteredData {
  readonly agentId: string;
  readonly name: string;
  readonly email: string;
  readonly languages: readonly string[];
  readonly skills: readonly Skill[];
  readonly teamIds: readonly string[];
  readonly capacity: Capacity;
  readonly supportLevel: AgentSupportLevel;
  readonly registeredAt: string;
}

export interface AgentProfileUpdatedData {
  readonly agentId: string;
  readonly name: string;
  readonly email: string;
  readonly languages: readonly string[];
  readonly previousName: string;
  readonly previousEmail: string;
  readonly previousLanguages: readonly string[];
  readonly updatedAt: string;
}

export interface AgentSkillsChangedData {
  readonly agentId: string;
  readonly skills: readonly Skill[];
  readonly previousSkills: readonly Skill[];
  readonly changedAt: string;
}

export interface AgentTeamsChangedData {
  readonly agentId: string;
  readonly teamIds: readonly string[];
  readonly previousTeamIds: readonly string[];
  readonly addedTeamIds: readonly string[];
  readonly removedTeamIds: readonly string[];
  readonly changedAt: string;
}

export interface AgentCapacityChangedData {
  readonly agentId: string;
  readonly capacity: Capacity;
  readonly previousCapacity: Capacity;
  readonly changedAt: string;
}

export interface AgentSupportLevelChangedData {
  readonly agentId: string;
  readonly supportLevel: AgentSupportLevel;
  readonly previousSupportLevel: AgentSupportLevel;
  readonly changedAt: string;
}

export interface AgentDeactivatedData {
  readonly agentId: string;
  readonly reason: string | null;
  readonly deactivatedAt: string;
}

export interface AgentReactivatedData {
  readonly agentId: string;
  readonly reactivatedAt: string;
}

export interface AgentAvailabilityChangedData {
  readonly agentId: string;
  readonly availability: Availability;
  readonly previousAvailability: Availability;
  readonly changedAt: string;
}

type EventOf<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type AgentRegistered = EventOf<'AgentRegistered', AgentRegisteredData>;
export type AgentProfileUpdated = EventOf<'AgentProfileUpdated', AgentProfileUpdatedData>;
export type AgentSkillsChanged = EventOf<'AgentSkillsChanged', AgentSkillsChangedData>;
export type AgentTeamsChanged = EventOf<'AgentTeamsChanged', AgentTeamsChangedData>;
export type AgentCapacityChanged = EventOf<'AgentCapacityChanged', AgentCapacityChangedData>;
export type AgentSupportLevelChanged = EventOf<
  'AgentSupportLevelChanged',
  AgentSupportLevelChangedData
>;
export type AgentDeactivated = EventOf<'AgentDeactivated', AgentDeactivatedData>;
export type AgentReactivated = EventOf<'AgentReactivated', AgentReactivatedData>;
export type AgentAvailabilityChanged = EventOf<
  'AgentAvailabilityChanged',
  AgentAvailabilityChangedData
>;

export type AgentEvent =
  | AgentRegistered
  | AgentProfileUpdated
  | AgentSkillsChanged
  | AgentTeamsChanged
  | AgentCapacityChanged
  | AgentSupportLevelChanged
  | AgentDeactivated
  | AgentReactivated
  | AgentAvailabilityChanged;

export type AgentEventType = AgentEvent['type'];

/** Data schema version per event type (bump with an upcaster when a shape changes). */
export const AGENT_EVENT_SCHEMA_VERSIONS: Readonly<Record<AgentEventType, number>> = {
  AgentRegistered: 1,
  AgentProfileUpdated: 1,
  AgentSkillsChanged: 1,
  AgentTeamsChanged: 1,
  AgentCapacityChanged: 1,
  AgentSupportLevelChanged: 1,
  AgentDeactivated: 1,
  AgentReactivated: 1,
  AgentAvailabilityChanged: 1,
};

export const AGENT_EVENT_TYPES = Object.keys(AGENT_EVENT_SCHEMA_VERSIONS) as AgentEventType[];

export function isAgentEventType(type: string): type is AgentEventType {
  return Object.prototype.hasOwnProperty.call(AGENT_EVENT_SCHEMA_VERSIONS, type);
}

export function agentEventSchemaVersion(type: AgentEventType): number {
  return AGENT_EVENT_SCHEMA_VERSIONS[type];
}

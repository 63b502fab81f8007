/**
 * What happened to a team, as plain readonly `{ type, data }` on the stream `team-<id>`.
 *
 * A team's members are NOT recorded here: membership is on the agents' streams
 * (AgentRegistered.teamIds / AgentTeamsChanged, see agent.events.ts), the one source of truth;
 * the directory read model derives each team's member list from those events.
 */
import type { AssignmentStrategy, Skill } from '../directory.values';

/** A team's settings, as created or after an update. */
export interface TeamSettings {
  readonly name: string;
  /** How the router picks an agent within the team. */
  readonly strategy: AssignmentStrategy;
  /** Skills a ticket routed to this team requires when its rule names none. */
  readonly defaultSkills: readonly Skill[];
  /** Where tickets go when escalated out of this team; null: no escalation team. */
  readonly escalationTeamId: string | null;
  /**
   * When one of its agents goes offline, hand their not-yet-answered tickets back to the team
   * queue (true) or let the agent keep them (false, the default).
   */
  readonly requeueUnansweredOnOffline: boolean;
  /**
   * Whether a ticket pending on the customer stops counting against its agent's capacity (true) or
   * keeps counting (false, the default: the agent still owns the conversation). Absent on events
   * recorded before the setting existed: read as false.
   */
  readonly pendingFreesCapacity?: boolean;
}

export interface TeamCreatedData extends TeamSettings {
  readonly teamId: string;
  readonly createdAt: string;
}

export interface TeamUpdatedData extends TeamSettings {
  readonly teamId: string;
  readonly previous: TeamSettings;
  /** Names of the settings that changed, e.g. `['strategy']`. */
  readonly changed: readonly (keyof TeamSettings)[];
  readonly updatedAt: string;
}

export interface TeamDeactivatedData {
  readonly teamId: string;
  readonly reason: string | null;
  readonly deactivatedAt: string;
}

export interface TeamReactivatedData {
  readonly teamId: string;
  readonly reactivatedAt: string;
}

type EventOf<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type TeamCreated = EventOf<'TeamCreated', TeamCreatedData>;
export type TeamUpdated = EventOf<'TeamUpdated', TeamUpdatedData>;
export type TeamDeactivated = EventOf<'TeamDeactivated', TeamDeactivatedData>;
export type TeamReactivated = EventOf<'TeamReactivated', TeamReactivatedData>;

export type TeamEvent = TeamCreated | TeamUpdated | TeamDeactivated | TeamReactivated;
export type TeamEventType = TeamEvent['type'];

export const TEAM_EVENT_SCHEMA_VERSIONS: Readonly<Record<TeamEventType, number>> = {
  TeamCreated: 1,
  TeamUpdated: 1,
  TeamDeactivated: 1,
  TeamReactivated: 1,
};

export const TEAM_EVENT_TYPES = Object.keys(TEAM_EVENT_SCHEMA_VERSIONS) as TeamEventType[];

export function isTeamEventType(type: string): type is TeamEventType {
  return Object.prototype.hasOwnProperty.call(TEAM_EVENT_SCHEMA_VERSIONS, type);
}

export function teamEventSchemaVersion(type: TeamEventType): number {
  return TEAM_EVENT_SCHEMA_VERSIONS[type];
}

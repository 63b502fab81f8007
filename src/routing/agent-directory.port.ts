/**
 * What the rest of the product may ask about agents and teams, without knowing how the routing
 * feature stores them (event-sourced `agent-<id>` / `team-<id>` streams and their read model).
 */
export const AGENT_DIRECTORY = Symbol('AgentDirectory');

export type DirectoryStatus = 'active' | 'deactivated' | 'unknown';

export interface AgentEntry {
  readonly id: string;
  readonly status: DirectoryStatus;
  /** Ids of the teams the agent is a member of (empty for an unknown agent). */
  readonly teamIds: readonly string[];
}

export interface TeamEntry {
  readonly id: string;
  readonly status: DirectoryStatus;
}

export interface AgentDirectory {
  agent(agentId: string): Promise<AgentEntry>;
  team(teamId: string): Promise<TeamEntry>;
}

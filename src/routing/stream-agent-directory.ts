import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { AgentDirectory, AgentEntry, TeamEntry } from './agent-directory.port';
import { AGENT_DECIDER } from './agents/agent.decider';
import { DIRECTORY_ID_PATTERN } from './directory.values';
import { fold } from './shared/stream-command-runner';
import { TEAM_DECIDER } from './teams/team.decider';

/**
 * The AGENT_DIRECTORY port, answered by folding the agent's (or team's) own stream from the event
 * store on every call, not from the directory read model.
 *
 * Why: ticket commands ask "is this agent active, which teams is it in" right after the agent was
 * registered or moved, and the read model is asynchronous; an assignment decided on a stale
 * answer would be wrong (a just-deactivated agent assigned, a new agent refused). Agent and team
 * streams are tiny (a handful of events, changed by people, not by traffic), so a read is one
 * indexed query returning a few rows. Correctness over speed; cache in front of it only with a
 * way to invalidate on append.
 *
 * Membership comes from the agent's stream alone (its one source of truth), so `agent(id).teamIds`
 * is exactly what the last accepted command left.
 */
@Injectable()
export class StreamAgentDirectory implements AgentDirectory {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async agent(agentId: string): Promise<AgentEntry> {
    if (!DIRECTORY_ID_PATTERN.test(agentId)) return { id: agentId, status: 'unknown', teamIds: [] };
    const state = fold(
      AGENT_DECIDER,
      await this.eventStore.readStream(AGENT_DECIDER.streamName(agentId)),
    );
    if (!state.exists) return { id: agentId, status: 'unknown', teamIds: [] };
    return {
      id: agentId,
      status: state.active ? 'active' : 'deactivated',
      teamIds: [...state.teamIds],
    };
  }

  async team(teamId: string): Promise<TeamEntry> {
    if (!DIRECTORY_ID_PATTERN.test(teamId)) return { id: teamId, status: 'unknown' };
    const state = fold(
      TEAM_DECIDER,
      await this.eventStore.readStream(TEAM_DECIDER.streamName(teamId)),
    );
    if (!state.exists) return { id: teamId, status: 'unknown' };
    return { id: teamId, status: state.active ? 'active' : 'deactivated' };
  }

  /** Several teams at once (a membership change), in the order asked. */
  teams(teamIds: readonly string[]): Promise<TeamEntry[]> {
    return Promise.all([...new Set(teamIds)].map((teamId) => this.team(teamId)));
  }
}

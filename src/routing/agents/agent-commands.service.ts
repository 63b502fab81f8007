import { Injectable } from '@nestjs/common';
import type { TeamEntry } from '../agent-directory.port';
import type { CommandContext } from '../../platform/http/command-context';
import { StreamCommandRunner, type StreamCommandOutcome } from '../shared/stream-command-runner';
import { StreamAgentDirectory } from '../stream-agent-directory';
import type { AgentCommand } from './agent.commands';
import { AGENT_DECIDER } from './agent.decider';
import type { AgentEvent } from './agent.events';
import type { Agent, AgentState } from './agent.state';
import { AgentNotFound } from '../directory.errors';

export type AgentOutcome = StreamCommandOutcome<AgentState, AgentEvent>;

/**
 * Runs agent commands through the stream command runner. `build` gets the state and the decision
 * time; team ids it names are looked up here (as TeamEntry) so the decider can check them.
 */
@Injectable()
export class AgentCommands {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly directory: StreamAgentDirectory,
  ) {}

  run(request: {
    agentId: string;
    context: CommandContext;
    ifMatch?: bigint;
    build: (
      state: AgentState,
      at: string,
    ) => readonly AgentCommand[] | Promise<readonly AgentCommand[]>;
  }): Promise<AgentOutcome> {
    return this.runner.run({
      decider: AGENT_DECIDER,
      id: request.agentId,
      context: request.context,
      ifMatch: request.ifMatch,
      build: (state, now) => request.build(state, now.toISOString()),
    });
  }

  /** The teams a membership names, as the directory sees them (unknown ones included). */
  teams(teamIds: readonly string[]): Promise<TeamEntry[]> {
    return this.directory.teams(teamIds);
  }

  /** The agent folded from its stream, with its revision; 404 when it does not exist. */
  async load(agentId: string): Promise<{ agent: Agent; revision: bigint }> {
    const loaded = await this.runner.load(AGENT_DECIDER, agentId);
    if (!loaded.state.exists) throw new AgentNotFound(agentId);
    return { agent: loaded.state, revision: loaded.revision };
  }
}

/** The agent a successful command left (it always exists after one). */
export function agentAfter(outcome: AgentOutcome): Agent {
  if (!outcome.state.exists) throw new AgentNotFound(outcome.id);
  return outcome.state;
}

import { Injectable } from '@nestjs/common';
import type { TeamEntry } from '../agent-directory.port';
import type { CommandContext } from '../../platform/http/command-context';
import { DirectoryQueries } from '../directory-read-model/directory.queries';
import { TeamNotFound } from '../directory.errors';
import { StreamCommandRunner, type StreamCommandOutcome } from '../shared/stream-command-runner';
import { StreamAgentDirectory } from '../stream-agent-directory';
import type { TeamCommand } from './team.commands';
import { TEAM_DECIDER } from './team.decider';
import type { TeamEvent } from './team.events';
import { MAX_LISTED_MEMBERS, toTeamResponse, type TeamResponse } from './team.response';
import type { Team, TeamState } from './team.state';

export type TeamOutcome = StreamCommandOutcome<TeamState, TeamEvent>;

/** Runs team commands through the stream command runner and renders teams with their members. */
@Injectable()
export class TeamCommands {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly directory: StreamAgentDirectory,
    private readonly queries: DirectoryQueries,
  ) {}

  run(request: {
    teamId: string;
    context: CommandContext;
    ifMatch?: bigint;
    build: (state: TeamState, at: string) => readonly TeamCommand[];
  }): Promise<TeamOutcome> {
    return this.runner.run({
      decider: TEAM_DECIDER,
      id: request.teamId,
      context: request.context,
      ifMatch: request.ifMatch,
      build: (state, now) => request.build(state, now.toISOString()),
    });
  }

  /** The team as the directory sees it (for an escalation team named in a command). */
  lookup(teamId: string): Promise<TeamEntry> {
    return this.directory.team(teamId);
  }

  async load(teamId: string): Promise<{ team: Team; revision: bigint }> {
    const loaded = await this.runner.load(TEAM_DECIDER, teamId);
    if (!loaded.state.exists) throw new TeamNotFound(teamId);
    return { team: loaded.state, revision: loaded.revision };
  }

  /** The team folded from its stream, with its members from the read model. */
  async render(team: Team, revision: bigint): Promise<TeamResponse> {
    return toTeamResponse(team, revision, await this.queries.members(team.id, MAX_LISTED_MEMBERS));
  }

  async renderOutcome(outcome: TeamOutcome): Promise<TeamResponse> {
    if (!outcome.state.exists) throw new TeamNotFound(outcome.id);
    return this.render(outcome.state, outcome.revision);
  }
}

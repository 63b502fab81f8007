import { Module } from '@nestjs/common';
import { AGENT_DIRECTORY } from './agent-directory.port';
import { AgentCommands } from './agents/agent-commands.service';
import { AgentHistoryController } from './agents/agent-history/agent-history.controller';
import { ChangeAvailabilityController } from './agents/change-availability/change-availability.controller';
import { GetAgentController } from './agents/get-agent/get-agent.controller';
import { ListAgentsController } from './agents/list-agents/list-agents.controller';
import { RegisterAgentController } from './agents/register-agent/register-agent.controller';
import { UpdateAgentController } from './agents/update-agent/update-agent.controller';
import { DirectoryProjection } from './directory-read-model/directory.projection';
import { DirectoryQueries } from './directory-read-model/directory.queries';
import { StreamCommandRunner } from './shared/stream-command-runner';
import { StreamAgentDirectory } from './stream-agent-directory';
import { CreateTeamController } from './teams/create-team/create-team.controller';
import { GetTeamController } from './teams/get-team/get-team.controller';
import { ListTeamsController } from './teams/list-teams/list-teams.controller';
import { TeamCommands } from './teams/team-commands.service';
import { TeamHistoryController } from './teams/team-history/team-history.controller';
import { UpdateTeamController } from './teams/update-team/update-team.controller';

/**
 * Agents and teams (event-sourced on `agent-<id>` / `team-<id>`), their REST API, the directory
 * read model, and AGENT_DIRECTORY for the rest of the product (answered from the streams, so it
 * is current right after a write). Needs the global EVENT_STORE, CLOCK, ID_GENERATOR, APP_CONFIG
 * and TypeORM DataSource.
 */
@Module({
  controllers: [
    RegisterAgentController,
    ListAgentsController,
    GetAgentController,
    UpdateAgentController,
    ChangeAvailabilityController,
    AgentHistoryController,
    CreateTeamController,
    ListTeamsController,
    GetTeamController,
    UpdateTeamController,
    TeamHistoryController,
  ],
  providers: [
    StreamCommandRunner,
    StreamAgentDirectory,
    { provide: AGENT_DIRECTORY, useExisting: StreamAgentDirectory },
    AgentCommands,
    TeamCommands,
    DirectoryQueries,
    DirectoryProjection,
  ],
  exports: [AGENT_DIRECTORY],
})
export class DirectoryModule {}

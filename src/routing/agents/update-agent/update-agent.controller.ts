import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiConflictResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { IF_MATCH_HEADER_DOC, idParam, isDirectoryId } from '../../shared/directory-params';
import { AgentNotFound } from '../../directory.errors';
import type { AgentCommand } from '../agent.commands';
import { AgentCommands, agentAfter } from '../agent-commands.service';
import { AgentResponse, toAgentResponse } from '../agent.response';
import { capacityInput } from '../capacity.dto';
import { UpdateAgentRequest } from './update-agent.request.dto';

@ApiTags('agents')
@Controller('agents')
export class UpdateAgentController {
  constructor(private readonly agents: AgentCommands) {}

  @Patch(':id')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Change an agent',
    description:
      'Records one event per aspect that changes (AgentProfileUpdated, AgentSkillsChanged, AgentTeamsChanged, AgentCapacityChanged, AgentSupportLevelChanged, AgentDeactivated/AgentReactivated), appended together. Values equal to the current ones record nothing. Send If-Match with the ETag you read to refuse a change made meanwhile (412).',
  })
  @ApiParam(idParam('agent'))
  @ApiHeader(IF_MATCH_HEADER_DOC)
  @ApiOkResponse({ type: AgentResponse, description: 'The agent after the change (ETag set).' })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  @ApiConflictResponse({
    description: 'Deactivating a deactivated agent or reactivating an active one.',
  })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' })
  @ApiUnprocessableEntityResponse({
    description: 'An unknown or deactivated team, a duplicate skill, …',
  })
  async update(
    @Param('id') agentId: string,
    @Body() body: UpdateAgentRequest,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    if (!isDirectoryId(agentId)) throw new AgentNotFound(agentId);
    const teams = body.teams === undefined ? undefined : await this.agents.teams(body.teams);
    const outcome = await this.agents.run({
      agentId,
      context,
      ifMatch,
      build: (_state, at) => {
        const commands: AgentCommand[] = [];
        const base = { agentId, at };
        if (body.active === true) commands.push({ type: 'ReactivateAgent', ...base, data: {} });
        if (body.name !== undefined || body.email !== undefined || body.languages !== undefined) {
          commands.push({
            type: 'UpdateAgentProfile',
            ...base,
            data: { name: body.name, email: body.email, languages: body.languages },
          });
        }
        if (body.skills !== undefined) {
          commands.push({ type: 'ChangeAgentSkills', ...base, data: { skills: body.skills } });
        }
        if (teams !== undefined) {
          commands.push({ type: 'ChangeAgentTeams', ...base, data: { teams } });
        }
        if (body.capacity !== undefined) {
          commands.push({
            type: 'ChangeAgentCapacity',
            ...base,
            data: { capacity: capacityInput(body.capacity) },
          });
        }
        if (body.supportLevel !== undefined) {
          commands.push({
            type: 'ChangeAgentSupportLevel',
            ...base,
            data: { supportLevel: body.supportLevel },
          });
        }
        if (body.active === false) {
          commands.push({
            type: 'DeactivateAgent',
            ...base,
            data: { reason: body.deactivationReason ?? null },
          });
        }
        // An empty PATCH still answers 404 for an agent that does not exist.
        if (commands.length === 0) {
          commands.push({ type: 'UpdateAgentProfile', ...base, data: {} });
        }
        return commands;
      },
    });
    reply.header('ETag', formatEtag(outcome.revision));
    return toAgentResponse(agentAfter(outcome), outcome.revision);
  }
}

import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { formatEtag } from '../../../platform/http/concurrency';
import { AgentNotFound } from '../../directory.errors';
import { idParam, isDirectoryId } from '../../shared/directory-params';
import { AgentCommands } from '../agent-commands.service';
import { AgentResponse, toAgentResponse } from '../agent.response';

@ApiTags('agents')
@Controller('agents')
export class GetAgentController {
  constructor(private readonly agents: AgentCommands) {}

  @Get(':id')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Get one agent',
    description:
      'Folded from the agent’s stream, so it reflects every accepted change at once. The ETag is the stream revision; send it back as If-Match on PATCH.',
  })
  @ApiParam(idParam('agent'))
  @ApiOkResponse({ type: AgentResponse })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  async get(
    @Param('id') agentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentResponse> {
    if (!isDirectoryId(agentId)) throw new AgentNotFound(agentId);
    const { agent, revision } = await this.agents.load(agentId);
    reply.header('ETag', formatEtag(revision));
    return toAgentResponse(agent, revision);
  }
}

import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../../../auth/auth.decorators';
import type { Principal } from '../../../auth/principal';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { ApiIdempotencyKey } from '../../../platform/idempotency/idempotency.decorators';
import { AgentNotFound, AvailabilityChangeForbidden } from '../../directory.errors';
import { IF_MATCH_HEADER_DOC, idParam, isDirectoryId } from '../../shared/directory-params';
import { AgentCommands, agentAfter } from '../agent-commands.service';
import { AgentResponse, toAgentResponse } from '../agent.response';
import { ChangeAvailabilityRequest } from './change-availability.request.dto';

@ApiTags('agents')
@Controller('agents')
export class ChangeAvailabilityController {
  constructor(private readonly agents: AgentCommands) {}

  @Post(':id/availability')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'admin')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: "Change an agent's availability (online, away, offline)",
    description:
      'Records AgentAvailabilityChanged (nothing when the status is unchanged). An agent key may change only its own agent (403 otherwise); supervisors and admins anyone’s. A deactivated agent cannot change it (409).',
  })
  @ApiParam(idParam('agent'))
  @ApiHeader(IF_MATCH_HEADER_DOC)
  @ApiOkResponse({ type: AgentResponse, description: 'The agent after the change (ETag set).' })
  @ApiNotFoundResponse({ description: 'No such agent.' })
  @ApiConflictResponse({ description: 'The agent is deactivated.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' })
  async change(
    @Param('id') agentId: string,
    @Body() body: ChangeAvailabilityRequest,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    // Checked before anything is read: an agent learns nothing about other agents here.
    if (principal.role === 'agent' && principal.principalId !== agentId) {
      throw new AvailabilityChangeForbidden(agentId);
    }
    if (!isDirectoryId(agentId)) throw new AgentNotFound(agentId);
    const outcome = await this.agents.run({
      agentId,
      context,
      ifMatch,
      build: (_state, at) => [
        {
          type: 'ChangeAgentAvailability',
          agentId,
          at,
          data: { availability: body.status },
        },
      ],
    });
    reply.header('ETag', formatEtag(outcome.revision));
    return toAgentResponse(agentAfter(outcome), outcome.revision);
  }
}

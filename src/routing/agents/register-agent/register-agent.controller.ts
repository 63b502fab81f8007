import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiConflictResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag } from '../../../platform/http/concurrency';
import { ApiIdempotencyKey } from '../../../platform/idempotency/idempotency.decorators';
import { ID_GENERATOR, type IdGenerator } from '../../../platform/ids/id-generator';
import { AgentCommands, agentAfter } from '../agent-commands.service';
import { AgentResponse, toAgentResponse } from '../agent.response';
import { capacityInput } from '../capacity.dto';
import { DEFAULT_AGENT_CAPACITY, RegisterAgentRequest } from './register-agent.request.dto';

@ApiTags('agents')
@Controller('agents')
export class RegisterAgentController {
  constructor(
    private readonly agents: AgentCommands,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'supervisor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Register an agent',
    description:
      'Records AgentRegistered on the new stream `agent-<id>`. The agent starts active and offline. Give it an API key with role `agent` and this id as principal (POST /admin/api-keys) to let it work.',
  })
  @ApiCreatedResponse({ type: AgentResponse, description: 'Location and ETag headers are set.' })
  @ApiUnprocessableEntityResponse({
    description:
      'A rule the schema cannot express: an unknown or deactivated team, a skill listed twice, a per-channel capacity above max.',
  })
  @ApiConflictResponse({ description: 'An agent with the generated id exists (retry).' })
  async register(
    @Body() body: RegisterAgentRequest,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentResponse> {
    const agentId = this.ids.newId();
    const teams = await this.agents.teams(body.teams ?? []);
    const outcome = await this.agents.run({
      agentId,
      context,
      build: (_state, at) => [
        {
          type: 'RegisterAgent',
          agentId,
          at,
          data: {
            name: body.name,
            email: body.email,
            languages: body.languages ?? [],
            skills: body.skills ?? [],
            teams,
            capacity: body.capacity
              ? capacityInput(body.capacity)
              : { max: DEFAULT_AGENT_CAPACITY },
            supportLevel: body.supportLevel ?? 1,
          },
        },
      ],
    });
    reply.header('Location', `/agents/${agentId}`);
    reply.header('ETag', formatEtag(outcome.revision));
    return toAgentResponse(agentAfter(outcome), outcome.revision);
  }
}

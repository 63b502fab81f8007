import { Controller, Get, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { formatEtag } from '../../../platform/http/concurrency';
import { RoutingRulesCommands } from '../routing-rules-commands.service';
import { RoutingRulesResponse, toRoutingRulesResponse } from '../routing-rules.response';

@ApiTags('routing')
@Controller('routing/rules')
export class GetRoutingRulesController {
  constructor(private readonly commands: RoutingRulesCommands) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Get the routing rules',
    description:
      'Folded from the `routing-rules` stream (always current). The ETag is the stream revision.',
  })
  @ApiOkResponse({ type: RoutingRulesResponse })
  @ApiNotFoundResponse({ description: 'No rules defined yet (`routing-rules-not-defined`).' })
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<RoutingRulesResponse> {
    const { rules, revision } = await this.commands.load();
    reply.header('ETag', formatEtag(revision));
    return toRoutingRulesResponse(rules, revision);
  }
}

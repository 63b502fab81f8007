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
import { SlaConfigCommands } from '../../shared/sla-config-commands.service';
import { SlaPolicyNotFound } from '../../shared/sla.errors';
import { slaIdParam } from '../../shared/sla-params';
import { isSlaId } from '../../shared/sla.values';
import { SlaPolicyResponse, toSlaPolicyResponse } from '../sla-policy.response';

@ApiTags('sla')
@Controller('sla/policies')
export class GetPolicyController {
  constructor(private readonly commands: SlaConfigCommands) {}

  @Get(':id')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Get one SLA policy',
    description: 'Folded from its stream (always current). The ETag is the stream revision.',
  })
  @ApiParam(slaIdParam('policy'))
  @ApiOkResponse({ type: SlaPolicyResponse })
  @ApiNotFoundResponse({ description: 'No such policy.' })
  async get(
    @Param('id') policyId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaPolicyResponse> {
    if (!isSlaId(policyId)) throw new SlaPolicyNotFound(policyId);
    const { policy, revision } = await this.commands.loadPolicy(policyId);
    reply.header('ETag', formatEtag(revision));
    return toSlaPolicyResponse(policy, revision);
  }
}

import { Body, Controller, Headers, Param, Put, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { SlaConfigCommands } from '../../shared/sla-config-commands.service';
import { SlaPolicyNotFound } from '../../shared/sla.errors';
import { SLA_IF_MATCH_HEADER_DOC, slaIdParam, slaValidationProblem } from '../../shared/sla-params';
import { isSlaId } from '../../shared/sla.values';
import { checkSlaPolicy, type SlaPolicyInput } from '../sla-policy.definition';
import { SlaPolicyResponse, toSlaPolicyResponse } from '../sla-policy.response';
import { DefinePolicyRequest } from './define-policy.request.dto';

@ApiTags('sla')
@Controller('sla/policies')
export class DefinePolicyController {
  constructor(private readonly commands: SlaConfigCommands) {}

  @Put(':id')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Create or replace an SLA policy',
    description:
      'Records SlaPolicyDefined (201) or SlaPolicyChanged (200) on `sla-policy-<id>` with the full definition and a version; an identical definition records nothing (200). Durations are ISO-8601 (PT1H, P1DT4H), positive and at most P365D; thresholds ascending in (0,1). Tickets keep the version they were given until re-evaluated.',
  })
  @ApiParam(slaIdParam('policy'))
  @ApiHeader(SLA_IF_MATCH_HEADER_DOC)
  @ApiCreatedResponse({ type: SlaPolicyResponse, description: 'Defined (ETag set).' })
  @ApiOkResponse({ type: SlaPolicyResponse, description: 'Replaced or unchanged (ETag set).' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' })
  @ApiUnprocessableEntityResponse({ description: 'The calendar does not exist.' })
  async define(
    @Param('id') policyId: string,
    @Body() body: DefinePolicyRequest,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaPolicyResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    if (!isSlaId(policyId)) throw new SlaPolicyNotFound(policyId);
    // Plain JSON: the DTO instance may carry undefined properties.
    const definition = JSON.parse(JSON.stringify(body)) as SlaPolicyInput;
    const { problems } = checkSlaPolicy(definition);
    if (problems.length > 0) throw slaValidationProblem(problems);
    const outcome = await this.commands.definePolicy({ policyId, definition, context, ifMatch });
    if (!outcome.state.exists) throw new SlaPolicyNotFound(policyId);
    const created = outcome.events.some((event) => event.type === 'SlaPolicyDefined');
    reply.status(created ? 201 : 200);
    reply.header('ETag', formatEtag(outcome.revision));
    if (created) reply.header('Location', `/sla/policies/${policyId}`);
    return toSlaPolicyResponse(outcome.state, outcome.revision);
  }
}

import { Body, Controller, Headers, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { validationProblem } from '../../../platform/http/validation';
import {
  validateRoutingRules,
  type RoutingRuleSetInput,
} from '../../strategies/routing-rules.validator';
import { RoutingRulesCommands } from '../routing-rules-commands.service';
import { PutRoutingRulesRequest } from '../routing-rules.dto';
import { RoutingRulesNotDefined } from '../routing-rules.errors';
import { RoutingRulesResponse, toRoutingRulesResponse } from '../routing-rules.response';

const IF_MATCH_HEADER_DOC = {
  name: 'If-Match',
  required: false,
  description:
    'The ETag from a read (W/"<revision>"): the rules are replaced only if they are still at that revision, else 412. Omit it to replace whatever is current.',
  schema: { type: 'string' as const, maxLength: 24, pattern: '^(W/)?"[0-9]{1,19}"$' },
};

@ApiTags('routing')
@Controller('routing/rules')
export class DefineRoutingRulesController {
  constructor(private readonly commands: RoutingRulesCommands) {}

  @Put()
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Define or replace the routing rules',
    description:
      'The whole ordered rule set (first match wins) and the default route. Records RoutingRulesDefined (201) or RoutingRulesChanged (200) on `routing-rules` with the full set and a version; an identical set records nothing (200). The ETag is the stream revision.',
  })
  @ApiHeader(IF_MATCH_HEADER_DOC)
  @ApiCreatedResponse({ type: RoutingRulesResponse, description: 'Defined (ETag set).' })
  @ApiOkResponse({ type: RoutingRulesResponse, description: 'Replaced or unchanged (ETag set).' })
  @ApiBadRequestResponse({ description: 'Field errors, all at once.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' })
  async define(
    @Body() body: PutRoutingRulesRequest,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RoutingRulesResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    // Plain JSON: the DTO instance may carry undefined properties.
    const input = JSON.parse(JSON.stringify(body)) as RoutingRuleSetInput;
    const validation = validateRoutingRules(input);
    if (!validation.ok) throw validationProblem(validation.errors);
    const outcome = await this.commands.define({
      ruleSet: validation.ruleSet,
      context,
      ifMatch,
    });
    if (!outcome.state.exists) throw new RoutingRulesNotDefined();
    const created = outcome.events.some((event) => event.type === 'RoutingRulesDefined');
    reply.status(created ? 201 : 200);
    reply.header('ETag', formatEtag(outcome.revision));
    if (created) reply.header('Location', '/routing/rules');
    return toRoutingRulesResponse(outcome.state, outcome.revision);
  }
}

import { ApiProperty } from '@nestjs/swagger';
import { MAX_ROUTING_RULES } from '../strategies/routing-rules.validator';
import type { DefinedRoutingRules } from './routing-rules.decider';
import { RouteTargetDto, RoutingRuleDto } from './routing-rules.dto';

/** The current routing rules as the API shows them (normalised: tags lower-cased, skills empty). */
export class RoutingRulesResponse {
  @ApiProperty({ type: [RoutingRuleDto], maxItems: MAX_ROUTING_RULES })
  rules!: RoutingRuleDto[];

  @ApiProperty({ type: RouteTargetDto })
  defaultRoute!: RouteTargetDto;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    description: '1 when defined, +1 per change.',
  })
  version!: number;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    description: 'Stream revision (the ETag).',
  })
  revision!: string;

  @ApiProperty({ format: 'date-time', maxLength: 40 })
  definedAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 40 })
  updatedAt!: string;
}

export function toRoutingRulesResponse(
  state: DefinedRoutingRules,
  revision: bigint,
): RoutingRulesResponse {
  return {
    ...(JSON.parse(JSON.stringify(state.ruleSet)) as Pick<
      RoutingRulesResponse,
      'rules' | 'defaultRoute'
    >),
    version: state.version,
    revision: revision.toString(),
    definedAt: state.definedAt,
    updatedAt: state.updatedAt,
  };
}

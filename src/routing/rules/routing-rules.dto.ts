/**
 * Request and response shapes of the routing rules. class-validator checks only types and sizes;
 * the rules themselves (known channels, priorities, tiers and types, id and skill patterns, level
 * range, unique rule ids, a default route) are validateRoutingRules', so each problem has one
 * field-level error with the validator's code.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_TIERS, PRIORITIES, TICKET_TYPES } from '../../tickets/ticket.values';
import {
  CHANNELS,
  DIRECTORY_ID_PATTERN,
  LANGUAGE_PATTERN,
  MAX_SKILL_LEVEL,
  MAX_SKILLS,
  MIN_SKILL_LEVEL,
  SKILL_NAME_PATTERN,
} from '../directory.values';
import { MAX_CONDITION_VALUES, MAX_ROUTING_RULES } from '../strategies/routing-rules.validator';

const MAX_ID_LENGTH = 128;
const MAX_TAG_LENGTH = 100;

function conditionList(
  items: { enum: readonly string[] } | { maxLength: number; pattern?: string },
  description: string,
): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      type: 'array',
      items:
        'enum' in items ? { type: 'string', enum: [...items.enum] } : { type: 'string', ...items },
      minItems: 1,
      maxItems: MAX_CONDITION_VALUES,
      description,
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_CONDITION_VALUES),
    IsString({ each: true }),
    MaxLength(MAX_TAG_LENGTH, { each: true }),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** Every condition given must hold; each lists the values it accepts. Omitted: matches all. */
export class RuleConditionsDto {
  @conditionList({ enum: CHANNELS }, 'The ticket channel is one of these.')
  channels?: string[];

  @conditionList({ enum: TICKET_TYPES }, 'The ticket type is one of these.')
  types?: string[];

  @conditionList({ enum: PRIORITIES }, 'The ticket priority is one of these.')
  priorities?: string[];

  @conditionList({ enum: CUSTOMER_TIERS }, 'The customer tier is one of these.')
  customerTiers?: string[];

  @conditionList(
    { maxLength: 20, pattern: LANGUAGE_PATTERN.source },
    'The ticket language is one of these; a bare language (`pt`) also matches its variants (`pt-BR`).',
  )
  languages?: string[];

  @conditionList(
    { maxLength: MAX_TAG_LENGTH, pattern: '\\S' },
    'The ticket has any of these tags (compared lower-cased).',
  )
  tags?: string[];
}

/** A skill the assigned agent must have at `minLevel` or above. */
export class RequiredSkillDto {
  @ApiProperty({ example: 'billing', maxLength: 50, pattern: SKILL_NAME_PATTERN.source })
  @IsString()
  @MaxLength(50)
  skill!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: MIN_SKILL_LEVEL,
    maximum: MAX_SKILL_LEVEL,
    example: 3,
  })
  @IsInt()
  minLevel!: number;
}

/** Where a ticket goes: a team, and the skills its agent needs. */
export class RouteTargetDto {
  @ApiProperty({
    example: 'billing-team',
    maxLength: MAX_ID_LENGTH,
    pattern: DIRECTORY_ID_PATTERN.source,
  })
  @IsString()
  @MaxLength(MAX_ID_LENGTH)
  teamId!: string;

  @ApiPropertyOptional({ type: [RequiredSkillDto], maxItems: MAX_SKILLS, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @ValidateNested({ each: true })
  @Type(() => RequiredSkillDto)
  requiredSkills?: RequiredSkillDto[];
}

export class RoutingRuleDto extends RouteTargetDto {
  @ApiProperty({
    example: 'vip-billing',
    maxLength: MAX_ID_LENGTH,
    pattern: DIRECTORY_ID_PATTERN.source,
    description: 'Unique within the set; `default` is reserved for the default route.',
  })
  @IsString()
  @MaxLength(MAX_ID_LENGTH)
  id!: string;

  @ApiPropertyOptional({ type: RuleConditionsDto, description: 'Omitted: matches every ticket.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuleConditionsDto)
  when?: RuleConditionsDto;
}

/** The whole rule set: first matching rule wins, the default route catches the rest. */
export class PutRoutingRulesRequest {
  @ApiProperty({ type: [RoutingRuleDto], maxItems: MAX_ROUTING_RULES })
  @IsArray()
  @ArrayMaxSize(MAX_ROUTING_RULES)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleDto)
  rules!: RoutingRuleDto[];

  // Required (documented so); the validator reports a missing one with its own code.
  @ApiProperty({ type: RouteTargetDto, description: 'Where tickets no rule matches go.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RouteTargetDto)
  defaultRoute?: RouteTargetDto | null;
}

/**
 * Request/response shapes of SLA policies. class-validator checks types and bounds; the rules
 * (durations positive and bounded, thresholds ascending in (0,1), step consistency) are
 * checkSlaPolicy's, so every rule violation has one field-level message.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, CUSTOMER_TIERS, PRIORITIES, TICKET_TYPES } from '../../tickets/ticket.values';
import { ISO_DURATION_PATTERN, SLA_ID_PATTERN, SLA_TARGETS } from '../shared/sla.values';
import {
  ESCALATION_ACTIONS,
  ESCALATION_TRIGGERS,
  MAX_ACTIONS_PER_STEP,
  MAX_CONDITION_VALUES,
  MAX_ESCALATION_STEPS,
  MAX_NOTIFY_MESSAGE,
  MAX_THRESHOLDS,
} from './sla-policy.definition';

const DURATION_DOC = {
  maxLength: 24,
  pattern: ISO_DURATION_PATTERN.source,
  description:
    'ISO-8601 duration of business time in days/hours/minutes/seconds (PT1H, P1DT4H); 1 second to 365 days.',
};

function enumArray(values: readonly string[], description: string, max: number): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', enum: [...values] },
      maxItems: max,
      description,
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    IsIn(values, { each: true }),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

function tagArray(description: string): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', maxLength: 50, pattern: '^\\S+$' },
      maxItems: MAX_CONDITION_VALUES,
      description,
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_CONDITION_VALUES),
    IsString({ each: true }),
    MaxLength(50, { each: true }),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export class SlaConditionsDto {
  @enumArray(PRIORITIES, 'Ticket priority is one of these (empty/omitted: any).', PRIORITIES.length)
  priorities?: string[];

  @enumArray(CUSTOMER_TIERS, 'Customer tier is one of these.', CUSTOMER_TIERS.length)
  customerTiers?: string[];

  @enumArray(CHANNELS, 'Ticket channel is one of these.', CHANNELS.length)
  channels?: string[];

  @enumArray(TICKET_TYPES, 'Ticket type is one of these.', TICKET_TYPES.length)
  types?: string[];

  @tagArray('The ticket has at least one of these tags.')
  tagsAnyOf?: string[];

  @tagArray('The ticket has every one of these tags.')
  tagsAllOf?: string[];
}

function durationProperty(what: string): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      ...DURATION_DOC,
      example: 'PT4H',
      description: `${what}. ${DURATION_DOC.description}`,
    }),
    IsOptional(),
    IsString(),
    MaxLength(24),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export class SlaTargetDurationsDto {
  @durationProperty('Until the first public agent reply') firstResponse?: string;
  @durationProperty('Until the agent answers each later customer message') nextResponse?: string;
  @durationProperty('Until the ticket is solved') resolution?: string;
}

function targetsOf(priority: string): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      type: SlaTargetDurationsDto,
      description: `Targets for ${priority} tickets (omitted: not measured).`,
    }),
    IsOptional(),
    ValidateNested(),
    Type(() => SlaTargetDurationsDto),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export class SlaTargetsDto {
  @targetsOf('low') low?: SlaTargetDurationsDto;
  @targetsOf('normal') normal?: SlaTargetDurationsDto;
  @targetsOf('high') high?: SlaTargetDurationsDto;
  @targetsOf('urgent') urgent?: SlaTargetDurationsDto;
}

export class SlaPausesDto {
  @enumArray(SLA_TARGETS, 'Targets paused while the ticket is pending.', SLA_TARGETS.length)
  pending?: string[];

  @enumArray(SLA_TARGETS, 'Targets paused while the ticket is on hold.', SLA_TARGETS.length)
  on_hold?: string[];
}

export class EscalationActionDto {
  @ApiProperty({ enum: ESCALATION_ACTIONS })
  @IsIn(ESCALATION_ACTIONS)
  type!: string;

  @ApiPropertyOptional({
    maxLength: 128,
    pattern: SLA_ID_PATTERN.source,
    description: 'reassign_team: the team.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  teamId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 3,
    description: 'escalate_level: the support level to escalate to.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  level?: number;

  @ApiPropertyOptional({
    maxLength: MAX_NOTIFY_MESSAGE,
    description: 'notify: text for integrators.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTIFY_MESSAGE)
  message?: string;
}

export class EscalationStepDto {
  @ApiProperty({
    enum: ESCALATION_TRIGGERS,
    description:
      'warning: at a warning threshold; breach: at the due time; after_breach: at due + delay.',
  })
  @IsIn(ESCALATION_TRIGGERS)
  at!: string;

  @ApiPropertyOptional({
    type: 'number',
    format: 'double',
    minimum: 0,
    maximum: 1,
    description: 'warning steps: one of the policy’s warningThresholds.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold?: number;

  @ApiPropertyOptional({
    ...DURATION_DOC,
    example: 'PT30M',
    description: 'after_breach steps: delay after the breach.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(24)
  delay?: string;

  @enumArray(
    SLA_TARGETS,
    'Targets whose cycles trigger this step (default: all).',
    SLA_TARGETS.length,
  )
  targets?: string[];

  @ApiProperty({ type: [EscalationActionDto], maxItems: MAX_ACTIONS_PER_STEP })
  @IsArray()
  @ArrayMaxSize(MAX_ACTIONS_PER_STEP)
  @ValidateNested({ each: true })
  @Type(() => EscalationActionDto)
  actions!: EscalationActionDto[];
}

export class SlaPolicyBodyFields {
  @ApiProperty({ example: 'VIP urgent', maxLength: 200, pattern: '\\S' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 1_000_000,
    example: 10,
    description: 'Evaluation order: lower first, ties by id; the first matching policy applies.',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position!: number;

  @ApiPropertyOptional({ type: SlaConditionsDto, description: 'Omitted: matches every ticket.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaConditionsDto)
  conditions?: SlaConditionsDto;

  @ApiProperty({ type: SlaTargetsDto, description: 'Per priority; at least one target.' })
  @ValidateNested()
  @Type(() => SlaTargetsDto)
  targets!: SlaTargetsDto;

  @ApiProperty({ example: 'berlin-office', maxLength: 128, pattern: SLA_ID_PATTERN.source })
  @IsString()
  @MaxLength(128)
  calendarId!: string;

  @ApiPropertyOptional({
    type: SlaPausesDto,
    description:
      'Which waiting statuses pause which targets. Default: pending and on_hold pause resolution.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaPausesDto)
  pauses?: SlaPausesDto;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'number', format: 'double', minimum: 0, maximum: 1 },
    maxItems: MAX_THRESHOLDS,
    default: [0.75, 0.9],
    description: 'Fractions of each target at which a warning is raised: in (0,1), ascending.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_THRESHOLDS * 2)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  warningThresholds?: number[];

  @ApiPropertyOptional({ type: [EscalationStepDto], maxItems: MAX_ESCALATION_STEPS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ESCALATION_STEPS)
  @ValidateNested({ each: true })
  @Type(() => EscalationStepDto)
  escalation?: EscalationStepDto[];
}

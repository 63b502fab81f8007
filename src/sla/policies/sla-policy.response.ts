import { ApiProperty } from '@nestjs/swagger';
import { SLA_ID_PATTERN } from '../shared/sla.values';
import type { SlaPolicyDefinition } from './sla-policy.definition';
import { EscalationStepDto, SlaConditionsDto, SlaPausesDto, SlaTargetsDto } from './sla-policy.dto';

/** An SLA policy as the API shows it: every default filled in. */
export class SlaPolicyResponse {
  @ApiProperty({ example: 'vip-urgent', maxLength: 128, pattern: SLA_ID_PATTERN.source })
  id!: string;

  @ApiProperty({ maxLength: 200, pattern: '\\S' })
  name!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 })
  position!: number;

  @ApiProperty({ type: SlaConditionsDto })
  conditions!: SlaConditionsDto;

  @ApiProperty({ type: SlaTargetsDto })
  targets!: SlaTargetsDto;

  @ApiProperty({ maxLength: 128, pattern: SLA_ID_PATTERN.source })
  calendarId!: string;

  @ApiProperty({ type: SlaPausesDto })
  pauses!: SlaPausesDto;

  @ApiProperty({
    type: 'array',
    items: { type: 'number', format: 'double', minimum: 0, maximum: 1 },
    maxItems: 5,
  })
  warningThresholds!: number[];

  @ApiProperty({ type: [EscalationStepDto], maxItems: 20 })
  escalation!: EscalationStepDto[];

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    description: '1 when defined, +1 per change; tickets record the version they were given.',
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

export interface SlaPolicyView {
  readonly id: string;
  readonly version: number;
  readonly definition: SlaPolicyDefinition;
  readonly definedAt: string;
  readonly updatedAt: string;
}

export function toSlaPolicyResponse(policy: SlaPolicyView, revision: bigint): SlaPolicyResponse {
  const d = policy.definition;
  return {
    id: policy.id,
    ...(JSON.parse(JSON.stringify(d)) as Omit<
      SlaPolicyResponse,
      'id' | 'version' | 'revision' | 'definedAt' | 'updatedAt'
    >),
    version: policy.version,
    revision: revision.toString(),
    definedAt: policy.definedAt,
    updatedAt: policy.updatedAt,
  };
}

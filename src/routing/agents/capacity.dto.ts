import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MAX_CAPACITY } from '../directory.values';

function CapacityValue(description: string): PropertyDecorator {
  const decorators = [
    ApiPropertyOptional({
      type: 'integer',
      format: 'int32',
      minimum: 0,
      maximum: MAX_CAPACITY,
      description,
    }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(MAX_CAPACITY),
  ];
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

/** Tighter caps for some channels; a channel not listed is capped by `max` only. */
export class PerChannelCapacityDto {
  @CapacityValue('Open e-mail tickets at most.') email?: number;
  @CapacityValue('Open phone tickets at most.') phone?: number;
  @CapacityValue('Open chat tickets at most.') chat?: number;
  @CapacityValue('Open web-form tickets at most.') web?: number;
  @CapacityValue('Open messaging-app tickets at most.') messaging?: number;
  @CapacityValue('Open social-media tickets at most.') social?: number;
  @CapacityValue('Open API tickets at most.') api?: number;
}

export class CapacityDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_CAPACITY,
    example: 5,
    description:
      'Maximum concurrently open tickets assigned to the agent (0: takes no routed work).',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_CAPACITY)
  max!: number;

  @ApiPropertyOptional({
    type: PerChannelCapacityDto,
    description: 'Per-channel caps, each at most `max`.',
    example: { chat: 2 },
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PerChannelCapacityDto)
  perChannel?: PerChannelCapacityDto;
}

/** The command's capacity from the DTO (a plain object, channels without a cap left out). */
export function capacityInput(dto: CapacityDto): {
  max: number;
  perChannel: Record<string, number>;
} {
  const perChannel: Record<string, number> = {};
  for (const [channel, value] of Object.entries(dto.perChannel ?? {})) {
    if (typeof value === 'number') perChannel[channel] = value;
  }
  return { max: dto.max, perChannel };
}

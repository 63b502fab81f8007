import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_SLA_PAGE_SIZE, MAX_SLA_PAGE_SIZE, SLA_CURSOR_PATTERN } from './sla-params';

export class SlaListQuery {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_SLA_PAGE_SIZE,
    default: DEFAULT_SLA_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLA_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: "The `cursor` from the previous page's `next` link.",
    maxLength: 400,
    pattern: SLA_CURSOR_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(SLA_CURSOR_PATTERN, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;
}

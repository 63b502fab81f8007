import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const DEFAULT_HISTORY_PAGE_SIZE = 100;
export const MAX_HISTORY_PAGE_SIZE = 1000;

export class GetTicketHistoryQuery {
  @ApiPropertyOptional({
    description: `How many events to return at most (default ${DEFAULT_HISTORY_PAGE_SIZE}).`,
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_HISTORY_PAGE_SIZE,
    default: DEFAULT_HISTORY_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_HISTORY_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description:
      "Continue after this stream revision: the `cursor` of the previous page's `next` link (the revision of its last event).",
    type: 'string',
    maxLength: 19,
    pattern: '^[0-9]{1,19}$',
    example: '99',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,19}$/, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;
}

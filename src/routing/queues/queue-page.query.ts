import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_QUEUE_PAGE, MAX_QUEUE_PAGE } from './queue.views';

const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

/** `?limit=&cursor=` of the queue and work-list pages. */
export class QueuePageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_QUEUE_PAGE,
    default: DEFAULT_QUEUE_PAGE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_QUEUE_PAGE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `next` cursor of the previous page.',
    maxLength: 400,
    pattern: CURSOR_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;
}

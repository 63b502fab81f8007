import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DIRECTORY_ID_PATTERN } from '../../../routing/directory.values';
import {
  FOLLOW_UP_SOURCES,
  FOLLOW_UP_STATUSES,
  type FollowUpSource,
  type FollowUpStatus,
} from '../follow-up.events';

export const DEFAULT_FOLLOW_UP_PAGE_SIZE = 50;
export const MAX_FOLLOW_UP_PAGE_SIZE = 100;
const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

export class ListFollowUpsQuery {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({ enum: FOLLOW_UP_SOURCES })
  @IsOptional()
  @IsIn(FOLLOW_UP_SOURCES)
  source?: FollowUpSource;

  @ApiPropertyOptional({ maxLength: 128, pattern: DIRECTORY_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, { message: 'teamId must be a team id' })
  teamId?: string;

  @ApiPropertyOptional({ maxLength: 128, pattern: DIRECTORY_ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, { message: 'agentId must be an agent id' })
  agentId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_FOLLOW_UP_PAGE_SIZE,
    default: DEFAULT_FOLLOW_UP_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FOLLOW_UP_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: "The `cursor` from the previous page's `next` link.",
    maxLength: 200,
    pattern: CURSOR_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(CURSOR_PATTERN, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;
}

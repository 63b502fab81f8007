import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  AVAILABILITIES,
  DIRECTORY_ID_PATTERN,
  SKILL_NAME_PATTERN,
  type Availability,
} from '../../directory.values';
import { AgentResponse } from '../agent.response';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

export class ListAgentsQuery {
  @ApiPropertyOptional({
    description: 'Only members of this team.',
    maxLength: 128,
    pattern: DIRECTORY_ID_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, { message: 'teamId must be a team id' })
  teamId?: string;

  @ApiPropertyOptional({ enum: ['active', 'deactivated'] })
  @IsOptional()
  @IsIn(['active', 'deactivated'])
  status?: 'active' | 'deactivated';

  @ApiPropertyOptional({ enum: AVAILABILITIES })
  @IsOptional()
  @IsIn(AVAILABILITIES)
  availability?: Availability;

  @ApiPropertyOptional({
    description: 'Only agents with this skill (any level).',
    maxLength: 50,
    pattern: SKILL_NAME_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(SKILL_NAME_PATTERN, { message: 'skill must be a skill name' })
  skill?: string;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
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

export class AgentPageResponse {
  @ApiProperty({ type: [AgentResponse], maxItems: MAX_PAGE_SIZE })
  items!: AgentResponse[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uri-reference',
    maxLength: 4096,
    description: 'The next page (same filters), or null on the last page.',
  })
  next!: string | null;
}

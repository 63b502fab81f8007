import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CURSOR_PATTERN,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '../../agents/list-agents/list-agents.query';
import {
  ASSIGNMENT_STRATEGIES,
  DIRECTORY_ID_PATTERN,
  MAX_SKILLS,
  type AssignmentStrategy,
} from '../../directory.values';
import { SkillDto } from '../../shared/skill.dto';

export class ListTeamsQuery {
  @ApiPropertyOptional({ enum: ['active', 'deactivated'] })
  @IsOptional()
  @IsIn(['active', 'deactivated'])
  status?: 'active' | 'deactivated';

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

/** A team in a list: its settings and member count (members: GET /agents?teamId=). */
export class TeamSummaryResponse {
  @ApiProperty({ maxLength: 128, pattern: DIRECTORY_ID_PATTERN.source })
  id!: string;

  @ApiProperty({ maxLength: 100, pattern: '\\S' })
  name!: string;

  @ApiProperty({ enum: ASSIGNMENT_STRATEGIES })
  strategy!: AssignmentStrategy;

  @ApiProperty({ type: [SkillDto], maxItems: MAX_SKILLS })
  defaultSkills!: SkillDto[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 128,
    pattern: DIRECTORY_ID_PATTERN.source,
  })
  escalationTeamId!: string | null;

  @ApiProperty()
  requeueUnansweredOnOffline!: boolean;

  @ApiProperty({ enum: ['active', 'deactivated'] })
  status!: 'active' | 'deactivated';

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 })
  memberCount!: number;

  @ApiProperty({ maxLength: 20, pattern: '^(0|[1-9][0-9]*)$' })
  revision!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt!: string;
}

export class TeamPageResponse {
  @ApiProperty({ type: [TeamSummaryResponse], maxItems: MAX_PAGE_SIZE })
  items!: TeamSummaryResponse[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uri-reference',
    maxLength: 4096,
    description: 'The next page (same filters), or null on the last page.',
  })
  next!: string | null;
}

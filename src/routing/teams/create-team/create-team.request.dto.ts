import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  ASSIGNMENT_STRATEGIES,
  DIRECTORY_ID_PATTERN,
  MAX_SKILLS,
  type AssignmentStrategy,
} from '../../directory.values';
import { SkillDto } from '../../shared/skill.dto';

export class CreateTeamRequest {
  @ApiProperty({ example: 'Billing', minLength: 1, maxLength: 100, pattern: '\\S' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STRATEGIES, default: 'least_loaded' })
  @IsOptional()
  @IsIn(ASSIGNMENT_STRATEGIES)
  strategy?: AssignmentStrategy;

  @ApiPropertyOptional({
    type: [SkillDto],
    maxItems: MAX_SKILLS,
    default: [],
    description: 'Skills a ticket routed to this team requires when its rule names none.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @ValidateNested({ each: true })
  @Type(() => SkillDto)
  defaultSkills?: SkillDto[];

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    maxLength: 128,
    pattern: DIRECTORY_ID_PATTERN.source,
    description: 'An existing, active team escalations out of this one go to; null for none.',
  })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, { message: 'escalationTeamId must be a team id' })
  escalationTeamId?: string | null;

  @ApiPropertyOptional({
    default: false,
    description:
      'When an agent goes offline, return their not-yet-answered tickets to the team queue.',
  })
  @IsOptional()
  @IsBoolean()
  requeueUnansweredOnOffline?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      "Whether a ticket pending on the customer stops counting against its agent's capacity (the router may then give the agent another ticket).",
  })
  @IsOptional()
  @IsBoolean()
  pendingFreesCapacity?: boolean;
}

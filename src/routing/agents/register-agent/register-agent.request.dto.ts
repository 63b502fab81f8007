import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  AGENT_SUPPORT_LEVELS,
  DIRECTORY_ID_PATTERN,
  LANGUAGE_PATTERN,
  MAX_LANGUAGES,
  MAX_SKILLS,
  MAX_TEAMS_PER_AGENT,
} from '../../directory.values';
import { SkillDto } from '../../shared/skill.dto';
import { CapacityDto } from '../capacity.dto';

export const DEFAULT_AGENT_CAPACITY = 5;

/** Fields an agent is made of; RegisterAgentRequest and UpdateAgentRequest share the rules. */
export class RegisterAgentRequest {
  @ApiProperty({ example: 'Dana Whitfield', minLength: 1, maxLength: 100, pattern: '\\S' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ example: 'dana@example.com', format: 'email', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_TEAMS_PER_AGENT,
    description:
      'Teams the agent is a member of (each must exist and be active). Membership is recorded on the agent; a team lists its members from it.',
    items: { type: 'string', maxLength: 128, pattern: DIRECTORY_ID_PATTERN.source },
    default: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEAMS_PER_AGENT)
  @IsString({ each: true })
  @Matches(DIRECTORY_ID_PATTERN, { each: true, message: 'each team must be a team id' })
  teams?: string[];

  @ApiPropertyOptional({
    type: [SkillDto],
    maxItems: MAX_SKILLS,
    description: 'Skills with levels 1–5, each skill once, e.g. billing:3.',
    default: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @ValidateNested({ each: true })
  @Type(() => SkillDto)
  skills?: SkillDto[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_LANGUAGES,
    example: ['en', 'zh-CN'],
    items: { type: 'string', maxLength: 35, pattern: LANGUAGE_PATTERN.source },
    default: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LANGUAGES)
  @IsString({ each: true })
  @MaxLength(35, { each: true })
  @Matches(LANGUAGE_PATTERN, {
    each: true,
    message: 'each language must be a tag such as en or zh-CN',
  })
  languages?: string[];

  @ApiPropertyOptional({
    type: CapacityDto,
    description: `Default: { "max": ${DEFAULT_AGENT_CAPACITY} }.`,
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapacityDto)
  capacity?: CapacityDto;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    enum: AGENT_SUPPORT_LEVELS,
    minimum: 1,
    maximum: 3,
    default: 1,
    description: 'Support tier the agent works at (1–3).',
  })
  @IsOptional()
  @IsInt()
  @IsIn(AGENT_SUPPORT_LEVELS)
  supportLevel?: number;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_SKILL_LEVEL, MIN_SKILL_LEVEL, SKILL_NAME_PATTERN } from '../directory.values';

/** A skill and its level, e.g. `{ "skill": "billing", "level": 3 }` (billing:3). */
export class SkillDto {
  @ApiProperty({
    example: 'billing',
    maxLength: 50,
    pattern: SKILL_NAME_PATTERN.source,
    description: 'Lower-case skill name: a product area, a language such as `mandarin`, a tool.',
  })
  @IsString()
  @MaxLength(50)
  @Matches(SKILL_NAME_PATTERN, {
    message: 'skill must be lower-case letters, digits, . _ - (starting with a letter or digit)',
  })
  skill!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: MIN_SKILL_LEVEL,
    maximum: MAX_SKILL_LEVEL,
    example: 3,
    description: '1 (basic) to 5 (expert).',
  })
  @IsInt()
  @Min(MIN_SKILL_LEVEL)
  @Max(MAX_SKILL_LEVEL)
  level!: number;
}

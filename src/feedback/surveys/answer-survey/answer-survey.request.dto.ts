import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const CSAT_MIN_SCORE = 1;
export const CSAT_MAX_SCORE = 5;
export const SURVEY_COMMENT_MAX_LENGTH = 2000;

export class AnswerSurveyRequest {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: CSAT_MIN_SCORE,
    maximum: CSAT_MAX_SCORE,
    description: 'How satisfied the customer is: 1 (very dissatisfied) to 5 (very satisfied).',
    example: 5,
  })
  @IsInt()
  @Min(CSAT_MIN_SCORE)
  @Max(CSAT_MAX_SCORE)
  score!: number;

  @ApiPropertyOptional({
    maxLength: SURVEY_COMMENT_MAX_LENGTH,
    description: 'Anything the customer wants to add.',
    example: 'Quick and friendly, thank you!',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SURVEY_COMMENT_MAX_LENGTH)
  comment?: string;
}

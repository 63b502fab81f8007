import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NPS_MAX_SCORE, NPS_MIN_SCORE } from '../../nps/nps.events';

export const CSAT_MIN_SCORE = 1;
export const CSAT_MAX_SCORE = 5;
export const SURVEY_COMMENT_MAX_LENGTH = 2000;

/**
 * One body for both kinds of survey: the token says which kind it is, so the range checked here
 * is the widest (0–10) and the kind's own range (CSAT 1–5, NPS 0–10) is checked once the survey
 * is known, with the same 400 `validation-error` problem on `score`.
 */
export class AnswerSurveyRequest {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: NPS_MIN_SCORE,
    maximum: NPS_MAX_SCORE,
    description:
      'CSAT surveys: how satisfied the customer is, 1 (very dissatisfied) to 5 (very satisfied). ' +
      'NPS surveys: how likely they are to recommend us, 0 (not at all) to 10 (extremely). ' +
      '`GET /surveys/{token}` gives the range (`minScore`, `maxScore`).',
    example: 5,
  })
  @IsInt()
  @Min(NPS_MIN_SCORE)
  @Max(NPS_MAX_SCORE)
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

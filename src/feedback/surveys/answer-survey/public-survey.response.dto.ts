import { ApiProperty } from '@nestjs/swagger';

export const SURVEY_KINDS = ['csat', 'nps'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/**
 * What the customer sees: the question and what is being rated, nothing else about them. A CSAT
 * survey rates a ticket (its subject and the agent's name); an NPS survey rates the company, so
 * it shows neither.
 */
export class PublicSurveyResponse {
  @ApiProperty({ enum: SURVEY_KINDS, description: '`csat`: a solved ticket; `nps`: the company.' })
  kind!: SurveyKind;

  @ApiProperty({ maxLength: 200, description: 'The question to put to the customer.' })
  question!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1 })
  minScore!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 5, maximum: 10 })
  maxScore!: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 500,
    description: 'The ticket’s subject (CSAT); null for NPS.',
  })
  subject!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 200,
    description:
      'The display name of the agent being rated (CSAT; null when unknown, and for NPS).',
  })
  agentName!: string | null;
}

export class SurveyAnsweredResponse {
  @ApiProperty({ description: 'True when this answer replaced an earlier one (within 24 hours).' })
  replaced!: boolean;
}

import { ApiProperty } from '@nestjs/swagger';
import {
  TICKET_ID_MAX_LENGTH,
  TICKET_ID_PATTERN,
} from '../../tickets/open-ticket/ticket-command.http';
import { SurveyNotFound } from './survey.errors';

export const SURVEY_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SURVEY_ID_EXAMPLE = '0f8c2a7e-3d4b-4c5a-9e6f-1a2b3c4d5e6f';

/** A path id that cannot name a survey is answered like an unknown one, without a read. */
export function surveyIdFromPath(id: string): string {
  if (!SURVEY_ID_PATTERN.test(id)) throw new SurveyNotFound();
  return id;
}

/** A CSAT survey as staff and integrators see it (never the token; the link route gives that). */
export class SurveyIssuedResponse {
  @ApiProperty({ example: SURVEY_ID_EXAMPLE, maxLength: 36, pattern: SURVEY_ID_PATTERN.source })
  surveyId!: string;

  @ApiProperty({
    maxLength: TICKET_ID_MAX_LENGTH,
    pattern: TICKET_ID_PATTERN.source,
    description: 'The ticket rated.',
  })
  ticketId!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30, description: 'The link stops working then.' })
  expiresAt!: string;
}

export class SurveyLinkResponse {
  @ApiProperty({
    description:
      'The customer’s link, relative to the public base URL: `/surveys/<token>`. Anyone holding ' +
      'it can answer the survey; send it to the customer only.',
    maxLength: 100,
    pattern: '^/surveys/[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}$',
    example: `/surveys/${SURVEY_ID_EXAMPLE}.q4M0cHj0hPJ2w8n1Kx3s5Yb7d9f2h4j6l8n0p2r4t6v`,
  })
  url!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  expiresAt!: string;
}

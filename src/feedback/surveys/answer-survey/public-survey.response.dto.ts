import { ApiProperty } from '@nestjs/swagger';

/** What the customer sees: what is being rated, and nothing else about the ticket or them. */
export class PublicSurveyResponse {
  @ApiProperty({ maxLength: 500, description: 'The ticket’s subject.' })
  subject!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 200,
    description: 'The display name of the agent being rated (null when unknown).',
  })
  agentName!: string | null;
}

export class SurveyAnsweredResponse {
  @ApiProperty({ description: 'True when this answer replaced an earlier one (within 24 hours).' })
  replaced!: boolean;
}

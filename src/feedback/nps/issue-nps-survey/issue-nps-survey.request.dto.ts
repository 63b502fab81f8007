import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import {
  CUSTOMER_ID_MAX_LENGTH,
  CUSTOMER_ID_PATTERN,
} from '../../../tickets/customers/customer.events';

export class IssueNpsSurveyRequest {
  @ApiProperty({
    description: 'The customer asked (as named on their tickets: the channel’s or CRM’s id).',
    maxLength: CUSTOMER_ID_MAX_LENGTH,
    pattern: CUSTOMER_ID_PATTERN.source,
    example: 'crm-104233',
  })
  @IsString()
  @MaxLength(CUSTOMER_ID_MAX_LENGTH)
  @Matches(CUSTOMER_ID_PATTERN, { message: 'customerId must be a customer id' })
  customerId!: string;
}

export class NpsSurveyIssuedResponse {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  surveyId!: string;

  @ApiProperty({ maxLength: CUSTOMER_ID_MAX_LENGTH, pattern: CUSTOMER_ID_PATTERN.source })
  customerId!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  issuedAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30, description: 'The link stops working then.' })
  expiresAt!: string;
}

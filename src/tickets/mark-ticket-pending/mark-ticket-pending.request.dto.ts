import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NOT_BLANK } from '../reply-to-ticket/reply-to-ticket.request.dto';
import { REASON_MAX_LENGTH } from '../reopen-ticket/reopen-ticket.request.dto';

export class MarkTicketPendingRequest {
  @ApiPropertyOptional({
    description: 'What the customer is asked for.',
    example: 'Asked for the order number and a screenshot.',
    maxLength: REASON_MAX_LENGTH,
    pattern: NOT_BLANK.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'reason must not be blank (leave it out instead)' })
  reason?: string;
}

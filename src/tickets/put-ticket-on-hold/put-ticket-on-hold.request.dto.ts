import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NOT_BLANK } from '../reply-to-ticket/reply-to-ticket.request.dto';
import { REASON_MAX_LENGTH } from '../reopen-ticket/reopen-ticket.request.dto';

export class PutTicketOnHoldRequest {
  @ApiPropertyOptional({
    description: 'Whom the ticket waits on, and for what.',
    example: 'Waiting for the carrier to confirm the delivery date.',
    maxLength: REASON_MAX_LENGTH,
    pattern: NOT_BLANK.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'reason must not be blank (leave it out instead)' })
  reason?: string;
}

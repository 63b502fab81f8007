import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { NOT_BLANK } from '../reply-to-ticket/reply-to-ticket.request.dto';

/** Reasons of status changes (reopen, pending, hold). */
export const REASON_MAX_LENGTH = 1_000;

export class ReopenTicketRequest {
  @ApiProperty({
    description: 'Why the solve did not stand.',
    example: 'The customer called: the fix does not work on Android.',
    minLength: 1,
    maxLength: REASON_MAX_LENGTH,
    pattern: NOT_BLANK.source,
  })
  @IsString()
  @Length(1, REASON_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { NOT_BLANK } from '../reply-to-ticket/reply-to-ticket.request.dto';

/** A short slug reports group resolutions by, e.g. `answered`, `fixed`, `workaround`, `duplicate`. */
export const RESOLUTION_CODE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
export const RESOLUTION_SUMMARY_MAX_LENGTH = 5_000;

export class SolveTicketRequest {
  @ApiProperty({
    description: 'How the ticket was resolved, as a slug reports group by.',
    example: 'fixed',
    pattern: RESOLUTION_CODE_PATTERN.source,
    maxLength: 64,
  })
  @IsString()
  @Matches(RESOLUTION_CODE_PATTERN, {
    message: 'resolutionCode must be 1-64 lower-case letters, digits or _.- (e.g. fixed)',
  })
  resolutionCode!: string;

  @ApiProperty({
    description: 'What was done.',
    example: 'Reset the password and cleared the stale session on the 4.2 app.',
    minLength: 1,
    maxLength: RESOLUTION_SUMMARY_MAX_LENGTH,
    pattern: NOT_BLANK.source,
  })
  @IsString()
  @Length(1, RESOLUTION_SUMMARY_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'summary must not be blank' })
  summary!: string;
}

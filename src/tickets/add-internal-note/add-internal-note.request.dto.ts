import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { MESSAGE_BODY_MAX_LENGTH, NOT_BLANK } from '../reply-to-ticket/reply-to-ticket.request.dto';

export class AddInternalNoteRequest {
  @ApiProperty({
    description: 'The note, for staff only; customers never see it.',
    example: 'Customer is on the legacy plan: check the migration flag before answering.',
    minLength: 1,
    maxLength: MESSAGE_BODY_MAX_LENGTH,
    pattern: NOT_BLANK.source,
  })
  @IsString()
  @Length(1, MESSAGE_BODY_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import {
  TICKET_ID_EXAMPLE,
  TICKET_ID_MAX_LENGTH,
  TICKET_ID_PATTERN,
} from '../open-ticket/ticket-command.http';

export class MergeTicketRequest {
  @ApiProperty({
    description: 'The ticket to merge this one into (the target); it must exist and not be closed.',
    example: TICKET_ID_EXAMPLE,
    pattern: TICKET_ID_PATTERN.source,
    maxLength: TICKET_ID_MAX_LENGTH,
  })
  @IsString()
  @Matches(TICKET_ID_PATTERN, { message: 'intoTicketId must be a ticket id' })
  intoTicketId!: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  TICKET_ID_EXAMPLE,
  TICKET_ID_MAX_LENGTH,
  TICKET_ID_PATTERN,
  TicketRevisionResponse,
} from '../open-ticket/ticket-command.http';

export class TicketReplyResponse extends TicketRevisionResponse {
  @ApiPropertyOptional({
    description:
      'Only when the message was a customer’s on a closed ticket: the follow-up ticket opened for ' +
      'it (`followUpOf` points back here). The closed ticket itself stays closed.',
    example: TICKET_ID_EXAMPLE,
    maxLength: TICKET_ID_MAX_LENGTH,
    pattern: TICKET_ID_PATTERN.source,
  })
  followUpTicketId?: string;
}

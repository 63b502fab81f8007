import { ApiProperty } from '@nestjs/swagger';
import {
  TICKET_ID_MAX_LENGTH,
  TICKET_ID_PATTERN,
  TicketRevisionResponse,
} from '../open-ticket/ticket-command.http';

/** The source ticket after the merge (closed), and where it went. */
export class MergedTicketResponse extends TicketRevisionResponse {
  @ApiProperty({
    description: 'The target ticket the source now points at.',
    maxLength: TICKET_ID_MAX_LENGTH,
    pattern: TICKET_ID_PATTERN.source,
  })
  intoTicketId!: string;
}

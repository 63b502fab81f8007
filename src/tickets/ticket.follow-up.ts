/**
 * A customer message on a closed ticket does not reopen it (closed is final): the closed ticket
 * records TicketFollowUpRequested, and this builds the OpenTicket command for the new ticket,
 * linked back through `followUpOf`. The handler decides both and appends the follow-up's stream
 * (`no_stream`) and the closed ticket's event; the follow-up id in the request makes a retry open
 * the same ticket rather than a second one.
 */
import type { OpenTicket, TicketCommandMetadata } from './ticket.commands';
import type { TicketFollowUpRequestedData } from './ticket.events';
import type { Ticket } from './ticket.state';

export function followUpCommand(
  closed: Ticket,
  request: TicketFollowUpRequestedData,
  metadata: TicketCommandMetadata,
): OpenTicket {
  return {
    type: 'OpenTicket',
    data: {
      ticketId: request.followUpTicketId,
      channel: closed.channel,
      subject: `Follow-up: ${closed.subject}`,
      description: request.body,
      receivedAt: request.requestedAt,
      customer: closed.customer,
      type: closed.type,
      priority: closed.priority,
      tags: closed.tags,
      language: closed.language,
      followUpOf: closed.id,
    },
    metadata,
  };
}

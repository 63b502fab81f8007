import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import type { TicketDetails } from './ticket-details.model';
import { conversationEntryOfRow, ticketOfDetailsRow } from './ticket-details.row';
import { MAX_CONVERSATION_ENTRIES } from './ticket-details.view';
import { TicketConversationEntity } from './ticket-conversation.entity';
import { TicketDetailsEntity } from './ticket-details.entity';

/** Reads the ticket details read model (projection `ticket_details`). */
@Injectable()
export class TicketDetailsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The stream revision the read model holds for the ticket; undefined: no row (yet). */
  async revisionOf(ticketId: string): Promise<bigint | undefined> {
    const row = await this.dataSource
      .getRepository(TicketDetailsEntity)
      .findOne({ select: { ticketId: true, revision: true }, where: { ticketId } });
    return row ? BigInt(row.revision) : undefined;
  }

  /**
   * The ticket and its conversation. The conversation is read up to the row's revision: its rows
   * are written in the same transactions as the ticket row and never change, so the two reads
   * agree even if the projection commits in between.
   */
  async find(ticketId: string): Promise<TicketDetails | undefined> {
    const row = await this.dataSource.getRepository(TicketDetailsEntity).findOneBy({ ticketId });
    if (!row) return undefined;
    const messages = await this.dataSource.getRepository(TicketConversationEntity).find({
      where: { ticketId, revision: LessThanOrEqual(row.revision) },
      order: { revision: 'ASC' },
      take: MAX_CONVERSATION_ENTRIES,
    });
    return {
      ticket: ticketOfDetailsRow(row),
      revision: BigInt(row.revision),
      conversation: messages.map(conversationEntryOfRow),
    };
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of `ticket_conversation`: one public reply or internal note, keyed by the ticket and the
 * stream revision of the event that recorded it (which is also the conversation order).
 */
@Entity({ name: 'ticket_conversation' })
export class TicketConversationEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'text' })
  ticketId!: string;

  /** bigint: TypeORM hands it over as a decimal string. */
  @PrimaryColumn({ type: 'bigint' })
  revision!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'author_kind', type: 'text' })
  authorKind!: string;

  @Column({ name: 'author_id', type: 'text' })
  authorId!: string;

  @Column({ name: 'author_role', type: 'text', nullable: true })
  authorRole!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `customer_tickets` (projection `customer_view`): one ticket of a customer. */
@Entity({ name: 'customer_tickets' })
export class CustomerTicketEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'text' })
  ticketId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  /** The ticket stream revision of the last event applied (bigint, as a decimal string). */
  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  priority!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true })
  solvedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  satisfaction!: number | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of `ticket_details` (see the migration): the ticket as the agent desk shows it, without
 * its conversation (TicketConversationEntity). Written only by TicketDetailsProjection; the
 * mapping to and from the folded ticket state is in ticket-details.row.ts.
 */
@Entity({ name: 'ticket_details' })
export class TicketDetailsEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'text' })
  ticketId!: string;

  /** bigint: TypeORM hands it over as a decimal string. */
  @Column({ type: 'bigint' })
  revision!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  language!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ name: 'customer_name', type: 'text' })
  customerName!: string;

  @Column({ name: 'customer_email', type: 'text', nullable: true })
  customerEmail!: string | null;

  @Column({ name: 'customer_phone', type: 'text', nullable: true })
  customerPhone!: string | null;

  @Column({ name: 'customer_tier', type: 'text' })
  customerTier!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ name: 'product_area', type: 'text', nullable: true })
  productArea!: string | null;

  @Column({ type: 'text' })
  priority!: string;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ type: 'smallint' })
  level!: number;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'first_agent_reply_at', type: 'timestamptz', nullable: true })
  firstAgentReplyAt!: Date | null;

  @Column({ name: 'last_agent_reply_at', type: 'timestamptz', nullable: true })
  lastAgentReplyAt!: Date | null;

  @Column({ name: 'last_customer_reply_at', type: 'timestamptz', nullable: true })
  lastCustomerReplyAt!: Date | null;

  @Column({ name: 'first_solved_at', type: 'timestamptz', nullable: true })
  firstSolvedAt!: Date | null;

  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true })
  solvedAt!: Date | null;

  @Column({ name: 'last_reopened_at', type: 'timestamptz', nullable: true })
  lastReopenedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'public_agent_reply_count', type: 'integer' })
  publicAgentReplyCount!: number;

  @Column({ name: 'customer_reply_count', type: 'integer' })
  customerReplyCount!: number;

  @Column({ name: 'automated_reply_count', type: 'integer' })
  automatedReplyCount!: number;

  @Column({ name: 'internal_note_count', type: 'integer' })
  internalNoteCount!: number;

  @Column({ name: 'reopen_count', type: 'integer' })
  reopenCount!: number;

  @Column({ name: 'escalation_count', type: 'integer' })
  escalationCount!: number;

  @Column({ name: 'resolution_code', type: 'text', nullable: true })
  resolutionCode!: string | null;

  @Column({ name: 'resolution_summary', type: 'text', nullable: true })
  resolutionSummary!: string | null;

  @Column({ name: 'close_mode', type: 'text', nullable: true })
  closeMode!: string | null;

  @Column({ name: 'merged_into', type: 'text', nullable: true })
  mergedInto!: string | null;

  @Column({ name: 'merged_from', type: 'text', array: true })
  mergedFrom!: string[];

  @Column({ name: 'follow_up_of', type: 'text', nullable: true })
  followUpOf!: string | null;

  @Column({ name: 'follow_up_ticket_ids', type: 'text', array: true })
  followUpTicketIds!: string[];
}

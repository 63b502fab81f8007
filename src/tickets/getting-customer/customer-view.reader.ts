import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerTier } from '../ticket.values';
import type { Channel, Priority, TicketStatus, TicketType } from '../ticket.values';
import type { CustomerTicketsCursor } from './customer-tickets.cursor';
import type {
  CustomerTicketCountsView,
  CustomerTicketView,
  CustomerView,
} from './customer-view.views';

interface CustomerRow {
  customer_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  tier: string;
  first_contact_at: Date | null;
  last_contact_at: Date | null;
  counts: Record<string, number> | null;
}

interface CustomerTicketRow {
  ticket_id: string;
  subject: string;
  channel: string;
  type: string;
  priority: string;
  status: string;
  received_at: Date;
  opened_at: Date;
  solved_at: Date | null;
  closed_at: Date | null;
  satisfaction: number | null;
}

const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

export interface CustomerTicketsSlice {
  readonly items: CustomerTicketView[];
  /** Where the next page starts; null on the last page. */
  readonly next: CustomerTicketsCursor | null;
}

/** Reads the customer view read model (projection `customer_view`). */
@Injectable()
export class CustomerViewReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The profile and per-status ticket counts, in one statement (one snapshot). */
  async find(customerId: string): Promise<CustomerView | undefined> {
    const [row] = await this.dataSource.query<CustomerRow[]>(
      `SELECT c.customer_id, c.name, c.email, c.phone, c.tier, c.first_contact_at, c.last_contact_at,
              (SELECT json_object_agg(s.status, s.n)
                 FROM (SELECT status, count(*)::int AS n FROM customer_tickets
                        WHERE customer_id = c.customer_id GROUP BY status) s) AS counts
         FROM customers c WHERE c.customer_id = $1`,
      [customerId],
    );
    if (!row) return undefined;
    return {
      id: row.customer_id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      tier: row.tier as CustomerTier,
      firstContactAt: row.first_contact_at?.toISOString() ?? null,
      lastContactAt: row.last_contact_at?.toISOString() ?? null,
      tickets: countsOf(row.counts ?? {}),
    };
  }

  async exists(customerId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM customers WHERE customer_id = $1',
      [customerId],
    );
    return rows.length > 0;
  }

  /**
   * The customer's tickets, newest first (by opening, then id), strictly after `cursor`. Keyset
   * pagination: tickets opened later land before every cursor, so pages never shift.
   */
  async tickets(
    customerId: string,
    limit: number,
    cursor: CustomerTicketsCursor | undefined,
  ): Promise<CustomerTicketsSlice> {
    const rows = await this.dataSource.query<CustomerTicketRow[]>(
      `SELECT ticket_id, subject, channel, type, priority, status, received_at, opened_at,
              solved_at, closed_at, satisfaction
         FROM customer_tickets
        WHERE customer_id = $1
          AND ($2::timestamptz IS NULL OR (opened_at, ticket_id) < ($2::timestamptz, $3::text))
        ORDER BY opened_at DESC, ticket_id DESC
        LIMIT $4`,
      [customerId, cursor?.openedAt ?? null, cursor?.ticketId ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(ticketView),
      next:
        rows.length > limit && last ? { openedAt: last.opened_at, ticketId: last.ticket_id } : null,
    };
  }
}

function countsOf(byStatus: Record<string, number>): CustomerTicketCountsView {
  const count = (statuses: readonly string[]): number =>
    statuses.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
  return {
    total: count(Object.keys(byStatus)),
    open: count(OPEN_STATUSES),
    solved: count(['solved']),
    closed: count(['closed']),
  };
}

function ticketView(row: CustomerTicketRow): CustomerTicketView {
  return {
    id: row.ticket_id,
    subject: row.subject,
    channel: row.channel as Channel,
    type: row.type as TicketType,
    priority: row.priority as Priority,
    status: row.status as TicketStatus,
    receivedAt: row.received_at.toISOString(),
    openedAt: row.opened_at.toISOString(),
    solvedAt: row.solved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    satisfaction: row.satisfaction,
  };
}

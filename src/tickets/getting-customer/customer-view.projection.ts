import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { Projection } from '../../projections/projection';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import {
  CUSTOMER_EVENT_TYPES,
  isCustomerEventType,
  type CustomerDetails,
  type CustomerEvent,
} from '../customers/customer.events';
import type { TicketEvent, TicketEventType } from '../ticket.events';
import { statusAfter } from '../ticket.state';
import type { TicketStatus } from '../ticket.values';
import { ticketIdOfStream } from '../getting-ticket-details/ticket-details.model';
import { CustomerTicketEntity } from './customer-ticket.entity';
import { CustomerEntity } from './customer.entity';

export const CUSTOMER_VIEW_PROJECTION = 'customer_view';

/** The ticket events that change a customer's tickets or their contact times. */
const TICKET_EVENT_TYPES_USED = [
  'TicketOpened',
  'TicketClassified',
  'TicketReprioritised',
  'TicketAssigned',
  'TicketReplied',
  'TicketMarkedPending',
  'TicketPutOnHold',
  'TicketResumed',
  'TicketSolved',
  'TicketReopened',
  'TicketClosed',
  'TicketMerged',
  'TicketFollowUpRequested',
] as const satisfies readonly TicketEventType[];

const CHUNK = 1_000;

interface Batch {
  readonly tickets: Map<string, CustomerTicketEntity>;
  readonly customers: Map<string, CustomerEntity>;
  readonly dirtyTickets: Set<string>;
  readonly dirtyCustomers: Set<string>;
}

/**
 * The single customer view: `customers` (profile, first and last contact) and `customer_tickets`
 * (each ticket of the customer with its status), from ticket events and the customer record's
 * events (`customer-<id>`: CustomerRegistered, CustomerDetailsChanged).
 *
 * - Profile: the customer record is the authority; until its events arrive (it is written just
 *   after the ticket, see customers/customer-records.ts) the details TicketOpened carried stand
 *   in, under the record's own rules: details older than the ones held (by the time the ticket
 *   giving them was opened) lose, and a ticket without e-mail or phone keeps the ones held.
 * - First contact: the earliest `receivedAt` of the customer's tickets. Last contact: the latest
 *   time the customer reached out: a ticket received, a customer reply, a message on a closed
 *   ticket (follow-up request).
 * - Status follows the decider's `statusAfter`, so it cannot disagree with the ticket itself.
 *
 * Each batch loads the rows it touches once and writes the changed ones back with one upsert per
 * table; an event at or below a ticket row's revision is skipped (a replay changes nothing).
 */
@Injectable()
@ProjectionDefinition()
export class CustomerViewProjection implements Projection {
  readonly name = CUSTOMER_VIEW_PROJECTION;
  readonly version = 1;
  readonly eventTypes: readonly string[] = [...TICKET_EVENT_TYPES_USED, ...CUSTOMER_EVENT_TYPES];
  readonly tables = ['customers', 'customer_tickets'];

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const batch = await this.load(events, manager);
    for (const event of events) {
      if (isCustomerEventType(event.type)) {
        this.applyCustomerEvent(batch, event as unknown as CustomerEvent);
        continue;
      }
      const ticketId = ticketIdOfStream(event.streamName);
      if (ticketId !== undefined) this.applyTicketEvent(batch, ticketId, event);
    }
    const tickets = [...batch.dirtyTickets].flatMap((id) => batch.tickets.get(id) ?? []);
    const customers = [...batch.dirtyCustomers].flatMap((id) => batch.customers.get(id) ?? []);
    for (let start = 0; start < customers.length; start += CHUNK) {
      await manager.upsert(CustomerEntity, customers.slice(start, start + CHUNK), {
        conflictPaths: ['customerId'],
      });
    }
    for (let start = 0; start < tickets.length; start += CHUNK) {
      await manager.upsert(CustomerTicketEntity, tickets.slice(start, start + CHUNK), {
        conflictPaths: ['ticketId'],
      });
    }
  }

  private applyCustomerEvent(batch: Batch, event: CustomerEvent): void {
    const { data } = event;
    this.applyDetails(batch, data.customerId, data, data.detailsAsOf, 'record');
  }

  private applyTicketEvent(batch: Batch, ticketId: string, recorded: RecordedEvent): void {
    const event = recorded as unknown as TicketEvent;
    const existing = batch.tickets.get(ticketId);
    if (event.type === 'TicketOpened') {
      if (existing) return;
      const { data } = event;
      const row = new CustomerTicketEntity();
      Object.assign(row, {
        ticketId,
        customerId: data.customer.id,
        revision: recorded.revision.toString(),
        subject: data.subject,
        channel: data.channel,
        type: data.type,
        priority: data.priority,
        status: statusAfter('new', event),
        receivedAt: new Date(data.receivedAt),
        openedAt: new Date(data.openedAt),
        solvedAt: null,
        closedAt: null,
        satisfaction: null,
      } satisfies Record<keyof CustomerTicketEntity, unknown>);
      batch.tickets.set(ticketId, row);
      batch.dirtyTickets.add(ticketId);
      this.applyDetails(batch, data.customer.id, data.customer, data.openedAt, 'ticket');
      this.contact(batch, data.customer.id, data.receivedAt);
      return;
    }
    if (!existing || recorded.revision <= BigInt(existing.revision)) return;
    existing.revision = recorded.revision.toString();
    existing.status = statusAfter(existing.status as TicketStatus, event);
    batch.dirtyTickets.add(ticketId);
    switch (event.type) {
      case 'TicketClassified':
        existing.type = event.data.type;
        return;
      case 'TicketReprioritised':
        existing.priority = event.data.priority;
        return;
      case 'TicketSolved':
        existing.solvedAt = new Date(event.data.solvedAt);
        return;
      case 'TicketReopened':
        existing.solvedAt = null;
        return;
      case 'TicketClosed':
        existing.closedAt = new Date(event.data.closedAt);
        return;
      case 'TicketMerged':
        existing.closedAt = new Date(event.data.mergedAt);
        return;
      case 'TicketReplied':
        if (event.data.author.kind === 'customer') {
          this.contact(batch, existing.customerId, event.data.repliedAt);
        }
        return;
      case 'TicketFollowUpRequested':
        this.contact(batch, existing.customerId, event.data.requestedAt);
        return;
      default:
        return;
    }
  }

  /** See the class comment for the rules; `source: 'ticket'` keeps e-mail/phone a ticket lacks. */
  private applyDetails(
    batch: Batch,
    customerId: string,
    details: CustomerDetails,
    asOf: string,
    source: 'ticket' | 'record',
  ): void {
    const at = new Date(asOf);
    const held = batch.customers.get(customerId);
    if (held && at.getTime() < held.detailsAsOf.getTime()) return;
    const row =
      held ??
      Object.assign(new CustomerEntity(), {
        customerId,
        firstContactAt: null,
        lastContactAt: null,
      });
    row.name = details.name;
    row.tier = details.tier;
    row.email = source === 'ticket' ? (details.email ?? held?.email ?? null) : details.email;
    row.phone = source === 'ticket' ? (details.phone ?? held?.phone ?? null) : details.phone;
    row.detailsAsOf = at;
    batch.customers.set(customerId, row);
    batch.dirtyCustomers.add(customerId);
  }

  private contact(batch: Batch, customerId: string, iso: string): void {
    const row = batch.customers.get(customerId);
    if (!row) return;
    const at = new Date(iso);
    if (row.firstContactAt === null || at < row.firstContactAt) row.firstContactAt = at;
    if (row.lastContactAt === null || at > row.lastContactAt) row.lastContactAt = at;
    batch.dirtyCustomers.add(customerId);
  }

  private async load(events: readonly RecordedEvent[], manager: EntityManager): Promise<Batch> {
    const ticketIds = new Set<string>();
    const customerIds = new Set<string>();
    for (const event of events) {
      if (isCustomerEventType(event.type)) {
        customerIds.add((event as unknown as CustomerEvent).data.customerId);
        continue;
      }
      const ticketId = ticketIdOfStream(event.streamName);
      if (ticketId !== undefined) ticketIds.add(ticketId);
      if (event.type === 'TicketOpened') {
        customerIds.add(
          (event as unknown as Extract<TicketEvent, { type: 'TicketOpened' }>).data.customer.id,
        );
      }
    }
    const tickets =
      ticketIds.size === 0
        ? []
        : await manager.find(CustomerTicketEntity, { where: { ticketId: In([...ticketIds]) } });
    for (const ticket of tickets) customerIds.add(ticket.customerId);
    const customers =
      customerIds.size === 0
        ? []
        : await manager.find(CustomerEntity, { where: { customerId: In([...customerIds]) } });
    return {
      tickets: new Map(tickets.map((row) => [row.ticketId, row])),
      customers: new Map(customers.map((row) => [row.customerId, row])),
      dirtyTickets: new Set(),
      dirtyCustomers: new Set(),
    };
  }
}

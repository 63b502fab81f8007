import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EVENT_STORE,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { checkpoints } from '../../projections/checkpoint-store';
import { ProjectionDefinition } from '../../projections/projection-definition.decorator';
import type { Projection } from '../../projections/projection';
import type { CommandContext } from '../../platform/http/command-context';
import { CustomerRecords } from '../customers/customer-records';
import type { CustomerDetailsChangedData } from '../customers/customer.events';
import {
  TICKET_LIST_PROJECTION,
  TICKET_LIST_TABLE,
} from '../listing-tickets/ticket-list.projection';
import { TicketCommandRunner } from '../ticket-command-runner';
import { TicketError } from '../ticket.errors';
import { SYSTEM_ACTOR, type TicketOpenedData } from '../ticket.events';
import { TICKET_STREAM_CATEGORY } from '../ticket.values';

export const CUSTOMER_TIER_PROPAGATION_PROJECTION = 'customer_tier_propagation';
const CUSTOMER_DETAILS_CHANGED = 'CustomerDetailsChanged';
/** Page size when reading the tickets opened since the ticket list's checkpoint. */
const OPENED_PAGE = 500;

/**
 * The reaction "the customer's tier changed, so their tickets follow": a checkpointed consumer of
 * CustomerDetailsChanged (tier among the changed fields) that sends ChangeTicketCustomerTier, as
 * the system, to every ticket of the customer that is not closed. The ticket command re-applies
 * the matching SLA policy in its own append (the SLA clocks' reaction treats the tier change as a
 * fact change).
 *
 * - Which tickets: the `ticket_list` read model's rows of the customer that are not closed (closed
 *   is final, so a lagging row can only list a ticket that has since closed, which records
 *   nothing), plus the TicketOpened events after the ticket list's checkpoint, read from the log:
 *   the list may trail this reactor, and a ticket opened just before the change must not be
 *   missed. The checkpoint is read before the rows, so rows and log overlap instead of leaving a
 *   gap. Tickets opened after the change carry the new tier from their own intake already.
 * - Which tier: the customer record's tier now, not the event's. Replaying an older change (a
 *   crash between the commands and the checkpoint, a rebuild) then records nothing instead of
 *   flipping tickets back to a tier the customer no longer has.
 * - Exactly once in effect: the decider records nothing when the ticket already has the tier (or
 *   is closed), so a repeated batch appends nothing. A command that fails for any other reason
 *   than a TicketError rolls the batch back; it is retried with backoff.
 */
@Injectable()
@ProjectionDefinition()
export class CustomerTierPropagationProjection implements Projection {
  readonly name = CUSTOMER_TIER_PROPAGATION_PROJECTION;
  readonly version = 1;
  readonly eventTypes = [CUSTOMER_DETAILS_CHANGED];
  readonly tables: readonly string[] = [];

  private readonly logger = new Logger(CustomerTierPropagationProjection.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly tickets: TicketCommandRunner,
    private readonly customers: CustomerRecords,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      if (event.type !== CUSTOMER_DETAILS_CHANGED) continue;
      const data = event.data as unknown as CustomerDetailsChangedData;
      if (!data.changedFields.includes('tier')) continue;
      await this.propagate(event, data, manager);
    }
  }

  private async propagate(
    cause: RecordedEvent,
    data: CustomerDetailsChangedData,
    manager: EntityManager,
  ): Promise<void> {
    const { state: customer } = await this.customers.load(data.customerId);
    const tier = customer.exists ? customer.tier : data.tier;
    const context: CommandContext = {
      actor: SYSTEM_ACTOR,
      correlationId: cause.metadata.correlationId,
      causationId: cause.id,
    };
    for (const ticketId of await this.ticketsOf(data.customerId, cause, manager)) {
      try {
        const outcome = await this.tickets.run({
          ticketId,
          context,
          build: (_state, now) => ({
            type: 'ChangeTicketCustomerTier',
            data: { ticketId, tier },
            metadata: { actor: SYSTEM_ACTOR, now },
          }),
        });
        if (outcome.events.length > 0) {
          this.logger.debug(`ticket ${ticketId}: customer tier now ${tier}`);
        }
      } catch (error) {
        // Nothing a retry would change (e.g. a ticket the list knows but whose stream is gone).
        if (!(error instanceof TicketError)) throw error;
        this.logger.warn(`ticket ${ticketId}: tier not changed (${error.type})`);
      }
    }
  }

  /** The customer's tickets that may still be open (see the class comment). */
  private async ticketsOf(
    customerId: string,
    cause: RecordedEvent,
    manager: EntityManager,
  ): Promise<string[]> {
    const checkpoint = await checkpoints.find(manager, TICKET_LIST_PROJECTION);
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM ${TICKET_LIST_TABLE} WHERE customer_id = $1 AND status <> 'closed' ORDER BY created_at, id`,
      [customerId],
    );
    const ids = new Set(rows.map((row) => row.id));
    for (const id of await this.openedSince(checkpoint?.position ?? null, customerId, cause)) {
      ids.add(id);
    }
    return [...ids];
  }

  /** Tickets of the customer opened after `from` and before `cause` (or up to the head). */
  private async openedSince(
    from: Position | null,
    customerId: string,
    cause: RecordedEvent,
  ): Promise<string[]> {
    const ids: string[] = [];
    let position: 'start' | Position = from ?? 'start';
    for (;;) {
      const page = await this.store.readAll({
        from: position,
        maxCount: OPENED_PAGE,
        filter: { eventTypes: ['TicketOpened', CUSTOMER_DETAILS_CHANGED] },
      });
      for (const event of page) {
        // Later tickets carry the new tier from their own intake: stop at the change itself.
        if (event.id === cause.id) return ids;
        if (event.type !== 'TicketOpened') continue;
        if (!event.streamName.startsWith(`${TICKET_STREAM_CATEGORY}-`)) continue;
        const opened = event.data as unknown as TicketOpenedData;
        if (opened.customer.id === customerId) ids.push(opened.ticketId);
      }
      const last = page.at(-1);
      if (last === undefined || page.length < OPENED_PAGE) return ids;
      position = last.position;
    }
  }
}

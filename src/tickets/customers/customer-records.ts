import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type NewEvent } from '../../event-store/event-store.port';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import type { CommandContext } from '../../platform/http/command-context';
import { executeCommandWithRetry, type LoadedState } from '../../platform/http/concurrency';
import { ID_GENERATOR, type IdGenerator } from '../../platform/ids/id-generator';
import { CLOCK, type Clock } from '../../platform/time/clock';
import type { TicketOpenedData } from '../ticket.events';
import {
  decideCustomer,
  evolveCustomer,
  initialCustomerState,
  type CustomerState,
} from './customer.decider';
import {
  CUSTOMER_EVENT_SCHEMA_VERSIONS,
  customerStreamName,
  isCustomerEventType,
  type CustomerEvent,
} from './customer.events';

export type CustomerRecordOutcome = 'registered' | 'changed' | 'unchanged';

export interface CustomerRecordResult {
  readonly customerId: string;
  readonly outcome: CustomerRecordOutcome;
  /** The stream revision of `customer-<id>` after recording. */
  readonly revision: bigint;
}

/**
 * Keeps the customer record (`customer-<id>`) in step with the tickets that name the customer.
 *
 * Not atomic with the ticket: opening a ticket appends `ticket-<id>` first and only then this
 * stream (two streams cannot be appended in one transaction through the EventStore port, and the
 * ticket is what the caller asked for). If this second append fails, the ticket stands and the
 * record lags. Recording is idempotent and order-safe (see customer.decider.ts), so it can be
 * repeated for the same ticket at any time — `recordFromTicket` again, or the customer's next
 * ticket — and converges without duplicate events. Concurrent tickets of one customer are
 * serialised by the expected revision with the usual bounded retry.
 */
@Injectable()
export class CustomerRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async load(customerId: string): Promise<LoadedState<CustomerState>> {
    const recorded = await this.eventStore.readStream(customerStreamName(customerId));
    let state = initialCustomerState();
    for (const event of recorded) {
      if (isCustomerEventType(event.type)) {
        state = evolveCustomer(state, event as unknown as CustomerEvent);
      }
    }
    const last = recorded.at(-1);
    return { state, revision: last ? last.revision : -1n };
  }

  /** Creates or updates the record from a ticket's TicketOpened data. Safe to repeat. */
  recordFromTicket(
    opened: TicketOpenedData,
    context: CommandContext,
  ): Promise<CustomerRecordResult> {
    const { customer } = opened;
    const stream = customerStreamName(customer.id);
    return executeCommandWithRetry({
      ifMatch: undefined,
      retryLimit: this.config.commandRetryLimit,
      load: () => this.load(customer.id),
      decideAndAppend: async (loaded, expectedRevision) => {
        const now = this.clock.now();
        const events = decideCustomer(
          {
            type: 'RecordCustomerFromTicket',
            data: {
              customerId: customer.id,
              name: customer.name,
              email: customer.email,
              phone: customer.phone,
              tier: customer.tier,
              sourceTicketId: opened.ticketId,
              detailsAsOf: opened.openedAt,
            },
            metadata: { actor: context.actor, now },
          },
          loaded.state,
        );
        const first = events[0];
        if (first === undefined) {
          return { customerId: customer.id, outcome: 'unchanged', revision: loaded.revision };
        }
        const result = await this.eventStore.appendToStream(
          stream,
          events.map((event) => this.toNewEvent(event, context, now)),
          { expectedRevision },
        );
        return {
          customerId: customer.id,
          outcome: first.type === 'CustomerRegistered' ? 'registered' : 'changed',
          revision: result.nextExpectedRevision,
        };
      },
    });
  }

  private toNewEvent(event: CustomerEvent, context: CommandContext, now: Date): NewEvent {
    return {
      id: this.ids.newId(),
      type: event.type,
      data: event.data as unknown as NewEvent['data'],
      metadata: {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: now.toISOString(),
        schemaVersion: CUSTOMER_EVENT_SCHEMA_VERSIONS[event.type],
        ...(context.requestId ? { requestId: context.requestId } : {}),
      },
    };
  }
}

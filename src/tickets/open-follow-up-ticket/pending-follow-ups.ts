import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import type { TicketFollowUpRequestedData } from '../ticket.events';
import { ticketStreamName } from '../ticket.values';

/** A TicketFollowUpRequested whose follow-up ticket was never opened (step two did not happen). */
export interface PendingFollowUp {
  readonly request: TicketFollowUpRequestedData;
  /** The closed ticket's revision at which the request was recorded. */
  readonly revision: bigint;
}

/**
 * Finds the follow-up requests of a closed ticket whose follow-up stream does not exist: the
 * request was recorded but the process stopped before opening the follow-up. Reads one stream per
 * request; only customer messages on closed tickets ask, and those have few requests.
 */
@Injectable()
export class PendingFollowUps {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  async of(closedTicketEvents: readonly RecordedEvent[]): Promise<PendingFollowUp[]> {
    const pending: PendingFollowUp[] = [];
    for (const event of closedTicketEvents) {
      if (event.type !== 'TicketFollowUpRequested') continue;
      const request = event.data as unknown as TicketFollowUpRequestedData;
      const opened = await this.eventStore.readStream(ticketStreamName(request.followUpTicketId), {
        maxCount: 1,
      });
      if (opened.length === 0) pending.push({ request, revision: event.revision });
    }
    return pending;
  }
}

/** Events shaped like the product's: a ticket-ish data object and full metadata, ~560 bytes. */
import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../../src/event-store/event-store.port';

const DESCRIPTION =
  'Customer reports that the invoice export stops after the first page when the account has ' +
  'more than fifty open tickets; reproduced on the web app and the API, started after Monday. ' +
  'Attached logs show a timeout from the';

export function benchEvent(index: number): NewEvent {
  const metadata: EventMetadata = {
    actor: { type: 'agent', id: 'agent-0f3c2a' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: '2026-01-05T09:00:00.000Z',
    schemaVersion: 1,
  };
  return {
    id: randomUUID(),
    type: 'TicketCommented',
    data: {
      ticketId: randomUUID(),
      commentIndex: index,
      visibility: 'public',
      body: DESCRIPTION,
    },
    metadata,
  };
}

/** The size the log stores: type, data and metadata as JSON. */
export function eventBytes(event: NewEvent): number {
  return Buffer.byteLength(
    JSON.stringify({ type: event.type, data: event.data, metadata: event.metadata }),
  );
}

/**
 * Test-only: appends hand-written events straight to the event store (as the command handlers
 * and SLA timers would record them) and waits until the report projections applied them.
 */
import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  EVENT_STORE,
  type Actor,
  type EventStore,
  type NewEvent,
} from '../../../event-store/event-store.port';
import { ProjectionRunner } from '../../../projections/projection-runner';
import { REPORT_FEEDBACK_FACTS_PROJECTION } from '../facts/feedback-facts.projection';
import { REPORT_TICKET_FACTS_PROJECTION } from '../facts/ticket-facts.projection';

/** A deterministic uuid from any text (sha256 laid out as a uuid). */
export function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface PlainEvent {
  readonly id?: string;
  readonly type: string;
  readonly data: object;
  readonly metadata: { readonly actor: Actor; readonly occurredAt: string };
}

export function toNewEvent(event: PlainEvent, seed: string): NewEvent {
  return {
    id: uuidFrom(`${seed}:${event.id ?? JSON.stringify(event.data)}`),
    type: event.type,
    data: event.data as Readonly<Record<string, unknown>>,
    metadata: {
      actor: event.metadata.actor,
      correlationId: uuidFrom(`corr:${seed}`),
      causationId: null,
      occurredAt: event.metadata.occurredAt,
      schemaVersion: 1,
    },
  };
}

export async function appendEvents(
  app: NestFastifyApplication,
  streamName: string,
  events: readonly PlainEvent[],
): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  await store.appendToStream(
    streamName,
    events.map((event, index) => toNewEvent(event, `${streamName}#${index}`)),
    { expectedRevision: 'any' },
  );
}

export async function waitForReports(app: NestFastifyApplication): Promise<void> {
  const caughtUp = await app
    .get(ProjectionRunner)
    .waitForCatchUp(20_000, [REPORT_TICKET_FACTS_PROJECTION, REPORT_FEEDBACK_FACTS_PROJECTION]);
  if (!caughtUp) throw new Error('report projections did not catch up within 20 s');
}

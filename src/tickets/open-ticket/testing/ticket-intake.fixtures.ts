/**
 * Test support for the ticket intake API specs (not loaded by the application): opening tickets
 * through the HTTP API and reading back exactly what was appended to a stream.
 */
import request from 'supertest';
import { bearer } from '../../../../test/support/directory-fixtures';
import type { TestApp } from '../../../../test/support/test-app';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { problemTypeUri } from '../../../platform/http/problem-details';
import { TicketCommandRunner } from '../../ticket-command-runner';
import { ticketStreamName } from '../../ticket.values';

export { bearer };

export function openTicketBody(
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    channel: 'email',
    subject: 'Cannot log in since the update',
    description: 'After installing 4.2 the app says my password is wrong.',
    customer: {
      id: 'crm-104233',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      tier: 'premium',
    },
    type: 'incident',
    tags: ['Login', 'mobile'],
    language: 'en',
    ...overrides,
  };
}

export interface OpenedTicket {
  readonly id: string;
  readonly etag: string;
}

/** POST /tickets; fails the test unless it answers 201. */
export async function openTicket(
  testApp: TestApp,
  apiKey: string = testApp.adminKey,
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<OpenedTicket> {
  const response = await request(testApp.app.getHttpServer())
    .post('/tickets')
    .set(bearer(apiKey))
    .send(openTicketBody(overrides));
  if (response.status !== 201) {
    throw new Error(`opening a ticket: HTTP ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { id: (response.body as { id: string }).id, etag: String(response.headers.etag) };
}

export interface StoredEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly revision: bigint;
}

/** Every event of a stream, oldest first, as recorded. */
export async function streamEvents(testApp: TestApp, stream: string): Promise<StoredEvent[]> {
  const events = await testApp.app.get<EventStore>(EVENT_STORE).readStream(stream);
  return events.map((event) => ({
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as Readonly<Record<string, unknown>>,
    revision: event.revision,
  }));
}

export function ticketEvents(testApp: TestApp, ticketId: string): Promise<StoredEvent[]> {
  return streamEvents(testApp, ticketStreamName(ticketId));
}

/** The metadata the runner writes for a request sent with these ids at the test clock's time. */
export function expectedMetadata(
  testApp: TestApp,
  actor: { type: string; id: string },
  ids: { requestId: string; correlationId?: string },
): Record<string, unknown> {
  return {
    actor,
    correlationId: ids.correlationId ?? ids.requestId,
    causationId: ids.requestId,
    requestId: ids.requestId,
    occurredAt: testApp.clock.now().toISOString(),
    schemaVersion: 1,
  };
}

export function problem(slug: string): string {
  return problemTypeUri(slug);
}

/** The `field` of each entry of a validation problem's `errors`. */
export function errorFields(body: unknown): string[] {
  return ((body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
}

export function errorCodes(body: unknown): string[] {
  return ((body as { errors?: { code: string }[] }).errors ?? []).map((error) => error.code);
}

let keySequence = 0;
/** A fresh API key of a role through POST /admin/api-keys; the principal id is returned too. */
export async function apiKeyFor(
  testApp: TestApp,
  role: 'admin' | 'supervisor' | 'agent' | 'integrator' | 'auditor',
  principalId?: string,
): Promise<{ key: string; principalId: string }> {
  keySequence += 1;
  const id = principalId ?? `${role}-${keySequence}`;
  const response = await request(testApp.app.getHttpServer())
    .post('/admin/api-keys')
    .set(bearer(testApp.adminKey))
    .send({ role, principalId: id, name: `${role} ${id}` });
  if (response.status !== 201) {
    throw new Error(`creating a ${role} key: HTTP ${response.status}`);
  }
  return { key: (response.body as { key: string }).key, principalId: id };
}

const SETUP_CONTEXT = {
  actor: { type: 'admin' as const, id: 'test-setup' },
  correlationId: 'test-setup',
  causationId: null,
};

/**
 * Solves a ticket through the real write path (TicketCommandRunner), for states the intake routes
 * cannot reach themselves. The ticket must be open (e.g. assigned to an agent).
 */
export async function solveThroughRunner(testApp: TestApp, ticketId: string): Promise<void> {
  await testApp.app.get(TicketCommandRunner).run({
    ticketId,
    context: SETUP_CONTEXT,
    build: (_state, now) => ({
      type: 'SolveTicket',
      data: { ticketId, resolutionCode: 'fixed', summary: 'Solved for the test.' },
      metadata: { actor: SETUP_CONTEXT.actor, now },
    }),
  });
}

/** Closes a ticket by merging it into a fresh one through POST /tickets/{id}/merge. */
export async function closeByMerge(testApp: TestApp, ticketId: string): Promise<string> {
  const target = await openTicket(testApp);
  const response = await request(testApp.app.getHttpServer())
    .post(`/tickets/${ticketId}/merge`)
    .set(bearer(testApp.adminKey))
    .send({ intoTicketId: target.id });
  if (response.status !== 200) {
    throw new Error(
      `merging ${ticketId}: HTTP ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return target.id;
}

/** Assigns through POST /tickets/{id}/assign with the admin key; fails unless 200. */
export async function assignTicket(
  testApp: TestApp,
  ticketId: string,
  body: { agentId?: string; teamId?: string },
): Promise<void> {
  const response = await request(testApp.app.getHttpServer())
    .post(`/tickets/${ticketId}/assign`)
    .set(bearer(testApp.adminKey))
    .send(body);
  if (response.status !== 200) {
    throw new Error(
      `assigning ${ticketId}: HTTP ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
}

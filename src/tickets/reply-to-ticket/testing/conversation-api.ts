/**
 * Test support for the conversation slices' API tests (not loaded by the application): the whole
 * app on a fresh database, tickets opened and assigned through the real routes (POST /tickets,
 * POST /tickets/{id}/assign), agents and teams through the directory routes, and the ticket's
 * stream read back from the real event store.
 */
import request from 'supertest';
import {
  createAgent,
  createApiKey,
  createTeam,
  bearer,
  type CreatedAgent,
} from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port';
import { problemTypeUri } from '../../../platform/http/problem-details';
import { ticketStreamName } from '../../ticket.values';

export { bearer };

/** The admin key's principal (ADMIN_API_KEY is stored with principal id `admin`). */
export const ADMIN_ACTOR = { type: 'admin', id: 'admin' } as const;

export const CUSTOMER = {
  id: 'crm-104233',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  tier: 'premium',
} as const;

export interface ConversationApi {
  readonly testApp: TestApp;
  readonly store: EventStore;
  /** Member of `team`, given every ticket opened with `openAssigned`. */
  readonly agent: CreatedAgent;
  /** Another member of `team`, assigned nothing. */
  readonly teammate: CreatedAgent;
  /** An agent in no team. */
  readonly outsider: CreatedAgent;
  readonly team: string;
  readonly auditorKey: string;
  readonly integratorKey: string;
  http(): ReturnType<typeof request>;
  /** POST /tickets as admin; returns the new ticket's id (status `new`). */
  open(overrides?: Readonly<Record<string, unknown>>): Promise<string>;
  /** Opens a ticket and assigns it to `agent` in `team` (status `open`). */
  openAssigned(overrides?: Readonly<Record<string, unknown>>): Promise<string>;
  /** POST /tickets/{id}/<route> as admin, expecting 200. */
  command(ticketId: string, route: string, body?: object): Promise<request.Response>;
  events(ticketId: string): Promise<RecordedEvent[]>;
  /** The ticket's stream revision (-1 when it does not exist). */
  revision(ticketId: string): Promise<number>;
  close(): Promise<void>;
}

export async function createConversationApi(
  env: Readonly<Record<string, string>> = {},
): Promise<ConversationApi> {
  const testApp = await createTestApp(env);
  const store = testApp.app.get<EventStore>(EVENT_STORE);
  const http = (): ReturnType<typeof request> => request(testApp.app.getHttpServer());
  const team = await createTeam(testApp, { name: 'Billing' });
  const agent = await createAgent(testApp, { teams: [team] });
  const teammate = await createAgent(testApp, { teams: [team] });
  const outsider = await createAgent(testApp);
  const auditorKey = await createApiKey(testApp, 'auditor', 'auditor-1');
  const integratorKey = await createApiKey(testApp, 'integrator', 'mail-gateway');

  const events = (ticketId: string): Promise<RecordedEvent[]> =>
    store.readStream(ticketStreamName(ticketId));

  const api: ConversationApi = {
    testApp,
    store,
    agent,
    teammate,
    outsider,
    team,
    auditorKey,
    integratorKey,
    http,
    async open(overrides = {}) {
      const response = await http()
        .post('/tickets')
        .set(bearer(testApp.adminKey))
        .send({
          channel: 'email',
          subject: 'Cannot log in since the update',
          description: 'After installing 4.2 the app says my password is wrong.',
          customer: CUSTOMER,
          type: 'incident',
          priority: 'high',
          tags: ['login'],
          language: 'en',
          ...overrides,
        });
      if (response.status !== 201) {
        throw new Error(`opening a ticket: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return (response.body as { id: string }).id;
    },
    async openAssigned(overrides = {}) {
      const ticketId = await api.open(overrides);
      await api.command(ticketId, 'assign', { agentId: agent.agentId, teamId: team });
      return ticketId;
    },
    async command(ticketId, route, body) {
      const response = await http()
        .post(`/tickets/${ticketId}/${route}`)
        .set(bearer(testApp.adminKey))
        .send(body);
      if (response.status !== 200) {
        throw new Error(`POST ${route}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response;
    },
    events,
    async revision(ticketId) {
      return (await events(ticketId)).length - 1;
    },
    close: () => testApp.close(),
  };
  return api;
}

/** The events appended after `revision` (exclusive). */
export async function eventsAfter(
  api: ConversationApi,
  ticketId: string,
  revision: number,
): Promise<RecordedEvent[]> {
  return (await api.events(ticketId)).filter((event) => Number(event.revision) > revision);
}

export function problemType(slug: string): string {
  return problemTypeUri(slug);
}

/**
 * The metadata every event of a request carries: the caller as actor, the request id as
 * correlation (no X-Correlation-Id sent) and causation, the test clock's time, schema version 1.
 */
export function requestMetadata(
  response: request.Response,
  actor: { readonly type: string; readonly id: string },
  occurredAt: Date,
): Record<string, unknown> {
  const requestId: string = response.headers['x-request-id'];
  return {
    actor,
    correlationId: requestId,
    causationId: requestId,
    occurredAt: occurredAt.toISOString(),
    schemaVersion: 1,
    requestId,
  };
}

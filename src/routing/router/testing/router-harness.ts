/**
 * Test helpers for the router: define rules, open tickets, wait until the router has handled
 * everything in the log (polling the projection runner, never sleeping), and read assignments
 * straight from the ticket streams (the router's decisions are events, so tests check events).
 */
import request from 'supertest';
import type { TestApp } from '../../../../test/support/test-app';
import { bearer } from '../../../../test/support/directory-fixtures';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port';
import { ProjectionRunner } from '../../../projections/projection-runner';
import {
  eventually,
  OPEN_TICKET_BODY,
  TicketApi,
} from '../../../tickets/getting-ticket-details/testing/ticket-api';
import { foldTicket, type Ticket } from '../../../tickets/ticket.state';
import type { TicketEvent } from '../../../tickets/ticket.events';
import { ticketStreamName } from '../../../tickets/ticket.values';
import { ROUTER_PROJECTION_NAME, RouterProjection } from '../router.projection';

export interface RuleInput {
  readonly id: string;
  readonly when?: Readonly<Record<string, readonly string[]>>;
  readonly teamId: string;
  readonly requiredSkills?: readonly { skill: string; minLevel: number }[];
}

export async function defineRules(
  testApp: TestApp,
  rules: readonly RuleInput[],
  defaultTeamId: string,
): Promise<void> {
  const response = await request(testApp.app.getHttpServer())
    .put('/routing/rules')
    .set(bearer(testApp.adminKey))
    .send({ rules, defaultRoute: { teamId: defaultTeamId, requiredSkills: [] } });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`PUT /routing/rules: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

export async function openTicket(
  testApp: TestApp,
  body: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  const opened = await new TicketApi(testApp).open({
    priority: 'normal',
    customer: { ...OPEN_TICKET_BODY.customer, tier: 'standard' },
    ...body,
  });
  return opened.id;
}

export async function ticketCommand(
  testApp: TestApp,
  ticketId: string,
  command: string,
  body: Readonly<Record<string, unknown>> = {},
  key = testApp.adminKey,
): Promise<void> {
  await new TicketApi(testApp).command(ticketId, command, body, key);
}

export function solve(testApp: TestApp, ticketId: string): Promise<void> {
  return ticketCommand(testApp, ticketId, 'solve', { resolutionCode: 'fixed', summary: 'Done' });
}

/** Resolves once the router has handled every event in the log, its own appends included. */
export async function waitForRouter(testApp: TestApp, timeoutMs = 20_000): Promise<void> {
  const runner = testApp.app.get(ProjectionRunner);
  // The router appends while it handles a batch; those appends are new events it must handle
  // too, so wait until a catch-up finds nothing more to do twice in a row (bounded).
  for (let round = 0; round < 3; round += 1) {
    const caughtUp = await runner.waitForCatchUp(timeoutMs, [ROUTER_PROJECTION_NAME]);
    if (!caughtUp) throw new Error('the router did not catch up');
  }
}

export function eventsOf(testApp: TestApp, ticketId: string): Promise<RecordedEvent[]> {
  return testApp.app.get<EventStore>(EVENT_STORE).readStream(ticketStreamName(ticketId));
}

export async function ticketState(testApp: TestApp, ticketId: string): Promise<Ticket> {
  const events = await eventsOf(testApp, ticketId);
  const state = foldTicket(events as unknown as TicketEvent[]);
  if (!state.exists) throw new Error(`no ticket ${ticketId}`);
  return state;
}

/** The TicketAssigned events of a ticket, as recorded. */
export async function assignmentsOf(testApp: TestApp, ticketId: string): Promise<RecordedEvent[]> {
  return (await eventsOf(testApp, ticketId)).filter((event) => event.type === 'TicketAssigned');
}

/**
 * The router's events (after `from`), read again until `complete` holds for them. readAll is
 * fenced at the oldest transaction still running anywhere on the PostgreSQL server (so it never
 * skips an event committed later at a lower position): while another test's long statement runs,
 * events just appended are not readable yet. The runner simply reads again later; so does this.
 */
export async function readableRouterEvents(
  testApp: TestApp,
  complete: (events: readonly RecordedEvent[]) => boolean,
  from?: string,
): Promise<RecordedEvent[]> {
  let events: RecordedEvent[] = [];
  await eventually(
    async () => {
      events = await testApp.app.get<EventStore>(EVENT_STORE).readAll({
        ...(from !== undefined ? { from } : {}),
        maxCount: 10_000,
        filter: { eventTypes: testApp.app.get(RouterProjection).eventTypes },
      });
      return complete(events);
    },
    'the router events to become readable',
    20_000,
  );
  return events;
}

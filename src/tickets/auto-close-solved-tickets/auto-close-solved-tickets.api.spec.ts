/**
 * The durable auto-close timer, on the whole app: solving through the API sets a deadline row
 * (projection), and AutoCloseSolvedTickets.runDueTimers — driven here by hand with the test clock;
 * production polls every few seconds — closes the ticket as the system actor once it has passed.
 */
import type { Pool } from 'pg';
import request from 'supertest';
import { bearer, createAgent } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { createTestDatabase } from '../../../test/support/test-database';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { PG_POOL } from '../../platform/database/database.tokens';
import { FixedClock } from '../../platform/time/clock';
import {
  createConversationApi,
  eventsAfter,
  type ConversationApi,
} from '../reply-to-ticket/testing/conversation-api';
import { ticketStreamName } from '../ticket.values';
import { AutoCloseSolvedTickets } from './auto-close-solved-tickets';

const SOLUTION = { resolutionCode: 'answered', summary: 'Explained where the setting moved.' };
/** Friday 15:00 UTC: 4 business days on is Thursday 15:00 of the next week. */
const FRIDAY = '2026-01-09T15:00:00.000Z';
const NEXT_THURSDAY = '2026-01-15T15:00:00.000Z';

interface DeadlineRow {
  ticket_id: string;
  solved_at: Date;
  due_at: Date;
  solved_event_id: string;
  correlation_id: string;
}

async function deadlineOf(app: TestApp, ticketId: string): Promise<DeadlineRow | undefined> {
  const pool = app.app.get<Pool>(PG_POOL);
  const { rows } = await pool.query<DeadlineRow>(
    'SELECT * FROM ticket_auto_close_deadlines WHERE ticket_id = $1',
    [ticketId],
  );
  return rows[0];
}

/** Polls the deadline table (the projection runs asynchronously) until `ready` holds. */
async function waitForDeadline(
  app: TestApp,
  ticketId: string,
  ready: (row: DeadlineRow | undefined) => boolean,
): Promise<DeadlineRow | undefined> {
  const giveUpAt = Date.now() + 5_000;
  for (;;) {
    const row = await deadlineOf(app, ticketId);
    if (ready(row)) return row;
    if (Date.now() > giveUpAt) throw new Error(`the deadline of ${ticketId} did not settle`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const closesOf = async (store: EventStore, ticketId: string) =>
  (await store.readStream(ticketStreamName(ticketId))).filter(
    (event) => event.type === 'TicketClosed',
  );

describe('auto close of solved tickets', () => {
  let api: ConversationApi;
  let timers: AutoCloseSolvedTickets;

  beforeAll(async () => {
    api = await createConversationApi();
    timers = api.testApp.app.get(AutoCloseSolvedTickets);
    // This suite moves the clock and runs the timers itself.
    timers.stopPolling();
  });

  afterAll(async () => {
    await api?.close();
  });

  async function solvedAt(at: string): Promise<string> {
    const ticketId = await api.openAssigned();
    api.testApp.clock.set(at);
    await api.command(ticketId, 'solve', SOLUTION);
    return ticketId;
  }

  it('closes a solved ticket AUTO_CLOSE_AFTER (4) business days after the solve, as the system', async () => {
    const ticketId = await solvedAt(FRIDAY);
    const solved = (await api.events(ticketId)).at(-1);
    expect(solved?.type).toBe('TicketSolved');
    const row = await waitForDeadline(api.testApp, ticketId, (r) => r !== undefined);
    expect(row).toEqual({
      ticket_id: ticketId,
      solved_at: new Date(FRIDAY),
      due_at: new Date(NEXT_THURSDAY),
      solved_event_id: solved?.id,
      correlation_id: solved?.metadata.correlationId,
    });
    const revision = await api.revision(ticketId);

    api.testApp.clock.set(new Date(Date.parse(NEXT_THURSDAY) - 1));
    await timers.runDueTimers();
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);

    api.testApp.clock.set(NEXT_THURSDAY);
    await timers.runDueTimers();

    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'TicketClosed', data: { ticketId, mode: 'automatic', closedAt: NEXT_THURSDAY } },
    ]);
    expect(appended[0]?.metadata).toEqual({
      actor: { type: 'system', id: 'servicetrail' },
      correlationId: solved?.metadata.correlationId,
      causationId: solved?.id,
      occurredAt: NEXT_THURSDAY,
      schemaVersion: 1,
    });
    expect(await deadlineOf(api.testApp, ticketId)).toBeUndefined();

    // Handled once: a later run finds nothing to do for it.
    api.testApp.clock.set('2026-02-02T09:00:00.000Z');
    await timers.runDueTimers();
    expect(await closesOf(api.store, ticketId)).toHaveLength(1);
  });

  it('does nothing for a ticket reopened before its deadline', async () => {
    const ticketId = await solvedAt(FRIDAY);
    await waitForDeadline(api.testApp, ticketId, (r) => r !== undefined);
    api.testApp.clock.set('2026-01-12T10:00:00.000Z');
    await api.command(ticketId, 'reopen', { reason: 'Still failing on Android.' });
    await waitForDeadline(api.testApp, ticketId, (r) => r === undefined);
    const revision = await api.revision(ticketId);

    api.testApp.clock.set('2026-01-20T09:00:00.000Z');
    await timers.runDueTimers();

    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('after a reopen and a new solve, closes at the new solve’s deadline only', async () => {
    const ticketId = await solvedAt(FRIDAY);
    api.testApp.clock.set('2026-01-12T10:00:00.000Z');
    await api.command(ticketId, 'reopen', { reason: 'Not fixed.' });
    api.testApp.clock.set('2026-01-13T11:00:00.000Z'); // Tuesday
    await api.command(ticketId, 'solve', SOLUTION);
    await waitForDeadline(
      api.testApp,
      ticketId,
      (r) => r?.solved_at.toISOString() === '2026-01-13T11:00:00.000Z',
    );
    const revision = await api.revision(ticketId);

    api.testApp.clock.set(NEXT_THURSDAY); // the first solve's deadline
    await timers.runDueTimers();
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);

    api.testApp.clock.set('2026-01-19T11:00:00.000Z'); // Monday: 4 business days after Tuesday
    await timers.runDueTimers();
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map((event) => event.data)).toEqual([
      { ticketId, mode: 'automatic', closedAt: '2026-01-19T11:00:00.000Z' },
    ]);
  });

  it('drops a stale timer (the projection lagging behind a reopen and a new solve) without closing', async () => {
    const ticketId = await solvedAt(FRIDAY);
    await waitForDeadline(api.testApp, ticketId, (r) => r !== undefined);
    api.testApp.clock.set('2026-01-12T10:00:00.000Z');
    await api.command(ticketId, 'reopen', { reason: 'Not fixed.' });
    await api.command(ticketId, 'solve', SOLUTION);
    await waitForDeadline(
      api.testApp,
      ticketId,
      (r) => r?.solved_at.toISOString() === '2026-01-12T10:00:00.000Z',
    );
    // As if the projection had not yet seen the reopen: the row still names the first solve.
    await api.testApp.app
      .get<Pool>(PG_POOL)
      .query(
        'UPDATE ticket_auto_close_deadlines SET solved_at = $2, due_at = $3 WHERE ticket_id = $1',
        [ticketId, FRIDAY, NEXT_THURSDAY],
      );
    const revision = await api.revision(ticketId);

    api.testApp.clock.set(NEXT_THURSDAY);
    await timers.runDueTimers();

    // auto-close-stale: the decider refuses; the timer is gone, the ticket stays solved.
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
    expect(await deadlineOf(api.testApp, ticketId)).toBeUndefined();
  });

  it('drops the timer of a ticket closed by hand before its deadline', async () => {
    const ticketId = await solvedAt(FRIDAY);
    await waitForDeadline(api.testApp, ticketId, (r) => r !== undefined);
    await api.command(ticketId, 'close');
    await waitForDeadline(api.testApp, ticketId, (r) => r === undefined);
    api.testApp.clock.set('2026-01-20T09:00:00.000Z');
    await timers.runDueTimers();
    expect((await closesOf(api.store, ticketId)).map((event) => event.data.mode)).toEqual([
      'manual',
    ]);
  });

  it('survives a restart: the deadline is in the database, not in memory', async () => {
    const database = await createTestDatabase();
    const clock = new FixedClock(FRIDAY);
    let ticketId: string;
    const first = await createTestApp({}, { database, clock });
    try {
      first.app.get(AutoCloseSolvedTickets).stopPolling();
      ticketId = await openAssignedAndSolve(first);
      await waitForDeadline(first, ticketId, (r) => r !== undefined);
    } finally {
      await first.close();
    }
    const second = await createTestApp({}, { database, clock });
    try {
      second.app.get(AutoCloseSolvedTickets).stopPolling();
      clock.set(NEXT_THURSDAY);
      const run = await second.app.get(AutoCloseSolvedTickets).runDueTimers();
      expect(run).toEqual({ closed: 1, nothingToDo: 0, failed: 0 });
      expect(await closesOf(second.app.get<EventStore>(EVENT_STORE), ticketId)).toHaveLength(1);
    } finally {
      await second.close();
      await database.drop();
    }
  });
});

describe('auto close with AUTO_CLOSE_AFTER=1', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi({ AUTO_CLOSE_AFTER: '1' });
    api.testApp.app.get(AutoCloseSolvedTickets).stopPolling();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('closes a ticket solved on Friday on Monday at the same time', async () => {
    const ticketId = await api.openAssigned();
    api.testApp.clock.set(FRIDAY);
    await api.command(ticketId, 'solve', SOLUTION);
    const row = await waitForDeadline(api.testApp, ticketId, (r) => r !== undefined);
    expect(row?.due_at).toEqual(new Date('2026-01-12T15:00:00.000Z'));
    api.testApp.clock.set('2026-01-12T15:00:00.000Z');
    await api.testApp.app.get(AutoCloseSolvedTickets).runDueTimers();
    expect((await closesOf(api.store, ticketId)).map((event) => event.data.mode)).toEqual([
      'automatic',
    ]);
  });
});

async function openAssignedAndSolve(app: TestApp): Promise<string> {
  const server = app.app.getHttpServer();
  const admin = bearer(app.adminKey);
  const { agentId } = await createAgent(app);
  const opened = await request(server)
    .post('/tickets')
    .set(admin)
    .send({
      channel: 'chat',
      subject: 'Where is the export button?',
      description: 'It moved in the new version.',
      customer: { id: `cust-${agentId.slice(0, 8)}`, name: 'Grace Hopper', tier: 'standard' },
      type: 'question',
      language: 'en',
    })
    .expect(201);
  const ticketId = (opened.body as { id: string }).id;
  await request(server)
    .post(`/tickets/${ticketId}/assign`)
    .set(admin)
    .send({ agentId })
    .expect(200);
  await request(server).post(`/tickets/${ticketId}/solve`).set(admin).send(SOLUTION).expect(200);
  return ticketId;
}

describe('auto close with two instances on one database', () => {
  const TICKETS = 12;

  it('closes every due ticket exactly once (one TicketClosed each)', async () => {
    const database = await createTestDatabase();
    const clocks = [new FixedClock(FRIDAY), new FixedClock(FRIDAY)];
    const apps: TestApp[] = [];
    try {
      for (const clock of clocks) apps.push(await createTestApp({}, { database, clock }));
      const [a, b] = apps as [TestApp, TestApp];
      const [first, second] = apps.map((app) => app.app.get(AutoCloseSolvedTickets)) as [
        AutoCloseSolvedTickets,
        AutoCloseSolvedTickets,
      ];
      for (const poller of [first, second]) poller.stopPolling();

      const ticketIds: string[] = [];
      for (let i = 0; i < TICKETS; i++) ticketIds.push(await openAssignedAndSolve(i % 2 ? a : b));
      for (const ticketId of ticketIds) {
        await waitForDeadline(a, ticketId, (r) => r !== undefined);
      }

      for (const clock of clocks) clock.set(NEXT_THURSDAY);
      const runs = await Promise.all([
        first.runDueTimers(),
        second.runDueTimers(),
        first.runDueTimers(),
        second.runDueTimers(),
      ]);

      // Each timer was claimed by one run only: none found its ticket already closed.
      expect(runs.reduce((sum, run) => sum + run.closed, 0)).toBe(TICKETS);
      expect(runs.reduce((sum, run) => sum + run.nothingToDo + run.failed, 0)).toBe(0);
      const store = a.app.get<EventStore>(EVENT_STORE);
      for (const ticketId of ticketIds) {
        const closes = await closesOf(store, ticketId);
        expect(closes.map((event) => event.data.mode)).toEqual(['automatic']);
      }
    } finally {
      for (const app of apps) await app.close();
      await database.drop();
    }
  });
});

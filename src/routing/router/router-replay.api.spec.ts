/**
 * A router batch whose assignments were appended but whose transaction then failed is replayed
 * (same events, tables rolled back): the replay must not assign again, and must count what the
 * failed run assigned. Projections are off here so the test drives the router's batches itself.
 */
import { DataSource } from 'typeorm';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { createAgent, createTeam } from '../../../test/support/directory-fixtures';
import {
  assignmentsOf,
  defineRules,
  openTicket,
  readableRouterEvents,
  ticketState,
} from './testing/router-harness';
import { RouterProjection } from './router.projection';

describe('router: replay after a failed batch', () => {
  let testApp: TestApp;

  const opened = (events: readonly RecordedEvent[], ticketId: string): boolean =>
    events.some((e) => e.type === 'TicketOpened' && e.data.ticketId === ticketId);

  beforeAll(async () => {
    testApp = await createTestApp({ PROJECTIONS_ENABLED: 'false' });
    testApp.clock.set('2026-03-02T09:00:00.000Z');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('does not assign twice and counts the earlier run’s assignment as load', async () => {
    // Given an online agent with capacity 1 and two waiting tickets, all in one batch
    const team = await createTeam(testApp, { name: 'Support' });
    const { agentId } = await createAgent(testApp, {
      teams: [team],
      capacity: { max: 1 },
      availability: 'online',
    });
    await defineRules(testApp, [], team);
    const older = await openTicket(testApp);
    testApp.clock.set('2026-03-02T09:01:00.000Z');
    const newer = await openTicket(testApp);
    const router = testApp.app.get(RouterProjection);
    const dataSource = testApp.app.get(DataSource);
    const batch = await readableRouterEvents(
      testApp,
      (events) => opened(events, older) && opened(events, newer),
    );

    // When the batch's transaction fails after the router assigned the older ticket
    await expect(
      dataSource.transaction(async (manager) => {
        await router.handle(batch, manager);
        throw new Error('crash before the checkpoint commits');
      }),
    ).rejects.toThrow('crash before the checkpoint commits');
    expect((await ticketState(testApp, older)).assigneeId).toBe(agentId);

    // And the same batch is handled again
    await dataSource.transaction((manager) => router.handle(batch, manager));

    // Then nothing was assigned twice, and the newer ticket still waits: the router counted the
    // older ticket against the agent
    const olderAssignments = await assignmentsOf(testApp, older);
    expect(olderAssignments.map((e) => e.data.agentId)).toEqual([agentId]);
    const newerState = await ticketState(testApp, newer);
    expect([newerState.assigneeId, newerState.teamId]).toEqual([null, team]);
    expect((await assignmentsOf(testApp, newer)).map((e) => e.data.agentId)).toEqual([null]);
    // (the replay counted it from the log ahead of the batch; its own row follows once the
    // router reaches that event)
    const rest = await readableRouterEvents(
      testApp,
      (events) =>
        events.some((e) => e.type === 'TicketAssigned' && e.data.ticketId === older) &&
        events.some((e) => e.type === 'TicketAssigned' && e.data.ticketId === newer),
      batch.at(-1)!.position,
    );
    await dataSource.transaction((manager) => router.handle(rest, manager));
    expect((await assignmentsOf(testApp, older)).map((e) => e.data.agentId)).toEqual([agentId]);
    const rows = await dataSource.query<{ ticket_id: string; assignee_id: string | null }[]>(
      'SELECT ticket_id, assignee_id FROM router_tickets ORDER BY ticket_id',
    );
    expect(Object.fromEntries(rows.map((r) => [r.ticket_id, r.assignee_id]))).toEqual({
      [older]: agentId,
      [newer]: null,
    });
  });
});

/**
 * A router rebuild replays the whole log: it must fold history into its tables without acting on
 * it again (the serving router already decided there), and must act on what arrives after the
 * serving router's position, which no one else routes while the rebuild runs. Projections are off
 * here so the test drives the router's batches itself, with the checkpoint as a rebuild leaves it.
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
} from './testing/router-harness';
import { RouterProjection } from './router.projection';

describe('router: rebuild', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ PROJECTIONS_ENABLED: 'false' });
    testApp.clock.set('2026-03-02T09:00:00.000Z');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const openedIn = (
    events: readonly RecordedEvent[],
    ticketId: string,
  ): RecordedEvent | undefined =>
    events.find((e) => e.type === 'TicketOpened' && e.data.ticketId === ticketId);

  it('acts only on events after the serving router’s position', async () => {
    // Given an online agent and a ticket the serving router has seen (its position is the
    // ticket's opening) but, say, left waiting
    const team = await createTeam(testApp, { name: 'Support' });
    const { agentId } = await createAgent(testApp, {
      teams: [team],
      capacity: { max: 2 },
      availability: 'online',
    });
    await defineRules(testApp, [], team);
    const historic = await openTicket(testApp);
    const router = testApp.app.get(RouterProjection);
    const dataSource = testApp.app.get(DataSource);
    const seen = await readableRouterEvents(
      testApp,
      (events) => openedIn(events, historic) !== undefined,
    );
    const served = (openedIn(seen, historic) as RecordedEvent).position;
    await dataSource.query(
      `INSERT INTO projection_checkpoints (name, version, position, rebuild_version, updated_at)
       VALUES ($1, 1, $2, 2, now())
       ON CONFLICT (name) DO UPDATE SET position = $2, rebuild_version = 2`,
      [router.name, served],
    );
    // And a ticket opened while the rebuild runs
    testApp.clock.set('2026-03-02T09:05:00.000Z');
    const fresh = await openTicket(testApp);
    const log = await readableRouterEvents(
      testApp,
      (events) => openedIn(events, fresh) !== undefined,
    );

    // When the rebuild replays the log
    await dataSource.transaction((manager) => router.handle(log, manager));

    // Then history is not re-planned, and the new ticket is routed
    expect(await assignmentsOf(testApp, historic)).toEqual([]);
    expect((await assignmentsOf(testApp, fresh)).map((e) => e.data.agentId)).toEqual([agentId]);
  });
});

/**
 * No over-assignment with two app instances: both run projections (so both compete for the
 * router), a burst of tickets is opened concurrently against both while agents flip between
 * online and away, then a few tickets are solved. The proof is read from the event log alone:
 * replaying every assignment, unassignment and solve in global order, no agent ever holds more
 * than their capacity, and the router assigns no ticket to an agent twice.
 */
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { FixedClock } from '../../platform/time/clock';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { createAgent, createTeam, setAvailability } from '../../../test/support/directory-fixtures';
import {
  defineRules,
  openTicket,
  solve,
  ticketState,
  waitForRouter,
} from './testing/router-harness';

const CAPACITY = 3;
const AGENTS = 4;
const TICKETS = 40;

interface Replayed {
  readonly maxLoadSeen: ReadonlyMap<string, number>;
  readonly routerAssignments: ReadonlyMap<string, number>;
  readonly finalLoad: ReadonlyMap<string, number>;
}

/** Replays the ticket events in global order: each ticket's assignee and whether it is finished. */
function replay(events: readonly RecordedEvent[]): Replayed {
  const assignee = new Map<string, string | null>();
  const finished = new Set<string>();
  const load = new Map<string, number>();
  const maxLoadSeen = new Map<string, number>();
  const routerAssignments = new Map<string, number>();
  const bump = (agentId: string | null, delta: number): void => {
    if (agentId === null) return;
    const next = (load.get(agentId) ?? 0) + delta;
    load.set(agentId, next);
    maxLoadSeen.set(agentId, Math.max(maxLoadSeen.get(agentId) ?? 0, next));
  };
  for (const event of events) {
    const ticketId = event.streamName.slice('ticket-'.length);
    const data = event.data as { agentId?: string | null };
    switch (event.type) {
      case 'TicketAssigned':
      case 'TicketUnassigned': {
        const before = assignee.get(ticketId) ?? null;
        const after = data.agentId ?? null;
        if (!finished.has(ticketId) && before !== after) {
          bump(before, -1);
          bump(after, +1);
        }
        assignee.set(ticketId, after);
        if (
          event.type === 'TicketAssigned' &&
          after !== null &&
          event.metadata.actor.id === 'router'
        ) {
          routerAssignments.set(ticketId, (routerAssignments.get(ticketId) ?? 0) + 1);
        }
        break;
      }
      case 'TicketSolved':
      case 'TicketClosed':
        if (!finished.has(ticketId)) bump(assignee.get(ticketId) ?? null, -1);
        finished.add(ticketId);
        break;
    }
  }
  return { maxLoadSeen, routerAssignments, finalLoad: load };
}

describe('router: two instances, one database, a burst of tickets', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    const clock = new FixedClock();
    clock.set('2026-03-02T09:00:00.000Z');
    first = await createTestApp({}, { clock });
    second = await createTestApp({}, { clock, database: first.database });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('never exceeds any capacity and never assigns a ticket twice', async () => {
    // Given four agents with capacity 3 in one team, half of them online
    const team = await createTeam(first, { name: 'Support' });
    await defineRules(first, [], team);
    const agents: string[] = [];
    for (let n = 0; n < AGENTS; n += 1) {
      const { agentId } = await createAgent(first, {
        teams: [team],
        capacity: { max: CAPACITY },
        availability: n % 2 === 0 ? 'online' : 'away',
      });
      agents.push(agentId);
    }

    // When 40 tickets are opened concurrently on both instances while agents flip
    const apps = [first, second];
    const opened = Promise.all(
      Array.from({ length: TICKETS }, (_, n) =>
        openTicket(apps[n % 2], { priority: n % 7 === 0 ? 'urgent' : 'normal' }),
      ),
    );
    const flips = (async () => {
      for (let round = 0; round < 6; round += 1) {
        await Promise.all(
          agents.map((agentId, n) =>
            setAvailability(
              apps[(n + round) % 2],
              agentId,
              (n + round) % 2 === 0 ? 'away' : 'online',
            ),
          ),
        );
      }
    })();
    const [ticketIds] = await Promise.all([opened, flips]);
    // Everyone ends online so the queue can fill every seat
    await Promise.all(agents.map((agentId) => setAvailability(first, agentId, 'online')));
    await waitForRouter(first);
    await waitForRouter(second);

    // And a few assigned tickets are solved (freeing seats the router fills again)
    const assigned: string[] = [];
    for (const id of ticketIds) {
      if ((await ticketState(first, id)).assigneeId !== null) assigned.push(id);
    }
    expect(assigned).toHaveLength(AGENTS * CAPACITY);
    await Promise.all(assigned.slice(0, 5).map((id, n) => solve(apps[n % 2], id)));
    await waitForRouter(first);
    await waitForRouter(second);

    // Then, replaying the log: nobody was ever over capacity, no ticket was routed twice
    const store = first.app.get<EventStore>(EVENT_STORE);
    const events = await store.readAll({
      maxCount: 100_000,
      filter: { streamPrefixes: ['ticket-'] },
    });
    const { maxLoadSeen, routerAssignments, finalLoad } = replay(events);
    for (const agentId of agents) {
      expect({ agentId, max: maxLoadSeen.get(agentId) ?? 0 }).toEqual({
        agentId,
        max: CAPACITY,
      });
      // Every seat is taken again after the solves: 35 open tickets, 12 seats.
      expect(finalLoad.get(agentId)).toBe(CAPACITY);
    }
    expect([...routerAssignments.values()].every((count) => count === 1)).toBe(true);
    expect(routerAssignments.size).toBe(AGENTS * CAPACITY + 5);
  });
});

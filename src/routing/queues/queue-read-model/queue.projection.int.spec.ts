import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { RecordedEvent } from '../../../event-store/event-store.port';
import { QueueProjection } from './queue.projection';
import { QueueQueries } from './queue.queries';

/** Given events (built here, fed to `handle` in real transactions) → then rows and query answers. */
describe('queues projection', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const projection = new QueueProjection();
  let queries: QueueQueries;
  let position = 0;
  const revisions = new Map<string, bigint>();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    queries = new QueueQueries(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  function event(stream: string, type: string, data: Record<string, unknown>): RecordedEvent {
    const revision = revisions.has(stream) ? (revisions.get(stream) as bigint) + 1n : 0n;
    revisions.set(stream, revision);
    position += 1;
    return {
      id: `e-${position}`,
      type,
      data,
      metadata: {} as RecordedEvent['metadata'],
      streamName: stream,
      revision,
      position: String(position),
      recordedAt: new Date(0),
    };
  }

  const opened = (ticketId: string, priority: string, openedAt: string, channel = 'email') =>
    event(`ticket-${ticketId}`, 'TicketOpened', {
      ticketId,
      channel,
      priority,
      openedAt,
      customer: { id: 'c', name: 'C', email: null, phone: null, tier: 'vip' },
    });
  const assigned = (ticketId: string, teamId: string | null, agentId: string | null) =>
    event(`ticket-${ticketId}`, 'TicketAssigned', { ticketId, teamId, agentId });
  const due = (ticketId: string, nextDueAt: string | null) =>
    event(`ticket-${ticketId}`, 'SlaCycleStarted', { ticketId, nextDueAt });
  const solved = (ticketId: string) => event(`ticket-${ticketId}`, 'TicketSolved', { ticketId });

  async function given(events: RecordedEvent[], batchSize = 3): Promise<void> {
    for (let start = 0; start < events.length; start += batchSize) {
      const batch = events
        .slice(start, start + batchSize)
        .filter((e) => projection.eventTypes.includes(e.type));
      await dataSource.transaction((manager) => projection.handle(batch, manager));
    }
  }

  async function queue(teamId: string): Promise<string[]> {
    const ids: string[] = [];
    let after = null;
    for (;;) {
      const page = await queries.teamQueue(teamId, 2, after);
      ids.push(...page.records.map((r) => r.ticketId));
      if (!page.next) return ids;
      after = page.next;
    }
  }

  it('orders a team queue by priority, then SLA due (nulls last), then age, then id; nextDueAt changes reorder it', async () => {
    // Given five waiting tickets of team T1, opened 09:00…09:04
    await given([
      event('team-T1', 'TeamCreated', { teamId: 'T1', name: 'One' }),
      opened('a', 'normal', '2026-01-05T09:00:00.000Z'),
      opened('b', 'normal', '2026-01-05T09:01:00.000Z'),
      opened('c', 'urgent', '2026-01-05T09:02:00.000Z'),
      opened('d', 'normal', '2026-01-05T09:03:00.000Z'),
      opened('e', 'low', '2026-01-05T09:04:00.000Z'),
      ...['a', 'b', 'c', 'd', 'e'].map((id) => assigned(id, 'T1', null)),
      due('b', '2026-01-05T12:00:00.000Z'),
      due('d', '2026-01-05T11:00:00.000Z'),
    ]);
    // Then urgent first; among normal: due 11:00, due 12:00, no due (a); low last
    expect(await queue('T1')).toEqual(['c', 'd', 'b', 'a', 'e']);

    // When b's due time moves before d's and d's SLA clock stops (pending/paused → null)
    await given([due('b', '2026-01-05T10:00:00.000Z'), due('d', null)]);
    // Then b moves ahead and d falls behind a (older, both without a due time: by age)
    expect(await queue('T1')).toEqual(['c', 'b', 'a', 'd', 'e']);

    // When c is taken by an agent and e is reprioritised to urgent
    await given([
      assigned('c', 'T1', 'agent-1'),
      event('ticket-e', 'TicketReprioritised', { ticketId: 'e', priority: 'urgent' }),
    ]);
    expect(await queue('T1')).toEqual(['e', 'b', 'a', 'd']);
  });

  it('keeps counters per team, status, priority and assignment, and per agent and channel', async () => {
    await given([
      event('team-T2', 'TeamCreated', { teamId: 'T2', name: 'Two' }),
      event('agent-A2', 'AgentRegistered', {
        agentId: 'A2',
        teamIds: ['T2'],
        capacity: { max: 3, perChannel: { chat: 1 } },
      }),
      event('agent-A2', 'AgentAvailabilityChanged', { agentId: 'A2', availability: 'online' }),
      opened('p', 'high', '2026-01-05T08:00:00.000Z', 'chat'),
      opened('q', 'high', '2026-01-05T08:10:00.000Z'),
      opened('r', 'low', '2026-01-05T08:20:00.000Z'),
      opened('s', 'normal', '2026-01-05T08:30:00.000Z'),
      assigned('p', 'T2', 'A2'),
      assigned('q', 'T2', 'A2'),
      assigned('r', 'T2', null),
      assigned('s', 'T2', 'A2'),
      due('q', '2026-01-05T09:20:00.000Z'),
      due('r', '2026-01-05T08:50:00.000Z'),
      due('s', '2026-01-05T10:00:00.000Z'),
      event('ticket-s', 'TicketMarkedPending', { ticketId: 's' }),
      solved('q'),
      due('q', null),
    ]);
    const overview = await queries.overview(new Date('2026-01-05T09:30:00.000Z'));
    const team = overview.teams.find((t) => t.teamId === 'T2');
    expect(team).toBeDefined();
    const cells = [...(team?.counts ?? [])].sort((x, y) =>
      `${x.status}${x.priority}`.localeCompare(`${y.status}${y.priority}`),
    );
    // p open/high assigned, r new/low unassigned, s pending/normal assigned; q solved: gone
    expect(cells).toEqual([
      { status: 'new', priority: 'low', assigned: false, tickets: 1 },
      { status: 'open', priority: 'high', assigned: true, tickets: 1 },
      { status: 'pending', priority: 'normal', assigned: true, tickets: 1 },
    ]);
    expect(team?.oldestWaitingOpenedAt).toBe('2026-01-05T08:20:00.000Z');
    // r due 08:50 (overdue at 09:30 counts); s due 10:00 is beyond 09:30; q solved with no due
    expect(team?.breachingSoon).toBe(1);
    expect(team?.agentsOnline).toBe(1);
    expect(team?.freeCapacity).toBe(1); // 3 − p − s
    expect(await queries.agentLoad('A2')).toEqual({
      agentId: 'A2',
      availability: 'online',
      status: 'active',
      capacityMax: 3,
      capacityPerChannel: { chat: 1 },
      openByChannel: { chat: 1, email: 1 },
    });
    const work = await queries.agentWork('A2', 10, null);
    // p high before s normal
    expect(work.records.map((r) => r.ticketId)).toEqual(['p', 's']);

    // When the agent goes away and is moved out of the team
    await given([
      event('agent-A2', 'AgentAvailabilityChanged', { agentId: 'A2', availability: 'away' }),
      event('agent-A2', 'AgentTeamsChanged', {
        agentId: 'A2',
        teamIds: [],
        addedTeamIds: [],
        removedTeamIds: ['T2'],
      }),
    ]);
    const after = await queries.overview(new Date('2026-01-05T09:30:00.000Z'));
    const t2 = after.teams.find((t) => t.teamId === 'T2');
    expect([t2?.agentsOnline, t2?.freeCapacity]).toEqual([0, 0]);
  });

  it('counts tickets without a team as unrouted, and moves them on escalation', async () => {
    await given([
      opened('u1', 'urgent', '2026-01-05T07:00:00.000Z'),
      opened('u2', 'normal', '2026-01-05T07:01:00.000Z'),
      event('ticket-u2', 'TicketEscalated', {
        ticketId: 'u2',
        toTeamId: 'T1',
        unassignedAgentId: null,
      }),
    ]);
    const overview = await queries.overview(new Date('2026-01-05T07:30:00.000Z'));
    expect(overview.unrouted).toEqual([
      { status: 'new', priority: 'urgent', assigned: false, tickets: 1 },
    ]);
    expect(await queue('T1')).toContain('u2');
  });

  it('the counters equal a recount of the rows after a random workload', async () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const ids = Array.from({ length: 30 }, (_, i) => `w${i}`);
    const events: RecordedEvent[] = ids.map((id, i) =>
      opened(
        id,
        pick(['low', 'normal', 'high', 'urgent']),
        `2026-01-06T00:${String(i).padStart(2, '0')}:00.000Z`,
        pick(['email', 'chat']),
      ),
    );
    for (let step = 0; step < 200; step++) {
      const id = pick(ids);
      const roll = random();
      if (roll < 0.3) events.push(assigned(id, pick(['T1', 'T2', null]), pick(['X', 'Y', null])));
      else if (roll < 0.45) events.push(due(id, pick([null, '2026-01-06T03:00:00.000Z'])));
      else if (roll < 0.55) events.push(solved(id));
      else if (roll < 0.65) events.push(event(`ticket-${id}`, 'TicketReopened', { ticketId: id }));
      else if (roll < 0.75)
        events.push(event(`ticket-${id}`, 'TicketMarkedPending', { ticketId: id }));
      else if (roll < 0.85) events.push(event(`ticket-${id}`, 'TicketResumed', { ticketId: id }));
      else
        events.push(
          event(`ticket-${id}`, 'TicketReprioritised', {
            ticketId: id,
            priority: pick(['low', 'urgent']),
          }),
        );
    }
    await given(events, 17);
    const counters = await dataSource.query(`
      SELECT team_key, status, priority, assigned, tickets FROM queue_team_counts
      WHERE tickets <> 0 ORDER BY 1, 2, 3, 4`);
    const recount = await dataSource.query(`
      SELECT coalesce(team_id, '') AS team_key, status, priority, assignee_id IS NOT NULL AS assigned,
             count(*)::int AS tickets
      FROM queue_tickets WHERE active GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    expect(counters).toEqual(recount);
    const load = await dataSource.query(
      'SELECT agent_id, channel, tickets FROM queue_agent_load WHERE tickets <> 0 ORDER BY 1, 2',
    );
    const loadRecount = await dataSource.query(`
      SELECT assignee_id AS agent_id, channel, count(*)::int AS tickets FROM queue_tickets
      WHERE active AND assignee_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(load).toEqual(loadRecount);
  });
});

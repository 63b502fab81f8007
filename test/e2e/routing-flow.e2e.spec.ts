/**
 * Routing end to end, through the HTTP API of the whole app with the real router: agents come
 * online, a burst of tickets arrives, each lands with a qualified agent (team, skills, language),
 * the overflow waits in queue order, and the queue drains as agents solve tickets.
 */
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { evolveRouterTicket, type RouterTicket } from '../../src/routing/router/router-ticket';
import {
  defineRules,
  eventsOf,
  openTicket,
  solve,
  ticketState,
  waitForRouter,
} from '../../src/routing/router/testing/router-harness';
import { sortForOffer } from '../../src/routing/strategies/offer-order';
import { createAgent, createTeam, setAvailability } from '../support/directory-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

interface AgentSpec {
  readonly agentId: string;
  readonly teamId: string;
  readonly languages: readonly string[];
  readonly billingLevel: number;
  readonly capacity: number;
}

/** The router's view of a ticket, folded from its stream (for queue order: priority, SLA, age). */
function fold(events: readonly RecordedEvent[]): RouterTicket {
  let ticket: RouterTicket | null = null;
  for (const event of events) ticket = evolveRouterTicket(ticket, event);
  if (ticket === null) throw new Error('not a ticket stream');
  return ticket;
}

function offerOrder(tickets: readonly RouterTicket[]): string[] {
  return sortForOffer(tickets.map((t) => ({ ...t, slaDueAt: t.nextDueAt }))).map((t) => t.id);
}

describe('routing flow (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
    testApp.clock.set('2026-03-02T08:00:00.000Z');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('assigns a burst to qualified agents, queues the overflow in order and drains it', async () => {
    // Given a billing team (billing skill 2+) and a general team, rules, and agents
    const general = await createTeam(testApp, { name: 'General' });
    const billing = await createTeam(testApp, { name: 'Billing', strategy: 'round_robin' });
    await defineRules(
      testApp,
      [
        {
          id: 'billing',
          when: { tags: ['billing'] },
          teamId: billing,
          requiredSkills: [{ skill: 'billing', minLevel: 2 }],
        },
      ],
      general,
    );
    const specs: AgentSpec[] = [];
    const agent = async (spec: Omit<AgentSpec, 'agentId'>): Promise<void> => {
      const { agentId } = await createAgent(testApp, {
        teams: [spec.teamId],
        languages: [...spec.languages],
        skills: spec.billingLevel > 0 ? [{ skill: 'billing', level: spec.billingLevel }] : [],
        capacity: { max: spec.capacity },
      });
      specs.push({ ...spec, agentId });
    };
    await agent({ teamId: billing, languages: ['en'], billingLevel: 3, capacity: 2 });
    await agent({ teamId: billing, languages: ['zh', 'en'], billingLevel: 2, capacity: 2 });
    // In the billing team but below the required level: never gets a billing ticket.
    await agent({ teamId: billing, languages: ['en', 'zh'], billingLevel: 1, capacity: 5 });
    await agent({ teamId: general, languages: ['en'], billingLevel: 0, capacity: 2 });

    // When the agents come online and a burst of tickets arrives
    for (const spec of specs) await setAvailability(testApp, spec.agentId, 'online');
    testApp.clock.set('2026-03-02T09:00:00.000Z');
    const burst: Record<string, unknown>[] = [
      { tags: ['billing'], language: 'en' },
      { tags: ['billing'], language: 'zh' },
      { tags: ['billing'], language: 'zh', priority: 'high' },
      { tags: ['billing'], language: 'en', priority: 'low' },
      { tags: ['billing'], language: 'en' },
      { language: 'en', priority: 'low' },
      { language: 'en' },
      { language: 'en', priority: 'urgent' },
      { language: 'en', priority: 'high' },
      { language: 'en' },
      {
        language: 'en',
        customer: { id: 'crm-v', name: 'V', email: 'v@example.test', tier: 'vip' },
      },
    ];
    const ticketIds = await Promise.all(burst.map((body) => openTicket(testApp, body)));
    await waitForRouter(testApp);

    // Then every assigned ticket sits with a qualified agent, and nobody is over capacity
    const tickets = await Promise.all(
      ticketIds.map(async (id) => fold(await eventsOf(testApp, id))),
    );
    const perAgent = new Map<string, number>();
    for (const ticket of tickets) {
      if (ticket.assigneeId === null) continue;
      const spec = specs.find((s) => s.agentId === ticket.assigneeId);
      expect(spec).toBeDefined();
      const isBilling = ticket.tags.includes('billing');
      expect(spec!.teamId).toBe(isBilling ? billing : general);
      expect(ticket.teamId).toBe(spec!.teamId);
      if (isBilling) expect(spec!.billingLevel).toBeGreaterThanOrEqual(2);
      expect(spec!.languages).toContain(ticket.language);
      perAgent.set(spec!.agentId, (perAgent.get(spec!.agentId) ?? 0) + 1);
    }
    for (const spec of specs) {
      expect(perAgent.get(spec.agentId) ?? 0).toBeLessThanOrEqual(spec.capacity);
    }
    // Billing: 5 tickets, 4 qualified seats; general: 6 tickets, 2 seats.
    const waiting = tickets.filter((t) => t.assigneeId === null);
    expect(waiting).toHaveLength(1 + 4);
    for (const ticket of waiting) expect(ticket.teamId).not.toBeNull();
    // When the general agent solves tickets one at a time, the queue drains in service order
    const generalAgent = specs.find((s) => s.teamId === general)!.agentId;
    const generalTickets = tickets.filter((t) => t.teamId === general);
    let queue = offerOrder(generalTickets.filter((t) => t.assigneeId === null));
    const assigned = generalTickets.filter((t) => t.assigneeId !== null).map((t) => t.id);
    expect([assigned.length, queue.length]).toEqual([2, 4]);
    while (queue.length > 0) {
      testApp.clock.advance(60_000);
      const done = assigned.shift()!;
      await solve(testApp, done);
      await waitForRouter(testApp);
      const next = queue[0];
      expect((await ticketState(testApp, next)).assigneeId).toBe(generalAgent);
      for (const later of queue.slice(1)) {
        expect((await ticketState(testApp, later)).assigneeId).toBeNull();
      }
      assigned.push(next);
      queue = queue.slice(1);
    }
  });
});

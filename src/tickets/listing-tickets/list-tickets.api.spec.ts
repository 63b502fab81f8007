/**
 * GET /tickets over the whole app: tickets are written through the real write path (the ticket
 * command runner on the app's event store and clock), the real projection fills `ticket_list`,
 * and every expectation is computed from the decider's own fold of each ticket's stream, so
 * each filter, sort and page is checked against what the tickets really are.
 */
import request from 'supertest';
import {
  bearer,
  createAgent,
  createApiKey,
  createTeam,
} from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { TicketDriver } from '../getting-ticket-details/testing/ticket-driver';
import { foldTicket } from '../ticket.decider';
import type { TicketEvent } from '../ticket.events';
import { PRIORITIES, ticketStreamName } from '../ticket.values';

interface Item {
  id: string;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  teamId: string | null;
  assigneeId: string | null;
  customer: { id: string; name: string; tier: string };
  tags: string[];
  language: string;
  supportLevel: number;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

interface Page {
  items: Item[];
  next: string | null;
  links: { self: string; next: string | null };
}

interface Problem {
  type: string;
  status: number;
  errors: { field: string; message: string; code: string }[];
}

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

type Sort = 'created' | 'updated' | 'priority';
type Order = 'asc' | 'desc';

function compareBy(sort: Sort, order: Order): (a: Item, b: Item) => number {
  const key = (item: Item): (string | number)[] => {
    if (sort === 'updated') return [item.updatedAt, item.id];
    if (sort === 'priority') {
      return [(PRIORITIES as readonly string[]).indexOf(item.priority), item.createdAt, item.id];
    }
    return [item.createdAt, item.id];
  };
  return (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      const [x, y] = [ka[i], kb[i]];
      if (x !== y) return (x < y ? -1 : 1) * (order === 'asc' ? 1 : -1);
    }
    return 0;
  };
}

describe('GET /tickets', () => {
  let testApp: TestApp;
  let store: EventStore;
  let driver: TicketDriver;
  const ids: string[] = [];
  let teamA: string;
  let teamB: string;
  let agentKey: string;
  let agentId: string;
  let loneAgentKey: string;
  let loneAgentId: string;

  const server = () => testApp.app.getHttpServer();
  const get = (query: string, key = testApp.adminKey) =>
    request(server())
      .get(`/tickets${query === '' ? '' : `?${query}`}`)
      .set(bearer(key));

  /** Every ticket as the decider folds it: the truth the list must show. */
  async function truth(): Promise<Item[]> {
    const items: Item[] = [];
    for (const id of ids) {
      const events = await store.readStream(ticketStreamName(id));
      const ticket = foldTicket(events as unknown as TicketEvent[]);
      if (!ticket.exists) throw new Error(`ticket ${id} does not exist`);
      items.push({
        id,
        subject: ticket.subject,
        status: ticket.status,
        priority: ticket.priority,
        type: ticket.type,
        channel: ticket.channel,
        teamId: ticket.teamId,
        assigneeId: ticket.assigneeId,
        customer: {
          id: ticket.customer.id,
          name: ticket.customer.name,
          tier: ticket.customer.tier,
        },
        tags: [...ticket.tags],
        language: ticket.language,
        supportLevel: ticket.level,
        createdAt: ticket.openedAt,
        updatedAt: ticket.updatedAt,
        revision: Number(events.at(-1)?.revision ?? -1),
      });
    }
    return items;
  }

  /** Polls the list until it shows every ticket at its latest revision. */
  async function untilListCaughtUp(): Promise<void> {
    const expected = new Map((await truth()).map((item) => [item.id, item.revision]));
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await get('limit=200');
      const page = response.body as Page;
      const shown = new Map(page.items.map((item) => [item.id, item.revision]));
      if ([...expected].every(([id, revision]) => shown.get(id) === revision)) return;
      if (Date.now() > deadline) throw new Error('the ticket list did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function open(
    minute: number,
    options: Parameters<TicketDriver['open']>[0],
  ): Promise<string> {
    testApp.clock.set(at(minute));
    const id = await driver.open(options);
    ids.push(id);
    return id;
  }

  const customer = (id: string) => ({ id, name: `Customer ${id}`, tier: 'standard' as const });

  beforeAll(async () => {
    testApp = await createTestApp();
    store = testApp.app.get<EventStore>(EVENT_STORE);
    driver = new TicketDriver(store, testApp.clock);
    teamA = await createTeam(testApp, { name: 'Team A' });
    teamB = await createTeam(testApp, { name: 'Team B' });
    ({ agentId, apiKey: agentKey } = await createAgent(testApp, { teams: [teamA] }));
    ({ agentId: loneAgentId, apiKey: loneAgentKey } = await createAgent(testApp, {}));

    const t1 = await open(0, {
      subject: 'Printer on fire',
      channel: 'email',
      type: 'incident',
      priority: 'high',
      tags: ['printer', 'fire'],
      customer: customer('cust-a'),
    });
    await driver.assign(t1, { agentId: 'agent-1', teamId: teamA });
    const t2 = await open(1, {
      subject: 'Invoice export 100% broken',
      channel: 'web',
      type: 'problem',
      priority: 'urgent',
      tags: ['billing'],
      customer: customer('cust-b'),
    });
    await driver.assign(t2, { teamId: teamB });
    await open(2, {
      subject: 'Password reset after 1000 tries',
      channel: 'chat',
      type: 'question',
      priority: 'low',
      tags: [],
      customer: customer('cust-a'),
    });
    // Three tickets opened in the same millisecond: only the id orders them.
    const t4 = await open(3, {
      subject: 'Refund for order_42',
      channel: 'phone',
      type: 'service_request',
      priority: 'normal',
      tags: ['billing', 'refund'],
      customer: customer('cust-c'),
    });
    const t5 = await open(3, {
      subject: 'Printer jam',
      channel: 'email',
      type: 'incident',
      priority: 'normal',
      tags: ['printer'],
      customer: customer('cust-b'),
    });
    const t6 = await open(3, {
      subject: 'Feedback on orderX42 app',
      channel: 'social',
      type: 'feedback',
      priority: 'low',
      tags: ['app'],
      customer: customer('cust-d'),
    });
    testApp.clock.set(at(4));
    await driver.assign(t4, { agentId, teamId: teamA });
    await driver.pend(t4);
    await driver.assign(t5, { agentId: 'agent-1', teamId: teamB });
    await driver.solve(t5);
    await driver.assign(t6, { agentId: 'agent-3' });
    await driver.solve(t6);
    await driver.close(t6);
    const t7 = await open(5, {
      subject: 'VPN keeps dropping',
      channel: 'api',
      type: 'incident',
      priority: 'urgent',
      tags: ['vpn'],
      customer: customer('cust-e'),
    });
    await driver.assign(t7, { agentId: 'agent-3', teamId: 'team-c' });
    await driver.hold(t7);
    const t8 = await open(6, {
      subject: 'Complaint about delay',
      channel: 'messaging',
      type: 'complaint',
      priority: 'high',
      tags: [],
      customer: customer('cust-a'),
    });
    await driver.assign(t8, { agentId: loneAgentId });
    testApp.clock.set(at(20));
    await driver.reprioritise(t8, 'urgent');
    testApp.clock.set(at(30));
    await driver.reply(ids[2], 'customer', 'cust-a', 'Still locked out');
    await untilListCaughtUp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('filters', () => {
    const cases: [string, (item: Item) => boolean][] = [
      ['status=open', (t) => t.status === 'open'],
      ['status=pending,on_hold,solved', (t) => ['pending', 'on_hold', 'solved'].includes(t.status)],
      ['priority=urgent', (t) => t.priority === 'urgent'],
      ['priority=low,normal', (t) => ['low', 'normal'].includes(t.priority)],
      ['type=incident', (t) => t.type === 'incident'],
      ['type=question,feedback', (t) => ['question', 'feedback'].includes(t.type)],
      ['channel=email', (t) => t.channel === 'email'],
      ['channel=web,api,social', (t) => ['web', 'api', 'social'].includes(t.channel)],
      ['assignee=agent-1', (t) => t.assigneeId === 'agent-1'],
      ['assignee=agent-1,agent-3', (t) => ['agent-1', 'agent-3'].includes(t.assigneeId ?? '')],
      ['assignee=unassigned', (t) => t.assigneeId === null],
      ['assignee=unassigned,agent-3', (t) => t.assigneeId === null || t.assigneeId === 'agent-3'],
      ['customer=cust-a', (t) => t.customer.id === 'cust-a'],
      ['customer=cust-b,cust-e', (t) => ['cust-b', 'cust-e'].includes(t.customer.id)],
      ['tag=printer', (t) => t.tags.includes('printer')],
      ['tag=BILLING,vpn', (t) => t.tags.includes('billing') || t.tags.includes('vpn')],
      [
        `createdFrom=${at(2)}&createdTo=${at(5)}`,
        (t) => t.createdAt >= at(2) && t.createdAt < at(5),
      ],
      ['createdFrom=2026-01-05&createdTo=2026-01-05T09:03:00%2B00:00', (t) => t.createdAt < at(3)],
      [`updatedFrom=${at(5)}`, (t) => t.updatedAt >= at(5)],
      [`updatedTo=${at(4)}`, (t) => t.updatedAt < at(4)],
      ['q=printer', (t) => t.subject.toLowerCase().includes('printer')],
      ['q=PRINTER%20ON', (t) => t.subject.toLowerCase().includes('printer on')],
      ['q=100%25', (t) => t.subject.includes('100%')],
      ['q=order_42', (t) => t.subject.includes('order_42')],
      [
        'status=new,open&priority=urgent,high&tag=printer,billing',
        (t) =>
          ['new', 'open'].includes(t.status) &&
          ['urgent', 'high'].includes(t.priority) &&
          (t.tags.includes('printer') || t.tags.includes('billing')),
      ],
    ];

    it.each(cases)('%s', async (query, predicate) => {
      const all = await truth();
      const expected = all.filter(predicate).sort(compareBy('created', 'desc'));
      // Each case must select something and leave something out, or it would prove nothing.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      const response = await get(query);
      expect(response.status).toBe(200);
      expect((response.body as Page).items).toEqual(expected);
    });

    it('filters by team (several teams: any of them)', async () => {
      const all = await truth();
      for (const query of [`team=${teamA}`, `team=${teamA},team-c`]) {
        const teams = query.slice('team='.length).split(',');
        const expected = all
          .filter((t) => teams.includes(t.teamId ?? ''))
          .sort(compareBy('created', 'desc'));
        expect(expected.length).toBeGreaterThan(0);
        expect(((await get(query)).body as Page).items).toEqual(expected);
      }
    });

    it('answers an empty page when nothing matches', async () => {
      const response = await get('status=closed&priority=urgent');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        items: [],
        next: null,
        links: { self: '/tickets?status=closed&priority=urgent', next: null },
      });
    });
  });

  describe('sorting and keyset pages', () => {
    const sorts: [Sort, Order][] = [
      ['created', 'desc'],
      ['created', 'asc'],
      ['updated', 'desc'],
      ['updated', 'asc'],
      ['priority', 'desc'],
      ['priority', 'asc'],
    ];

    it('sorts newest first by default and says how far behind the log it is', async () => {
      const response = await get('');
      expect(response.status).toBe(200);
      expect(response.headers['x-projection-lag']).toBe('events=0; ms=0');
      expect(response.headers.link).toBeUndefined();
      expect((response.body as Page).items).toEqual(
        (await truth()).sort(compareBy('created', 'desc')),
      );
      expect((response.body as Page).next).toBeNull();
    });

    it.each(sorts)('sort=%s&order=%s in one page', async (sort, order) => {
      const expected = (await truth()).sort(compareBy(sort, order));
      const response = await get(`sort=${sort}&order=${order}`);
      expect(response.status).toBe(200);
      expect((response.body as Page).items.map((item) => item.id)).toEqual(
        expected.map((item) => item.id),
      );
    });

    it.each(sorts)(
      'sort=%s&order=%s page by page, following the next links',
      async (sort, order) => {
        const expected = (await truth()).sort(compareBy(sort, order)).map((item) => item.id);
        const seen: string[] = [];
        let url: string | null = `/tickets?sort=${sort}&order=${order}&limit=2`;
        let pages = 0;
        while (url !== null) {
          const response = await request(server()).get(url).set(bearer(testApp.adminKey));
          expect(response.status).toBe(200);
          const page = response.body as Page;
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((item) => item.id));
          expect(page.links.self).toBe(url);
          if (page.next === null) {
            expect(page.links.next).toBeNull();
            expect(response.headers.link).toBeUndefined();
          } else {
            expect(page.links.next).toContain(`cursor=${page.next}`);
            expect(response.headers.link).toBe(`<${page.links.next}>; rel="next"`);
          }
          url = page.links.next;
          pages += 1;
        }
        expect(seen).toEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / 2));
      },
    );

    it('keeps filters along the pages and lets them change under the same cursor', async () => {
      const all = await truth();
      const expected = all
        .filter((t) => t.priority !== 'low')
        .sort(compareBy('priority', 'desc'))
        .map((t) => t.id);
      const first = (await get('priority=normal,high,urgent&sort=priority&limit=3')).body as Page;
      expect(first.items.map((t) => t.id)).toEqual(expected.slice(0, 3));
      const rest = (
        await get(`priority=normal,high,urgent&sort=priority&limit=50&cursor=${first.next}`)
      ).body as Page;
      expect(rest.items.map((t) => t.id)).toEqual(expected.slice(3));
      const narrowed = (await get(`priority=urgent&sort=priority&cursor=${first.next}`))
        .body as Page;
      expect(narrowed.items.map((t) => t.id)).toEqual(
        all
          .filter((t) => t.priority === 'urgent')
          .sort(compareBy('priority', 'desc'))
          .map((t) => t.id)
          .filter((id) => expected.indexOf(id) >= 3),
      );
    });
  });

  describe('who sees what', () => {
    it('shows an agent the tickets assigned to them and those of their teams only', async () => {
      const all = await truth();
      const expected = all
        .filter((t) => t.assigneeId === agentId || t.teamId === teamA)
        .sort(compareBy('created', 'desc'));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      const response = await get('', agentKey);
      expect(response.status).toBe(200);
      expect((response.body as Page).items).toEqual(expected);
      // Filters narrow what they may see; they never widen it.
      const other = await get(`team=${teamB}`, agentKey);
      expect((other.body as Page).items).toEqual([]);
    });

    it('shows an agent without teams only the tickets assigned to them', async () => {
      const all = await truth();
      const response = await get('', loneAgentKey);
      expect(response.status).toBe(200);
      const items = (response.body as Page).items;
      expect(items.length).toBe(1);
      expect(items).toEqual(all.filter((t) => t.assigneeId === loneAgentId));
    });

    it('shows supervisors and auditors every ticket and refuses integrators', async () => {
      const total = (await truth()).length;
      for (const role of ['supervisor', 'auditor'] as const) {
        const key = await createApiKey(testApp, role, `${role}-1`);
        const response = await get('', key);
        expect(response.status).toBe(200);
        expect((response.body as Page).items).toHaveLength(total);
      }
      const integrator = await createApiKey(testApp, 'integrator', 'crm-sync');
      const refused = await get('', integrator);
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect((await request(server()).get('/tickets')).status).toBe(401);
    });
  });

  describe('invalid parameters', () => {
    const encoded = encodeURIComponent;
    const invalid: [string, string][] = [
      ['status=opened', 'status'],
      ['status=open,', 'status'],
      ['status=open&status=new', 'status'],
      ['priority=critical', 'priority'],
      ['type=bug', 'type'],
      ['channel=fax', 'channel'],
      ['team=' + encoded('bad id'), 'team'],
      [`assignee=${Array.from({ length: 21 }, (_, i) => `a${i}`).join(',')}`, 'assignee'],
      ['customer=' + encoded('-x'), 'customer'],
      ['tag=' + encoded('a,,b'), 'tag'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['createdFrom=2026-02-30', 'createdFrom'],
      ['createdTo=2026-01-05T09:00:00', 'createdTo'],
      ['updatedFrom=2026-13-01T00:00:00Z', 'updatedFrom'],
      [`createdFrom=${at(5)}&createdTo=${at(5)}`, 'createdTo'],
      [`updatedFrom=${at(6)}&updatedTo=${at(5)}`, 'updatedTo'],
      ['q=ab', 'q'],
      ['q=' + encoded('a\u0001bc'), 'q'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['sort=subject', 'sort'],
      ['order=up', 'order'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not*a*cursor', 'cursor'],
      ['cursor=bm90LWpzb24', 'cursor'],
      ['page=2', 'page'],
    ];

    it.each(invalid)('%s → 400 naming %s', async (query, field) => {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.body as Problem;
      expect(problem.type).toBe('https://servicetrail.dev/problems/validation-error');
      expect(problem.errors.map((error) => error.field)).toContain(field);
    });

    it('refuses a cursor issued for another sort or order', async () => {
      const first = (await get('sort=updated&limit=1')).body as Page;
      expect(first.next).not.toBeNull();
      const response = await get(`sort=created&cursor=${first.next}`);
      expect(response.status).toBe(400);
      expect((response.body as Problem).errors).toEqual([
        expect.objectContaining({
          field: 'cursor',
          message: expect.stringContaining('sort=updated'),
        }),
      ]);
      const flipped = await get(`sort=updated&order=asc&cursor=${first.next}`);
      expect(flipped.status).toBe(400);
    });
  });

  describe('under concurrent writes', () => {
    it('returns every ticket whose sort key does not change exactly once, new ones only ahead of the cursor', async () => {
      const before = (await truth()).sort(compareBy('created', 'asc')).map((t) => t.id);
      const seen: string[] = [];
      let page = (await get('sort=created&order=asc&limit=3')).body as Page;
      seen.push(...page.items.map((t) => t.id));
      // Between pages: a new ticket, and updates that change neither key of the created sort.
      const added = await open(40, {
        subject: 'Opened during the walk',
        customer: customer('cust-z'),
      });
      testApp.clock.set(at(41));
      await driver.reprioritise(before[0], 'low');
      await driver.reprioritise(before[before.length - 1], 'low');
      await untilListCaughtUp();
      while (page.next !== null) {
        page = (await get(`sort=created&order=asc&limit=3&cursor=${page.next}`)).body as Page;
        seen.push(...page.items.map((t) => t.id));
      }
      expect(seen).toEqual([...before, added]);

      // Newest first, the ticket opened during the walk lies behind the cursor: not returned.
      const desc: string[] = [];
      page = (await get('sort=created&order=desc&limit=3')).body as Page;
      desc.push(...page.items.map((t) => t.id));
      await open(50, { subject: 'Also opened during a walk', customer: customer('cust-z') });
      await untilListCaughtUp();
      while (page.next !== null) {
        page = (await get(`sort=created&order=desc&limit=3&cursor=${page.next}`)).body as Page;
        desc.push(...page.items.map((t) => t.id));
      }
      expect(desc).toEqual([...before, added].reverse());
    });
  });
});

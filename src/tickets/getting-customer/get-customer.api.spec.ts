import type request from 'supertest';
import { createAgent, createApiKey } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  eventually,
  OPEN_TICKET_BODY,
  TicketApi,
} from '../getting-ticket-details/testing/ticket-api';

const LAG = /^events=\d+; ms=\d+$/;

interface TicketItem {
  id: string;
  status: string;
  subject: string;
  openedAt: string;
  satisfaction: number | null;
}

describe('GET /customers/{id} and /customers/{id}/tickets', () => {
  let testApp: TestApp;
  let api: TicketApi;
  /** Ticket ids in the order they were opened. */
  const opened: string[] = [];
  const GRACE = {
    ...OPEN_TICKET_BODY.customer,
    id: 'crm-grace',
    name: 'Grace Hopper',
    tier: 'vip',
  };

  /** Polls a customer read until `done` holds for the response. */
  async function until(
    path: string,
    done: (response: request.Response) => boolean,
  ): Promise<request.Response> {
    let last: request.Response | undefined;
    await eventually(async () => {
      last = await api.get(path);
      return done(last);
    }, `${path} to reflect the writes`);
    if (!last) throw new Error('no response');
    return last;
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new TicketApi(testApp);
    const agent = await createAgent(testApp);

    for (const [minute, subject] of [
      [0, 'First'],
      [60, 'Second'],
      [120, 'Third'],
      [180, 'Fourth'],
      [240, 'Fifth'],
    ] as const) {
      testApp.clock.set(new Date(Date.parse('2026-01-05T09:00:00.000Z') + minute * 60_000));
      const { id } = await api.open({
        subject,
        customer: GRACE,
        receivedAt: new Date(
          Date.parse('2026-01-05T08:50:00.000Z') + minute * 60_000,
        ).toISOString(),
      });
      opened.push(id);
    }
    const [first, second, third] = opened as [string, string, string];
    testApp.clock.set('2026-01-05T14:00:00.000Z');
    await api.command(first, 'assign', { agentId: agent.agentId });
    await api.command(first, 'solve', { resolutionCode: 'fixed', summary: 'Done' });
    await api.command(first, 'close');
    await api.command(second, 'assign', { agentId: agent.agentId });
    await api.command(second, 'solve', { resolutionCode: 'fixed', summary: 'Done' });
    testApp.clock.set('2026-01-05T15:00:00.000Z');
    await api.command(third, 'replies', { body: 'Any news?', author: { kind: 'customer' } });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('the profile, first and last contact, and how many tickets are open, solved, closed', async () => {
    const response = await until(
      '/customers/crm-grace',
      (r) => r.status === 200 && r.body.lastContactAt === '2026-01-05T15:00:00.000Z',
    );
    expect(response.headers['x-projection-lag']).toMatch(LAG);
    expect(response.body).toEqual({
      id: 'crm-grace',
      name: 'Grace Hopper',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      tier: 'vip',
      firstContactAt: '2026-01-05T08:50:00.000Z',
      lastContactAt: '2026-01-05T15:00:00.000Z',
      tickets: { total: 5, open: 3, solved: 1, closed: 1 },
    });
  });

  it('every ticket, newest first, with status and satisfaction (null for now), paged by cursor', async () => {
    await until('/customers/crm-grace', (r) => r.body?.tickets?.closed === 1);
    const all: TicketItem[] = [];
    let path: string | null = '/customers/crm-grace/tickets?limit=2';
    let pages = 0;
    while (path !== null) {
      const page = await api.get(path).expect(200);
      expect(page.headers['x-projection-lag']).toMatch(LAG);
      all.push(...(page.body.items as TicketItem[]));
      path = page.body.next as string | null;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(all.map((item) => item.id)).toEqual([...opened].reverse());
    expect(all.map((item) => [item.subject, item.status, item.satisfaction])).toEqual([
      ['Fifth', 'new', null],
      ['Fourth', 'new', null],
      ['Third', 'new', null],
      ['Second', 'solved', null],
      ['First', 'closed', null],
    ]);
    expect(all[4]).toEqual({
      id: opened[0],
      subject: 'First',
      channel: 'email',
      type: 'incident',
      priority: 'high',
      status: 'closed',
      receivedAt: '2026-01-05T08:50:00.000Z',
      openedAt: '2026-01-05T09:00:00.000Z',
      solvedAt: '2026-01-05T14:00:00.000Z',
      closedAt: '2026-01-05T14:00:00.000Z',
      satisfaction: null,
    });
  });

  it('a new ticket comes first, and does not shift pages already handed out', async () => {
    const firstPage = await api.get('/customers/crm-grace/tickets?limit=2').expect(200);
    testApp.clock.set('2026-01-06T09:00:00.000Z');
    const { id } = await api.open({ subject: 'Sixth', customer: GRACE });
    const newest = await until(
      '/customers/crm-grace/tickets?limit=1',
      (r) => (r.body.items as TicketItem[])[0]?.id === id,
    );
    expect(newest.body.items[0]).toMatchObject({ subject: 'Sixth', status: 'new' });

    const secondPage = await api.get(firstPage.body.next as string).expect(200);
    expect((secondPage.body.items as TicketItem[]).map((item) => item.subject)).toEqual([
      'Third',
      'Second',
    ]);
  });

  it.each(['supervisor', 'agent', 'auditor'] as const)('%s keys may read it', async (role) => {
    const key = await createApiKey(testApp, role, `${role}-customers`);
    await api.get('/customers/crm-grace', key).expect(200);
    await api.get('/customers/crm-grace/tickets', key).expect(200);
  });

  it('integrators may not', async () => {
    const key = await createApiKey(testApp, 'integrator', 'customers-feed');
    await api.get('/customers/crm-grace', key).expect(403);
    await api.get('/customers/crm-grace/tickets', key).expect(403);
  });

  it('an unknown or malformed customer id is 404 customer-not-found, with the lag', async () => {
    for (const path of [
      '/customers/crm-nobody',
      '/customers/crm-nobody/tickets',
      '/customers/%20bad%20id',
    ]) {
      const response = await api.get(path).expect(404);
      expect(response.body).toMatchObject({
        type: 'https://servicetrail.dev/problems/customer-not-found',
        status: 404,
      });
    }
    const response = await api.get('/customers/crm-nobody').expect(404);
    expect(response.headers['x-projection-lag']).toMatch(LAG);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['cursor=not*a*cursor', 'cursor'],
    ['cursor=bm9wZQ', 'cursor'],
    ['cursor=WyJub3QgYSBkYXRlIiwieCJd', 'cursor'],
  ])('rejects %s with a 400 field error', async (query, field) => {
    const response = await api.get(`/customers/crm-grace/tickets?${query}`).expect(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
  });
});

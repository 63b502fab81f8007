import { createAgent, createApiKey } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { TicketApi } from '../getting-ticket-details/testing/ticket-api';

interface HistoryItem {
  id: string;
  type: string;
  revision: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

describe('GET /tickets/{id}/history', () => {
  let testApp: TestApp;
  let api: TicketApi;
  let ticketId: string;
  let agent: { agentId: string; apiKey: string };

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new TicketApi(testApp);
    agent = await createAgent(testApp);
    testApp.clock.set('2026-01-05T09:00:00.000Z');
    ticketId = (await api.open()).id;
    testApp.clock.set('2026-01-05T09:05:00.000Z');
    await api.command(ticketId, 'assign', { agentId: agent.agentId });
    testApp.clock.set('2026-01-05T09:10:00.000Z');
    await api.command(ticketId, 'replies', { body: 'On it' }, agent.apiKey);
    testApp.clock.set('2026-01-05T09:15:00.000Z');
    await api.command(ticketId, 'notes', { body: 'Needs the vendor' }, agent.apiKey);
    testApp.clock.set('2026-01-05T09:20:00.000Z');
    await api.command(ticketId, 'solve', { resolutionCode: 'fixed', summary: 'Done' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lists every event of the ticket in order, with its metadata, exactly as recorded', async () => {
    const recorded = await api.events(ticketId);
    const response = await api.get(`/tickets/${ticketId}/history`).expect(200);

    expect(response.body.next).toBeNull();
    const items = response.body.items as HistoryItem[];
    expect(items.map((item) => [item.revision, item.type])).toEqual([
      ['0', 'TicketOpened'],
      ['1', 'TicketReceiptAcknowledged'],
      ['2', 'TicketAssigned'],
      ['3', 'TicketReplied'],
      ['4', 'InternalNoteAdded'],
      ['5', 'TicketSolved'],
    ]);
    expect(items).toEqual(
      recorded.map((event) => ({
        id: event.id,
        type: event.type,
        revision: event.revision.toString(),
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt.toISOString(),
      })),
    );
    expect(items[3]?.metadata).toMatchObject({
      actor: { type: 'agent', id: agent.agentId },
      occurredAt: '2026-01-05T09:10:00.000Z',
      schemaVersion: 1,
      correlationId: expect.any(String),
      causationId: expect.any(String),
      requestId: expect.any(String),
    });
    expect(items[1]?.metadata.actor).toEqual({ type: 'system', id: 'servicetrail' });
    // Reading records nothing.
    expect(await api.events(ticketId)).toEqual(recorded);
  });

  it('pages by revision: following `next` gives every event once, in order', async () => {
    const all = (await api.get(`/tickets/${ticketId}/history`).expect(200)).body
      .items as HistoryItem[];
    const seen: HistoryItem[] = [];
    let path: string | null = `/tickets/${ticketId}/history?limit=4`;
    let pages = 0;
    while (path !== null) {
      const page = await api.get(path).expect(200);
      seen.push(...(page.body.items as HistoryItem[]));
      path = page.body.next as string | null;
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(all);

    const first = await api.get(`/tickets/${ticketId}/history?limit=2`).expect(200);
    expect(first.body.next).toBe(`/tickets/${ticketId}/history?limit=2&cursor=1`);
    const exact = await api.get(`/tickets/${ticketId}/history?limit=6`).expect(200);
    expect(exact.body.items).toHaveLength(6);
    expect(exact.body.next).toBeNull();
  });

  it('a page after the end is empty, and later events appear after the same cursor', async () => {
    const { id } = await api.open();
    const end = await api.get(`/tickets/${id}/history?cursor=1`).expect(200);
    expect(end.body).toEqual({ items: [], next: null });
    await api.command(id, 'priority', { priority: 'low', reason: 'later' });
    const after = await api.get(`/tickets/${id}/history?cursor=1`).expect(200);
    expect((after.body.items as HistoryItem[]).map((item) => item.type)).toEqual([
      'TicketReprioritised',
    ]);
    await api.get(`/tickets/${id}/history?cursor=9223372036854775807`).expect(200, {
      items: [],
      next: null,
    });
  });

  it.each(['supervisor', 'auditor'] as const)('%s keys may read it', async (role) => {
    const key = await createApiKey(testApp, role, `${role}-history`);
    const response = await api.get(`/tickets/${ticketId}/history`, key).expect(200);
    expect(response.body.items).toHaveLength(6);
  });

  it('agents read the history of their tickets only; integrators not at all', async () => {
    await api.get(`/tickets/${ticketId}/history`, agent.apiKey).expect(200);
    const outsider = await createAgent(testApp);
    const denied = await api.get(`/tickets/${ticketId}/history`, outsider.apiKey).expect(403);
    expect(denied.body.type).toBe('https://servicetrail.dev/problems/ticket-access-denied');
    const integrator = await createApiKey(testApp, 'integrator', 'history-feed');
    await api.get(`/tickets/${ticketId}/history`, integrator).expect(403);
  });

  it('an unknown ticket is 404, also for agents and with a cursor', async () => {
    const unknown = '7d0c2a7e-1f7a-4a53-9d5e-6f9b8a6f2e11';
    const response = await api.get(`/tickets/${unknown}/history`).expect(404);
    expect(response.body.type).toBe('https://servicetrail.dev/problems/ticket-not-found');
    await api.get(`/tickets/${unknown}/history?cursor=3`).expect(404);
    await api.get(`/tickets/${unknown}/history?cursor=9223372036854775807`).expect(404);
    await api.get(`/tickets/${unknown}/history`, agent.apiKey).expect(404);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=abc', 'cursor'],
    ['cursor=-1', 'cursor'],
  ])('rejects %s with a 400 field error', async (query, field) => {
    const response = await api.get(`/tickets/${ticketId}/history?${query}`).expect(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
  });
});

/**
 * GET /tickets/{id}?asOf=: the ticket as it stood at a revision or an instant, folded from the
 * event stream. The clock is driven between commands so every event has its own occurredAt.
 */
import { createAgent, createApiKey } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { ProjectionRunner } from '../../projections/projection-runner';
import { TicketApi } from './testing/ticket-api';

describe('GET /tickets/{id}?asOf=', () => {
  let testApp: TestApp;
  let api: TicketApi;
  let ticketId: string;
  let agentKey: string;
  /** The revision after each step, by name. */
  const revisions: Record<string, number> = {};

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new TicketApi(testApp);
    const agent = await createAgent(testApp);
    agentKey = agent.apiKey;

    testApp.clock.set('2026-01-05T09:00:00.000Z');
    const opened = await api.open({ priority: 'normal' });
    ticketId = opened.id;
    revisions.opened = opened.revision; // TicketOpened + TicketReceiptAcknowledged
    testApp.clock.set('2026-01-05T10:00:00.000Z');
    revisions.assigned = await api.command(ticketId, 'assign', { agentId: agent.agentId });
    testApp.clock.set('2026-01-05T11:00:00.000Z');
    revisions.replied = await api.command(ticketId, 'replies', { body: 'Looking into it' });
    testApp.clock.set('2026-01-05T12:00:00.000Z');
    revisions.noted = await api.command(ticketId, 'notes', { body: 'Vendor bug' });
    testApp.clock.set('2026-01-05T13:00:00.000Z');
    revisions.reprioritised = await api.command(ticketId, 'priority', {
      priority: 'urgent',
      reason: 'CEO is waiting',
    });
    testApp.clock.set('2026-01-05T14:00:00.000Z');
    revisions.solved = await api.command(ticketId, 'solve', {
      resolutionCode: 'fixed',
      summary: 'Patched',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('by revision: the events up to it, with that revision as ETag', async () => {
    const response = await api.get(`/tickets/${ticketId}?asOf=${revisions.replied}`).expect(200);
    expect(response.headers.etag).toBe(`W/"${revisions.replied}"`);
    expect(response.headers['x-projection-lag']).toBeUndefined();
    expect(response.body).toMatchObject({
      id: ticketId,
      revision: String(revisions.replied),
      status: 'open',
      priority: 'normal',
      milestones: { firstAgentReplyAt: '2026-01-05T11:00:00.000Z', solvedAt: null },
      counts: { publicAgentReplies: 1, internalNotes: 0 },
    });
    expect(response.body.conversation).toHaveLength(1);
  });

  it('revision 0: just opened, not even acknowledged', async () => {
    const response = await api.get(`/tickets/${ticketId}?asOf=0`).expect(200);
    expect(response.headers.etag).toBe('W/"0"');
    expect(response.body).toMatchObject({
      status: 'new',
      assigneeId: null,
      milestones: { openedAt: '2026-01-05T09:00:00.000Z', acknowledgedAt: null },
    });
  });

  it('by time: the events that occurred up to that instant, in any zone notation', async () => {
    const halfPastTwelve = await api
      .get(`/tickets/${ticketId}?asOf=2026-01-05T12:30:00Z`)
      .expect(200);
    expect(halfPastTwelve.headers.etag).toBe(`W/"${revisions.noted}"`);
    expect(halfPastTwelve.body).toMatchObject({
      status: 'open',
      priority: 'normal',
      counts: { internalNotes: 1 },
    });

    // 13:00 in Paris is noon UTC: the note (12:00 UTC) is in, the reprioritisation is not.
    const sameInstant = await api
      .get(`/tickets/${ticketId}?asOf=${encodeURIComponent('2026-01-05T13:00:00+01:00')}`)
      .expect(200);
    expect(sameInstant.headers.etag).toBe(`W/"${revisions.noted}"`);

    // Exactly when an event occurred includes it.
    const exactly = await api.get(`/tickets/${ticketId}?asOf=2026-01-05T13:00:00.000Z`).expect(200);
    expect(exactly.headers.etag).toBe(`W/"${revisions.reprioritised}"`);
    expect(exactly.body.priority).toBe('urgent');
  });

  it('at the latest revision, or after everything, it is exactly what the read model serves', async () => {
    const live = await api.details(ticketId, revisions.solved);
    const atRevision = await api.get(`/tickets/${ticketId}?asOf=${revisions.solved}`).expect(200);
    const later = await api.get(`/tickets/${ticketId}?asOf=2030-01-01T00:00:00Z`).expect(200);
    const beyond = await api.get(`/tickets/${ticketId}?asOf=999999`).expect(200);
    expect(atRevision.body).toEqual(live.body);
    expect(later.body).toEqual(live.body);
    expect(beyond.body).toEqual(live.body);
    expect(beyond.headers.etag).toBe(`W/"${revisions.solved}"`);
    expect(live.body).toMatchObject({ status: 'solved', resolution: { code: 'fixed' } });
  });

  it('is read from the event stream, not the read model (it is current while projections stop)', async () => {
    const runner = testApp.app.get(ProjectionRunner);
    const opened = await api.open({ priority: 'high' });
    const id = opened.id;
    await api.details(id, opened.revision);
    await runner.stop();
    try {
      const revision = await api.command(id, 'priority', { priority: 'low', reason: 'later' });
      const stale = await api.get(`/tickets/${id}`).expect(200);
      expect(stale.body.priority).toBe('high');
      const response = await api.get(`/tickets/${id}?asOf=2030-01-01T00:00:00Z`).expect(200);
      expect(response.headers.etag).toBe(`W/"${revision}"`);
      expect(response.body.priority).toBe('low');
    } finally {
      runner.start();
    }
  });

  it('before the ticket existed: 404', async () => {
    const response = await api
      .get(`/tickets/${ticketId}?asOf=2026-01-05T08:59:59.999Z`)
      .expect(404);
    expect(response.body).toMatchObject({
      type: 'https://servicetrail.dev/problems/ticket-not-found',
    });
    await api.get('/tickets/7d0c2a7e-1f7a-4a53-9d5e-6f9b8a6f2e11?asOf=3').expect(404);
  });

  it.each([
    'yesterday',
    '2026-01-05',
    '2026-01-05T10:00:00',
    '2026-02-30T10:00:00Z',
    '-1',
    '99999999999999999999',
  ])('rejects asOf=%s with a 400 field error', async (asOf) => {
    const response = await api
      .get(`/tickets/${ticketId}?asOf=${encodeURIComponent(asOf)}`)
      .expect(400)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('asOf and minRevision together are a 400', async () => {
    const response = await api.get(`/tickets/${ticketId}?asOf=1&minRevision=1`).expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'minRevision' })]);
  });

  it('shows notes to auditors, and is refused to agents not on the ticket (judged as it is now)', async () => {
    const auditor = await createApiKey(testApp, 'auditor', 'auditor-1');
    const asAuditor = await api
      .get(`/tickets/${ticketId}?asOf=${revisions.noted}`, auditor)
      .expect(200);
    expect((asAuditor.body.conversation as { kind: string }[]).map((entry) => entry.kind)).toEqual([
      'reply',
      'internal_note',
    ]);

    // The agent assigned now may read the ticket as it was before they were assigned.
    const beforeAssignment = await api.get(`/tickets/${ticketId}?asOf=0`, agentKey).expect(200);
    expect(beforeAssignment.body.assigneeId).toBeNull();

    const outsider = await createAgent(testApp);
    const denied = await api.get(`/tickets/${ticketId}?asOf=0`, outsider.apiKey).expect(403);
    expect(denied.body.type).toBe('https://servicetrail.dev/problems/ticket-access-denied');
  });
});

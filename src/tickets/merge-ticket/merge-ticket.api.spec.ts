/**
 * POST /tickets/{id}/merge against the whole app on PostgreSQL: two streams are written (target,
 * then source), so the tests look at both and at what a retry after a partial failure does.
 */
import request from 'supertest';
import { createAgent, createTeam } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import {
  apiKeyFor,
  assignTicket,
  bearer,
  closeByMerge,
  errorCodes,
  errorFields,
  expectedMetadata,
  openTicket,
  problem,
  ticketEvents,
} from '../open-ticket/testing/ticket-intake.fixtures';
import { TicketCommandRunner } from '../ticket-command-runner';

describe('POST /tickets/{id}/merge', () => {
  let testApp: TestApp;
  let supervisor: { key: string; principalId: string };

  const merge = (id: string, body: object, key = supervisor.key) =>
    request(testApp.app.getHttpServer()).post(`/tickets/${id}/merge`).set(bearer(key)).send(body);

  const eventCounts = async (...ids: string[]) =>
    Promise.all(ids.map(async (id) => (await ticketEvents(testApp, id)).length));

  beforeAll(async () => {
    testApp = await createTestApp();
    supervisor = await apiKeyFor(testApp, 'supervisor', 'sup-merge');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('records TicketMergeReceived on the target, then TicketMerged on the source, which is closed: 200 with the source’s new ETag', async () => {
    const source = await openTicket(testApp);
    const target = await openTicket(testApp);
    testApp.clock.set('2026-01-05T14:00:00.000Z');

    const response = await request(testApp.app.getHttpServer())
      .post(`/tickets/${source.id}/merge`)
      .set(bearer(supervisor.key))
      .set('If-Match', source.etag)
      .set('X-Request-Id', 'req-merge-1')
      .send({ intoTicketId: target.id });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: source.id,
      status: 'closed',
      revision: 2,
      intoTicketId: target.id,
    });
    expect(response.headers.etag).toBe('W/"2"');
    const metadata = expectedMetadata(
      testApp,
      { type: 'supervisor', id: 'sup-merge' },
      {
        requestId: 'req-merge-1',
      },
    );
    const sourceEvents = await ticketEvents(testApp, source.id);
    expect(sourceEvents).toHaveLength(3);
    expect(sourceEvents[2]).toMatchObject({
      type: 'TicketMerged',
      data: { ticketId: source.id, intoTicketId: target.id, mergedAt: '2026-01-05T14:00:00.000Z' },
      metadata,
    });
    const targetEvents = await ticketEvents(testApp, target.id);
    expect(targetEvents).toHaveLength(3);
    expect(targetEvents[2]).toMatchObject({
      type: 'TicketMergeReceived',
      data: {
        ticketId: target.id,
        sourceTicketId: source.id,
        mergedAt: '2026-01-05T14:00:00.000Z',
      },
      metadata,
    });

    // The target's event comes first in the global log.
    // readAll shows an event once no older write transaction is open anywhere on the server
    // (other test files share it), so wait until both are readable before checking their order.
    const readOurs = async (): Promise<string[]> => {
      const log = await testApp.app.get<EventStore>(EVENT_STORE).readAll({
        maxCount: 1000,
        filter: { eventTypes: ['TicketMerged', 'TicketMergeReceived'] },
      });
      return log
        .filter((event) => event.metadata.requestId === 'req-merge-1')
        .map((event) => event.type);
    };
    let ours = await readOurs();
    for (let attempt = 0; ours.length < 2 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ours = await readOurs();
    }
    expect(ours).toEqual(['TicketMergeReceived', 'TicketMerged']);
  });

  it('completes a merge left half done (the target recorded it, the source did not) without recording anything twice', async () => {
    const source = await openTicket(testApp);
    const target = await openTicket(testApp);
    // What a crash between the two writes leaves behind: the target's half, through the real runner.
    await testApp.app.get(TicketCommandRunner).run({
      ticketId: target.id,
      context: {
        actor: { type: 'supervisor', id: 'sup-merge' },
        correlationId: 'c',
        causationId: null,
      },
      build: (_state, now) => ({
        type: 'ReceiveMergedTicket',
        data: { ticketId: target.id, sourceTicketId: source.id },
        metadata: { actor: { type: 'supervisor', id: 'sup-merge' }, now },
      }),
    });

    const retried = await merge(source.id, { intoTicketId: target.id });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'closed', revision: 2 });
    expect((await ticketEvents(testApp, target.id)).map((event) => event.type)).toEqual([
      'TicketOpened',
      'TicketReceiptAcknowledged',
      'TicketMergeReceived',
    ]);
    expect((await ticketEvents(testApp, source.id)).at(-1)?.type).toBe('TicketMerged');
  });

  it('answers a repeat of a completed merge with the source as it stands and records nothing', async () => {
    const source = await openTicket(testApp);
    const target = await openTicket(testApp);
    const first = await merge(source.id, { intoTicketId: target.id });
    const again = await merge(source.id, { intoTicketId: target.id });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(await eventCounts(source.id, target.id)).toEqual([3, 3]);
  });

  describe('refusals record nothing on either ticket', () => {
    it('422 merge-into-self', async () => {
      const ticket = await openTicket(testApp);
      const response = await merge(ticket.id, { intoTicketId: ticket.id });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ type: problem('merge-into-self') });
      expect(await eventCounts(ticket.id)).toEqual([2]);
    });

    it('422 merge-target-not-found', async () => {
      const source = await openTicket(testApp);
      const missing = '7e6d5c4b-0000-4000-8000-000000000000';
      const response = await merge(source.id, { intoTicketId: missing });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: problem('merge-target-not-found'),
        targetTicketId: missing,
      });
      expect(await eventCounts(source.id, missing)).toEqual([2, 0]);
    });

    it('409 merge-target-closed', async () => {
      const source = await openTicket(testApp);
      const target = await openTicket(testApp);
      await closeByMerge(testApp, target.id);
      const response = await merge(source.id, { intoTicketId: target.id });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ type: problem('merge-target-closed') });
      expect(await eventCounts(source.id, target.id)).toEqual([2, 3]);
    });

    it('409 ticket-closed when the source is already closed (merged elsewhere)', async () => {
      const source = await openTicket(testApp);
      const elsewhere = await closeByMerge(testApp, source.id);
      const target = await openTicket(testApp);
      const response = await merge(source.id, { intoTicketId: target.id });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        type: problem('ticket-closed'),
        command: 'MergeTicket',
      });
      expect(await eventCounts(source.id, target.id, elsewhere)).toEqual([3, 2, 3]);
    });

    it('404 ticket-not-found for an unknown source', async () => {
      const target = await openTicket(testApp);
      const response = await merge('1a2b3c4d-0000-4000-8000-000000000000', {
        intoTicketId: target.id,
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ type: problem('ticket-not-found') });
      expect(await eventCounts(target.id)).toEqual([2]);
    });

    it('400 with field errors for a missing target, a malformed one and an unknown property', async () => {
      const source = await openTicket(testApp);
      const missing = await merge(source.id, { reason: 'duplicate' });
      expect(missing.status).toBe(400);
      expect(errorFields(missing.body)).toEqual(expect.arrayContaining(['intoTicketId', 'reason']));
      expect(errorCodes(missing.body)).toContain('unknown-property');
      const malformed = await merge(source.id, { intoTicketId: '../etc' });
      expect(malformed.status).toBe(400);
      expect(errorFields(malformed.body)).toEqual(['intoTicketId']);
    });

    it('412 when If-Match names an older revision of the source, before the target is touched', async () => {
      const source = await openTicket(testApp);
      const target = await openTicket(testApp);
      const response = await request(testApp.app.getHttpServer())
        .post(`/tickets/${source.id}/merge`)
        .set(bearer(supervisor.key))
        .set('If-Match', 'W/"0"')
        .send({ intoTicketId: target.id });
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({
        type: problem('precondition-failed'),
        currentRevision: '1',
      });
      expect(await eventCounts(source.id, target.id)).toEqual([2, 2]);
    });
  });

  it('replays a request sent again with the same Idempotency-Key', async () => {
    const source = await openTicket(testApp);
    const target = await openTicket(testApp);
    const send = () =>
      request(testApp.app.getHttpServer())
        .post(`/tickets/${source.id}/merge`)
        .set(bearer(supervisor.key))
        .set('Idempotency-Key', `merge-${source.id}`)
        .send({ intoTicketId: target.id });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await eventCounts(source.id, target.id)).toEqual([3, 3]);
  });

  describe('agents', () => {
    it('need access to both tickets: 403 ticket-access-denied (nothing recorded) when the target is another team’s, 200 when both are theirs', async () => {
      const teamId = await createTeam(testApp);
      const agent = await createAgent(testApp, { teams: [teamId] });
      const source = await openTicket(testApp);
      await assignTicket(testApp, source.id, { teamId });
      const foreign = await openTicket(testApp);
      await assignTicket(testApp, foreign.id, { teamId: await createTeam(testApp) });
      const own = await openTicket(testApp);
      await assignTicket(testApp, own.id, { agentId: agent.agentId });

      const denied = await merge(source.id, { intoTicketId: foreign.id }, agent.apiKey);
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ type: problem('ticket-access-denied') });
      expect(await eventCounts(source.id, foreign.id)).toEqual([3, 3]);

      const allowed = await merge(source.id, { intoTicketId: own.id }, agent.apiKey);
      expect(allowed.status).toBe(200);
      expect((await ticketEvents(testApp, source.id)).at(-1)?.metadata.actor).toEqual({
        type: 'agent',
        id: agent.agentId,
      });
    });

    it('refuses an agent on a source ticket of another team with 403', async () => {
      const agent = await createAgent(testApp, { teams: [await createTeam(testApp)] });
      const source = await openTicket(testApp);
      const target = await openTicket(testApp);
      const response = await merge(source.id, { intoTicketId: target.id }, agent.apiKey);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: problem('ticket-access-denied') });
      expect(await eventCounts(source.id, target.id)).toEqual([2, 2]);
    });
  });
});

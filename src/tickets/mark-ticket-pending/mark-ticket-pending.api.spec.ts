import {
  ADMIN_ACTOR,
  bearer,
  createConversationApi,
  eventsAfter,
  problemType,
  requestMetadata,
  type ConversationApi,
} from '../reply-to-ticket/testing/conversation-api';
import { itBehavesLikeATicketCommand } from '../reply-to-ticket/testing/ticket-command-contract';

describe('POST /tickets/{id}/pend', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('marks an open ticket pending: 200, TicketMarkedPending with the reason', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(30_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/pend`)
      .set(bearer(api.testApp.adminKey))
      .send({ reason: 'Asked for the order number.' })
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'pending', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketMarkedPending',
        data: {
          ticketId,
          previousStatus: 'open',
          reason: 'Asked for the order number.',
          markedPendingAt: api.testApp.clock.now().toISOString(),
        },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, ADMIN_ACTOR, api.testApp.clock.now()),
    );
  });

  it('takes no body at all (the reason is optional) and switches directly from on hold', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'hold');
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/pend`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);
    expect(response.body.status).toBe('pending');
    const [event] = await eventsAfter(api, ticketId, revision);
    expect(event?.data).toMatchObject({ previousStatus: 'on_hold', reason: null });
  });

  it('refuses to mark a pending ticket pending again: 409 illegal-transition', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'pend');
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/pend`)
      .set(bearer(api.testApp.adminKey))
      .send({})
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      command: 'MarkTicketPending',
      currentStatus: 'pending',
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('refuses a new ticket nobody picked up: 409 illegal-transition', async () => {
    const ticketId = await api.open();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/pend`)
      .set(bearer(api.testApp.adminKey))
      .send({})
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      currentStatus: 'new',
    });
  });

  it('answers 400 with field errors for an invalid body', async () => {
    const ticketId = await api.openAssigned();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/pend`)
      .set(bearer(api.testApp.adminKey))
      .send({ reason: 'x'.repeat(1_001), until: 'tomorrow' })
      .expect(400);
    expect(response.body.type).toBe(problemType('validation-error'));
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['reason', 'until']));
  });

  it('answers 400 for a blank reason (leave it out instead)', async () => {
    const ticketId = await api.openAssigned();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/pend`)
      .set(bearer(api.testApp.adminKey))
      .send({ reason: '   ' })
      .expect(400);
    expect((response.body.errors as { field: string }[]).map((error) => error.field)).toEqual([
      'reason',
    ]);
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'pend',
    body: { reason: 'Waiting for a screenshot.' },
    prepare: (a) => a.openAssigned(),
    appends: ['TicketMarkedPending'],
  });
});

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

describe('POST /tickets/{id}/hold', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('puts an open ticket on hold: 200, TicketPutOnHold with the reason', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(45_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/hold`)
      .set(bearer(api.testApp.adminKey))
      .send({ reason: 'Waiting for the carrier.' })
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'on_hold', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketPutOnHold',
        data: {
          ticketId,
          previousStatus: 'open',
          reason: 'Waiting for the carrier.',
          putOnHoldAt: api.testApp.clock.now().toISOString(),
        },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, ADMIN_ACTOR, api.testApp.clock.now()),
    );
  });

  it('switches a pending ticket directly to on hold', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'pend');
    const revision = await api.revision(ticketId);
    await api.command(ticketId, 'hold');
    const [event] = await eventsAfter(api, ticketId, revision);
    expect(event?.data).toMatchObject({ previousStatus: 'pending', reason: null });
  });

  it.each([
    ['on hold', ['hold'], 'on_hold'],
    ['solved', ['solve'], 'solved'],
  ])('refuses a ticket %s: 409 illegal-transition', async (_, steps, currentStatus) => {
    const ticketId = await api.openAssigned();
    for (const step of steps) {
      await api.command(
        ticketId,
        step,
        step === 'solve' ? { resolutionCode: 'fixed', summary: 'Done.' } : {},
      );
    }
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/hold`)
      .set(bearer(api.testApp.adminKey))
      .send({})
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      command: 'PutTicketOnHold',
      currentStatus,
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('answers 400 with field errors for an invalid body', async () => {
    const ticketId = await api.openAssigned();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/hold`)
      .set(bearer(api.testApp.adminKey))
      .send({ reason: ['not', 'a', 'string'] })
      .expect(400);
    expect(response.body.type).toBe(problemType('validation-error'));
    expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain(
      'reason',
    );
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'hold',
    body: { reason: 'Waiting for the vendor.' },
    prepare: (a) => a.openAssigned(),
    appends: ['TicketPutOnHold'],
  });
});

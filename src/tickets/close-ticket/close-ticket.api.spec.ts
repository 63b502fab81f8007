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

const SOLUTION = { resolutionCode: 'answered', summary: 'Explained the new login screen.' };

describe('POST /tickets/{id}/close', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  async function solvedTicket(a: ConversationApi): Promise<string> {
    const ticketId = await a.openAssigned();
    await a.command(ticketId, 'solve', SOLUTION);
    return ticketId;
  }

  it('closes a solved ticket by hand: 200, ETag, TicketClosed mode manual', async () => {
    const ticketId = await solvedTicket(api);
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(3_600_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/close`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'closed', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketClosed',
        data: { ticketId, mode: 'manual', closedAt: api.testApp.clock.now().toISOString() },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, ADMIN_ACTOR, api.testApp.clock.now()),
    );
  });

  it('refuses to close a ticket that is not solved: 409 illegal-transition', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/close`)
      .set(bearer(api.testApp.adminKey))
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      command: 'CloseTicket',
      currentStatus: 'open',
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('refuses to close a closed ticket again: 409 ticket-closed', async () => {
    const ticketId = await solvedTicket(api);
    await api.command(ticketId, 'close');
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/close`)
      .set(bearer(api.testApp.adminKey))
      .expect(409);
    expect(response.body).toMatchObject({ type: problemType('ticket-closed'), ticketId });
  });

  it('answers 400 for malformed JSON, and appends nothing', async () => {
    const ticketId = await solvedTicket(api);
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/close`)
      .set(bearer(api.testApp.adminKey))
      .set('Content-Type', 'application/json')
      .send('{"mode": ')
      .expect(400);
    expect(response.body.status).toBe(400);
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'close',
    prepare: solvedTicket,
    appends: ['TicketClosed'],
  });
});

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

describe('POST /tickets/{id}/resume', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  async function pendingTicket(a: ConversationApi): Promise<string> {
    const ticketId = await a.openAssigned();
    await a.command(ticketId, 'pend', { reason: 'Asked for logs.' });
    return ticketId;
  }

  it.each([
    ['pending', 'pend'],
    ['on hold', 'hold'],
  ])('resumes a ticket %s: 200 open, TicketResumed trigger manual', async (_, wait) => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, wait);
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(600_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/resume`)
      .set(bearer(api.testApp.adminKey))
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'open', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketResumed',
        data: {
          ticketId,
          previousStatus: wait === 'pend' ? 'pending' : 'on_hold',
          trigger: 'manual',
          resumedAt: api.testApp.clock.now().toISOString(),
        },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, ADMIN_ACTOR, api.testApp.clock.now()),
    );
  });

  it('refuses to resume a ticket that is not waiting: 409 illegal-transition', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/resume`)
      .set(bearer(api.testApp.adminKey))
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      command: 'ResumeTicket',
      currentStatus: 'open',
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'resume',
    prepare: pendingTicket,
    appends: ['TicketResumed'],
  });
});

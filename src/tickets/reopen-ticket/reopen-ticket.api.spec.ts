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

const SOLUTION = { resolutionCode: 'fixed', summary: 'Patched the login flow.' };
const REASON = { reason: 'The customer called: the fix does not work on Android.' };

describe('POST /tickets/{id}/reopen', () => {
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

  it('reopens a solved ticket: 200 open, TicketReopened with the reason, trigger manual', async () => {
    const ticketId = await solvedTicket(api);
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(120_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/reopen`)
      .set(bearer(api.testApp.adminKey))
      .send(REASON)
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'open', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketReopened',
        data: {
          ticketId,
          reason: REASON.reason,
          trigger: 'manual',
          reopenedAt: api.testApp.clock.now().toISOString(),
        },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, ADMIN_ACTOR, api.testApp.clock.now()),
    );
  });

  it('refuses to reopen a ticket that is not solved: 409 illegal-transition', async () => {
    const ticketId = await api.openAssigned();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/reopen`)
      .set(bearer(api.testApp.adminKey))
      .send(REASON)
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      command: 'ReopenTicket',
      currentStatus: 'open',
    });
  });

  it('refuses to reopen a closed ticket: 409 ticket-closed (closed is final)', async () => {
    const ticketId = await solvedTicket(api);
    await api.command(ticketId, 'close');
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/reopen`)
      .set(bearer(api.testApp.adminKey))
      .send(REASON)
      .expect(409);
    expect(response.body.type).toBe(problemType('ticket-closed'));
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it.each([
    ['missing', {}],
    ['blank', { reason: ' \t ' }],
    ['too long', { reason: 'x'.repeat(1_001) }],
    ['not a string', { reason: 42 }],
  ])('answers 400 for a %s reason', async (_, body) => {
    const ticketId = await solvedTicket(api);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/reopen`)
      .set(bearer(api.testApp.adminKey))
      .send(body)
      .expect(400);
    expect(response.body.type).toBe(problemType('validation-error'));
    expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain(
      'reason',
    );
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'reopen',
    body: REASON,
    prepare: solvedTicket,
    appends: ['TicketReopened'],
  });
});

import {
  bearer,
  createConversationApi,
  eventsAfter,
  problemType,
  requestMetadata,
  type ConversationApi,
} from '../reply-to-ticket/testing/conversation-api';
import { itBehavesLikeATicketCommand } from '../reply-to-ticket/testing/ticket-command-contract';

const NOTE = { body: 'Customer is on the legacy plan: check the migration flag first.' };

describe('POST /tickets/{id}/notes', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('adds a note by the calling agent: 200, InternalNoteAdded, status unchanged', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(5_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/notes`)
      .set(bearer(api.agent.apiKey))
      .send(NOTE)
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'open', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'InternalNoteAdded',
        data: {
          ticketId,
          authorId: api.agent.agentId,
          authorRole: 'agent',
          body: NOTE.body,
          addedAt: api.testApp.clock.now().toISOString(),
        },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, { type: 'agent', id: api.agent.agentId }, api.testApp.clock.now()),
    );
  });

  it('is not a response: a note on a new ticket leaves it new', async () => {
    const ticketId = await api.open();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/notes`)
      .set(bearer(api.testApp.adminKey))
      .send(NOTE)
      .expect(200);
    expect(response.body.status).toBe('new');
    const [note] = (await api.events(ticketId)).slice(-1);
    expect(note?.data).toMatchObject({ authorId: 'admin', authorRole: 'admin' });
  });

  it('takes notes on solved tickets, refuses them on closed ones: 409 ticket-closed', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', { resolutionCode: 'fixed', summary: 'Done.' });
    await api.command(ticketId, 'notes', NOTE);
    await api.command(ticketId, 'close');
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/notes`)
      .set(bearer(api.testApp.adminKey))
      .send(NOTE)
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('ticket-closed'),
      command: 'AddInternalNote',
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it.each([
    ['missing', {}, 'body'],
    ['blank', { body: '  \n ' }, 'body'],
    ['too long', { body: 'x'.repeat(20_001) }, 'body'],
    ['with an unknown property', { ...NOTE, visibility: 'public' }, 'visibility'],
  ])('answers 400 for a body %s', async (_, body, field) => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/notes`)
      .set(bearer(api.testApp.adminKey))
      .send(body)
      .expect(400);
    expect(response.body.type).toBe(problemType('validation-error'));
    // One entry per broken constraint, all on the one field.
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set([field]));
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'notes',
    body: NOTE,
    prepare: (a) => a.openAssigned(),
    appends: ['InternalNoteAdded'],
  });
});

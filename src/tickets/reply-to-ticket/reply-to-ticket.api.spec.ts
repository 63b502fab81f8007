import {
  ADMIN_ACTOR,
  CUSTOMER,
  bearer,
  createConversationApi,
  eventsAfter,
  problemType,
  requestMetadata,
  type ConversationApi,
} from './testing/conversation-api';
import { itBehavesLikeATicketCommand } from './testing/ticket-command-contract';

const SOLUTION = { resolutionCode: 'fixed', summary: 'Patched.' };

describe('POST /tickets/{id}/replies', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  const reply = (ticketId: string, key: string, body: object) =>
    api.http().post(`/tickets/${ticketId}/replies`).set(bearer(key)).send(body);

  it('records an agent’s reply by default: 200, ETag, TicketReplied authored by the caller', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(90_000);

    const response = await reply(ticketId, api.agent.apiKey, {
      body: 'A fix is on its way.',
    }).expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'open', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketReplied',
        data: {
          ticketId,
          author: { kind: 'agent', id: api.agent.agentId },
          body: 'A fix is on its way.',
          repliedAt: api.testApp.clock.now().toISOString(),
        },
      },
    ]);
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, { type: 'agent', id: api.agent.agentId }, api.testApp.clock.now()),
    );
  });

  it('an agent’s reply picks up a new ticket (new → open)', async () => {
    const ticketId = await api.open();
    const response = await reply(ticketId, api.testApp.adminKey, {
      body: 'Looking into it.',
      author: { kind: 'agent' },
    }).expect(200);
    expect(response.body.status).toBe('open');
    const [replied] = (await api.events(ticketId)).slice(-1);
    expect(replied?.data.author).toEqual({ kind: 'agent', id: ADMIN_ACTOR.id });
  });

  it('records a macro’s message as automated: not a response, a new ticket stays new', async () => {
    const ticketId = await api.open();
    const revision = await api.revision(ticketId);
    const response = await reply(ticketId, api.testApp.adminKey, {
      body: 'Thanks for writing: an agent will answer within the day.',
      author: { kind: 'automated', id: 'macro-first-answer' },
    }).expect(200);
    expect(response.body).toEqual({ id: ticketId, status: 'new', revision: revision + 1 });
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map((event) => event.type)).toEqual(['TicketReplied']);
    expect(appended[0]?.data.author).toEqual({ kind: 'automated', id: 'macro-first-answer' });
    expect(appended[0]?.metadata.actor).toEqual(ADMIN_ACTOR);
  });

  it('records a customer’s message relayed by an agent, as the ticket’s customer by default', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await reply(ticketId, api.agent.apiKey, {
      body: 'It still fails on my phone.',
      author: { kind: 'customer' },
    }).expect(200);
    expect(response.body).toEqual({ id: ticketId, status: 'open', revision: revision + 1 });
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended.map(({ type, data }) => ({ type, author: data.author }))).toEqual([
      { type: 'TicketReplied', author: { kind: 'customer', id: CUSTOMER.id } },
    ]);
    expect(appended[0]?.metadata.actor).toEqual({ type: 'agent', id: api.agent.agentId });
  });

  it('a customer’s message reopens a solved ticket (TicketReplied + TicketReopened)', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', SOLUTION);
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(86_400_000);

    const response = await reply(ticketId, api.agent.apiKey, {
      body: 'Sorry, it broke again.',
      author: { kind: 'customer', id: CUSTOMER.id },
    }).expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'open', revision: revision + 2 });
    expect(response.headers.etag).toBe(`W/"${revision + 2}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    const now = api.testApp.clock.now().toISOString();
    expect(appended.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketReplied',
        data: {
          ticketId,
          author: { kind: 'customer', id: CUSTOMER.id },
          body: 'Sorry, it broke again.',
          repliedAt: now,
        },
      },
      {
        type: 'TicketReopened',
        data: {
          ticketId,
          reason: 'The customer replied to the solved ticket.',
          trigger: 'customer_reply',
          reopenedAt: now,
        },
      },
    ]);
    for (const event of appended) {
      expect(event.metadata).toEqual(
        requestMetadata(
          response,
          { type: 'agent', id: api.agent.agentId },
          api.testApp.clock.now(),
        ),
      );
    }
  });

  it('a customer’s message resumes a pending ticket, but not one on hold', async () => {
    const pending = await api.openAssigned();
    await api.command(pending, 'pend');
    const pendingRevision = await api.revision(pending);
    const resumed = await reply(pending, api.testApp.adminKey, {
      body: 'Here is the screenshot.',
      author: { kind: 'customer' },
    }).expect(200);
    expect(resumed.body.status).toBe('open');
    const appended = await eventsAfter(api, pending, pendingRevision);
    expect(appended.map((event) => event.type)).toEqual(['TicketReplied', 'TicketResumed']);
    expect(appended[1]?.data).toMatchObject({
      previousStatus: 'pending',
      trigger: 'customer_reply',
    });

    const onHold = await api.openAssigned();
    await api.command(onHold, 'hold');
    const held = await reply(onHold, api.testApp.adminKey, {
      body: 'Any news?',
      author: { kind: 'customer' },
    }).expect(200);
    expect(held.body.status).toBe('on_hold');
  });

  it('an agent may still write on a solved ticket without reopening it', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', SOLUTION);
    const response = await reply(ticketId, api.agent.apiKey, { body: 'Glad it works!' }).expect(
      200,
    );
    expect(response.body.status).toBe('solved');
  });

  it.each([
    ['an agent', {}],
    ['a bot', { author: { kind: 'automated', id: 'bot-helper' } }],
  ])('refuses %s message on a closed ticket: 409 ticket-closed', async (_, author) => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', SOLUTION);
    await api.command(ticketId, 'close');
    const revision = await api.revision(ticketId);
    const response = await reply(ticketId, api.testApp.adminKey, {
      body: 'One more thing.',
      ...author,
    }).expect(409);
    expect(response.body).toMatchObject({
      type: problemType('ticket-closed'),
      status: 409,
      ticketId,
      command: 'ReplyToTicket',
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('refuses an agent reply in another agent’s name: 422 reply-author-not-allowed', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await reply(ticketId, api.teammate.apiKey, {
      body: 'Signed, your agent.',
      author: { kind: 'agent', id: api.agent.agentId },
    }).expect(422);
    expect(response.body.type).toBe(problemType('reply-author-not-allowed'));
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it.each([
    ['no body', {}, ['body']],
    ['a blank body', { body: ' \n\t ' }, ['body']],
    ['a body over 20 000 characters', { body: 'x'.repeat(20_001) }, ['body']],
    ['an unknown author kind', { body: 'Hi', author: { kind: 'supervisor' } }, ['author.kind']],
    [
      'an automated author without id',
      { body: 'Hi', author: { kind: 'automated' } },
      ['author.id'],
    ],
    [
      'an automated author that is no bot or macro',
      { body: 'Hi', author: { kind: 'automated', id: 'helper-1' } },
      ['author.id'],
    ],
    [
      'an author id with spaces',
      { body: 'Hi', author: { kind: 'customer', id: 'Ada Lovelace' } },
      ['author.id'],
    ],
    ['an author that is not an object', { body: 'Hi', author: 'customer' }, ['author']],
    ['an unknown property', { body: 'Hi', public: true }, ['public']],
  ])('answers 400 with field errors for %s', async (_, body, fields) => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await reply(ticketId, api.testApp.adminKey, body).expect(400);
    expect(response.body.type).toBe(problemType('validation-error'));
    const named = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(named)).toEqual(new Set(fields));
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'replies',
    body: { body: 'We are on it.' },
    prepare: (a) => a.openAssigned(),
    appends: ['TicketReplied'],
  });
});

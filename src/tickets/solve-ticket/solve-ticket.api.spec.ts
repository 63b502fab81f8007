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

const SOLUTION = { resolutionCode: 'fixed', summary: 'Reset the password on the 4.2 app.' };

describe('POST /tickets/{id}/solve', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  it('solves an open ticket: 200, the new revision as ETag, TicketSolved by the caller', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    api.testApp.clock.advance(60_000);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/solve`)
      .set(bearer(api.testApp.adminKey))
      .send(SOLUTION)
      .expect(200);

    expect(response.body).toEqual({ id: ticketId, status: 'solved', revision: revision + 1 });
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const appended = await eventsAfter(api, ticketId, revision);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({
      type: 'TicketSolved',
      data: {
        ticketId,
        resolutionCode: 'fixed',
        summary: SOLUTION.summary,
        assigneeId: api.agent.agentId,
        teamId: api.team,
        solvedAt: api.testApp.clock.now().toISOString(),
      },
    });
    expect(appended[0]?.metadata).toEqual(
      requestMetadata(response, ADMIN_ACTOR, api.testApp.clock.now()),
    );
  });

  it('refuses to solve a solved ticket: 409 ticket-already-solved, nothing appended', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', SOLUTION);
    const revision = await api.revision(ticketId);

    const response = await api
      .http()
      .post(`/tickets/${ticketId}/solve`)
      .set(bearer(api.testApp.adminKey))
      .send(SOLUTION)
      .expect(409);

    expect(response.body).toMatchObject({
      type: problemType('ticket-already-solved'),
      status: 409,
      ticketId,
      currentStatus: 'solved',
    });
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('refuses to solve a ticket nobody picked up: 409 illegal-transition', async () => {
    const ticketId = await api.open();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/solve`)
      .set(bearer(api.testApp.adminKey))
      .send(SOLUTION)
      .expect(409);
    expect(response.body).toMatchObject({
      type: problemType('illegal-transition'),
      command: 'SolveTicket',
      currentStatus: 'new',
    });
  });

  it('refuses to solve a closed ticket: 409 ticket-closed', async () => {
    const ticketId = await api.openAssigned();
    await api.command(ticketId, 'solve', SOLUTION);
    await api.command(ticketId, 'close');
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/solve`)
      .set(bearer(api.testApp.adminKey))
      .send(SOLUTION)
      .expect(409);
    expect(response.body.type).toBe(problemType('ticket-closed'));
  });

  it('answers 400 with field errors for an invalid body, and appends nothing', async () => {
    const ticketId = await api.openAssigned();
    const revision = await api.revision(ticketId);
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/solve`)
      .set(bearer(api.testApp.adminKey))
      .send({ resolutionCode: 'Fixed It!', summary: '   ', extra: true })
      .expect(400);
    expect(response.body.type).toBe(problemType('validation-error'));
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['resolutionCode', 'summary', 'extra']));
    expect(await eventsAfter(api, ticketId, revision)).toEqual([]);
  });

  it('answers 400 naming both fields when the body is missing', async () => {
    const ticketId = await api.openAssigned();
    const response = await api
      .http()
      .post(`/tickets/${ticketId}/solve`)
      .set(bearer(api.testApp.adminKey))
      .expect(400);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['resolutionCode', 'summary']));
  });

  itBehavesLikeATicketCommand(() => api, {
    route: 'solve',
    body: SOLUTION,
    prepare: (a) => a.openAssigned(),
    appends: ['TicketSolved'],
  });
});

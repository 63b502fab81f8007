/**
 * What every conversation command route must do besides its own rule, as shared `it` blocks each
 * slice's API spec runs against its route: 404 for an unknown ticket, If-Match (412 when stale),
 * Idempotency-Key replay without a second append, the per-ticket access rule for agents and the
 * role rule for auditors and integrators.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { bearer, eventsAfter, problemType, type ConversationApi } from './conversation-api';

export interface TicketCommandContract {
  /** The last path segment: `solve` for POST /tickets/{id}/solve. */
  readonly route: string;
  /** A valid body (undefined: the route takes none). */
  readonly body?: object;
  /** A ticket of `api.team`, assigned to `api.agent`, on which the command succeeds. */
  readonly prepare: (api: ConversationApi) => Promise<string>;
  /** The event types one successful command appends. */
  readonly appends: readonly string[];
}

export function itBehavesLikeATicketCommand(
  api: () => ConversationApi,
  contract: TicketCommandContract,
): void {
  const post = (ticketId: string, key: string) =>
    api().http().post(`/tickets/${ticketId}/${contract.route}`).set(bearer(key));

  it('answers 404 ticket-not-found for a ticket that does not exist', async () => {
    const unknown = randomUUID();
    const response = await post(unknown, api().testApp.adminKey).send(contract.body).expect(404);
    expect(response.body).toMatchObject({ type: problemType('ticket-not-found'), status: 404 });
    expect(await api().revision(unknown)).toBe(-1);
  });

  it('answers 404 for an id no ticket can have', async () => {
    const response = await post('not.a.ticket', api().testApp.adminKey)
      .send(contract.body)
      .expect(404);
    expect(problemOf(response).type).toBe(problemType('ticket-not-found'));
  });

  it('honours If-Match: 412 and nothing appended when stale, 200 when current', async () => {
    const ticketId = await contract.prepare(api());
    const revision = await api().revision(ticketId);
    const stale = await post(ticketId, api().testApp.adminKey)
      .set('If-Match', `W/"${revision - 1}"`)
      .send(contract.body)
      .expect(412);
    expect(stale.body).toMatchObject({
      type: problemType('precondition-failed'),
      currentRevision: String(revision),
    });
    expect(await eventsAfter(api(), ticketId, revision)).toEqual([]);

    const current = await post(ticketId, api().testApp.adminKey)
      .set('If-Match', `W/"${revision}"`)
      .send(contract.body)
      .expect(200);
    const appended = await eventsAfter(api(), ticketId, revision);
    expect(appended.map((event) => event.type)).toEqual(contract.appends);
    expect(current.headers.etag).toBe(`W/"${revision + contract.appends.length}"`);
  });

  it('refuses a malformed If-Match with 400', async () => {
    const ticketId = await contract.prepare(api());
    const response = await post(ticketId, api().testApp.adminKey)
      .set('If-Match', '*')
      .send(contract.body)
      .expect(400);
    expect(problemOf(response).type).toBe(problemType('invalid-if-match'));
  });

  it('replays an Idempotency-Key retry without appending again', async () => {
    const ticketId = await contract.prepare(api());
    const revision = await api().revision(ticketId);
    const key = `retry-${randomUUID()}`;
    const first = await post(ticketId, api().testApp.adminKey)
      .set('Idempotency-Key', key)
      .send(contract.body)
      .expect(200);
    const retry = await post(ticketId, api().testApp.adminKey)
      .set('Idempotency-Key', key)
      .send(contract.body)
      .expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    const appended = await eventsAfter(api(), ticketId, revision);
    expect(appended.map((event) => event.type)).toEqual(contract.appends);
  });

  it('lets an agent act on a ticket of their team, and refuses an agent outside it (403)', async () => {
    const ticketId = await contract.prepare(api());
    const revision = await api().revision(ticketId);
    const refused = await post(ticketId, api().outsider.apiKey).send(contract.body).expect(403);
    expect(problemOf(refused).type).toBe(problemType('ticket-access-denied'));
    expect(await eventsAfter(api(), ticketId, revision)).toEqual([]);

    // The teammate is not the assignee: team membership is enough.
    await post(ticketId, api().teammate.apiKey).send(contract.body).expect(200);
    const appended = await eventsAfter(api(), ticketId, revision);
    expect(appended.map((event) => event.type)).toEqual(contract.appends);
    expect(appended[0]?.metadata.actor).toEqual({
      type: 'agent',
      id: api().teammate.agentId,
    });
  });

  it.each([
    ['auditor', (a: ConversationApi) => a.auditorKey],
    ['integrator', (a: ConversationApi) => a.integratorKey],
  ])('refuses the %s role (403) and appends nothing', async (_, keyOf) => {
    const ticketId = await contract.prepare(api());
    const revision = await api().revision(ticketId);
    const response = await post(ticketId, keyOf(api())).send(contract.body).expect(403);
    expect(problemOf(response).status).toBe(403);
    expect(await eventsAfter(api(), ticketId, revision)).toEqual([]);
  });
}

function problemOf(response: Response): { type: string; status: number } {
  return response.body as { type: string; status: number };
}

/**
 * A customer's message on a closed ticket (POST /tickets/{id}/replies): the closed ticket records
 * TicketFollowUpRequested and a follow-up ticket is opened, linked back; the two writes converge
 * when a request is retried after failing between them.
 */
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../../event-store/event-store.port';
import {
  CUSTOMER,
  bearer,
  createConversationApi,
  eventsAfter,
  problemType,
  requestMetadata,
  type ConversationApi,
} from '../reply-to-ticket/testing/conversation-api';
import { TicketCommandRunner } from '../ticket-command-runner';
import type { TicketFollowUpRequestedData } from '../ticket.events';
import { OpenFollowUpTicketCommand } from './open-follow-up-ticket.command';

const SUBJECT = 'Cannot log in since the update';
const MESSAGE = 'Hello again: the login fails once more since this morning.';

describe('a customer message on a closed ticket opens a follow-up ticket', () => {
  let api: ConversationApi;

  beforeAll(async () => {
    api = await createConversationApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  async function closedTicket(): Promise<string> {
    const ticketId = await api.openAssigned({ subject: SUBJECT });
    await api.command(ticketId, 'solve', { resolutionCode: 'fixed', summary: 'Patched.' });
    await api.command(ticketId, 'close');
    return ticketId;
  }

  const customerMessage = (ticketId: string, key = api.agent.apiKey, body = MESSAGE) =>
    api
      .http()
      .post(`/tickets/${ticketId}/replies`)
      .set(bearer(key))
      .send({ body, author: { kind: 'customer', id: CUSTOMER.id } });

  /** Step one alone, as if the process had stopped before opening the follow-up. */
  async function recordRequestOnly(ticketId: string, body = MESSAGE): Promise<string> {
    const followUpTicketId = randomUUID();
    const runner = api.testApp.app.get(TicketCommandRunner);
    await runner.run({
      ticketId,
      context: {
        actor: { type: 'agent', id: api.agent.agentId },
        correlationId: randomUUID(),
        causationId: null,
      },
      build: (_state, now) => ({
        type: 'ReplyToTicket',
        data: { ticketId, author: { kind: 'customer', id: CUSTOMER.id }, body, followUpTicketId },
        metadata: { actor: { type: 'agent', id: api.agent.agentId }, now },
      }),
    });
    return followUpTicketId;
  }

  const typesOf = (events: readonly RecordedEvent[]) => events.map((event) => event.type);
  const followUpRequests = async (ticketId: string) =>
    (await api.events(ticketId)).filter((event) => event.type === 'TicketFollowUpRequested');

  it('records the request on the closed ticket and opens the follow-up linked to it', async () => {
    const closedId = await closedTicket();
    const revision = await api.revision(closedId);
    api.testApp.clock.advance(7 * 86_400_000);
    const now = api.testApp.clock.now().toISOString();

    const response = await customerMessage(closedId).expect(200);

    const followUpTicketId = response.body.followUpTicketId as string;
    expect(response.body).toEqual({
      id: closedId,
      status: 'closed',
      revision: revision + 1,
      followUpTicketId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(followUpTicketId).not.toBe(closedId);
    expect(response.headers.etag).toBe(`W/"${revision + 1}"`);
    const agent = { type: 'agent', id: api.agent.agentId };
    const metadata = requestMetadata(response, agent, api.testApp.clock.now());

    const onClosed = await eventsAfter(api, closedId, revision);
    expect(onClosed.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketFollowUpRequested',
        data: {
          ticketId: closedId,
          followUpTicketId,
          customerId: CUSTOMER.id,
          body: MESSAGE,
          requestedAt: now,
        },
      },
    ]);
    expect(onClosed[0]?.metadata).toEqual(metadata);

    const followUp = await api.events(followUpTicketId);
    expect(followUp.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: 'TicketOpened',
        data: {
          ticketId: followUpTicketId,
          channel: 'email',
          subject: `Follow-up: ${SUBJECT}`,
          description: MESSAGE,
          customer: { ...CUSTOMER, phone: null },
          type: 'incident',
          priority: 'high',
          tags: ['login'],
          language: 'en',
          receivedAt: now,
          openedAt: now,
          followUpOf: closedId,
        },
      },
      {
        type: 'TicketReceiptAcknowledged',
        data: {
          ticketId: followUpTicketId,
          channel: 'email',
          customerId: CUSTOMER.id,
          acknowledgedAt: now,
        },
      },
    ]);
    expect(followUp[0]?.metadata).toEqual(metadata);
    expect(followUp[1]?.metadata).toEqual({
      ...metadata,
      actor: { type: 'system', id: 'servicetrail' },
    });
  });

  it('replays an Idempotency-Key retry: the same follow-up, nothing appended anywhere', async () => {
    const closedId = await closedTicket();
    const key = `follow-up-${randomUUID()}`;
    const first = await customerMessage(closedId).set('Idempotency-Key', key).expect(200);
    const closedRevision = await api.revision(closedId);
    const followUpId = first.body.followUpTicketId as string;

    const retry = await customerMessage(closedId).set('Idempotency-Key', key).expect(200);

    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await api.revision(closedId)).toBe(closedRevision);
    expect(typesOf(await api.events(followUpId))).toEqual([
      'TicketOpened',
      'TicketReceiptAcknowledged',
    ]);
  });

  it('converges on retry after a failure between the two writes: the same follow-up, once', async () => {
    const closedId = await closedTicket();
    const beforeRequest = await api.revision(closedId);
    const pendingId = await recordRequestOnly(closedId);
    expect(await api.revision(pendingId)).toBe(-1);

    // The client's retry carries the ETag it had before its first attempt.
    const retry = await customerMessage(closedId)
      .set('If-Match', `W/"${beforeRequest}"`)
      .expect(200);

    expect(retry.body).toEqual({
      id: closedId,
      status: 'closed',
      revision: beforeRequest + 1,
      followUpTicketId: pendingId,
    });
    expect(retry.headers.etag).toBe(`W/"${beforeRequest + 1}"`);
    expect(typesOf(await eventsAfter(api, closedId, beforeRequest))).toEqual([
      'TicketFollowUpRequested',
    ]);
    const followUp = await api.events(pendingId);
    expect(typesOf(followUp)).toEqual(['TicketOpened', 'TicketReceiptAcknowledged']);
    expect(followUp[0]?.data).toMatchObject({ followUpOf: closedId, description: MESSAGE });
  });

  it('opens a follow-up once when two attempts to open it race', async () => {
    const closedId = await closedTicket();
    const pendingId = await recordRequestOnly(closedId);
    const { state } = await api.testApp.app.get(TicketCommandRunner).load(closedId);
    if (!state.exists) throw new Error('the closed ticket should exist');
    const [requested] = await followUpRequests(closedId);
    const request = requested?.data as unknown as TicketFollowUpRequestedData;
    const context = {
      actor: { type: 'agent', id: api.agent.agentId },
      correlationId: randomUUID(),
      causationId: null,
    } as const;
    const commands = api.testApp.app.get(CommandBus);

    const outcomes = await Promise.all([
      commands.execute(new OpenFollowUpTicketCommand(state, request, context)),
      commands.execute(new OpenFollowUpTicketCommand(state, request, context)),
    ]);

    expect([...outcomes].sort()).toEqual(['already_open', 'opened']);
    expect(typesOf(await api.events(pendingId))).toEqual([
      'TicketOpened',
      'TicketReceiptAcknowledged',
    ]);
  });

  it('another message completes a pending follow-up and gets a follow-up of its own', async () => {
    const closedId = await closedTicket();
    const pendingId = await recordRequestOnly(closedId, 'An earlier message.');

    const response = await customerMessage(closedId).expect(200);

    const newId = response.body.followUpTicketId as string;
    expect(newId).not.toBe(pendingId);
    expect((await followUpRequests(closedId)).map((event) => event.data.followUpTicketId)).toEqual([
      pendingId,
      newId,
    ]);
    for (const [id, body] of [
      [pendingId, 'An earlier message.'],
      [newId, MESSAGE],
    ] as const) {
      const opened = await api.events(id);
      expect(typesOf(opened)).toEqual(['TicketOpened', 'TicketReceiptAcknowledged']);
      expect(opened[0]?.data).toMatchObject({ followUpOf: closedId, description: body });
    }
  });

  it('a second message after a completed follow-up opens another follow-up', async () => {
    const closedId = await closedTicket();
    const first = await customerMessage(closedId).expect(200);
    const second = await customerMessage(closedId).expect(200);
    expect(second.body.followUpTicketId).not.toBe(first.body.followUpTicketId);
    expect(await followUpRequests(closedId)).toHaveLength(2);
  });

  it('refuses a stale If-Match (412): no request recorded, no ticket opened', async () => {
    const closedId = await closedTicket();
    const revision = await api.revision(closedId);
    const response = await customerMessage(closedId)
      .set('If-Match', `W/"${revision - 1}"`)
      .expect(412);
    expect(response.body.type).toBe(problemType('precondition-failed'));
    expect(await api.revision(closedId)).toBe(revision);
  });

  it('refuses an agent outside the ticket’s team (403), even to complete a pending follow-up', async () => {
    const closedId = await closedTicket();
    const pendingId = await recordRequestOnly(closedId);
    const revision = await api.revision(closedId);
    const response = await customerMessage(closedId, api.outsider.apiKey).expect(403);
    expect(response.body.type).toBe(problemType('ticket-access-denied'));
    expect(await api.revision(closedId)).toBe(revision);
    expect(await api.revision(pendingId)).toBe(-1);
  });

  it('sends a customer message on a merged ticket to where it belongs: 409 ticket-merged', async () => {
    const source = await api.openAssigned();
    const target = await api.openAssigned();
    await api.command(source, 'merge', { intoTicketId: target });
    const revision = await api.revision(source);
    const response = await customerMessage(source).expect(409);
    expect(response.body).toMatchObject({
      type: problemType('ticket-merged'),
      ticketId: source,
      mergedInto: target,
    });
    expect(await api.revision(source)).toBe(revision);
  });
});

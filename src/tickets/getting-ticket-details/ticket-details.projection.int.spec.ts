/**
 * Given ticket events (recorded through the real write path into the real PostgreSQL event store)
 * → when the projection handles them (in real transactions) → then these `ticket_details` and
 * `ticket_conversation` rows.
 */
import type { RecordedEvent } from '../../event-store/event-store.port';
import { foldTicket } from '../ticket.decider';
import type { TicketEvent } from '../ticket.events';
import { ticketStreamName } from '../ticket.values';
import { TicketConversationEntity } from './ticket-conversation.entity';
import { TicketDetailsEntity } from './ticket-details.entity';
import { TicketDetailsProjection } from './ticket-details.projection';
import { detailsRowOf } from './ticket-details.row';
import { ReadModelHarness } from './testing/read-model-harness';
import { agentActor, SUPERVISOR } from './testing/ticket-driver';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
/** The ISO time `minutes` after T0 (the harness clock's start). */
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

describe('TicketDetailsProjection', () => {
  let harness: ReadModelHarness;
  const projection = new TicketDetailsProjection();

  beforeEach(async () => {
    harness = await ReadModelHarness.create([TicketDetailsEntity, TicketConversationEntity]);
  });

  afterEach(async () => {
    await harness.close();
  });

  const driver = () => harness.driver;
  /** Moves the clock to `minutes` after T0 (commands are decided at the clock's time). */
  const atMinute = (minutes: number): void => harness.clock.set(at(minutes));

  async function projectTickets(ids: readonly string[], batchSize = 500): Promise<void> {
    await harness.project(
      projection,
      await harness.eventsOf(ids.map((id) => ticketStreamName(id))),
      batchSize,
    );
  }

  async function row(ticketId: string): Promise<Record<string, unknown> | undefined> {
    const [found] = await harness.rows('SELECT * FROM ticket_details WHERE ticket_id = $1', [
      ticketId,
    ]);
    if (!found) return undefined;
    return Object.fromEntries(
      Object.entries(found).map(([key, value]) => [
        key,
        value instanceof Date ? value.toISOString() : value,
      ]),
    );
  }

  async function conversation(ticketId: string): Promise<Record<string, unknown>[]> {
    const rows = await harness.rows<Record<string, unknown>>(
      `SELECT revision, kind, author_kind, author_id, author_role, body, at
         FROM ticket_conversation WHERE ticket_id = $1 ORDER BY revision`,
      [ticketId],
    );
    return rows.map((found) => ({ ...found, at: (found.at as Date).toISOString() }));
  }

  it('TicketOpened + TicketReceiptAcknowledged: a row at revision 1 with everything the ticket was opened with', async () => {
    atMinute(0);
    const id = await driver().open({
      channel: 'email',
      subject: 'Printer on fire',
      description: 'Smoke everywhere',
      receivedAt: at(-5),
      customer: {
        id: 'cust-7',
        name: 'Grace Hopper',
        email: 'grace@example.com',
        phone: null,
        tier: 'vip',
      },
      type: 'incident',
      priority: 'urgent',
      tags: ['Printer', ' fire '],
      language: 'en',
    });
    await projectTickets([id]);

    expect(await row(id)).toEqual({
      ticket_id: id,
      revision: '1',
      status: 'new',
      status_changed_at: at(0),
      channel: 'email',
      subject: 'Printer on fire',
      description: 'Smoke everywhere',
      language: 'en',
      customer_id: 'cust-7',
      customer_name: 'Grace Hopper',
      customer_email: 'grace@example.com',
      customer_phone: null,
      customer_tier: 'vip',
      type: 'incident',
      tags: ['fire', 'printer'],
      product_area: null,
      priority: 'urgent',
      assignee_id: null,
      team_id: null,
      level: 1,
      received_at: at(-5),
      opened_at: at(0),
      acknowledged_at: at(0),
      first_agent_reply_at: null,
      last_agent_reply_at: null,
      last_customer_reply_at: null,
      first_solved_at: null,
      solved_at: null,
      last_reopened_at: null,
      closed_at: null,
      updated_at: at(0),
      public_agent_reply_count: 0,
      customer_reply_count: 0,
      automated_reply_count: 0,
      internal_note_count: 0,
      reopen_count: 0,
      escalation_count: 0,
      resolution_code: null,
      resolution_summary: null,
      close_mode: null,
      merged_into: null,
      merged_from: [],
      follow_up_of: null,
      follow_up_ticket_ids: [],
    });
    expect(await conversation(id)).toEqual([]);
  });

  it('TicketClassified and TicketReprioritised: type, tags, product area and priority', async () => {
    const id = await driver().open({ type: 'question', priority: 'normal', tags: ['a'] });
    atMinute(10);
    await driver().classify(id, {
      type: 'problem',
      tags: ['Billing', 'VAT'],
      productArea: 'invoices',
    });
    atMinute(20);
    await driver().reprioritise(id, 'low', 'not urgent after all');
    await projectTickets([id]);

    expect(await row(id)).toMatchObject({
      revision: '3',
      type: 'problem',
      tags: ['billing', 'vat'],
      product_area: 'invoices',
      priority: 'low',
      status: 'new',
      updated_at: at(20),
    });
  });

  it('TicketAssigned and TicketUnassigned: assignee and team; an agent picks the ticket up (open)', async () => {
    const id = await driver().open();
    atMinute(5);
    await driver().assign(id, { teamId: 'team-1' });
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      revision: '2',
      assignee_id: null,
      team_id: 'team-1',
      status: 'new',
    });

    atMinute(6);
    await driver().assign(id, { agentId: 'agent-1' });
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      revision: '3',
      assignee_id: 'agent-1',
      team_id: 'team-1',
      status: 'open',
      status_changed_at: at(6),
    });

    atMinute(7);
    await driver().unassign(id, 'agent');
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      revision: '4',
      assignee_id: null,
      team_id: 'team-1',
      status: 'open',
      updated_at: at(7),
    });
  });

  it('TicketReplied and InternalNoteAdded: reply counts, reply milestones and the conversation in order', async () => {
    const id = await driver().open();
    atMinute(1);
    await driver().reply(id, 'automated', 'faq-bot', 'Have you tried turning it off?');
    atMinute(2);
    await driver().note(id, 'Known issue with model X', agentActor('agent-1'));
    atMinute(3);
    await driver().reply(id, 'agent', 'agent-1', 'We are on it');
    atMinute(4);
    await driver().reply(id, 'customer', 'cust-1', 'Thanks, it is still smoking');
    atMinute(5);
    await driver().reply(id, 'agent', 'agent-2', 'Technician is on the way');
    atMinute(6);
    await driver().note(id, 'Asked facilities', SUPERVISOR);
    await projectTickets([id]);

    expect(await row(id)).toMatchObject({
      revision: '7',
      status: 'open',
      status_changed_at: at(3),
      first_agent_reply_at: at(3),
      last_agent_reply_at: at(5),
      last_customer_reply_at: at(4),
      public_agent_reply_count: 2,
      customer_reply_count: 1,
      automated_reply_count: 1,
      internal_note_count: 2,
    });
    expect(await conversation(id)).toEqual([
      {
        revision: '2',
        kind: 'reply',
        author_kind: 'automated',
        author_id: 'faq-bot',
        author_role: null,
        body: 'Have you tried turning it off?',
        at: at(1),
      },
      {
        revision: '3',
        kind: 'internal_note',
        author_kind: 'agent',
        author_id: 'agent-1',
        author_role: 'agent',
        body: 'Known issue with model X',
        at: at(2),
      },
      {
        revision: '4',
        kind: 'reply',
        author_kind: 'agent',
        author_id: 'agent-1',
        author_role: null,
        body: 'We are on it',
        at: at(3),
      },
      {
        revision: '5',
        kind: 'reply',
        author_kind: 'customer',
        author_id: 'cust-1',
        author_role: null,
        body: 'Thanks, it is still smoking',
        at: at(4),
      },
      {
        revision: '6',
        kind: 'reply',
        author_kind: 'agent',
        author_id: 'agent-2',
        author_role: null,
        body: 'Technician is on the way',
        at: at(5),
      },
      {
        revision: '7',
        kind: 'internal_note',
        author_kind: 'agent',
        author_id: 'sup-1',
        author_role: 'supervisor',
        body: 'Asked facilities',
        at: at(6),
      },
    ]);
  });

  it('TicketEscalated: level, team, the agent taken off for another team, escalation count', async () => {
    const id = await driver().open();
    await driver().assign(id, { agentId: 'agent-1', teamId: 'team-1' });
    atMinute(30);
    await driver().escalate(id, { level: 2 });
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      level: 2,
      team_id: 'team-1',
      assignee_id: 'agent-1',
      escalation_count: 1,
    });

    atMinute(40);
    await driver().escalate(id, { level: 3, teamId: 'team-experts' });
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      revision: '4',
      level: 3,
      team_id: 'team-experts',
      assignee_id: null,
      escalation_count: 2,
      updated_at: at(40),
    });
  });

  it('TicketMarkedPending, TicketPutOnHold, TicketResumed (also by a customer reply): status and since when', async () => {
    const id = await driver().open();
    await driver().assign(id, { agentId: 'agent-1' });
    atMinute(10);
    await driver().pend(id);
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({ status: 'pending', status_changed_at: at(10) });

    atMinute(20);
    await driver().hold(id);
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({ status: 'on_hold', status_changed_at: at(20) });

    atMinute(30);
    await driver().resume(id);
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({ status: 'open', status_changed_at: at(30) });

    atMinute(40);
    await driver().pend(id);
    atMinute(50);
    await driver().reply(id, 'customer', 'cust-1', 'Here is the serial number');
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      revision: '8',
      status: 'open',
      status_changed_at: at(50),
      last_customer_reply_at: at(50),
    });
  });

  it('TicketSolved, TicketReopened (by hand and by the customer), TicketClosed: solve milestones, reopen count, resolution', async () => {
    const id = await driver().open();
    await driver().assign(id, { agentId: 'agent-1' });
    atMinute(60);
    await driver().solve(id, 'fixed', 'Replaced the fuser');
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      status: 'solved',
      solved_at: at(60),
      first_solved_at: at(60),
      resolution_code: 'fixed',
      resolution_summary: 'Replaced the fuser',
    });

    atMinute(70);
    await driver().reopen(id, 'smoke again');
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      status: 'open',
      solved_at: null,
      first_solved_at: at(60),
      resolution_code: null,
      reopen_count: 1,
      last_reopened_at: at(70),
    });

    atMinute(80);
    await driver().solve(id, 'replaced', 'New printer');
    atMinute(90);
    await driver().reply(id, 'customer', 'cust-1', 'The new one smokes too');
    atMinute(100);
    await driver().solve(id, 'replaced', 'Another new printer');
    atMinute(110);
    await driver().close(id);
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      revision: '9',
      status: 'closed',
      first_solved_at: at(60),
      solved_at: at(100),
      reopen_count: 2,
      last_reopened_at: at(90),
      closed_at: at(110),
      close_mode: 'manual',
      resolution_code: 'replaced',
      resolution_summary: 'Another new printer',
      updated_at: at(110),
    });
  });

  it('TicketClosed by the auto-close timer: close mode automatic', async () => {
    const id = await driver().open();
    await driver().assign(id, { agentId: 'agent-1' });
    atMinute(60);
    await driver().solve(id);
    atMinute(60 * 24 * 4);
    await driver().autoClose(id);
    await projectTickets([id]);
    expect(await row(id)).toMatchObject({
      status: 'closed',
      close_mode: 'automatic',
      closed_at: at(60 * 24 * 4),
      solved_at: at(60),
    });
  });

  it('TicketMergeReceived and TicketMerged: the target lists its sources, the source is closed into the target', async () => {
    const target = await driver().open({ subject: 'Printer broken' });
    const source1 = await driver().open({ subject: 'Printer smoking' });
    const source2 = await driver().open({ subject: 'Smell of smoke' });
    atMinute(15);
    await driver().merge(source1, target);
    atMinute(16);
    await driver().merge(source2, target);
    await projectTickets([target, source1, source2]);

    expect(await row(target)).toMatchObject({
      revision: '3',
      status: 'new',
      merged_from: [source1, source2],
      merged_into: null,
      closed_at: null,
    });
    expect(await row(source1)).toMatchObject({
      revision: '2',
      status: 'closed',
      merged_into: target,
      close_mode: 'merged',
      closed_at: at(15),
    });
    expect(await row(source2)).toMatchObject({ merged_into: target, closed_at: at(16) });
  });

  it('TicketFollowUpRequested: the closed ticket lists its follow-up, which is a new ticket pointing back', async () => {
    const id = await driver().open({ subject: 'VPN down' });
    await driver().assign(id, { agentId: 'agent-1' });
    await driver().solve(id);
    await driver().close(id);
    atMinute(500);
    const followUp = await driver().followUp(id, 'cust-1', 'It is down again');
    await projectTickets([id, followUp]);

    expect(await row(id)).toMatchObject({
      revision: '5',
      status: 'closed',
      follow_up_ticket_ids: [followUp],
      updated_at: at(500),
    });
    expect(await row(followUp)).toMatchObject({
      revision: '1',
      status: 'new',
      subject: 'Follow-up: VPN down',
      description: 'It is down again',
      follow_up_of: id,
      received_at: at(500),
    });
    // The message is the follow-up's description, not part of the closed ticket's conversation.
    expect(await conversation(id)).toEqual([]);
  });

  describe('whatever the batching', () => {
    async function busyHistory(): Promise<string[]> {
      const a = await driver().open({ subject: 'A' });
      const b = await driver().open({ subject: 'B', channel: 'chat' });
      let minute = 0;
      const step = (): void => atMinute((minute += 7));
      step();
      await driver().assign(a, { agentId: 'agent-1', teamId: 'team-1' });
      step();
      await driver().reply(b, 'automated', 'bot', 'hello');
      step();
      await driver().reply(a, 'agent', 'agent-1', 'looking');
      step();
      await driver().note(b, 'spam?');
      step();
      await driver().reply(a, 'customer', 'cust-1', 'ok');
      step();
      await driver().escalate(a, { level: 2 });
      step();
      await driver().pend(a);
      step();
      await driver().merge(b, a);
      step();
      await driver().reply(a, 'customer', 'cust-1', 'answer');
      step();
      await driver().solve(a);
      step();
      await driver().reopen(a);
      step();
      await driver().solve(a);
      return [a, b];
    }

    it('each row is the fold of its stream, whether the events come one per batch or all at once', async () => {
      const ids = await busyHistory();
      const events = await harness.eventsOf(ids.map((id) => ticketStreamName(id)));

      await harness.project(projection, events, 1);
      const oneByOne = await Promise.all(ids.map((id) => row(id)));
      const conversations = await Promise.all(ids.map((id) => conversation(id)));

      await harness.rows('TRUNCATE ticket_details, ticket_conversation');
      await harness.project(projection, events, 500);
      expect(await Promise.all(ids.map((id) => row(id)))).toEqual(oneByOne);
      expect(await Promise.all(ids.map((id) => conversation(id)))).toEqual(conversations);

      for (const id of ids) {
        const stream = events.filter((event) => event.streamName === ticketStreamName(id));
        const folded = foldTicket(stream.map((event) => event as unknown as TicketEvent));
        if (!folded.exists) throw new Error('ticket not folded');
        const [entity] = await harness.dataSource.getRepository(TicketDetailsEntity).findBy({
          ticketId: id,
        });
        expect(entity).toEqual(detailsRowOf(folded, BigInt(stream.length - 1)));
      }
    });

    it('events the row already reflects change nothing (a replayed batch)', async () => {
      const ids = await busyHistory();
      const events: RecordedEvent[] = await harness.eventsOf(ids.map((id) => ticketStreamName(id)));
      await harness.project(projection, events);
      const before = await Promise.all(
        ids.map(async (id) => [await row(id), await conversation(id)]),
      );

      await harness.project(projection, events.slice(3), 4);
      expect(
        await Promise.all(ids.map(async (id) => [await row(id), await conversation(id)])),
      ).toEqual(before);
    });
  });
});

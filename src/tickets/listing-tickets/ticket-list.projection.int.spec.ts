/**
 * Given ticket events (recorded through the real write path into the real PostgreSQL event store)
 * → when the projection handles them (in real transactions, in batches like the runner's) → then
 * these `ticket_list` rows. The expected row is also derived from the decider's own fold, so the
 * list can never disagree with the ticket itself.
 */
import fc from 'fast-check';
import { RunnerInstance } from '../../projections/testing/runner-harness';
import { ReadModelHarness } from '../getting-ticket-details/testing/read-model-harness';
import { foldTicket } from '../ticket.decider';
import { TicketError } from '../ticket.errors';
import type { TicketEvent } from '../ticket.events';
import type { Ticket } from '../ticket.state';
import { ticketStreamName } from '../ticket.values';
import { TicketListProjection } from './ticket-list.projection';
import { priorityRank } from './ticket-list.row';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

interface ListRow {
  id: string;
  subject: string;
  status: string;
  priority: string;
  priority_rank: number;
  type: string;
  channel: string;
  team_id: string | null;
  assignee_id: string | null;
  customer_id: string;
  customer_name: string;
  customer_tier: string;
  tags: string[];
  language: string;
  support_level: number;
  created_at: string;
  updated_at: string;
  revision: string;
}

/** What the list must show for a ticket, from the decider's fold. */
function expectedRow(ticket: Ticket, revision: bigint): ListRow {
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    priority_rank: priorityRank(ticket.priority),
    type: ticket.type,
    channel: ticket.channel,
    team_id: ticket.teamId,
    assignee_id: ticket.assigneeId,
    customer_id: ticket.customer.id,
    customer_name: ticket.customer.name,
    customer_tier: ticket.customer.tier,
    tags: [...ticket.tags],
    language: ticket.language,
    support_level: ticket.level,
    created_at: ticket.openedAt,
    updated_at: ticket.updatedAt,
    revision: revision.toString(),
  };
}

describe('TicketListProjection', () => {
  let harness: ReadModelHarness;
  const projection = new TicketListProjection();

  beforeEach(async () => {
    harness = await ReadModelHarness.create([]);
  });

  afterEach(async () => {
    await harness.close();
  });

  const driver = () => harness.driver;
  const atMinute = (minutes: number): void => harness.clock.set(at(minutes));

  async function project(ids: readonly string[], batchSize = 500): Promise<void> {
    await harness.project(
      projection,
      await harness.eventsOf(ids.map((id) => ticketStreamName(id))),
      batchSize,
    );
  }

  async function rows(): Promise<ListRow[]> {
    return harness.rows<ListRow>(
      `SELECT id, subject, status, priority, priority_rank, type, channel, team_id, assignee_id,
              customer_id, customer_name, customer_tier, tags, language, support_level,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
              to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
              revision::text AS revision
       FROM ticket_list ORDER BY id`,
    );
  }

  /** The rows the decider's fold of each stream says the list must hold, by id. */
  async function expectedRows(ids: readonly string[]): Promise<ListRow[]> {
    const expected: ListRow[] = [];
    for (const id of ids) {
      const events = await harness.eventsOf([ticketStreamName(id)]);
      const state = foldTicket(events as unknown as TicketEvent[]);
      const last = events.at(-1);
      if (state.exists && last) expected.push(expectedRow(state, last.revision));
    }
    return expected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  it('adds a row when a ticket is opened', async () => {
    atMinute(0);
    const id = await driver().open({
      subject: 'Invoice export stops after page 1',
      channel: 'web',
      type: 'problem',
      priority: 'urgent',
      tags: ['Billing', 'export'],
      language: 'de',
      customer: { id: 'crm-7', name: 'Grace Hopper', tier: 'vip' },
    });
    await project([id]);
    expect(await rows()).toEqual([
      {
        id,
        subject: 'Invoice export stops after page 1',
        status: 'new',
        priority: 'urgent',
        priority_rank: 3,
        type: 'problem',
        channel: 'web',
        team_id: null,
        assignee_id: null,
        customer_id: 'crm-7',
        customer_name: 'Grace Hopper',
        customer_tier: 'vip',
        tags: ['billing', 'export'],
        language: 'de',
        support_level: 1,
        created_at: at(0),
        updated_at: at(0),
        // TicketOpened and the receipt acknowledgement.
        revision: '1',
      },
    ]);
  });

  it('follows a ticket through its whole life: classification, priority, assignment, escalation and every status', async () => {
    atMinute(0);
    const id = await driver().open();
    const seen: Partial<ListRow>[] = [];
    const snapshot = async (): Promise<void> => {
      await harness.rows('DELETE FROM ticket_list');
      await project([id]);
      const [row] = await rows();
      seen.push({
        status: row?.status,
        priority: row?.priority,
        type: row?.type,
        tags: row?.tags,
        team_id: row?.team_id,
        assignee_id: row?.assignee_id,
        support_level: row?.support_level,
        updated_at: row?.updated_at,
      });
    };
    const steps: [number, () => Promise<unknown>][] = [
      [1, () => driver().classify(id, { type: 'question', tags: ['Refund'] })],
      [2, () => driver().reprioritise(id, 'low')],
      [3, () => driver().assign(id, { teamId: 'team-a' })],
      [4, () => driver().assign(id, { agentId: 'agent-1' })],
      [5, () => driver().reply(id, 'agent', 'agent-1', 'Looking into it')],
      [6, () => driver().escalate(id, { level: 2, teamId: 'team-b' })],
      [7, () => driver().assign(id, { agentId: 'agent-2' })],
      [8, () => driver().pend(id)],
      [9, () => driver().hold(id)],
      [10, () => driver().resume(id)],
      [11, () => driver().solve(id)],
      [12, () => driver().reopen(id)],
      [13, () => driver().unassign(id, 'agent')],
      [14, () => driver().solve(id)],
      [15, () => driver().close(id)],
    ];
    for (const [minute, step] of steps) {
      atMinute(minute);
      await step();
      await snapshot();
    }
    const base = { priority: 'high', type: 'incident', tags: ['fire', 'printer'] };
    expect(seen).toEqual([
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        status: 'new',
        team_id: null,
        assignee_id: null,
        support_level: 1,
        updated_at: at(1),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'new',
        team_id: null,
        assignee_id: null,
        support_level: 1,
        updated_at: at(2),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'new',
        team_id: 'team-a',
        assignee_id: null,
        support_level: 1,
        updated_at: at(3),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-a',
        assignee_id: 'agent-1',
        support_level: 1,
        updated_at: at(4),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-a',
        assignee_id: 'agent-1',
        support_level: 1,
        updated_at: at(5),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-b',
        assignee_id: null,
        support_level: 2,
        updated_at: at(6),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-b',
        assignee_id: 'agent-2',
        support_level: 2,
        updated_at: at(7),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'pending',
        team_id: 'team-b',
        assignee_id: 'agent-2',
        support_level: 2,
        updated_at: at(8),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'on_hold',
        team_id: 'team-b',
        assignee_id: 'agent-2',
        support_level: 2,
        updated_at: at(9),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-b',
        assignee_id: 'agent-2',
        support_level: 2,
        updated_at: at(10),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'solved',
        team_id: 'team-b',
        assignee_id: 'agent-2',
        support_level: 2,
        updated_at: at(11),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-b',
        assignee_id: 'agent-2',
        support_level: 2,
        updated_at: at(12),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'open',
        team_id: 'team-b',
        assignee_id: null,
        support_level: 2,
        updated_at: at(13),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'solved',
        team_id: 'team-b',
        assignee_id: null,
        support_level: 2,
        updated_at: at(14),
      },
      {
        ...base,
        type: 'question',
        tags: ['refund'],
        priority: 'low',
        status: 'closed',
        team_id: 'team-b',
        assignee_id: null,
        support_level: 2,
        updated_at: at(15),
      },
    ]);
    expect(await rows()).toEqual(await expectedRows([id]));
  });

  it('moves revision and updated_at on events that change nothing else in the list', async () => {
    atMinute(0);
    const id = await driver().open();
    atMinute(5);
    await driver().note(id, 'Called the customer');
    atMinute(6);
    await driver().reply(id, 'automated', 'bot-1', 'We are on it');
    await project([id]);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'new', revision: '3', updated_at: at(6) });
  });

  it('closes the source of a merge and a follow-up becomes a ticket of its own', async () => {
    atMinute(0);
    const source = await driver().open({ subject: 'Duplicate' });
    const target = await driver().open({ subject: 'Original' });
    atMinute(1);
    await driver().merge(source, target);
    const closed = await driver().open({ subject: 'Old one' });
    await driver().assign(closed, { agentId: 'agent-1' });
    await driver().solve(closed);
    await driver().close(closed);
    atMinute(2);
    const followUp = await driver().followUp(closed, 'cust-1', 'It broke again');
    await project([source, target, closed, followUp]);
    const byId = new Map((await rows()).map((row) => [row.id, row]));
    expect(byId.get(source)?.status).toBe('closed');
    expect(byId.get(target)?.status).toBe('new');
    expect(byId.get(closed)).toMatchObject({ status: 'closed', updated_at: at(2) });
    expect(byId.get(followUp)).toMatchObject({ status: 'new', created_at: at(2) });
    expect(await rows()).toEqual(await expectedRows([source, target, closed, followUp]));
  });

  it('ignores events of a ticket whose opening it never saw, and a second opening', async () => {
    atMinute(0);
    const id = await driver().open({ subject: 'First' });
    await driver().assign(id, { agentId: 'agent-1' });
    const events = await harness.eventsOf([ticketStreamName(id)]);
    await harness.project(projection, events.slice(2));
    expect(await rows()).toEqual([]);
    await harness.project(projection, events);
    await harness.project(projection, events.slice(0, 1));
    expect(await rows()).toEqual(await expectedRows([id]));
  });

  it('gives the same rows whatever the batch size, and agrees with the decider for any command sequence', async () => {
    const commands = fc.constantFrom(
      'classify',
      'reprioritise',
      'assignAgent',
      'assignTeam',
      'unassign',
      'agentReply',
      'customerReply',
      'escalate',
      'pend',
      'hold',
      'resume',
      'solve',
      'reopen',
      'close',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(commands, { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        async (scripts, batchSize) => {
          await harness.rows('DELETE FROM ticket_list');
          const ids: string[] = [];
          let minute = 0;
          for (const script of scripts) {
            atMinute((minute += 1));
            const id = await driver().open({ subject: `Ticket ${ids.length}` });
            ids.push(id);
            for (const [step, command] of script.entries()) {
              atMinute((minute += 1));
              await runLeniently(id, command, step);
            }
          }
          await project(ids, batchSize);
          expect(await rows()).toEqual(await expectedRows(ids));
        },
      ),
      { numRuns: 15 },
    );
  });

  it("is rebuilt by the runner into identical rows, keeping the migration's index names", async () => {
    const indexes = () =>
      harness.rows<{ indexname: string; indexdef: string }>(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'ticket_list' ORDER BY indexname",
      );
    const before = await indexes();
    expect(before.map((index) => index.indexname)).toContain('IDX_ticket_list_subject_trgm');
    atMinute(0);
    const ids = [await driver().open({ subject: 'One' }), await driver().open({ subject: 'Two' })];
    await driver().assign(ids[0], { agentId: 'agent-1', teamId: 'team-1' });
    await driver().solve(ids[0]);
    const instance = await RunnerInstance.create(harness.database.url, [projection]);
    try {
      instance.runner.start();
      expect(await instance.runner.waitForCatchUp(10_000)).toBe(true);
      const live = await rows();
      expect(live).toEqual(await expectedRows(ids));
      await instance.runner.requestRebuild('ticket_list');
      expect(await instance.runner.waitForCatchUp(20_000)).toBe(true);
      expect(await rows()).toEqual(live);
      expect(await indexes()).toEqual(before);
    } finally {
      await instance.close();
    }
  });

  /** One command of a random script; commands the decider refuses are simply not recorded. */
  async function runLeniently(id: string, command: string, step: number): Promise<void> {
    const d = driver();
    const actions: Record<string, () => Promise<unknown>> = {
      classify: () => d.classify(id, { tags: [`tag-${step % 3}`], type: 'question' }),
      reprioritise: () => d.reprioritise(id, step % 2 === 0 ? 'urgent' : 'low'),
      assignAgent: () => d.assign(id, { agentId: `agent-${step % 3}` }),
      assignTeam: () => d.assign(id, { teamId: `team-${step % 2}` }),
      unassign: () => d.unassign(id, 'all'),
      agentReply: () => d.reply(id, 'agent', 'agent-1', 'On it'),
      customerReply: () => d.reply(id, 'customer', 'cust-1', 'Any news?'),
      escalate: () => d.escalate(id, { level: 3, teamId: 'team-esc' }),
      pend: () => d.pend(id),
      hold: () => d.hold(id),
      resume: () => d.resume(id),
      solve: () => d.solve(id),
      reopen: () => d.reopen(id),
      close: () => d.close(id),
    };
    try {
      await actions[command]?.();
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
    }
  }
});

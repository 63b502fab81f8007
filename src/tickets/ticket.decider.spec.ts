import type { Actor } from '../event-store/event-store.port';
import type {
  DirectoryEntry,
  MergeTarget,
  TicketCommand,
  TicketCommandMetadata,
  UnassignScope,
} from './ticket.commands';
import { decide, decider, foldTicket } from './ticket.decider';
import { TicketError } from './ticket.errors';
import {
  TICKET_EVENT_SCHEMA_VERSIONS,
  TICKET_EVENT_TYPES,
  actorOfTicketEvent,
  isTicketEventType,
  type TicketEvent,
  type TicketOpenedData,
} from './ticket.events';
import { followUpCommand } from './ticket.follow-up';
import { evolve, initialState, type Ticket, type TicketState } from './ticket.state';
import {
  normaliseTags,
  ticketStreamName,
  type CustomerTier,
  type ReplyAuthor,
  type TicketStatus,
} from './ticket.values';

// ---------------------------------------------------------------------------------------------
// given / when / then

const ID = 'ticket-1';
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
/** The ISO time `minutes` after the ticket was opened. */
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
/** Commands in these tests are decided one hour after opening unless they say otherwise. */
const NOW = at(60);

const AGENT: Actor = { type: 'agent', id: 'agent-1' };
const SUPERVISOR: Actor = { type: 'supervisor', id: 'sup-1' };
const CUSTOMER: Actor = { type: 'customer', id: 'cust-1' };
const INTEGRATOR: Actor = { type: 'integrator', id: 'mail-gateway' };
const SYSTEM: Actor = { type: 'system', id: 'servicetrail' };
const AUDITOR: Actor = { type: 'auditor', id: 'aud-1' };

function given(...events: readonly TicketEvent[]) {
  const state = foldTicket(events);
  return {
    state,
    when(command: TicketCommand) {
      const run = () => decide(command, state);
      return {
        then(expected: readonly TicketEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        thenAccepts(): void {
          expect(run).not.toThrow();
        },
        thenRejects(type: string, status: number, extensions?: Record<string, unknown>): void {
          const error = caught(run);
          expect(error).toBeInstanceOf(TicketError);
          const domainError = error as TicketError;
          expect({ type: domainError.type, status: domainError.status }).toEqual({ type, status });
          expect(domainError.title).not.toBe('');
          expect(domainError.detail).not.toBe('');
          if (extensions) expect(domainError.extensions).toMatchObject(extensions);
        },
      };
    },
  };
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be rejected, but it was accepted');
}

// ---------------------------------------------------------------------------------------------
// commands

const meta = (actor: Actor = AGENT, now: string = NOW): TicketCommandMetadata => ({
  actor,
  now: new Date(now),
});
const active = (id: string): DirectoryEntry => ({ id, status: 'active' });

const cmd = {
  open: (
    data: Partial<Extract<TicketCommand, { type: 'OpenTicket' }>['data']> = {},
    actor = INTEGRATOR,
  ) =>
    ({
      type: 'OpenTicket',
      data: {
        ticketId: ID,
        channel: 'email',
        subject: 'Printer on fire',
        description: 'It is on fire.',
        customer: { id: 'cust-1', name: 'Ada', email: 'ada@example.com', tier: 'premium' },
        type: 'incident',
        language: 'en',
        ...data,
      },
      metadata: meta(actor, at(0)),
    }) as const satisfies TicketCommand,
  classify: (
    data: { type?: 'question' | 'incident'; tags?: string[]; productArea?: string | null } = {},
  ): TicketCommand => ({
    type: 'ClassifyTicket',
    data: { ticketId: ID, ...data },
    metadata: meta(),
  }),
  reprioritise: (
    priority: 'low' | 'normal' | 'high' | 'urgent',
    reason = 'VIP outage',
  ): TicketCommand => ({
    type: 'ReprioritiseTicket',
    data: { ticketId: ID, priority, reason },
    metadata: meta(),
  }),
  assign: (
    agent?: DirectoryEntry,
    team?: DirectoryEntry,
    actor: Actor = SUPERVISOR,
  ): TicketCommand => ({
    type: 'AssignTicket',
    data: { ticketId: ID, ...(agent ? { agent } : {}), ...(team ? { team } : {}) },
    metadata: meta(actor),
  }),
  unassign: (scope: UnassignScope): TicketCommand => ({
    type: 'UnassignTicket',
    data: { ticketId: ID, scope },
    metadata: meta(SUPERVISOR),
  }),
  reply: (
    author: ReplyAuthor,
    actor: Actor,
    body = 'Hello',
    followUpTicketId?: string,
  ): TicketCommand => ({
    type: 'ReplyToTicket',
    data: { ticketId: ID, author, body, ...(followUpTicketId ? { followUpTicketId } : {}) },
    metadata: meta(actor),
  }),
  agentReply: (body = 'Have you tried turning it off?'): TicketCommand =>
    cmd.reply({ kind: 'agent', id: AGENT.id }, AGENT, body),
  customerReply: (body = 'Still broken', followUpTicketId = 'ticket-2'): TicketCommand =>
    cmd.reply({ kind: 'customer', id: 'cust-1' }, INTEGRATOR, body, followUpTicketId),
  botReply: (): TicketCommand =>
    cmd.reply({ kind: 'automated', id: 'faq-bot' }, SYSTEM, 'See FAQ 12'),
  note: (actor: Actor = AGENT, body = 'Customer is on the old firmware'): TicketCommand => ({
    type: 'AddInternalNote',
    data: { ticketId: ID, body },
    metadata: meta(actor),
  }),
  escalate: (
    data: { level?: 1 | 2 | 3; team?: DirectoryEntry; reason?: string } = { level: 2 },
  ): TicketCommand => ({
    type: 'EscalateTicket',
    data: { ticketId: ID, reason: 'Needs a firmware engineer', ...data },
    metadata: meta(),
  }),
  pend: (reason?: string): TicketCommand => ({
    type: 'MarkTicketPending',
    data: { ticketId: ID, ...(reason !== undefined ? { reason } : {}) },
    metadata: meta(),
  }),
  hold: (reason?: string): TicketCommand => ({
    type: 'PutTicketOnHold',
    data: { ticketId: ID, ...(reason !== undefined ? { reason } : {}) },
    metadata: meta(),
  }),
  resume: (): TicketCommand => ({ type: 'ResumeTicket', data: { ticketId: ID }, metadata: meta() }),
  solve: (resolutionCode = 'fixed', summary = 'Replaced the fuser'): TicketCommand => ({
    type: 'SolveTicket',
    data: { ticketId: ID, resolutionCode, summary },
    metadata: meta(),
  }),
  reopen: (reason = 'Fire is back', actor: Actor = AGENT): TicketCommand => ({
    type: 'ReopenTicket',
    data: { ticketId: ID, reason },
    metadata: meta(actor),
  }),
  close: (): TicketCommand => ({
    type: 'CloseTicket',
    data: { ticketId: ID, mode: 'manual' },
    metadata: meta(SUPERVISOR),
  }),
  autoClose: (solvedAt: string, actor: Actor = SYSTEM): TicketCommand => ({
    type: 'CloseTicket',
    data: { ticketId: ID, mode: 'automatic', solvedAt },
    metadata: meta(actor),
  }),
  merge: (target: MergeTarget = { ticketId: 'ticket-9', status: 'open' }): TicketCommand => ({
    type: 'MergeTicket',
    data: { ticketId: ID, target },
    metadata: meta(SUPERVISOR),
  }),
  receiveMerge: (sourceTicketId = 'ticket-0'): TicketCommand => ({
    type: 'ReceiveMergedTicket',
    data: { ticketId: ID, sourceTicketId },
    metadata: meta(SUPERVISOR),
  }),
  changeTier: (tier: CustomerTier = 'vip'): TicketCommand => ({
    type: 'ChangeTicketCustomerTier',
    data: { ticketId: ID, tier },
    metadata: meta(SYSTEM),
  }),
};

// ---------------------------------------------------------------------------------------------
// events (the histories tests start from)

const openedData: TicketOpenedData = {
  ticketId: ID,
  channel: 'email',
  subject: 'Printer on fire',
  description: 'It is on fire.',
  customer: { id: 'cust-1', name: 'Ada', email: 'ada@example.com', phone: null, tier: 'premium' },
  type: 'incident',
  priority: 'normal',
  tags: [],
  language: 'en',
  receivedAt: at(0),
  openedAt: at(0),
  followUpOf: null,
};

const ev = {
  opened: (data: Partial<TicketOpenedData> = {}): TicketEvent => ({
    type: 'TicketOpened',
    data: { ...openedData, ...data },
  }),
  acknowledged: (): TicketEvent => ({
    type: 'TicketReceiptAcknowledged',
    data: { ticketId: ID, channel: 'email', customerId: 'cust-1', acknowledgedAt: at(0) },
  }),
  assigned: (agentId: string | null, teamId: string | null, minute = 1): TicketEvent => ({
    type: 'TicketAssigned',
    data: {
      ticketId: ID,
      agentId,
      teamId,
      previousAgentId: null,
      previousTeamId: null,
      assignedAt: at(minute),
    },
  }),
  agentReplied: (minute = 2): TicketEvent => ({
    type: 'TicketReplied',
    data: {
      ticketId: ID,
      author: { kind: 'agent', id: AGENT.id },
      body: 'On it',
      repliedAt: at(minute),
    },
  }),
  pending: (minute = 3): TicketEvent => ({
    type: 'TicketMarkedPending',
    data: { ticketId: ID, previousStatus: 'open', reason: null, markedPendingAt: at(minute) },
  }),
  onHold: (minute = 3): TicketEvent => ({
    type: 'TicketPutOnHold',
    data: { ticketId: ID, previousStatus: 'open', reason: null, putOnHoldAt: at(minute) },
  }),
  escalated: (toLevel: 1 | 2 | 3, toTeamId: string | null, minute = 4): TicketEvent => ({
    type: 'TicketEscalated',
    data: {
      ticketId: ID,
      reason: 'hard',
      fromLevel: 1,
      toLevel,
      fromTeamId: null,
      toTeamId,
      unassignedAgentId: null,
      escalatedAt: at(minute),
    },
  }),
  solved: (minute = 10): TicketEvent => ({
    type: 'TicketSolved',
    data: {
      ticketId: ID,
      resolutionCode: 'fixed',
      summary: 'Replaced the fuser',
      assigneeId: AGENT.id,
      teamId: null,
      solvedAt: at(minute),
    },
  }),
  reopened: (minute = 20): TicketEvent => ({
    type: 'TicketReopened',
    data: { ticketId: ID, reason: 'again', trigger: 'manual', reopenedAt: at(minute) },
  }),
  closed: (minute = 30): TicketEvent => ({
    type: 'TicketClosed',
    data: { ticketId: ID, mode: 'automatic', closedAt: at(minute) },
  }),
  merged: (intoTicketId = 'ticket-9', minute = 30): TicketEvent => ({
    type: 'TicketMerged',
    data: { ticketId: ID, intoTicketId, mergedAt: at(minute) },
  }),
  mergeReceived: (sourceTicketId: string, minute = 5): TicketEvent => ({
    type: 'TicketMergeReceived',
    data: { ticketId: ID, sourceTicketId, mergedAt: at(minute) },
  }),
};

/** A history that leaves the ticket in each status. */
const HISTORIES: Record<TicketStatus, readonly TicketEvent[]> = {
  new: [ev.opened(), ev.acknowledged()],
  open: [ev.opened(), ev.acknowledged(), ev.assigned(AGENT.id, null)],
  pending: [ev.opened(), ev.acknowledged(), ev.assigned(AGENT.id, null), ev.pending()],
  on_hold: [ev.opened(), ev.acknowledged(), ev.assigned(AGENT.id, null), ev.onHold()],
  solved: [ev.opened(), ev.acknowledged(), ev.assigned(AGENT.id, null), ev.solved()],
  closed: [ev.opened(), ev.acknowledged(), ev.assigned(AGENT.id, null), ev.solved(), ev.closed()],
};
const inStatus = (status: TicketStatus, ...more: TicketEvent[]) =>
  given(...HISTORIES[status], ...more);

// ---------------------------------------------------------------------------------------------

describe('ticket decider', () => {
  describe('the transition table', () => {
    const STATUSES: readonly TicketStatus[] = [
      'new',
      'open',
      'pending',
      'on_hold',
      'solved',
      'closed',
    ];
    const ok = 'accepted';
    const closed = 'ticket-closed';
    const illegal = 'illegal-transition';
    /** Per command, the outcome in new, open, pending, on_hold, solved, closed. */
    const table: ReadonlyArray<[string, () => TicketCommand, readonly string[]]> = [
      ['classify', () => cmd.classify({ type: 'question' }), [ok, ok, ok, ok, ok, closed]],
      ['reprioritise', () => cmd.reprioritise('high'), [ok, ok, ok, ok, ok, closed]],
      ['assign', () => cmd.assign(active('agent-2')), [ok, ok, ok, ok, ok, closed]],
      ['unassign', () => cmd.unassign('all'), [ok, ok, ok, ok, ok, closed]],
      ['agent reply', () => cmd.agentReply(), [ok, ok, ok, ok, ok, closed]],
      ['automated reply', () => cmd.botReply(), [ok, ok, ok, ok, ok, closed]],
      ['customer reply', () => cmd.customerReply(), [ok, ok, ok, ok, ok, ok]],
      ['internal note', () => cmd.note(), [ok, ok, ok, ok, ok, closed]],
      ['escalate', () => cmd.escalate(), [ok, ok, ok, ok, illegal, closed]],
      ['mark pending', () => cmd.pend(), [illegal, ok, illegal, ok, illegal, closed]],
      ['put on hold', () => cmd.hold(), [illegal, ok, ok, illegal, illegal, closed]],
      ['resume', () => cmd.resume(), [illegal, illegal, ok, ok, illegal, closed]],
      ['solve', () => cmd.solve(), [illegal, ok, ok, ok, 'ticket-already-solved', closed]],
      ['reopen', () => cmd.reopen(), [illegal, illegal, illegal, illegal, ok, closed]],
      ['close', () => cmd.close(), [illegal, illegal, illegal, illegal, ok, closed]],
      ['merge', () => cmd.merge(), [ok, ok, ok, ok, ok, closed]],
      ['receive merge', () => cmd.receiveMerge(), [ok, ok, ok, ok, ok, closed]],
      // On a closed ticket it records nothing (see the ChangeTicketCustomerTier tests).
      ['change customer tier', () => cmd.changeTier(), [ok, ok, ok, ok, ok, ok]],
      ['open', () => cmd.open(), STATUSES.map(() => 'ticket-already-exists')],
    ];
    const cases = table.flatMap(([name, command, outcomes]) =>
      STATUSES.map((status, index) => ({ name, command, status, outcome: outcomes[index] })),
    );

    it.each(cases)('$name on a $status ticket: $outcome', ({ command, status, outcome }) => {
      const { when } = inStatus(status);
      if (outcome === ok) when(command()).thenAccepts();
      else when(command()).thenRejects(outcome, 409);
    });

    it('illegal transitions name the command and the current status', () => {
      inStatus('new').when(cmd.solve()).thenRejects('illegal-transition', 409, {
        command: 'SolveTicket',
        currentStatus: 'new',
      });
    });

    it.each(table.filter(([name]) => name !== 'open'))(
      '%s on a ticket that was never opened: ticket-not-found (404)',
      (_name, command) => {
        given().when(command()).thenRejects('ticket-not-found', 404, { ticketId: ID });
      },
    );

    it('rejects a command decided on another ticket’s state', () => {
      const command: TicketCommand = {
        type: 'ResumeTicket',
        data: { ticketId: 'ticket-other' },
        metadata: meta(),
      };
      inStatus('pending')
        .when(command)
        .thenRejects('invalid-ticket-command', 422, { field: 'ticketId' });
    });
  });

  describe('OpenTicket', () => {
    it('records the opening and the receipt acknowledgement', () => {
      given()
        .when(
          cmd.open({
            tags: [' Billing', 'printer', 'billing '],
            priority: 'high',
            receivedAt: '2026-01-05T08:55:00Z',
          }),
        )
        .then([
          {
            type: 'TicketOpened',
            data: {
              ...openedData,
              priority: 'high',
              tags: ['billing', 'printer'],
              receivedAt: '2026-01-05T08:55:00.000Z',
            },
          },
          {
            type: 'TicketReceiptAcknowledged',
            data: { ticketId: ID, channel: 'email', customerId: 'cust-1', acknowledgedAt: at(0) },
          },
        ]);
    });

    it('defaults the priority to normal, receivedAt to the opening time and missing contacts to null', () => {
      const [opened] = decide(
        cmd.open({
          customer: { id: 'c-2', name: 'Bo', phone: '  ', tier: 'vip' },
          channel: 'phone',
        }),
        initialState(),
      );
      expect(opened).toMatchObject({
        type: 'TicketOpened',
        data: {
          priority: 'normal',
          receivedAt: at(0),
          openedAt: at(0),
          tags: [],
          channel: 'phone',
          customer: { id: 'c-2', name: 'Bo', email: null, phone: null, tier: 'vip' },
          followUpOf: null,
        },
      });
    });

    it('records the closed ticket a follow-up follows', () => {
      const [opened] = decide(cmd.open({ ticketId: 'ticket-2', followUpOf: ID }), initialState());
      expect(opened).toMatchObject({ data: { ticketId: 'ticket-2', followUpOf: ID } });
    });

    it('rejects a ticket that already exists', () => {
      given(...HISTORIES.new)
        .when(cmd.open())
        .thenRejects('ticket-already-exists', 409);
    });

    it.each([
      ['subject', { subject: '  ' }],
      ['customer.id', { customer: { id: '', name: 'Ada', tier: 'standard' as const } }],
      ['customer.name', { customer: { id: 'c', name: ' ', tier: 'standard' as const } }],
      ['language', { language: '' }],
      ['ticketId', { ticketId: ' ' }],
      ['receivedAt', { receivedAt: 'yesterday-ish' }],
      ['receivedAt', { receivedAt: at(1) }],
      ['followUpOf', { followUpOf: ID }],
    ])('rejects an invalid %s', (field, data) => {
      given().when(cmd.open(data)).thenRejects('invalid-ticket-command', 422, { field });
    });
  });

  describe('ClassifyTicket', () => {
    it('records the full classification before and after', () => {
      inStatus('open')
        .when(
          cmd.classify({
            type: 'question',
            tags: ['Refund', 'refund', 'vip'],
            productArea: ' Billing ',
          }),
        )
        .then([
          {
            type: 'TicketClassified',
            data: {
              ticketId: ID,
              type: 'question',
              tags: ['refund', 'vip'],
              productArea: 'Billing',
              previousType: 'incident',
              previousTags: [],
              previousProductArea: null,
              classifiedAt: NOW,
            },
          },
        ]);
    });

    it('keeps what the command leaves out', () => {
      const [event] = decide(
        cmd.classify({ productArea: 'printers' }),
        inStatus('open', ev.opened()).state,
      );
      expect(event).toMatchObject({
        data: { type: 'incident', tags: [], productArea: 'printers' },
      });
    });

    it('records nothing when the classification is unchanged (tags compared as a set)', () => {
      inStatus('open', {
        type: 'TicketClassified',
        data: {
          ticketId: ID,
          type: 'incident',
          tags: ['a', 'b'],
          productArea: 'printers',
          previousType: 'incident',
          previousTags: [],
          previousProductArea: null,
          classifiedAt: at(5),
        },
      })
        .when(cmd.classify({ type: 'incident', tags: ['B', 'a'], productArea: 'printers' }))
        .thenNothing();
    });

    it('rejects a classification with no field', () => {
      inStatus('open').when(cmd.classify({})).thenRejects('invalid-ticket-command', 422);
    });
  });

  describe('ReprioritiseTicket', () => {
    it('records the new and previous priority with the reason', () => {
      inStatus('open')
        .when(cmd.reprioritise('urgent', 'Outage'))
        .then([
          {
            type: 'TicketReprioritised',
            data: {
              ticketId: ID,
              priority: 'urgent',
              previousPriority: 'normal',
              reason: 'Outage',
              reprioritisedAt: NOW,
            },
          },
        ]);
    });

    it('records nothing for the same priority', () => {
      inStatus('open').when(cmd.reprioritise('normal')).thenNothing();
    });

    it('requires a reason', () => {
      inStatus('open')
        .when(cmd.reprioritise('high', ' '))
        .thenRejects('invalid-ticket-command', 422, {
          field: 'reason',
        });
    });
  });

  describe('AssignTicket', () => {
    it('assigns an agent and team to a new ticket, which opens it', () => {
      const { state, when } = inStatus('new');
      when(cmd.assign(active('agent-2'), active('team-a'))).then([
        {
          type: 'TicketAssigned',
          data: {
            ticketId: ID,
            agentId: 'agent-2',
            teamId: 'team-a',
            previousAgentId: null,
            previousTeamId: null,
            assignedAt: NOW,
          },
        },
      ]);
      const after = decide(cmd.assign(active('agent-2'), active('team-a')), state).reduce(
        evolve,
        state,
      );
      expect(after).toMatchObject({ status: 'open', assigneeId: 'agent-2', teamId: 'team-a' });
    });

    it('leaves a new ticket new when it only goes to a team queue', () => {
      const { state } = inStatus('new');
      const after = decide(cmd.assign(undefined, active('team-a')), state).reduce(evolve, state);
      expect(after).toMatchObject({ status: 'new', assigneeId: null, teamId: 'team-a' });
    });

    it('keeps the team when only the agent changes', () => {
      inStatus('new', ev.assigned('agent-1', 'team-a'))
        .when(cmd.assign(active('agent-2')))
        .then([
          {
            type: 'TicketAssigned',
            data: {
              ticketId: ID,
              agentId: 'agent-2',
              teamId: 'team-a',
              previousAgentId: 'agent-1',
              previousTeamId: 'team-a',
              assignedAt: NOW,
            },
          },
        ]);
    });

    it('takes the agent off when the ticket moves to another team queue', () => {
      const [event] = decide(
        cmd.assign(undefined, active('team-b')),
        inStatus('new', ev.assigned('agent-1', 'team-a')).state,
      );
      expect(event).toMatchObject({
        data: { agentId: null, teamId: 'team-b', previousAgentId: 'agent-1' },
      });
    });

    it('records nothing when the assignment is unchanged', () => {
      inStatus('new', ev.assigned('agent-1', 'team-a'))
        .when(cmd.assign(active('agent-1')))
        .thenNothing();
      inStatus('new', ev.assigned('agent-1', 'team-a'))
        .when(cmd.assign(undefined, active('team-a')))
        .thenNothing();
    });

    it.each([
      [
        'an unknown agent',
        { id: 'ghost', status: 'unknown' } as const,
        undefined,
        'agent-not-found',
      ],
      [
        'a deactivated agent',
        { id: 'gone', status: 'deactivated' } as const,
        undefined,
        'agent-deactivated',
      ],
      ['an unknown team', undefined, { id: 'nope', status: 'unknown' } as const, 'team-not-found'],
      [
        'a deactivated team',
        undefined,
        { id: 'old', status: 'deactivated' } as const,
        'team-deactivated',
      ],
    ])('rejects %s', (_name, agent, team, type) => {
      inStatus('open').when(cmd.assign(agent, team)).thenRejects(type, 409);
    });

    it('rejects re-assigning the current agent once deactivated', () => {
      inStatus('open')
        .when(cmd.assign({ id: AGENT.id, status: 'deactivated' }))
        .thenRejects('agent-deactivated', 409, { agentId: AGENT.id });
    });

    it('rejects an assignment with neither agent nor team', () => {
      inStatus('open').when(cmd.assign()).thenRejects('invalid-ticket-command', 422);
    });
  });

  describe('UnassignTicket', () => {
    const assignedBoth = () => inStatus('new', ev.assigned('agent-1', 'team-a'));
    it.each([
      ['agent', null, 'team-a'],
      ['team', 'agent-1', null],
      ['all', null, null],
    ] as const)('unassigns the %s', (scope, agentId, teamId) => {
      assignedBoth()
        .when(cmd.unassign(scope))
        .then([
          {
            type: 'TicketUnassigned',
            data: {
              ticketId: ID,
              agentId,
              teamId,
              previousAgentId: 'agent-1',
              previousTeamId: 'team-a',
              unassignedAt: NOW,
            },
          },
        ]);
    });

    it('records nothing when there is nothing to unassign', () => {
      inStatus('new').when(cmd.unassign('all')).thenNothing();
      inStatus('open').when(cmd.unassign('team')).thenNothing();
    });

    it('keeps the ticket open after the agent is unassigned', () => {
      const { state } = inStatus('open');
      expect(decide(cmd.unassign('agent'), state).reduce(evolve, state)).toMatchObject({
        status: 'open',
        assigneeId: null,
      });
    });
  });

  describe('ReplyToTicket', () => {
    it('records a human agent reply, which opens a new ticket and counts as the first response', () => {
      const { state, when } = inStatus('new');
      when(cmd.agentReply('Hi')).then([
        {
          type: 'TicketReplied',
          data: {
            ticketId: ID,
            author: { kind: 'agent', id: AGENT.id },
            body: 'Hi',
            repliedAt: NOW,
          },
        },
      ]);
      const after = decide(cmd.agentReply('Hi'), state).reduce(evolve, state);
      expect(after).toMatchObject({
        status: 'open',
        publicAgentReplyCount: 1,
        firstAgentReplyAt: NOW,
        lastAgentReplyAt: NOW,
      });
    });

    it('leaves a new ticket new after an automated reply, which is not a response', () => {
      const { state } = inStatus('new');
      const after = decide(cmd.botReply(), state).reduce(evolve, state);
      expect(after).toMatchObject({
        status: 'new',
        publicAgentReplyCount: 0,
        automatedReplyCount: 1,
        firstAgentReplyAt: null,
      });
    });

    it('lets an agent send a macro as an automated reply', () => {
      inStatus('open')
        .when(cmd.reply({ kind: 'automated', id: 'macro-7' }, AGENT, 'Thanks for waiting'))
        .then([
          {
            type: 'TicketReplied',
            data: {
              ticketId: ID,
              author: { kind: 'automated', id: 'macro-7' },
              body: 'Thanks for waiting',
              repliedAt: NOW,
            },
          },
        ]);
    });

    it('records a customer reply on an open ticket without a status change', () => {
      inStatus('open')
        .when(cmd.customerReply('More smoke'))
        .then([
          {
            type: 'TicketReplied',
            data: {
              ticketId: ID,
              author: { kind: 'customer', id: 'cust-1' },
              body: 'More smoke',
              repliedAt: NOW,
            },
          },
        ]);
    });

    it('resumes a pending ticket when the customer answers', () => {
      inStatus('pending')
        .when(cmd.customerReply('Here are the logs'))
        .then([
          {
            type: 'TicketReplied',
            data: {
              ticketId: ID,
              author: { kind: 'customer', id: 'cust-1' },
              body: 'Here are the logs',
              repliedAt: NOW,
            },
          },
          {
            type: 'TicketResumed',
            data: {
              ticketId: ID,
              previousStatus: 'pending',
              trigger: 'customer_reply',
              resumedAt: NOW,
            },
          },
        ]);
    });

    it('keeps an on-hold ticket on hold when the customer writes', () => {
      inStatus('on_hold')
        .when(cmd.customerReply())
        .then([
          {
            type: 'TicketReplied',
            data: {
              ticketId: ID,
              author: { kind: 'customer', id: 'cust-1' },
              body: 'Still broken',
              repliedAt: NOW,
            },
          },
        ]);
    });

    it('reopens a solved ticket when the customer replies', () => {
      const { state, when } = inStatus('solved');
      when(cmd.customerReply('Not fixed')).then([
        {
          type: 'TicketReplied',
          data: {
            ticketId: ID,
            author: { kind: 'customer', id: 'cust-1' },
            body: 'Not fixed',
            repliedAt: NOW,
          },
        },
        {
          type: 'TicketReopened',
          data: {
            ticketId: ID,
            reason: 'The customer replied to the solved ticket.',
            trigger: 'customer_reply',
            reopenedAt: NOW,
          },
        },
      ]);
      const after = decide(cmd.customerReply('Not fixed'), state).reduce(evolve, state);
      expect(after).toMatchObject({
        status: 'open',
        reopenCount: 1,
        solvedAt: null,
        firstSolvedAt: at(10),
      });
    });

    it('lets an agent reply on a solved ticket without reopening it', () => {
      const { state } = inStatus('solved');
      expect(decide(cmd.agentReply(), state).reduce(evolve, state)).toMatchObject({
        status: 'solved',
        solvedAt: at(10),
      });
    });

    it('requests a follow-up ticket for a customer message on a closed ticket', () => {
      inStatus('closed')
        .when(cmd.customerReply('It is on fire again', 'ticket-2'))
        .then([
          {
            type: 'TicketFollowUpRequested',
            data: {
              ticketId: ID,
              followUpTicketId: 'ticket-2',
              customerId: 'cust-1',
              body: 'It is on fire again',
              requestedAt: NOW,
            },
          },
        ]);
    });

    it('refuses a customer message on a closed ticket when no follow-up id was given', () => {
      inStatus('closed')
        .when(cmd.reply({ kind: 'customer', id: 'cust-1' }, INTEGRATOR, 'Hello?'))
        .thenRejects('ticket-closed', 409);
    });

    it('refuses a follow-up with the closed ticket’s own id', () => {
      inStatus('closed')
        .when(cmd.customerReply('x', ID))
        .thenRejects('invalid-ticket-command', 422);
    });

    it('sends a customer message on a merged ticket to the merge target', () => {
      inStatus('open', ev.merged('ticket-9'))
        .when(cmd.customerReply())
        .thenRejects('ticket-merged', 409, { mergedInto: 'ticket-9' });
    });

    it.each([
      ['an agent', () => cmd.agentReply()],
      ['a bot', () => cmd.botReply()],
    ])('rejects a reply from %s on a closed ticket', (_name, command) => {
      inStatus('closed')
        .when(command())
        .thenRejects('ticket-closed', 409, { command: 'ReplyToTicket' });
    });

    it.each([
      ['an agent reply written by another agent', { kind: 'agent', id: 'agent-2' }, AGENT],
      ['an agent reply submitted by an integrator', { kind: 'agent', id: 'agent-1' }, INTEGRATOR],
      ['an agent reply submitted by the customer', { kind: 'agent', id: 'cust-1' }, CUSTOMER],
      ['a customer writing as another customer', { kind: 'customer', id: 'cust-2' }, CUSTOMER],
      ['a customer sending an automated reply', { kind: 'automated', id: 'bot' }, CUSTOMER],
    ] as const)('rejects %s', (_name, author, actor) => {
      inStatus('open').when(cmd.reply(author, actor)).thenRejects('reply-author-not-allowed', 422);
    });

    it('accepts a customer writing as themselves and a supervisor replying as an agent', () => {
      expect(
        decide(cmd.reply({ kind: 'customer', id: 'cust-1' }, CUSTOMER), inStatus('open').state),
      ).toHaveLength(1);
      expect(
        decide(cmd.reply({ kind: 'agent', id: 'sup-1' }, SUPERVISOR), inStatus('open').state),
      ).toHaveLength(1);
    });

    it('rejects a blank body', () => {
      inStatus('open')
        .when(cmd.agentReply('   '))
        .thenRejects('invalid-ticket-command', 422, { field: 'body' });
    });
  });

  describe('AddInternalNote', () => {
    it('records a note by a staff member', () => {
      inStatus('open')
        .when(cmd.note(SUPERVISOR, 'Check warranty'))
        .then([
          {
            type: 'InternalNoteAdded',
            data: {
              ticketId: ID,
              authorId: 'sup-1',
              authorRole: 'supervisor',
              body: 'Check warranty',
              addedAt: NOW,
            },
          },
        ]);
    });

    it('does not count a note as a response nor open a new ticket', () => {
      const { state } = inStatus('new');
      expect(decide(cmd.note(), state).reduce(evolve, state)).toMatchObject({
        status: 'new',
        internalNoteCount: 1,
        publicAgentReplyCount: 0,
        firstAgentReplyAt: null,
      });
    });

    it.each([CUSTOMER, INTEGRATOR, SYSTEM, AUDITOR])('rejects a note by a $type', (actor) => {
      inStatus('open').when(cmd.note(actor)).thenRejects('internal-note-staff-only', 422);
    });

    it('rejects a blank note', () => {
      inStatus('open').when(cmd.note(AGENT, '')).thenRejects('invalid-ticket-command', 422);
    });
  });

  describe('EscalateTicket', () => {
    it('raises the support level and keeps the assignee', () => {
      const { state, when } = inStatus('open');
      when(cmd.escalate({ level: 2, reason: 'Firmware' })).then([
        {
          type: 'TicketEscalated',
          data: {
            ticketId: ID,
            reason: 'Firmware',
            fromLevel: 1,
            toLevel: 2,
            fromTeamId: null,
            toTeamId: null,
            unassignedAgentId: null,
            escalatedAt: NOW,
          },
        },
      ]);
      const after = decide(cmd.escalate({ level: 2 }), state).reduce(evolve, state);
      expect(after).toMatchObject({
        level: 2,
        assigneeId: AGENT.id,
        escalationCount: 1,
        status: 'open',
      });
    });

    it('moves the ticket to another team’s queue, taking the agent off', () => {
      const { state, when } = inStatus('new', ev.assigned('agent-1', 'team-a'));
      when(cmd.escalate({ level: 3, team: active('team-l3') })).then([
        {
          type: 'TicketEscalated',
          data: {
            ticketId: ID,
            reason: 'Needs a firmware engineer',
            fromLevel: 1,
            toLevel: 3,
            fromTeamId: 'team-a',
            toTeamId: 'team-l3',
            unassignedAgentId: 'agent-1',
            escalatedAt: NOW,
          },
        },
      ]);
      const after = decide(cmd.escalate({ team: active('team-l3') }), state).reduce(evolve, state);
      expect(after).toMatchObject({ level: 1, teamId: 'team-l3', assigneeId: null });
    });

    it('records nothing when escalating to the current level and team', () => {
      inStatus('open', ev.escalated(2, 'team-l2'))
        .when(cmd.escalate({ level: 2, team: active('team-l2') }))
        .thenNothing();
    });

    it('rejects lowering the level', () => {
      inStatus('open', ev.escalated(3, null))
        .when(cmd.escalate({ level: 2 }))
        .thenRejects('escalation-level-not-higher', 409, { currentLevel: 3, requestedLevel: 2 });
    });

    it.each([
      ['no level nor team', {}],
      ['a level outside 1–3', { level: 4 as 3 }],
      ['a blank reason', { level: 2 as const, reason: ' ' }],
    ])('rejects %s', (_name, data) => {
      inStatus('open').when(cmd.escalate(data)).thenRejects('invalid-ticket-command', 422);
    });

    it('rejects an unknown or deactivated team', () => {
      inStatus('open')
        .when(cmd.escalate({ team: { id: 'x', status: 'unknown' } }))
        .thenRejects('team-not-found', 409);
      inStatus('open')
        .when(cmd.escalate({ team: { id: 'x', status: 'deactivated' } }))
        .thenRejects('team-deactivated', 409);
    });
  });

  describe('MarkTicketPending, PutTicketOnHold, ResumeTicket', () => {
    it('marks an open ticket pending', () => {
      inStatus('open')
        .when(cmd.pend('Asked for logs'))
        .then([
          {
            type: 'TicketMarkedPending',
            data: {
              ticketId: ID,
              previousStatus: 'open',
              reason: 'Asked for logs',
              markedPendingAt: NOW,
            },
          },
        ]);
    });

    it('puts an open ticket on hold', () => {
      inStatus('open')
        .when(cmd.hold())
        .then([
          {
            type: 'TicketPutOnHold',
            data: { ticketId: ID, previousStatus: 'open', reason: null, putOnHoldAt: NOW },
          },
        ]);
    });

    it('switches between the two waits directly', () => {
      inStatus('pending')
        .when(cmd.hold('Vendor RMA'))
        .then([
          {
            type: 'TicketPutOnHold',
            data: {
              ticketId: ID,
              previousStatus: 'pending',
              reason: 'Vendor RMA',
              putOnHoldAt: NOW,
            },
          },
        ]);
      inStatus('on_hold')
        .when(cmd.pend())
        .then([
          {
            type: 'TicketMarkedPending',
            data: { ticketId: ID, previousStatus: 'on_hold', reason: null, markedPendingAt: NOW },
          },
        ]);
    });

    it.each(['pending', 'on_hold'] as const)('resumes a %s ticket', (status) => {
      const { state, when } = inStatus(status);
      when(cmd.resume()).then([
        {
          type: 'TicketResumed',
          data: { ticketId: ID, previousStatus: status, trigger: 'manual', resumedAt: NOW },
        },
      ]);
      const after = decide(cmd.resume(), state).reduce(evolve, state);
      expect(after).toMatchObject({ status: 'open', statusChangedAt: NOW });
    });
  });

  describe('SolveTicket', () => {
    it('records the resolution attributed to the current assignment', () => {
      const { state, when } = inStatus('pending');
      when(cmd.solve('workaround', 'Use tray 2')).then([
        {
          type: 'TicketSolved',
          data: {
            ticketId: ID,
            resolutionCode: 'workaround',
            summary: 'Use tray 2',
            assigneeId: AGENT.id,
            teamId: null,
            solvedAt: NOW,
          },
        },
      ]);
      const after = decide(cmd.solve(), state).reduce(evolve, state);
      expect(after).toMatchObject({
        status: 'solved',
        solvedAt: NOW,
        firstSolvedAt: NOW,
        resolution: { code: 'fixed', summary: 'Replaced the fuser' },
      });
    });

    it('rejects solving twice', () => {
      inStatus('solved').when(cmd.solve()).thenRejects('ticket-already-solved', 409);
    });

    it('rejects solving a ticket nobody picked up', () => {
      inStatus('new').when(cmd.solve()).thenRejects('illegal-transition', 409);
    });

    it.each([
      ['resolutionCode', () => cmd.solve(' ', 'x')],
      ['summary', () => cmd.solve('fixed', '')],
    ])('requires a %s', (field, command) => {
      inStatus('open').when(command()).thenRejects('invalid-ticket-command', 422, { field });
    });
  });

  describe('ReopenTicket', () => {
    it('reopens a solved ticket', () => {
      const { state, when } = inStatus('solved');
      when(cmd.reopen('Came back')).then([
        {
          type: 'TicketReopened',
          data: { ticketId: ID, reason: 'Came back', trigger: 'manual', reopenedAt: NOW },
        },
      ]);
      expect(decide(cmd.reopen(), state).reduce(evolve, state)).toMatchObject({
        status: 'open',
        solvedAt: null,
        resolution: null,
        reopenCount: 1,
        lastReopenedAt: NOW,
      });
    });

    it('requires a reason', () => {
      inStatus('solved').when(cmd.reopen('')).thenRejects('invalid-ticket-command', 422);
    });

    it('rejects reopening a closed ticket (a customer message opens a follow-up instead)', () => {
      inStatus('closed').when(cmd.reopen()).thenRejects('ticket-closed', 409);
    });
  });

  describe('CloseTicket', () => {
    it('closes a solved ticket by hand', () => {
      const { state, when } = inStatus('solved');
      when(cmd.close()).then([
        { type: 'TicketClosed', data: { ticketId: ID, mode: 'manual', closedAt: NOW } },
      ]);
      expect(decide(cmd.close(), state).reduce(evolve, state)).toMatchObject({
        status: 'closed',
        closedAt: NOW,
        closeMode: 'manual',
        solvedAt: at(10),
      });
    });

    it('closes a solved ticket automatically for the solve the timer was set for', () => {
      inStatus('solved')
        .when(cmd.autoClose('2026-01-05T09:10:00Z'))
        .then([{ type: 'TicketClosed', data: { ticketId: ID, mode: 'automatic', closedAt: NOW } }]);
    });

    it('rejects a stale auto-close timer (the ticket was reopened and solved again since)', () => {
      inStatus('solved', ev.reopened(20), ev.solved(40))
        .when(cmd.autoClose(at(10)))
        .thenRejects('auto-close-stale', 409, {
          scheduledForSolvedAt: at(10),
          currentSolvedAt: at(40),
        });
    });

    it('rejects an auto-close timer that fires after a reopen', () => {
      inStatus('solved', ev.reopened(20))
        .when(cmd.autoClose(at(10)))
        .thenRejects('illegal-transition', 409);
    });

    it('rejects an automatic close by anyone but the system', () => {
      inStatus('solved')
        .when(cmd.autoClose(at(10), SUPERVISOR))
        .thenRejects('auto-close-system-only', 422);
    });

    it('rejects closing twice', () => {
      inStatus('closed').when(cmd.close()).thenRejects('ticket-closed', 409);
    });
  });

  describe('MergeTicket and ReceiveMergedTicket', () => {
    it('closes the source with a link to the target', () => {
      const { state, when } = inStatus('pending');
      when(cmd.merge({ ticketId: 'ticket-9', status: 'solved' })).then([
        { type: 'TicketMerged', data: { ticketId: ID, intoTicketId: 'ticket-9', mergedAt: NOW } },
      ]);
      expect(decide(cmd.merge(), state).reduce(evolve, state)).toMatchObject({
        status: 'closed',
        closeMode: 'merged',
        mergedInto: 'ticket-9',
        closedAt: NOW,
        solvedAt: null,
      });
    });

    it.each([
      ['into itself', { ticketId: ID, status: 'open' }, 'merge-into-self', 422],
      [
        'into a ticket that does not exist',
        { ticketId: 'x', status: 'not_found' },
        'merge-target-not-found',
        422,
      ],
      ['into a closed ticket', { ticketId: 'x', status: 'closed' }, 'merge-target-closed', 409],
    ] as const)('rejects a merge %s', (_name, target, type, status) => {
      inStatus('open').when(cmd.merge(target)).thenRejects(type, status);
    });

    it('rejects merging a ticket that was already merged', () => {
      inStatus('open', ev.merged('ticket-9'))
        .when(cmd.merge({ ticketId: 'ticket-8', status: 'open' }))
        .thenRejects('ticket-closed', 409);
    });

    it('records the merge on the target without changing its status', () => {
      const { state, when } = inStatus('solved');
      when(cmd.receiveMerge('ticket-0')).then([
        {
          type: 'TicketMergeReceived',
          data: { ticketId: ID, sourceTicketId: 'ticket-0', mergedAt: NOW },
        },
      ]);
      expect(decide(cmd.receiveMerge('ticket-0'), state).reduce(evolve, state)).toMatchObject({
        status: 'solved',
        mergedFrom: ['ticket-0'],
      });
    });

    it('records nothing for a merge the target already received', () => {
      inStatus('open', ev.mergeReceived('ticket-0'))
        .when(cmd.receiveMerge('ticket-0'))
        .thenNothing();
    });

    it('rejects receiving a merge from itself', () => {
      inStatus('open').when(cmd.receiveMerge(ID)).thenRejects('merge-into-self', 422);
    });
  });

  describe('ChangeTicketCustomerTier', () => {
    it('given a premium customer’s open ticket, when the tier becomes vip, then the change is recorded and folded', () => {
      const { state, when } = inStatus('open');
      const changed: TicketEvent = {
        type: 'TicketCustomerTierChanged',
        data: {
          ticketId: ID,
          customerId: 'cust-1',
          tier: 'vip',
          previousTier: 'premium',
          changedAt: NOW,
        },
      };
      when(cmd.changeTier('vip')).then([changed]);
      expect(evolve(state, changed)).toMatchObject({
        status: 'open',
        customer: { id: 'cust-1', name: 'Ada', email: 'ada@example.com', tier: 'vip' },
        updatedAt: NOW,
      });
    });

    it.each(['new', 'pending', 'on_hold', 'solved'] as const)(
      'given a %s ticket, when the tier changes, then it is recorded without changing the status',
      (status) => {
        const { state } = inStatus(status);
        const events = decide(cmd.changeTier('standard'), state);
        expect(events.map((event) => event.type)).toEqual(['TicketCustomerTierChanged']);
        expect(events.reduce(evolve, state)).toMatchObject({
          status,
          statusChangedAt: (state as Ticket).statusChangedAt,
          customer: { tier: 'standard' },
        });
      },
    );

    it('given the ticket already has the tier, when it is changed to it again, then nothing is recorded', () => {
      inStatus('open').when(cmd.changeTier('premium')).thenNothing();
      const changedOnce = decide(cmd.changeTier('vip'), foldTicket(HISTORIES.open));
      inStatus('open', ...changedOnce)
        .when(cmd.changeTier('vip'))
        .thenNothing();
    });

    it('given a closed ticket, when the tier changes, then nothing is recorded (its history is final)', () => {
      inStatus('closed').when(cmd.changeTier('vip')).thenNothing();
      inStatus('open', ev.merged()).when(cmd.changeTier('vip')).thenNothing();
    });

    it('given an unknown tier, then it is rejected', () => {
      inStatus('open')
        .when({
          type: 'ChangeTicketCustomerTier',
          data: { ticketId: ID, tier: 'gold' as CustomerTier },
          metadata: meta(SYSTEM),
        })
        .thenRejects('invalid-ticket-command', 422, { field: 'tier' });
    });
  });

  describe('follow-up tickets', () => {
    it('builds the follow-up’s OpenTicket from the closed ticket and the request', () => {
      const closed = foldTicket(HISTORIES.closed) as Ticket;
      const [requested] = decide(cmd.customerReply('Again!', 'ticket-2'), closed);
      if (requested?.type !== 'TicketFollowUpRequested')
        throw new Error('expected a follow-up request');
      const afterRequest = evolve(closed, requested);
      expect(afterRequest).toMatchObject({ status: 'closed', followUpTicketIds: ['ticket-2'] });

      const open = followUpCommand(closed, requested.data, meta(SYSTEM, at(61)));
      const [opened] = decide(open, initialState());
      expect(opened).toEqual({
        type: 'TicketOpened',
        data: {
          ...openedData,
          ticketId: 'ticket-2',
          subject: 'Follow-up: Printer on fire',
          description: 'Again!',
          receivedAt: NOW,
          openedAt: at(61),
          followUpOf: ID,
        },
      });
    });
  });

  describe('evolve and fold', () => {
    it('starts from no ticket and ignores events before the opening', () => {
      expect(initialState()).toEqual({ exists: false });
      expect(foldTicket([ev.agentReplied()])).toEqual({ exists: false });
    });

    it('ignores a second opening', () => {
      const state = foldTicket(HISTORIES.open);
      expect(evolve(state, ev.opened({ subject: 'other' }))).toBe(state);
    });

    it('folds milestones, counts and the conversation', () => {
      const state = foldTicket([
        ev.opened({ receivedAt: '2026-01-05T08:00:00.000Z' }),
        ev.acknowledged(),
        ev.agentReplied(2),
        {
          type: 'InternalNoteAdded',
          data: {
            ticketId: ID,
            authorId: 'agent-1',
            authorRole: 'agent',
            body: 'n',
            addedAt: at(3),
          },
        },
        {
          type: 'TicketReplied',
          data: {
            ticketId: ID,
            author: { kind: 'customer', id: 'cust-1' },
            body: 'c',
            repliedAt: at(4),
          },
        },
        ev.agentReplied(5),
        ev.solved(6),
      ]);
      expect(state).toMatchObject({
        status: 'solved',
        receivedAt: '2026-01-05T08:00:00.000Z',
        openedAt: at(0),
        acknowledgedAt: at(0),
        firstAgentReplyAt: at(2),
        lastAgentReplyAt: at(5),
        lastCustomerReplyAt: at(4),
        publicAgentReplyCount: 2,
        customerReplyCount: 1,
        internalNoteCount: 1,
        statusChangedAt: at(6),
        updatedAt: at(6),
      });
      expect((state as Ticket).conversation.map((message) => message.kind)).toEqual([
        'reply',
        'internal_note',
        'reply',
        'reply',
      ]);
    });

    it('is the decider’s evolve and initial state', () => {
      expect(decider.evolve).toBe(evolve);
      expect(decider.initialState).toBe(initialState);
      const state: TicketState = decider.initialState();
      expect(decider.decide(cmd.open(), state)).toHaveLength(2);
    });
  });

  describe('event vocabulary', () => {
    it('has schema version 1 for every event type but TicketAssigned (2: optional routing)', () => {
      expect(TICKET_EVENT_TYPES).toHaveLength(19);
      for (const type of TICKET_EVENT_TYPES) {
        expect(TICKET_EVENT_SCHEMA_VERSIONS[type]).toBe(type === 'TicketAssigned' ? 2 : 1);
      }
      expect(isTicketEventType('TicketOpened')).toBe(true);
      expect(isTicketEventType('toString')).toBe(false);
    });

    it('records the acknowledgement as the system and everything else as the command’s actor', () => {
      expect(actorOfTicketEvent('TicketReceiptAcknowledged', AGENT)).toEqual({
        type: 'system',
        id: 'servicetrail',
      });
      expect(actorOfTicketEvent('TicketOpened', AGENT)).toBe(AGENT);
    });

    it('names the stream ticket-<id> and normalises tags as a set', () => {
      expect(ticketStreamName('42')).toBe('ticket-42');
      expect(normaliseTags([' B', 'a', 'b', ''])).toEqual(['a', 'b']);
    });
  });
});

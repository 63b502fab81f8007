/**
 * Property: whatever commands arrive, in whatever order, the ticket never reaches an invalid
 * state. Random command sequences (well-formed and not) are decided one by one; accepted ones are
 * folded, rejected ones must be TicketErrors and change nothing. After every step the invariants
 * below must hold, checked against the event log itself rather than against the decider's code.
 */
import fc from 'fast-check';
import type { Actor } from '../event-store/event-store.port';
import type { DirectoryEntry, TicketCommand } from './ticket.commands';
import { decide, foldTicket } from './ticket.decider';
import { TicketClosed, TicketError } from './ticket.errors';
import { TICKET_EVENT_TYPES, type TicketEvent, type TicketEventType } from './ticket.events';
import { evolve, initialState, timeOf, type TicketState } from './ticket.state';
import {
  CHANNELS,
  CUSTOMER_TIERS,
  PRIORITIES,
  SUPPORT_LEVELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketStatus,
} from './ticket.values';

const ID = 't-1';
const T0 = Date.parse('2026-01-05T09:00:00.000Z');

const AGENT_A: Actor = { type: 'agent', id: 'a-1' };
const AGENT_B: Actor = { type: 'agent', id: 'a-2' };
const SUPERVISOR: Actor = { type: 'supervisor', id: 's-1' };
const CUSTOMER: Actor = { type: 'customer', id: 'c-1' };
const INTEGRATOR: Actor = { type: 'integrator', id: 'gateway' };
const SYSTEM: Actor = { type: 'system', id: 'servicetrail' };
const AUDITOR: Actor = { type: 'auditor', id: 'au-1' };

/** Replaced by the ticket's standing solve time at run time, so auto-close timers can be current. */
const CURRENT_SOLVE = 'current-solve';

// ---------------------------------------------------------------------------------------------
// command arbitraries (metadata.now is set when the step runs)

const PLACEHOLDER_NOW = new Date(T0);
const actorArb = fc.constantFrom(
  AGENT_A,
  AGENT_B,
  SUPERVISOR,
  CUSTOMER,
  INTEGRATOR,
  SYSTEM,
  AUDITOR,
);
const staffArb = fc.constantFrom(AGENT_A, AGENT_B, SUPERVISOR);
const textArb = fc.constantFrom('', '  ', 'because', 'Printer jam');
const goodTextArb = fc.constantFrom('because', 'Printer jam', 'See KB-12');
const tagsArb = fc.array(fc.constantFrom('a', 'B', ' b ', 'c', ''), { maxLength: 4 });
const entryArb = (ids: readonly string[]): fc.Arbitrary<DirectoryEntry> =>
  fc.record({
    id: fc.constantFrom(...ids),
    status: fc.constantFrom<DirectoryEntry['status']>(
      'active',
      'active',
      'active',
      'deactivated',
      'unknown',
    ),
  });
const agentArb = entryArb(['a-1', 'a-2', 'a-3']);
const teamArb = entryArb(['team-1', 'team-2']);

function withMeta<TCommand extends TicketCommand>(
  actor: Actor,
): (command: Omit<TCommand, 'metadata'>) => TCommand {
  return (command) => ({ ...command, metadata: { actor, now: PLACEHOLDER_NOW } }) as TCommand;
}

const openArb: fc.Arbitrary<TicketCommand> = fc
  .record({
    channel: fc.constantFrom(...CHANNELS),
    type: fc.constantFrom(...TICKET_TYPES),
    priority: fc.option(fc.constantFrom(...PRIORITIES), { nil: undefined }),
    tags: tagsArb,
    subject: fc.constantFrom('Printer jam', 'Refund', 'Refund', ''),
    actor: actorArb,
  })
  .map(({ actor, priority, ...data }) =>
    withMeta(actor)({
      type: 'OpenTicket',
      data: {
        ticketId: ID,
        description: 'details',
        customer: { id: 'c-1', name: 'Ada', tier: 'vip' },
        language: 'en',
        ...(priority ? { priority } : {}),
        ...data,
      },
    }),
  );

const replyArb: fc.Arbitrary<TicketCommand> = fc.oneof(
  // Well-formed replies, so that most are accepted.
  staffArb.map((actor) =>
    withMeta(actor)({
      type: 'ReplyToTicket',
      data: { ticketId: ID, author: { kind: 'agent', id: actor.id }, body: 'Answer' },
    }),
  ),
  fc
    .record({ actor: fc.constantFrom(INTEGRATOR, CUSTOMER), followUp: fc.nat(99) })
    .map(({ actor, followUp }) =>
      withMeta(actor)({
        type: 'ReplyToTicket',
        data: {
          ticketId: ID,
          author: { kind: 'customer', id: 'c-1' },
          body: 'Still broken',
          followUpTicketId: `f-${followUp}`,
        },
      }),
    ),
  fc.constant(
    withMeta(SYSTEM)({
      type: 'ReplyToTicket',
      data: { ticketId: ID, author: { kind: 'automated', id: 'bot' }, body: 'See FAQ' },
    }),
  ),
  // Anything goes: mismatched authors, blank bodies, missing or self follow-up ids.
  fc
    .record({
      kind: fc.constantFrom('agent' as const, 'customer' as const, 'automated' as const),
      authorId: fc.constantFrom('a-1', 'a-2', 'c-1', 'c-2', 'bot'),
      body: textArb,
      followUpTicketId: fc.option(fc.constantFrom('f-1', ID, ''), { nil: undefined }),
      actor: actorArb,
    })
    .map(({ kind, authorId, body, followUpTicketId, actor }) =>
      withMeta(actor)({
        type: 'ReplyToTicket',
        data: {
          ticketId: ID,
          author: { kind, id: authorId },
          body,
          ...(followUpTicketId !== undefined ? { followUpTicketId } : {}),
        },
      }),
    ),
);

const commandArb: fc.Arbitrary<TicketCommand> = fc.oneof(
  { weight: 1, arbitrary: openArb },
  {
    weight: 2,
    arbitrary: fc
      .record({
        type: fc.option(fc.constantFrom(...TICKET_TYPES), { nil: undefined }),
        tags: fc.option(tagsArb, { nil: undefined }),
        productArea: fc.option(fc.constantFrom('printers', ' ', null), { nil: undefined }),
      })
      .map(({ type, tags, productArea }) =>
        withMeta(SUPERVISOR)({
          type: 'ClassifyTicket',
          data: {
            ticketId: ID,
            ...(type !== undefined ? { type } : {}),
            ...(tags !== undefined ? { tags } : {}),
            ...(productArea !== undefined ? { productArea } : {}),
          },
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ priority: fc.constantFrom(...PRIORITIES), reason: textArb })
      .map((data) =>
        withMeta(SUPERVISOR)({ type: 'ReprioritiseTicket', data: { ticketId: ID, ...data } }),
      ),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        agent: fc.option(agentArb, { nil: undefined }),
        team: fc.option(teamArb, { nil: undefined }),
      })
      .map(({ agent, team }) =>
        withMeta(SYSTEM)({
          type: 'AssignTicket',
          data: { ticketId: ID, ...(agent ? { agent } : {}), ...(team ? { team } : {}) },
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('agent' as const, 'team' as const, 'all' as const)
      .map((scope) =>
        withMeta(SUPERVISOR)({ type: 'UnassignTicket', data: { ticketId: ID, scope } }),
      ),
  },
  { weight: 8, arbitrary: replyArb },
  {
    weight: 2,
    arbitrary: fc
      .record({ actor: actorArb, body: textArb })
      .map(({ actor, body }) =>
        withMeta(actor)({ type: 'AddInternalNote', data: { ticketId: ID, body } }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        level: fc.option(fc.constantFrom(...SUPPORT_LEVELS), { nil: undefined }),
        team: fc.option(teamArb, { nil: undefined }),
        reason: textArb,
      })
      .map(({ level, team, reason }) =>
        withMeta(AGENT_A)({
          type: 'EscalateTicket',
          data: { ticketId: ID, reason, ...(level ? { level } : {}), ...(team ? { team } : {}) },
        }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(
        'MarkTicketPending' as const,
        'PutTicketOnHold' as const,
        'ResumeTicket' as const,
      )
      .map((type) => withMeta(AGENT_A)({ type, data: { ticketId: ID } })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ resolutionCode: goodTextArb, summary: textArb })
      .map((data) => withMeta(AGENT_A)({ type: 'SolveTicket', data: { ticketId: ID, ...data } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ reason: textArb, actor: actorArb })
      .map(({ reason, actor }) =>
        withMeta(actor)({ type: 'ReopenTicket', data: { ticketId: ID, reason } }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      actorArb.map((actor) =>
        withMeta(actor)({ type: 'CloseTicket', data: { ticketId: ID, mode: 'manual' } }),
      ),
      fc
        .record({
          solvedAt: fc.constantFrom(CURRENT_SOLVE, CURRENT_SOLVE, '2026-01-05T09:00:00.000Z'),
          actor: fc.constantFrom(SYSTEM, SYSTEM, AGENT_A),
        })
        .map(({ solvedAt, actor }) =>
          withMeta(actor)({
            type: 'CloseTicket',
            data: { ticketId: ID, mode: 'automatic', solvedAt },
          }),
        ),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        ticketId: fc.constantFrom(ID, 't-2', 't-3'),
        status: fc.constantFrom<TicketStatus | 'not_found'>(...TICKET_STATUSES, 'not_found'),
      })
      .map((target) =>
        withMeta(SUPERVISOR)({ type: 'MergeTicket', data: { ticketId: ID, target } }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...CUSTOMER_TIERS)
      .map((tier) =>
        withMeta(SYSTEM)({ type: 'ChangeTicketCustomerTier', data: { ticketId: ID, tier } }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(ID, 't-2', 't-3').map((sourceTicketId) =>
      withMeta(SUPERVISOR)({
        type: 'ReceiveMergedTicket',
        data: { ticketId: ID, sourceTicketId },
      }),
    ),
  },
);

interface Step {
  readonly command: TicketCommand;
  /** Minutes since the previous step: time only moves forward. */
  readonly gap: number;
}

const stepsArb: fc.Arbitrary<readonly Step[]> = fc
  .tuple(
    fc.oneof({ weight: 19, arbitrary: openArb }, { weight: 1, arbitrary: commandArb }),
    fc.array(commandArb, { maxLength: 60, size: 'max' }),
    fc.array(fc.nat(600), { minLength: 61, maxLength: 61 }),
  )
  .map(([first, rest, gaps]) =>
    [first, ...rest].map((command, index) => ({ command, gap: gaps[index] ?? 0 })),
  );

// ---------------------------------------------------------------------------------------------
// running a sequence

interface Trace {
  readonly state: TicketState;
  readonly log: readonly TicketEvent[];
  readonly accepted: number;
}

function prepare(command: TicketCommand, state: TicketState, now: Date): TicketCommand {
  if (
    command.type === 'CloseTicket' &&
    command.data.mode === 'automatic' &&
    command.data.solvedAt === CURRENT_SOLVE
  ) {
    const solvedAt =
      state.exists && state.solvedAt !== null ? state.solvedAt : new Date(T0).toISOString();
    return {
      ...command,
      data: { ...command.data, solvedAt },
      metadata: { ...command.metadata, now },
    };
  }
  return { ...command, metadata: { ...command.metadata, now } };
}

/** Decides one step; returns the accepted events, or null when the command was rejected. */
function decideStep(command: TicketCommand, state: TicketState): readonly TicketEvent[] | null {
  try {
    return decide(command, state);
  } catch (error) {
    // Rules are broken only with TicketErrors: anything else (a TypeError from a mutation of frozen
    // state, a crash) fails the property.
    if (error instanceof TicketError) return null;
    throw error;
  }
}

function run(
  steps: readonly Step[],
  check: (
    before: Trace,
    after: Trace,
    command: TicketCommand,
    events: readonly TicketEvent[],
  ) => void,
): Trace {
  let trace: Trace = { state: initialState(), log: [], accepted: 0 };
  let time = T0;
  for (const step of steps) {
    time += step.gap * 60_000;
    const command = deepFreeze(prepare(step.command, trace.state, new Date(time)));
    const events = decideStep(command, trace.state);
    if (events === null) continue;
    deepFreeze(events);
    const state = deepFreeze(events.reduce(evolve, trace.state));
    const after: Trace = { state, log: [...trace.log, ...events], accepted: trace.accepted + 1 };
    check(trace, after, command, events);
    trace = after;
  }
  return trace;
}

function deepFreeze<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !Object.isFrozen(value)
  ) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// invariants

const count = (log: readonly TicketEvent[], predicate: (event: TicketEvent) => boolean) =>
  log.filter(predicate).length;
const isAgentReply = (event: TicketEvent) =>
  event.type === 'TicketReplied' && event.data.author.kind === 'agent';

/** The standing solve, from the log alone: the last TicketSolved not followed by a TicketReopened. */
function standingSolve(log: readonly TicketEvent[]): string | null {
  let solvedAt: string | null = null;
  for (const event of log) {
    if (event.type === 'TicketSolved') solvedAt = event.data.solvedAt;
    if (event.type === 'TicketReopened') solvedAt = null;
  }
  return solvedAt;
}

/** The status a command should lead to, from the status table (an independent model). */
function expectedStatus(before: TicketState, command: TicketCommand): TicketStatus {
  if (!before.exists) return 'new';
  const status = before.status;
  switch (command.type) {
    case 'MarkTicketPending':
      return 'pending';
    case 'PutTicketOnHold':
      return 'on_hold';
    case 'ResumeTicket':
    case 'ReopenTicket':
      return 'open';
    case 'SolveTicket':
      return 'solved';
    case 'CloseTicket':
    case 'MergeTicket':
      return 'closed';
    case 'AssignTicket':
      return status === 'new' && command.data.agent !== undefined ? 'open' : status;
    case 'ReplyToTicket': {
      const kind = command.data.author.kind;
      if (status === 'new' && kind === 'agent') return 'open';
      if ((status === 'pending' || status === 'solved') && kind === 'customer') return 'open';
      return status;
    }
    default:
      return status;
  }
}

function checkInvariants(
  before: Trace,
  after: Trace,
  command: TicketCommand,
  events: readonly TicketEvent[],
): void {
  const { state, log } = after;
  const now = command.metadata.now.toISOString();

  // Events: known types, for this ticket, stamped with the decision time.
  for (const event of events) {
    expect(TICKET_EVENT_TYPES).toContain(event.type);
    expect(event.data.ticketId).toBe(ID);
    expect(timeOf(event)).toBe(now);
  }

  // The stream starts with exactly one TicketOpened.
  expect(log[0]?.type).toBe('TicketOpened');
  expect(count(log, (event) => event.type === 'TicketOpened')).toBe(1);
  if (!state.exists) throw new Error('an accepted command left no ticket');
  if (before.state.exists) expect(command.type).not.toBe('OpenTicket');

  expect(TICKET_STATUSES).toContain(state.status);
  expect(state.status).toBe(expectedStatus(before.state, command));

  // Closed is terminal: it stays closed and takes nothing but follow-up requests (a customer tier
  // change is accepted but records nothing).
  if (before.state.exists && before.state.status === 'closed') {
    expect(state.status).toBe('closed');
    expect(events.map((event) => event.type)).toEqual(
      command.type === 'ChangeTicketCustomerTier' ? [] : ['TicketFollowUpRequested'],
    );
  }
  // The ticket's tier is the opening's, or the last tier change's.
  const tiers = log.flatMap((event) =>
    event.type === 'TicketCustomerTierChanged' ? [event.data.tier] : [],
  );
  expect(state.customer.tier).toBe(tiers.at(-1) ?? 'vip');
  expect(state.closedAt !== null).toBe(state.status === 'closed');
  expect(state.closeMode !== null).toBe(state.status === 'closed');
  if (state.status === 'closed') {
    expect(() =>
      decide(
        {
          type: 'ReplyToTicket',
          data: { ticketId: ID, author: { kind: 'agent', id: 'a-1' }, body: 'late' },
          metadata: { actor: AGENT_A, now: command.metadata.now },
        },
        state,
      ),
    ).toThrow(TicketClosed);
  }

  // Merged tickets are closed, and only a merge closes with mode `merged`.
  expect(state.mergedInto !== null).toBe(state.closeMode === 'merged');
  if (state.mergedInto !== null) {
    expect(state.status).toBe('closed');
    expect(state.mergedInto).not.toBe(ID);
  }

  // solvedAt is the standing solve: set while solved and once closed after a solve, else null.
  expect(state.solvedAt).toBe(standingSolve(log));
  if (state.status === 'solved') expect(state.solvedAt).not.toBeNull();
  if (['new', 'open', 'pending', 'on_hold'].includes(state.status))
    expect(state.solvedAt).toBeNull();
  if (state.closeMode === 'manual' || state.closeMode === 'automatic')
    expect(state.solvedAt).not.toBeNull();
  expect(state.resolution !== null).toBe(state.solvedAt !== null);
  const firstSolve = log.find((event) => event.type === 'TicketSolved');
  expect(state.firstSolvedAt).toBe(firstSolve ? timeOf(firstSolve) : null);

  // Counts match the log.
  expect(state.reopenCount).toBe(count(log, (event) => event.type === 'TicketReopened'));
  expect(state.publicAgentReplyCount).toBe(count(log, isAgentReply));
  expect(state.escalationCount).toBe(count(log, (event) => event.type === 'TicketEscalated'));
  expect(state.conversation).toHaveLength(
    count(log, (event) => event.type === 'TicketReplied' || event.type === 'InternalNoteAdded'),
  );
  const firstAgentReply = log.find(isAgentReply);
  expect(state.firstAgentReplyAt).toBe(firstAgentReply ? timeOf(firstAgentReply) : null);

  // A ticket is `new` until someone picks it up (an agent assignment or a human agent's reply).
  if (state.status === 'new') {
    expect(state.publicAgentReplyCount).toBe(0);
    expect(
      log.some((event) => event.type === 'TicketAssigned' && event.data.agentId !== null),
    ).toBe(false);
  }

  // Support level stays within 1–3 and never goes down.
  expect(SUPPORT_LEVELS).toContain(state.level);
  if (before.state.exists) expect(state.level).toBeGreaterThanOrEqual(before.state.level);

  expect(state.tags).toEqual([...new Set(state.tags)].sort());
  expect(Date.parse(state.statusChangedAt)).toBeLessThanOrEqual(Date.parse(state.updatedAt));

  // evolve is deterministic: folding the log (twice) gives the state built step by step.
  expect(foldTicket(log)).toEqual(state);
  expect(foldTicket(log)).toEqual(foldTicket(log));
  // decide is a function of its inputs.
  expect(decide(command, before.state)).toEqual(events);
}

// ---------------------------------------------------------------------------------------------

describe('ticket decider properties', () => {
  it('no sequence of accepted commands reaches an invalid state', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        run(steps, checkInvariants);
      }),
      { numRuns: 250 },
    );
  });

  it('the generated sequences reach every status and every event type (the property is not vacuous)', () => {
    const statuses = new Set<string>();
    const eventTypes = new Set<TicketEventType>();
    let accepted = 0;
    for (const steps of fc.sample(stepsArb, { numRuns: 300, seed: 20260105 })) {
      const trace = run(steps, (_before, after) => {
        if (after.state.exists) statuses.add(after.state.status);
      });
      for (const event of trace.log) eventTypes.add(event.type);
      accepted += trace.accepted;
    }
    expect([...statuses].sort()).toEqual([...TICKET_STATUSES].sort());
    expect([...eventTypes].sort()).toEqual([...TICKET_EVENT_TYPES].sort());
    expect(accepted).toBeGreaterThan(300 * 5);
  });

  it('rejected commands are TicketErrors and every command is rejected before the ticket is opened', () => {
    fc.assert(
      fc.property(commandArb, (command) => {
        const prepared = prepare(command, initialState(), new Date(T0));
        const events = decideStep(prepared, initialState());
        if (command.type === 'OpenTicket') return;
        expect(events).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

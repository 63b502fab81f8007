/**
 * The ticket decider: `decide(command, state)` returns the events a command records, or throws a
 * TicketError; `evolve` (ticket.state.ts) folds them. Pure: no I/O, no clock (the time is
 * `command.metadata.now`), no ids (the handler adds event ids and metadata).
 *
 * Status model (✓ allowed, – illegal-transition, ✗ ticket-closed):
 *
 *   command            new  open  pending  on_hold  solved  closed
 *   classify, reprioritise, assign, unassign, internal note, receive merge
 *                       ✓    ✓      ✓        ✓        ✓       ✗
 *   reply (agent, bot)  ✓    ✓      ✓        ✓        ✓       ✗
 *   reply (customer)    ✓    ✓   ✓→open      ✓     ✓→open   follow-up requested
 *   escalate            ✓    ✓      ✓        ✓        –       ✗
 *   mark pending        –    ✓      –        ✓        –       ✗
 *   put on hold         –    ✓      ✓        –        –       ✗
 *   resume              –    –      ✓        ✓        –       ✗
 *   solve               –    ✓      ✓        ✓   already-solved ✗
 *   reopen, close       –    –      –        –        ✓       ✗
 *   merge (source)      ✓    ✓      ✓        ✓        ✓       ✗
 *   customer tier       ✓    ✓      ✓        ✓        ✓    nothing
 *
 * - A ticket leaves `new` for `open` when an agent is assigned or a human agent replies publicly,
 *   whichever comes first: that is when someone has picked it up. A team-only assignment (the team
 *   queue) or a bot reply leaves it `new`. Solving, pending and hold need the ticket picked up.
 * - pending ↔ on_hold switch directly: forcing a resume between them would record a zero-length
 *   `open` interval that restarts paused SLA clocks.
 * - A customer reply on a pending ticket also resumes it (TicketReplied + TicketResumed): the
 *   wait on the customer is over. On hold stays on hold (the third party has not answered).
 * - A customer reply on a solved ticket reopens it (TicketReplied + TicketReopened).
 * - A customer message on a closed ticket records TicketFollowUpRequested on the closed ticket
 *   (which stays closed); the handler then opens the follow-up with `followUpCommand`. On a ticket
 *   closed by a merge it is refused with `ticket-merged` naming the target, where it belongs.
 * - Agents and bots may still reply on a solved ticket without reopening it.
 * - Close needs a solved ticket (a resolution always precedes closing); a merge closes the source
 *   whatever its status.
 * - Commands that set an attribute to the value it already has (same priority, assignee, team,
 *   classification, an escalation to the current level and team, a merge already received) record
 *   nothing: retries are harmless and counts (escalations, assignments) are not inflated.
 *   Commands that move to the status the ticket is already in are illegal transitions
 *   (solve twice → ticket-already-solved, pending twice → illegal-transition).
 * - A customer tier change (the system following the customer record) records nothing on a closed
 *   ticket rather than failing: the propagation visits every ticket it finds, a closed one's
 *   history is final, and a refusal would only be noise for the caller to swallow.
 */
import type {
  AddInternalNote,
  AssignTicket,
  ChangeTicketCustomerTier,
  ClassifyTicket,
  CloseTicket,
  DirectoryEntry,
  EscalateTicket,
  MarkTicketPending,
  MergeTicket,
  OpenTicket,
  PutTicketOnHold,
  ReceiveMergedTicket,
  ReopenTicket,
  ReplyToTicket,
  ReprioritiseTicket,
  ResumeTicket,
  SolveTicket,
  TicketCommand,
  UnassignTicket,
} from './ticket.commands';
import {
  AgentDeactivated,
  AgentNotFound,
  AutoCloseStale,
  AutoCloseSystemOnly,
  EscalationLevelNotHigher,
  IllegalTicketTransition,
  InternalNoteStaffOnly,
  InvalidTicketCommand,
  MergeIntoSelf,
  MergeTargetClosed,
  MergeTargetNotFound,
  ReplyAuthorNotAllowed,
  TeamDeactivated,
  TeamNotFound,
  TicketAlreadyExists,
  TicketAlreadySolved,
  TicketClosed,
  TicketMergedAway,
  TicketNotFound,
} from './ticket.errors';
import type { TicketEvent, TicketReplied } from './ticket.events';
import { evolve, foldTicket, initialState, type Ticket, type TicketState } from './ticket.state';
import {
  CUSTOMER_TIERS,
  DEFAULT_PRIORITY,
  isStaffActorType,
  isSupportLevel,
  normaliseTags,
  type TicketStatus,
} from './ticket.values';

export { foldTicket };

export function decide(command: TicketCommand, state: TicketState): readonly TicketEvent[] {
  if (command.type === 'OpenTicket') {
    if (state.exists) throw new TicketAlreadyExists(command.data.ticketId);
    return open(command);
  }
  if (!state.exists) throw new TicketNotFound(command.data.ticketId);
  if (state.id !== command.data.ticketId) {
    throw new InvalidTicketCommand(
      'ticketId',
      `The command is for ticket ${command.data.ticketId} but was decided on ticket ${state.id}.`,
    );
  }
  // The one thing a closed ticket still takes: a customer's message, which asks for a follow-up.
  if (command.type === 'ReplyToTicket' && state.status === 'closed') {
    return requestFollowUp(command, state);
  }
  if (command.type === 'ChangeTicketCustomerTier') return changeCustomerTier(command, state);
  if (state.status === 'closed') throw new TicketClosed(state.id, command.type);

  const now = command.metadata.now.toISOString();
  switch (command.type) {
    case 'ClassifyTicket':
      return classify(command, state, now);
    case 'ReprioritiseTicket':
      return reprioritise(command, state, now);
    case 'AssignTicket':
      return assign(command, state, now);
    case 'UnassignTicket':
      return unassign(command, state, now);
    case 'ReplyToTicket':
      return reply(command, state, now);
    case 'AddInternalNote':
      return addInternalNote(command, state, now);
    case 'EscalateTicket':
      return escalate(command, state, now);
    case 'MarkTicketPending':
      return markPending(command, state, now);
    case 'PutTicketOnHold':
      return putOnHold(command, state, now);
    case 'ResumeTicket':
      return resume(command, state, now);
    case 'SolveTicket':
      return solve(command, state, now);
    case 'ReopenTicket':
      return reopen(command, state, now);
    case 'CloseTicket':
      return close(command, state, now);
    case 'MergeTicket':
      return merge(command, state, now);
    case 'ReceiveMergedTicket':
      return receiveMerge(command, state, now);
  }
}

/** Emmett's Decider shape: what a generic command handler needs. */
export const decider = { decide, evolve, initialState } as const;

function open(command: OpenTicket): TicketEvent[] {
  const { data } = command;
  requireText(data.ticketId, 'ticketId');
  requireText(data.subject, 'subject');
  requireText(data.customer.id, 'customer.id');
  requireText(data.customer.name, 'customer.name');
  requireText(data.language, 'language');
  if (data.followUpOf !== undefined) {
    requireText(data.followUpOf, 'followUpOf');
    if (data.followUpOf === data.ticketId) {
      throw new InvalidTicketCommand('followUpOf', 'A ticket cannot be its own follow-up.');
    }
  }
  const openedAt = command.metadata.now.toISOString();
  const receivedAt =
    data.receivedAt === undefined
      ? openedAt
      : pastInstant(data.receivedAt, 'receivedAt', command.metadata.now);
  return [
    {
      type: 'TicketOpened',
      data: {
        ticketId: data.ticketId,
        channel: data.channel,
        subject: data.subject,
        description: data.description,
        customer: {
          id: data.customer.id,
          name: data.customer.name,
          email: blankToNull(data.customer.email),
          phone: blankToNull(data.customer.phone),
          tier: data.customer.tier,
        },
        type: data.type,
        priority: data.priority ?? DEFAULT_PRIORITY,
        tags: normaliseTags(data.tags ?? []),
        language: data.language,
        receivedAt,
        openedAt,
        followUpOf: data.followUpOf ?? null,
      },
    },
    {
      type: 'TicketReceiptAcknowledged',
      data: {
        ticketId: data.ticketId,
        channel: data.channel,
        customerId: data.customer.id,
        acknowledgedAt: openedAt,
      },
    },
  ];
}

function changeCustomerTier(command: ChangeTicketCustomerTier, ticket: Ticket): TicketEvent[] {
  const { tier } = command.data;
  if (!(CUSTOMER_TIERS as readonly string[]).includes(tier)) {
    throw new InvalidTicketCommand('tier', `The tier is one of ${CUSTOMER_TIERS.join(', ')}.`);
  }
  if (ticket.status === 'closed' || tier === ticket.customer.tier) return [];
  return [
    {
      type: 'TicketCustomerTierChanged',
      data: {
        ticketId: ticket.id,
        customerId: ticket.customer.id,
        tier,
        previousTier: ticket.customer.tier,
        changedAt: command.metadata.now.toISOString(),
      },
    },
  ];
}

function classify(command: ClassifyTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { data } = command;
  if (data.type === undefined && data.tags === undefined && data.productArea === undefined) {
    throw new InvalidTicketCommand('type', 'Give a type, tags or a product area to classify by.');
  }
  const type = data.type ?? ticket.type;
  const tags = data.tags === undefined ? ticket.tags : normaliseTags(data.tags);
  const productArea =
    data.productArea === undefined ? ticket.productArea : blankToNull(data.productArea);
  if (type === ticket.type && productArea === ticket.productArea && sameItems(tags, ticket.tags)) {
    return [];
  }
  return [
    {
      type: 'TicketClassified',
      data: {
        ticketId: ticket.id,
        type,
        tags,
        productArea,
        previousType: ticket.type,
        previousTags: ticket.tags,
        previousProductArea: ticket.productArea,
        classifiedAt: now,
      },
    },
  ];
}

function reprioritise(command: ReprioritiseTicket, ticket: Ticket, now: string): TicketEvent[] {
  requireText(command.data.reason, 'reason');
  if (command.data.priority === ticket.priority) return [];
  return [
    {
      type: 'TicketReprioritised',
      data: {
        ticketId: ticket.id,
        priority: command.data.priority,
        previousPriority: ticket.priority,
        reason: command.data.reason,
        reprioritisedAt: now,
      },
    },
  ];
}

function assign(command: AssignTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { agent, team } = command.data;
  if (agent === undefined && team === undefined) {
    throw new InvalidTicketCommand('agent', 'Give an agent, a team or both to assign to.');
  }
  if (agent !== undefined) requireActiveAgent(agent);
  if (team !== undefined) requireActiveTeam(team);
  const teamId = team?.id ?? ticket.teamId;
  // Moving to another team's queue takes the ticket off an agent who may not be in that team.
  const agentId = agent?.id ?? (teamId === ticket.teamId ? ticket.assigneeId : null);
  if (agentId === ticket.assigneeId && teamId === ticket.teamId) return [];
  return [
    {
      type: 'TicketAssigned',
      data: {
        ticketId: ticket.id,
        agentId,
        teamId,
        previousAgentId: ticket.assigneeId,
        previousTeamId: ticket.teamId,
        assignedAt: now,
        ...(command.data.routing ? { routing: command.data.routing } : {}),
      },
    },
  ];
}

function unassign(command: UnassignTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { scope } = command.data;
  const agentId = scope === 'team' ? ticket.assigneeId : null;
  const teamId = scope === 'agent' ? ticket.teamId : null;
  if (agentId === ticket.assigneeId && teamId === ticket.teamId) return [];
  return [
    {
      type: 'TicketUnassigned',
      data: {
        ticketId: ticket.id,
        agentId,
        teamId,
        previousAgentId: ticket.assigneeId,
        previousTeamId: ticket.teamId,
        unassignedAt: now,
      },
    },
  ];
}

function reply(command: ReplyToTicket, ticket: Ticket, now: string): TicketEvent[] {
  requireText(command.data.body, 'body');
  requireAuthorMatchesActor(command);
  const replied: TicketReplied = {
    type: 'TicketReplied',
    data: {
      ticketId: ticket.id,
      author: { kind: command.data.author.kind, id: command.data.author.id },
      body: command.data.body,
      repliedAt: now,
    },
  };
  if (command.data.author.kind !== 'customer') return [replied];
  if (ticket.status === 'solved') {
    return [
      replied,
      {
        type: 'TicketReopened',
        data: {
          ticketId: ticket.id,
          reason: 'The customer replied to the solved ticket.',
          trigger: 'customer_reply',
          reopenedAt: now,
        },
      },
    ];
  }
  if (ticket.status === 'pending') {
    return [
      replied,
      {
        type: 'TicketResumed',
        data: {
          ticketId: ticket.id,
          previousStatus: 'pending',
          trigger: 'customer_reply',
          resumedAt: now,
        },
      },
    ];
  }
  return [replied];
}

function requestFollowUp(command: ReplyToTicket, ticket: Ticket): TicketEvent[] {
  const { author, body, followUpTicketId } = command.data;
  if (author.kind !== 'customer') throw new TicketClosed(ticket.id, command.type);
  if (ticket.mergedInto !== null) throw new TicketMergedAway(ticket.id, ticket.mergedInto);
  requireText(body, 'body');
  requireAuthorMatchesActor(command);
  if (followUpTicketId === undefined || followUpTicketId.trim() === '') {
    // Without an id for the follow-up the message has nowhere to go; the handler always gives one.
    throw new TicketClosed(ticket.id, command.type);
  }
  if (followUpTicketId === ticket.id) {
    throw new InvalidTicketCommand('followUpTicketId', 'A ticket cannot be its own follow-up.');
  }
  return [
    {
      type: 'TicketFollowUpRequested',
      data: {
        ticketId: ticket.id,
        followUpTicketId,
        customerId: author.id,
        body,
        requestedAt: command.metadata.now.toISOString(),
      },
    },
  ];
}

function addInternalNote(command: AddInternalNote, ticket: Ticket, now: string): TicketEvent[] {
  const { actor } = command.metadata;
  if (!isStaffActorType(actor.type)) throw new InternalNoteStaffOnly(actor.type);
  requireText(command.data.body, 'body');
  return [
    {
      type: 'InternalNoteAdded',
      data: {
        ticketId: ticket.id,
        authorId: actor.id,
        authorRole: actor.type,
        body: command.data.body,
        addedAt: now,
      },
    },
  ];
}

function escalate(command: EscalateTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { level, team, reason } = command.data;
  if (level === undefined && team === undefined) {
    throw new InvalidTicketCommand('level', 'Give a support level, a team or both to escalate to.');
  }
  if (level !== undefined && !isSupportLevel(level)) {
    throw new InvalidTicketCommand('level', 'The support level is 1, 2 or 3.');
  }
  requireText(reason, 'reason');
  if (team !== undefined) requireActiveTeam(team);
  requireStatus(ticket, command, ['new', 'open', 'pending', 'on_hold']);
  const toLevel = level ?? ticket.level;
  if (toLevel < ticket.level) throw new EscalationLevelNotHigher(ticket.id, ticket.level, toLevel);
  const toTeamId = team?.id ?? ticket.teamId;
  if (toLevel === ticket.level && toTeamId === ticket.teamId) return [];
  return [
    {
      type: 'TicketEscalated',
      data: {
        ticketId: ticket.id,
        reason,
        fromLevel: ticket.level,
        toLevel,
        fromTeamId: ticket.teamId,
        toTeamId,
        // Escalating to another team puts the ticket in that team's queue, like a team assignment.
        unassignedAgentId: toTeamId !== ticket.teamId ? ticket.assigneeId : null,
        escalatedAt: now,
      },
    },
  ];
}

function markPending(command: MarkTicketPending, ticket: Ticket, now: string): TicketEvent[] {
  const previousStatus = requireStatus(ticket, command, ['open', 'on_hold']);
  return [
    {
      type: 'TicketMarkedPending',
      data: {
        ticketId: ticket.id,
        previousStatus,
        reason: blankToNull(command.data.reason),
        markedPendingAt: now,
      },
    },
  ];
}

function putOnHold(command: PutTicketOnHold, ticket: Ticket, now: string): TicketEvent[] {
  const previousStatus = requireStatus(ticket, command, ['open', 'pending']);
  return [
    {
      type: 'TicketPutOnHold',
      data: {
        ticketId: ticket.id,
        previousStatus,
        reason: blankToNull(command.data.reason),
        putOnHoldAt: now,
      },
    },
  ];
}

function resume(command: ResumeTicket, ticket: Ticket, now: string): TicketEvent[] {
  const previousStatus = requireStatus(ticket, command, ['pending', 'on_hold']);
  return [
    {
      type: 'TicketResumed',
      data: { ticketId: ticket.id, previousStatus, trigger: 'manual', resumedAt: now },
    },
  ];
}

function solve(command: SolveTicket, ticket: Ticket, now: string): TicketEvent[] {
  if (ticket.status === 'solved') throw new TicketAlreadySolved(ticket.id);
  requireStatus(ticket, command, ['open', 'pending', 'on_hold']);
  requireText(command.data.resolutionCode, 'resolutionCode');
  requireText(command.data.summary, 'summary');
  return [
    {
      type: 'TicketSolved',
      data: {
        ticketId: ticket.id,
        resolutionCode: command.data.resolutionCode,
        summary: command.data.summary,
        assigneeId: ticket.assigneeId,
        teamId: ticket.teamId,
        solvedAt: now,
      },
    },
  ];
}

function reopen(command: ReopenTicket, ticket: Ticket, now: string): TicketEvent[] {
  requireStatus(ticket, command, ['solved']);
  requireText(command.data.reason, 'reason');
  return [
    {
      type: 'TicketReopened',
      data: {
        ticketId: ticket.id,
        reason: command.data.reason,
        trigger: 'manual',
        reopenedAt: now,
      },
    },
  ];
}

function close(command: CloseTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { data } = command;
  const { actor } = command.metadata;
  if (data.mode === 'automatic' && actor.type !== 'system')
    throw new AutoCloseSystemOnly(actor.type);
  requireStatus(ticket, command, ['solved']);
  if (data.mode === 'automatic' && !sameInstant(data.solvedAt, ticket.solvedAt)) {
    throw new AutoCloseStale(ticket.id, data.solvedAt, ticket.solvedAt);
  }
  return [{ type: 'TicketClosed', data: { ticketId: ticket.id, mode: data.mode, closedAt: now } }];
}

function merge(command: MergeTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { target } = command.data;
  if (target.ticketId === ticket.id) throw new MergeIntoSelf(ticket.id);
  if (target.status === 'not_found') throw new MergeTargetNotFound(target.ticketId);
  if (target.status === 'closed') throw new MergeTargetClosed(target.ticketId);
  return [
    {
      type: 'TicketMerged',
      data: { ticketId: ticket.id, intoTicketId: target.ticketId, mergedAt: now },
    },
  ];
}

function receiveMerge(command: ReceiveMergedTicket, ticket: Ticket, now: string): TicketEvent[] {
  const { sourceTicketId } = command.data;
  requireText(sourceTicketId, 'sourceTicketId');
  if (sourceTicketId === ticket.id) throw new MergeIntoSelf(ticket.id);
  if (ticket.mergedFrom.includes(sourceTicketId)) return [];
  return [
    {
      type: 'TicketMergeReceived',
      data: { ticketId: ticket.id, sourceTicketId, mergedAt: now },
    },
  ];
}

/** Throws illegal-transition unless the ticket is in one of `allowed`; returns the status. */
function requireStatus<const TAllowed extends TicketStatus>(
  ticket: Ticket,
  command: TicketCommand,
  allowed: readonly TAllowed[],
): TAllowed {
  const status = ticket.status;
  if (!isOneOf(status, allowed)) throw new IllegalTicketTransition(ticket.id, command.type, status);
  return status;
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}

function requireActiveAgent(agent: DirectoryEntry): void {
  if (agent.status === 'unknown') throw new AgentNotFound(agent.id);
  if (agent.status === 'deactivated') throw new AgentDeactivated(agent.id);
}

function requireActiveTeam(team: DirectoryEntry): void {
  if (team.status === 'unknown') throw new TeamNotFound(team.id);
  if (team.status === 'deactivated') throw new TeamDeactivated(team.id);
}

/**
 * Only a human agent's reply counts as a response, so an `agent` reply must come from that very
 * staff member; a customer may only write as themselves; customers cannot send automated messages.
 * Integrators and the system may relay customer and automated messages (e-mail gateways, bots).
 */
function requireAuthorMatchesActor(command: ReplyToTicket): void {
  const { author } = command.data;
  const { actor } = command.metadata;
  requireText(author.id, 'author.id');
  switch (author.kind) {
    case 'agent':
      if (!isStaffActorType(actor.type) || actor.id !== author.id) {
        throw new ReplyAuthorNotAllowed(
          `Only agent ${author.id} can send a reply as agent ${author.id}; this request comes from ${actor.type} ${actor.id}.`,
        );
      }
      return;
    case 'customer':
      if (actor.type === 'customer' && actor.id !== author.id) {
        throw new ReplyAuthorNotAllowed(
          `Customer ${actor.id} cannot send a reply as customer ${author.id}.`,
        );
      }
      return;
    case 'automated':
      if (actor.type === 'customer') {
        throw new ReplyAuthorNotAllowed('A customer cannot send automated replies.');
      }
      return;
  }
}

function requireText(value: string, field: string): void {
  if (value.trim() === '') throw new InvalidTicketCommand(field, `${field} must not be blank.`);
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A valid instant not after `now`, as a normalised ISO-8601 string. */
function pastInstant(value: string, field: string, now: Date): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidTicketCommand(field, `${field} must be an ISO-8601 date-time.`);
  }
  if (time > now.getTime()) {
    throw new InvalidTicketCommand(field, `${field} must not be in the future.`);
  }
  return new Date(time).toISOString();
}

function sameInstant(a: string, b: string | null): boolean {
  return b !== null && Date.parse(a) === Date.parse(b);
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * A ticket folded from its events: what the decider needs to judge commands, and what point-in-
 * time reads (`GET /tickets/{id}?asOf=`), read models and SLA logic need to know about it.
 *
 * `evolve` is pure and total: it never throws and never reads anything but its arguments, so the
 * same events always fold to the same state. An event that cannot apply (anything before
 * TicketOpened, a second TicketOpened) leaves the state as it was.
 */
import type { TicketEvent, TicketOpenedData } from './ticket.events';
import {
  FIRST_SUPPORT_LEVEL,
  type Channel,
  type CloseMode,
  type Priority,
  type ReplyAuthor,
  type StaffActorType,
  type SupportLevel,
  type TicketCustomer,
  type TicketStatus,
  type TicketType,
} from './ticket.values';

export type TicketMessage =
  | {
      readonly kind: 'reply';
      readonly author: ReplyAuthor;
      readonly body: string;
      readonly at: string;
    }
  | {
      readonly kind: 'internal_note';
      readonly authorId: string;
      readonly authorRole: StaffActorType;
      readonly body: string;
      readonly at: string;
    };

export interface TicketResolution {
  readonly code: string;
  readonly summary: string;
}

/** Before TicketOpened: the stream does not exist. */
export interface NoTicket {
  readonly exists: false;
}

export interface Ticket {
  readonly exists: true;
  readonly id: string;
  readonly status: TicketStatus;
  /** When the current status began (opening, or the event that last changed it). */
  readonly statusChangedAt: string;

  readonly channel: Channel;
  readonly subject: string;
  readonly description: string;
  readonly language: string;
  readonly customer: TicketCustomer;

  readonly type: TicketType;
  readonly tags: readonly string[];
  readonly productArea: string | null;
  readonly priority: Priority;

  readonly assigneeId: string | null;
  readonly teamId: string | null;
  readonly level: SupportLevel;

  readonly receivedAt: string;
  readonly openedAt: string;
  readonly acknowledgedAt: string | null;
  /** The first public reply by a human agent: where first response time ends. */
  readonly firstAgentReplyAt: string | null;
  readonly lastAgentReplyAt: string | null;
  readonly lastCustomerReplyAt: string | null;
  readonly firstSolvedAt: string | null;
  /** The standing solve: set while solved (and once closed after a solve), cleared by a reopen. */
  readonly solvedAt: string | null;
  readonly lastReopenedAt: string | null;
  readonly closedAt: string | null;
  /** The time of the latest event that changed anything. */
  readonly updatedAt: string;

  readonly publicAgentReplyCount: number;
  readonly customerReplyCount: number;
  readonly automatedReplyCount: number;
  readonly internalNoteCount: number;
  readonly reopenCount: number;
  readonly escalationCount: number;

  readonly resolution: TicketResolution | null;
  readonly closeMode: CloseMode | null;
  readonly mergedInto: string | null;
  readonly mergedFrom: readonly string[];
  readonly followUpOf: string | null;
  readonly followUpTicketIds: readonly string[];

  /** Replies and internal notes in order. Filter notes out before showing it to customers. */
  readonly conversation: readonly TicketMessage[];
}

export type TicketState = NoTicket | Ticket;

const NO_TICKET: NoTicket = Object.freeze({ exists: false });

export function initialState(): TicketState {
  return NO_TICKET;
}

/**
 * The status after an event, given the status before it. Exported so read models that keep only a
 * status column apply exactly the decider's rules. Two transitions have no event of their own:
 * a `new` ticket becomes `open` when an agent is assigned or a human agent replies publicly.
 */
export function statusAfter(status: TicketStatus, event: TicketEvent): TicketStatus {
  switch (event.type) {
    case 'TicketOpened':
      return 'new';
    case 'TicketAssigned':
      return status === 'new' && event.data.agentId !== null ? 'open' : status;
    case 'TicketReplied':
      return status === 'new' && event.data.author.kind === 'agent' ? 'open' : status;
    case 'TicketMarkedPending':
      return 'pending';
    case 'TicketPutOnHold':
      return 'on_hold';
    case 'TicketResumed':
    case 'TicketReopened':
      return 'open';
    case 'TicketSolved':
      return 'solved';
    case 'TicketClosed':
    case 'TicketMerged':
      return 'closed';
    default:
      return status;
  }
}

export function evolve(state: TicketState, event: TicketEvent): TicketState {
  if (event.type === 'TicketOpened') return state.exists ? state : opened(event.data);
  if (!state.exists) return state;
  const ticket = applyTo(state, event);
  const status = statusAfter(state.status, event);
  if (ticket === state && status === state.status) return state;
  const at = timeOf(event);
  return {
    ...ticket,
    status,
    statusChangedAt: status === state.status ? ticket.statusChangedAt : at,
    updatedAt: at,
  };
}

/** Folds a stream's events, oldest first, from the initial state. */
export function foldTicket(events: Iterable<TicketEvent>): TicketState {
  let state = initialState();
  for (const event of events) state = evolve(state, event);
  return state;
}

function opened(data: TicketOpenedData): Ticket {
  return {
    exists: true,
    id: data.ticketId,
    status: 'new',
    statusChangedAt: data.openedAt,
    channel: data.channel,
    subject: data.subject,
    description: data.description,
    language: data.language,
    customer: data.customer,
    type: data.type,
    tags: data.tags,
    productArea: null,
    priority: data.priority,
    assigneeId: null,
    teamId: null,
    level: FIRST_SUPPORT_LEVEL,
    receivedAt: data.receivedAt,
    openedAt: data.openedAt,
    acknowledgedAt: null,
    firstAgentReplyAt: null,
    lastAgentReplyAt: null,
    lastCustomerReplyAt: null,
    firstSolvedAt: null,
    solvedAt: null,
    lastReopenedAt: null,
    closedAt: null,
    updatedAt: data.openedAt,
    publicAgentReplyCount: 0,
    customerReplyCount: 0,
    automatedReplyCount: 0,
    internalNoteCount: 0,
    reopenCount: 0,
    escalationCount: 0,
    resolution: null,
    closeMode: null,
    mergedInto: null,
    mergedFrom: [],
    followUpOf: data.followUpOf,
    followUpTicketIds: [],
    conversation: [],
  };
}

/** Everything an event changes except status, statusChangedAt and updatedAt (see evolve). */
function applyTo(ticket: Ticket, event: TicketEvent): Ticket {
  switch (event.type) {
    case 'TicketReceiptAcknowledged':
      return { ...ticket, acknowledgedAt: event.data.acknowledgedAt };
    case 'TicketClassified':
      return {
        ...ticket,
        type: event.data.type,
        tags: event.data.tags,
        productArea: event.data.productArea,
      };
    case 'TicketReprioritised':
      return { ...ticket, priority: event.data.priority };
    case 'TicketAssigned':
    case 'TicketUnassigned':
      return { ...ticket, assigneeId: event.data.agentId, teamId: event.data.teamId };
    case 'TicketReplied':
      return replied(ticket, event.data.author, event.data.body, event.data.repliedAt);
    case 'InternalNoteAdded':
      return {
        ...ticket,
        internalNoteCount: ticket.internalNoteCount + 1,
        conversation: [
          ...ticket.conversation,
          {
            kind: 'internal_note',
            authorId: event.data.authorId,
            authorRole: event.data.authorRole,
            body: event.data.body,
            at: event.data.addedAt,
          },
        ],
      };
    case 'TicketEscalated':
      return {
        ...ticket,
        level: event.data.toLevel,
        teamId: event.data.toTeamId,
        assigneeId: event.data.unassignedAgentId !== null ? null : ticket.assigneeId,
        escalationCount: ticket.escalationCount + 1,
      };
    case 'TicketMarkedPending':
    case 'TicketPutOnHold':
    case 'TicketResumed':
      return ticket;
    case 'TicketSolved':
      return {
        ...ticket,
        solvedAt: event.data.solvedAt,
        firstSolvedAt: ticket.firstSolvedAt ?? event.data.solvedAt,
        resolution: { code: event.data.resolutionCode, summary: event.data.summary },
      };
    case 'TicketReopened':
      return {
        ...ticket,
        solvedAt: null,
        resolution: null,
        reopenCount: ticket.reopenCount + 1,
        lastReopenedAt: event.data.reopenedAt,
      };
    case 'TicketClosed':
      return { ...ticket, closedAt: event.data.closedAt, closeMode: event.data.mode };
    case 'TicketMerged':
      return {
        ...ticket,
        closedAt: event.data.mergedAt,
        closeMode: 'merged',
        mergedInto: event.data.intoTicketId,
      };
    case 'TicketMergeReceived':
      return { ...ticket, mergedFrom: [...ticket.mergedFrom, event.data.sourceTicketId] };
    case 'TicketFollowUpRequested':
      return {
        ...ticket,
        followUpTicketIds: [...ticket.followUpTicketIds, event.data.followUpTicketId],
      };
    case 'TicketCustomerTierChanged':
      return { ...ticket, customer: { ...ticket.customer, tier: event.data.tier } };
    default:
      return ticket;
  }
}

function replied(ticket: Ticket, author: ReplyAuthor, body: string, at: string): Ticket {
  const conversation = [...ticket.conversation, { kind: 'reply' as const, author, body, at }];
  switch (author.kind) {
    case 'agent':
      return {
        ...ticket,
        conversation,
        publicAgentReplyCount: ticket.publicAgentReplyCount + 1,
        firstAgentReplyAt: ticket.firstAgentReplyAt ?? at,
        lastAgentReplyAt: at,
      };
    case 'customer':
      return {
        ...ticket,
        conversation,
        customerReplyCount: ticket.customerReplyCount + 1,
        lastCustomerReplyAt: at,
      };
    case 'automated':
      return { ...ticket, conversation, automatedReplyCount: ticket.automatedReplyCount + 1 };
    default:
      return ticket;
  }
}

/** The decision time an event carries in its data. */
export function timeOf(event: TicketEvent): string {
  switch (event.type) {
    case 'TicketOpened':
      return event.data.openedAt;
    case 'TicketReceiptAcknowledged':
      return event.data.acknowledgedAt;
    case 'TicketClassified':
      return event.data.classifiedAt;
    case 'TicketReprioritised':
      return event.data.reprioritisedAt;
    case 'TicketAssigned':
      return event.data.assignedAt;
    case 'TicketUnassigned':
      return event.data.unassignedAt;
    case 'TicketReplied':
      return event.data.repliedAt;
    case 'InternalNoteAdded':
      return event.data.addedAt;
    case 'TicketEscalated':
      return event.data.escalatedAt;
    case 'TicketMarkedPending':
      return event.data.markedPendingAt;
    case 'TicketPutOnHold':
      return event.data.putOnHoldAt;
    case 'TicketResumed':
      return event.data.resumedAt;
    case 'TicketSolved':
      return event.data.solvedAt;
    case 'TicketReopened':
      return event.data.reopenedAt;
    case 'TicketClosed':
      return event.data.closedAt;
    case 'TicketMerged':
    case 'TicketMergeReceived':
      return event.data.mergedAt;
    case 'TicketFollowUpRequested':
      return event.data.requestedAt;
    case 'TicketCustomerTierChanged':
      return event.data.changedAt;
  }
}

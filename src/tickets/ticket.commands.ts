/**
 * What a caller asks of a ticket. Commands are plain data: everything the decider needs that is
 * not in the ticket's own stream (the time, who is asking, whether an agent is active, the state
 * of a merge target) is looked up by the command handler and passed in, so `decide` does no I/O
 * and never reads the clock.
 */
import type { Actor } from '../event-store/event-store.port';
import type { TicketAssignmentRouting } from './ticket.events';
import type {
  Channel,
  CustomerTier,
  Priority,
  ReplyAuthor,
  SupportLevel,
  TicketStatus,
  TicketType,
} from './ticket.values';

export interface TicketCommandMetadata {
  /** Who issues the command: the API key's principal, or the system (timers, routing). */
  readonly actor: Actor;
  /** The decision time, from the injected Clock. */
  readonly now: Date;
}

type CommandOf<TType extends string, TData> = {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: TicketCommandMetadata;
};

/**
 * An agent or team as the handler found it in the directory. `unknown`: no such id; the decider
 * rejects both `unknown` and `deactivated` without doing the lookup itself.
 */
export interface DirectoryEntry {
  readonly id: string;
  readonly status: 'active' | 'deactivated' | 'unknown';
}

export interface OpenTicketCustomer {
  readonly id: string;
  readonly name: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly tier: CustomerTier;
}

export type OpenTicket = CommandOf<
  'OpenTicket',
  {
    /** Chosen by the handler (ID_GENERATOR) so that the stream name is known before deciding. */
    readonly ticketId: string;
    readonly channel: Channel;
    readonly subject: string;
    readonly description: string;
    /** ISO-8601; when the channel received the request. Not after `now`. */
    readonly receivedAt?: string;
    readonly customer: OpenTicketCustomer;
    readonly type: TicketType;
    /** Defaults to `normal`. */
    readonly priority?: Priority;
    readonly tags?: readonly string[];
    readonly language: string;
    /** Set only when opening the follow-up of a closed ticket (see ticket.follow-up.ts). */
    readonly followUpOf?: string;
  }
>;

/** Each given field replaces the current one; `productArea: null` clears it. At least one field. */
export type ClassifyTicket = CommandOf<
  'ClassifyTicket',
  {
    readonly ticketId: string;
    readonly type?: TicketType;
    readonly tags?: readonly string[];
    readonly productArea?: string | null;
  }
>;

export type ReprioritiseTicket = CommandOf<
  'ReprioritiseTicket',
  { readonly ticketId: string; readonly priority: Priority; readonly reason: string }
>;

/**
 * Agent and/or team. An agent alone keeps the team; a team alone moves the ticket to that team's
 * queue (the agent is taken off when the team changes). Routing uses this same command.
 */
export type AssignTicket = CommandOf<
  'AssignTicket',
  {
    readonly ticketId: string;
    readonly agent?: DirectoryEntry;
    readonly team?: DirectoryEntry;
    /** Set by the router only: recorded on TicketAssigned as the decision that made it. */
    readonly routing?: TicketAssignmentRouting;
  }
>;

export type UnassignScope = 'agent' | 'team' | 'all';

export type UnassignTicket = CommandOf<
  'UnassignTicket',
  { readonly ticketId: string; readonly scope: UnassignScope }
>;

/**
 * A public message. `author.kind` says who wrote it (a human agent, the customer, or an automated
 * sender); the actor says who submitted it (an integrator may submit a customer's e-mail, an agent
 * may apply a macro whose text is `automated`).
 */
export type ReplyToTicket = CommandOf<
  'ReplyToTicket',
  {
    readonly ticketId: string;
    readonly author: ReplyAuthor;
    readonly body: string;
    /**
     * The id to give the follow-up ticket if this is a customer message on a closed ticket. The
     * handler supplies a fresh id for every customer message so the decider stays pure.
     */
    readonly followUpTicketId?: string;
  }
>;

/** Written by the actor, who must be staff. */
export type AddInternalNote = CommandOf<
  'AddInternalNote',
  { readonly ticketId: string; readonly body: string }
>;

export type EscalateTicket = CommandOf<
  'EscalateTicket',
  {
    readonly ticketId: string;
    readonly level?: SupportLevel;
    readonly team?: DirectoryEntry;
    readonly reason: string;
  }
>;

export type MarkTicketPending = CommandOf<
  'MarkTicketPending',
  { readonly ticketId: string; readonly reason?: string }
>;

export type PutTicketOnHold = CommandOf<
  'PutTicketOnHold',
  { readonly ticketId: string; readonly reason?: string }
>;

export type ResumeTicket = CommandOf<'ResumeTicket', { readonly ticketId: string }>;

export type SolveTicket = CommandOf<
  'SolveTicket',
  { readonly ticketId: string; readonly resolutionCode: string; readonly summary: string }
>;

export type ReopenTicket = CommandOf<
  'ReopenTicket',
  { readonly ticketId: string; readonly reason: string }
>;

/**
 * `manual`: a person closes a solved ticket. `automatic`: the auto-close timer, issued by the
 * system actor, naming the solve it was scheduled for so a stale timer (the ticket was reopened
 * and solved again since) cannot close the ticket early.
 */
export type CloseTicket = CommandOf<
  'CloseTicket',
  | { readonly ticketId: string; readonly mode: 'manual' }
  | { readonly ticketId: string; readonly mode: 'automatic'; readonly solvedAt: string }
>;

/** The merge target as the handler read it; `not_found` when its stream does not exist. */
export interface MergeTarget {
  readonly ticketId: string;
  readonly status: TicketStatus | 'not_found';
}

/** Decided on the source ticket: it is closed and points at the target. */
export type MergeTicket = CommandOf<
  'MergeTicket',
  { readonly ticketId: string; readonly target: MergeTarget }
>;

/** Decided on the target ticket: records that `sourceTicketId` was merged into it. */
export type ReceiveMergedTicket = CommandOf<
  'ReceiveMergedTicket',
  { readonly ticketId: string; readonly sourceTicketId: string }
>;

/**
 * The customer record's tier changed (a later ticket of the customer gave another one): the
 * ticket takes it over. Issued by the system; records nothing when the tier is already this one
 * or the ticket is closed (a closed ticket's history is final).
 */
export type ChangeTicketCustomerTier = CommandOf<
  'ChangeTicketCustomerTier',
  { readonly ticketId: string; readonly tier: CustomerTier }
>;

export type TicketCommand =
  | OpenTicket
  | ClassifyTicket
  | ReprioritiseTicket
  | AssignTicket
  | UnassignTicket
  | ReplyToTicket
  | AddInternalNote
  | EscalateTicket
  | MarkTicketPending
  | PutTicketOnHold
  | ResumeTicket
  | SolveTicket
  | ReopenTicket
  | CloseTicket
  | MergeTicket
  | ReceiveMergedTicket
  | ChangeTicketCustomerTier;

export type TicketCommandType = TicketCommand['type'];

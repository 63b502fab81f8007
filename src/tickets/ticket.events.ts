/**
 * What happened to a ticket, as plain readonly `{ type, data }`. The decider returns these; the
 * command handler adds `id` and `metadata` (actor, correlation, occurredAt, schemaVersion) before
 * appending them to `ticket-<id>`.
 *
 * Type strings are stable and past tense: renaming one is a breaking change of the log. Every
 * time inside `data` is an ISO-8601 string taken from the command's `now` (or, for `receivedAt`,
 * from the channel), so `evolve` can fold milestones without reading metadata.
 */
import type { Actor } from '../event-store/event-store.port';
import { SLA_CLOCK_EVENT_TYPES } from '../sla/clocks/sla-clock.events';
import type {
  Channel,
  CloseMode,
  CustomerTier,
  Priority,
  ReopenTrigger,
  ReplyAuthor,
  ResumeTrigger,
  StaffActorType,
  SupportLevel,
  TicketCustomer,
  TicketType,
  WaitingStatus,
} from './ticket.values';

export interface TicketOpenedData {
  readonly ticketId: string;
  readonly channel: Channel;
  readonly subject: string;
  readonly description: string;
  readonly customer: TicketCustomer;
  readonly type: TicketType;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly language: string;
  /** When the channel received the request (e-mail); equals `openedAt` when the channel gave none. */
  readonly receivedAt: string;
  readonly openedAt: string;
  /** The closed ticket this one follows up, when a customer wrote on a closed ticket. */
  readonly followUpOf: string | null;
}

/** The automatic "we got your request" to the customer. Recorded with the `system` actor; never a response. */
export interface TicketReceiptAcknowledgedData {
  readonly ticketId: string;
  readonly channel: Channel;
  readonly customerId: string;
  readonly acknowledgedAt: string;
}

/** The full classification after the change, and the one before it. */
export interface TicketClassifiedData {
  readonly ticketId: string;
  readonly type: TicketType;
  readonly tags: readonly string[];
  readonly productArea: string | null;
  readonly previousType: TicketType;
  readonly previousTags: readonly string[];
  readonly previousProductArea: string | null;
  readonly classifiedAt: string;
}

export interface TicketReprioritisedData {
  readonly ticketId: string;
  readonly priority: Priority;
  readonly previousPriority: Priority;
  readonly reason: string;
  readonly reprioritisedAt: string;
}

/**
 * Why the router made an assignment: the routing rule that sent the ticket to the team (null: the
 * ticket was already in the team's queue, e.g. escalated there), the team, the team's strategy and
 * what triggered the routing pass (e.g. `ticket_opened`, `agent_online`, `capacity_freed`).
 */
export interface TicketAssignmentRouting {
  readonly ruleId: string | null;
  readonly teamId: string;
  readonly strategy: string;
  readonly reason: string;
}

/**
 * The assignment after the change (agent and team) and the one before it.
 *
 * Schema version 2 added `routing`, present only on assignments the router made. Version-1 events
 * and manual assignments have no `routing` key: read an absent `routing` as null (no upcaster is
 * needed, the rest of the shape is unchanged).
 */
export interface TicketAssignedData {
  readonly ticketId: string;
  readonly agentId: string | null;
  readonly teamId: string | null;
  readonly previousAgentId: string | null;
  readonly previousTeamId: string | null;
  readonly assignedAt: string;
  readonly routing?: TicketAssignmentRouting | null;
}

export interface TicketUnassignedData {
  readonly ticketId: string;
  readonly agentId: string | null;
  readonly teamId: string | null;
  readonly previousAgentId: string | null;
  readonly previousTeamId: string | null;
  readonly unassignedAt: string;
}

/** A public message. Only `author.kind === 'agent'` counts as a response (FRT, next response, FCR). */
export interface TicketRepliedData {
  readonly ticketId: string;
  readonly author: ReplyAuthor;
  readonly body: string;
  readonly repliedAt: string;
}

/** Staff only, never shown to customers. */
export interface InternalNoteAddedData {
  readonly ticketId: string;
  readonly authorId: string;
  readonly authorRole: StaffActorType;
  readonly body: string;
  readonly addedAt: string;
}

export interface TicketEscalatedData {
  readonly ticketId: string;
  readonly reason: string;
  readonly fromLevel: SupportLevel;
  readonly toLevel: SupportLevel;
  readonly fromTeamId: string | null;
  readonly toTeamId: string | null;
  /** The agent taken off the ticket because it moved to another team's queue, if any. */
  readonly unassignedAgentId: string | null;
  readonly escalatedAt: string;
}

/** Waiting on the customer. */
export interface TicketMarkedPendingData {
  readonly ticketId: string;
  readonly previousStatus: 'open' | 'on_hold';
  readonly reason: string | null;
  readonly markedPendingAt: string;
}

/** Waiting on a third party. */
export interface TicketPutOnHoldData {
  readonly ticketId: string;
  readonly previousStatus: 'open' | 'pending';
  readonly reason: string | null;
  readonly putOnHoldAt: string;
}

/** Back to `open` from a wait: by hand, or because the customer answered a pending ticket. */
export interface TicketResumedData {
  readonly ticketId: string;
  readonly previousStatus: WaitingStatus;
  readonly trigger: ResumeTrigger;
  readonly resumedAt: string;
}

export interface TicketSolvedData {
  readonly ticketId: string;
  readonly resolutionCode: string;
  readonly summary: string;
  /** Who the resolution is attributed to (the assignment at solve time, see metrics.md). */
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  readonly solvedAt: string;
}

export interface TicketReopenedData {
  readonly ticketId: string;
  readonly reason: string;
  readonly trigger: ReopenTrigger;
  readonly reopenedAt: string;
}

/** Final. `mode: 'merged'` never appears here: a merge is recorded as TicketMerged alone. */
export interface TicketClosedData {
  readonly ticketId: string;
  readonly mode: Exclude<CloseMode, 'merged'>;
  readonly closedAt: string;
}

/** On the source: it is closed by this event and points at the target. */
export interface TicketMergedData {
  readonly ticketId: string;
  readonly intoTicketId: string;
  readonly mergedAt: string;
}

/** On the target: another ticket was merged into it. */
export interface TicketMergeReceivedData {
  readonly ticketId: string;
  readonly sourceTicketId: string;
  readonly mergedAt: string;
}

/**
 * On a closed ticket: the customer wrote again, so a new ticket (`followUpTicketId`) must be
 * opened with `followUpOf` pointing back here. The closed ticket itself does not change status.
 */
export interface TicketFollowUpRequestedData {
  readonly ticketId: string;
  readonly followUpTicketId: string;
  readonly customerId: string;
  readonly body: string;
  readonly requestedAt: string;
}

/**
 * The customer's tier (on `customer-<id>`) changed after the ticket was opened with the old one:
 * the ticket follows, so tier-based SLA policies and queues see the customer as they are now.
 * Recorded by the system (src/tickets/propagating-customer-tier), never on a closed ticket.
 */
export interface TicketCustomerTierChangedData {
  readonly ticketId: string;
  readonly customerId: string;
  readonly tier: CustomerTier;
  readonly previousTier: CustomerTier;
  readonly changedAt: string;
}

type EventOf<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type TicketOpened = EventOf<'TicketOpened', TicketOpenedData>;
export type TicketReceiptAcknowledged = EventOf<
  'TicketReceiptAcknowledged',
  TicketReceiptAcknowledgedData
>;
export type TicketClassified = EventOf<'TicketClassified', TicketClassifiedData>;
export type TicketReprioritised = EventOf<'TicketReprioritised', TicketReprioritisedData>;
export type TicketAssigned = EventOf<'TicketAssigned', TicketAssignedData>;
export type TicketUnassigned = EventOf<'TicketUnassigned', TicketUnassignedData>;
export type TicketReplied = EventOf<'TicketReplied', TicketRepliedData>;
export type InternalNoteAdded = EventOf<'InternalNoteAdded', InternalNoteAddedData>;
export type TicketEscalated = EventOf<'TicketEscalated', TicketEscalatedData>;
export type TicketMarkedPending = EventOf<'TicketMarkedPending', TicketMarkedPendingData>;
export type TicketPutOnHold = EventOf<'TicketPutOnHold', TicketPutOnHoldData>;
export type TicketResumed = EventOf<'TicketResumed', TicketResumedData>;
export type TicketSolved = EventOf<'TicketSolved', TicketSolvedData>;
export type TicketReopened = EventOf<'TicketReopened', TicketReopenedData>;
export type TicketClosed = EventOf<'TicketClosed', TicketClosedData>;
export type TicketMerged = EventOf<'TicketMerged', TicketMergedData>;
export type TicketMergeReceived = EventOf<'TicketMergeReceived', TicketMergeReceivedData>;
export type TicketFollowUpRequested = EventOf<
  'TicketFollowUpRequested',
  TicketFollowUpRequestedData
>;
export type TicketCustomerTierChanged = EventOf<
  'TicketCustomerTierChanged',
  TicketCustomerTierChangedData
>;

export type TicketEvent =
  | TicketOpened
  | TicketReceiptAcknowledged
  | TicketClassified
  | TicketReprioritised
  | TicketAssigned
  | TicketUnassigned
  | TicketReplied
  | InternalNoteAdded
  | TicketEscalated
  | TicketMarkedPending
  | TicketPutOnHold
  | TicketResumed
  | TicketSolved
  | TicketReopened
  | TicketClosed
  | TicketMerged
  | TicketMergeReceived
  | TicketFollowUpRequested
  | TicketCustomerTierChanged;

export type TicketEventType = TicketEvent['type'];

/**
 * The data schema version of each event type, for `metadata.schemaVersion`. Bump one (and add an
 * upcaster) when its data shape changes; never reuse a version.
 */
export const TICKET_EVENT_SCHEMA_VERSIONS = {
  TicketOpened: 1,
  TicketReceiptAcknowledged: 1,
  TicketClassified: 1,
  TicketReprioritised: 1,
  TicketAssigned: 2,
  TicketUnassigned: 1,
  TicketReplied: 1,
  InternalNoteAdded: 1,
  TicketEscalated: 1,
  TicketMarkedPending: 1,
  TicketPutOnHold: 1,
  TicketResumed: 1,
  TicketSolved: 1,
  TicketReopened: 1,
  TicketClosed: 1,
  TicketMerged: 1,
  TicketMergeReceived: 1,
  TicketFollowUpRequested: 1,
  TicketCustomerTierChanged: 1,
} as const satisfies Readonly<Record<TicketEventType, number>>;

export const TICKET_EVENT_TYPES = Object.keys(
  TICKET_EVENT_SCHEMA_VERSIONS,
) as readonly TicketEventType[];

export function isTicketEventType(type: string): type is TicketEventType {
  return Object.prototype.hasOwnProperty.call(TICKET_EVENT_SCHEMA_VERSIONS, type);
}

export function schemaVersionOf(type: TicketEventType): number {
  return TICKET_EVENT_SCHEMA_VERSIONS[type];
}

/** The product acting on its own (acknowledgements, timers). */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'servicetrail' };

/**
 * The actor to record in an event's metadata. The receipt acknowledgement is sent by the product
 * itself, whoever opened the ticket; every other event is recorded as the command's actor.
 */
export function actorOfTicketEvent(type: TicketEventType, commandActor: Actor): Actor {
  return type === 'TicketReceiptAcknowledged' ? SYSTEM_ACTOR : commandActor;
}

/**
 * Events other features record on `ticket-<id>` streams (the feedback feature's
 * SatisfactionRated, the SLA clocks' events). The ticket state ignores them, but every stream read model that reports the
 * stream revision (ETag, minRevision) must consume them too, or its revision falls behind.
 */
export const OTHER_TICKET_STREAM_EVENT_TYPES: readonly string[] = [
  'SatisfactionRated',
  ...SLA_CLOCK_EVENT_TYPES,
];

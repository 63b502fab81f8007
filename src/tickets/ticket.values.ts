/**
 * The value vocabulary of a ticket, shared by commands, events and state. Each list is a readonly
 * tuple so DTOs (class-validator `@IsIn`) and OpenAPI enums can reuse the very same values.
 */
import { streamNameOf } from '../event-store/event-store.port';

export const TICKET_STREAM_CATEGORY = 'ticket';

/** `ticket-<id>`: one stream per ticket. */
export function ticketStreamName(ticketId: string): string {
  return streamNameOf(TICKET_STREAM_CATEGORY, ticketId);
}

export const CHANNELS = ['email', 'phone', 'chat', 'web', 'messaging', 'social', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_TYPES = [
  'question',
  'incident',
  'problem',
  'complaint',
  'service_request',
  'feedback',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Ordered from least to most urgent (list sorting by priority relies on this order). */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 'normal';

export const CUSTOMER_TIERS = ['standard', 'premium', 'vip'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the ticket waits on someone other than the agent (SLA clocks may pause). */
export type WaitingStatus = Extract<TicketStatus, 'pending' | 'on_hold'>;

export const SUPPORT_LEVELS = [1, 2, 3] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];
/** Every ticket starts at first-level support. */
export const FIRST_SUPPORT_LEVEL: SupportLevel = 1;

/**
 * Who wrote a public reply. Only `agent` (a human) counts as a response in reports and SLAs;
 * `automated` covers bots and macros, whoever triggered them.
 */
export const AUTHOR_KINDS = ['agent', 'customer', 'automated'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

/** How a ticket came to be closed: by a person, by the auto-close timer, or by being merged. */
export const CLOSE_MODES = ['manual', 'automatic', 'merged'] as const;
export type CloseMode = (typeof CLOSE_MODES)[number];

export const REOPEN_TRIGGERS = ['manual', 'customer_reply'] as const;
export type ReopenTrigger = (typeof REOPEN_TRIGGERS)[number];

export const RESUME_TRIGGERS = ['manual', 'customer_reply'] as const;
export type ResumeTrigger = (typeof RESUME_TRIGGERS)[number];

/** The actor types that are staff: they may write internal notes and reply as agents. */
export const STAFF_ACTOR_TYPES = ['agent', 'supervisor', 'admin'] as const;
export type StaffActorType = (typeof STAFF_ACTOR_TYPES)[number];

export interface TicketCustomer {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly tier: CustomerTier;
}

export interface ReplyAuthor {
  readonly kind: AuthorKind;
  readonly id: string;
}

/**
 * Tags are a set: trimmed, lower-cased, de-duplicated and sorted, so two classifications with the
 * same tags in another order or case are equal (and re-sending them records nothing).
 */
export function normaliseTags(tags: readonly string[]): readonly string[] {
  const unique = new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''));
  return [...unique].sort();
}

export function isStaffActorType(type: string): type is StaffActorType {
  return (STAFF_ACTOR_TYPES as readonly string[]).includes(type);
}

export function isSupportLevel(value: unknown): value is SupportLevel {
  return (SUPPORT_LEVELS as readonly unknown[]).includes(value);
}

/**
 * What happens to a ticket's SLA clocks, as plain readonly `{ type, data }` recorded on the ticket's
 * own stream (`ticket-<id>`), after the ticket events that caused them and in the same append, or
 * by the SLA timers (warnings, breaches, escalation steps).
 *
 * A public contract like the ticket events: past-tense, stable type strings; every time is an
 * ISO-8601 string from the deciding `now`. Every event that can change when the ticket is next due
 * carries `nextDueAt`: the earliest `dueAt` among the ticket's running (active, unpaused, not yet
 * breached or breached-but-unanswered) cycles after the event, or null. Consumers that only need
 * queue order (routing, work lists) read that field and never fold the clocks.
 *
 * A cycle is one target instance (metrics.md "SLA cycle"); its id is deterministic within the
 * ticket: `<target>-<n>` (`firstResponse-1`, `nextResponse-3`, `resolution-2`), n counting that
 * target's cycles from 1.
 */
import type {
  EscalationAction,
  EscalationStep,
  EscalationTrigger,
  PausingStatus,
} from '../policies/sla-policy.definition';
import type { SlaCalendarDefinition } from '../calendars/sla-calendar.definition';
import type { SlaTarget } from '../shared/sla.values';
import type { Priority } from '../../tickets/ticket.values';

/** A cycle as it stands after a policy (re)application. */
export interface SlaCycleSnapshot {
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly startedAt: string;
  /** Null while paused (the due time moves until the clock resumes). */
  readonly dueAt: string | null;
  /** When the current pause began; null when running. */
  readonly pausedAt: string | null;
  /** Warning instants not yet raised, by threshold (null while paused). */
  readonly warningsAt: readonly SlaWarningInstant[];
}

export interface SlaWarningInstant {
  readonly threshold: number;
  readonly at: string;
}

/**
 * The policy a ticket is measured by, snapshotted so the ticket's stream alone reproduces every
 * clock (auditors replay one stream; later edits of the policy or calendar do not change it).
 */
export interface SlaPolicySnapshot {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly policyName: string;
  readonly calendarId: string;
  readonly calendarVersion: number;
  readonly calendar: SlaCalendarDefinition;
  /** The targets for the ticket's priority, in business seconds of the calendar. */
  readonly targets: Readonly<Partial<Record<SlaTarget, number>>>;
  readonly pauses: Readonly<Record<PausingStatus, readonly SlaTarget[]>>;
  readonly warningThresholds: readonly number[];
  readonly escalation: readonly EscalationStep[];
}

/**
 * The matching policy was applied: at opening, or because priority, tier, channel, type or tags
 * changed and the match (policy, version or targets) differs. Running cycles keep their start and
 * their paused intervals and get due times under the new targets and calendar; ended cycles are
 * never touched. A target the new policy does not have cancels its running cycle
 * (SlaCycleCancelled, reason `target_removed`, in the same append).
 */
export interface SlaPolicyAppliedData extends SlaPolicySnapshot {
  readonly ticketId: string;
  readonly priority: Priority;
  readonly reason: 'opened' | 'ticket_changed';
  /** The policy the ticket had before, if any. */
  readonly previousPolicyId: string | null;
  readonly previousPolicyVersion: number | null;
  /** Every cycle still running or paused after the (re)application, with its due time. */
  readonly cycles: readonly SlaCycleSnapshot[];
  readonly nextDueAt: string | null;
  readonly appliedAt: string;
}

/** No policy matches any more: the ticket is no longer measured; running cycles are cancelled. */
export interface SlaPolicyRemovedData {
  readonly ticketId: string;
  readonly previousPolicyId: string;
  readonly previousPolicyVersion: number;
  readonly cancelledCycleIds: readonly string[];
  readonly nextDueAt: null;
  readonly removedAt: string;
}

export interface SlaCycleStartedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly policyId: string;
  readonly policyVersion: number;
  /** Business seconds of the target. */
  readonly targetSeconds: number;
  readonly startedAt: string;
  /** Null when the cycle starts paused (e.g. resolution restarting while pending). */
  readonly dueAt: string | null;
  readonly warningsAt: readonly SlaWarningInstant[];
  readonly nextDueAt: string | null;
}

export interface SlaCyclePausedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly status: PausingStatus;
  readonly pausedAt: string;
  /** Business seconds left of the target when the clock stopped (negative once breached). */
  readonly remainingSeconds: number;
  readonly nextDueAt: string | null;
}

export interface SlaCycleResumedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly resumedAt: string;
  /** The paused interval just ended started here. */
  readonly pausedAt: string;
  readonly dueAt: string;
  readonly warningsAt: readonly SlaWarningInstant[];
  readonly nextDueAt: string | null;
}

/**
 * The cycle ended because what it measures happened (first/next response: a public human agent
 * reply; resolution: solve). `outcome: 'breached'` when it ended after its due time.
 */
export interface SlaCycleCompletedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly outcome: 'achieved' | 'breached';
  readonly startedAt: string;
  readonly dueAt: string;
  readonly completedAt: string;
  /** Business time counted by the cycle (pauses and closed hours excluded), and calendar time start → end. */
  readonly businessSeconds: number;
  readonly calendarSeconds: number;
  readonly nextDueAt: string | null;
}

export type SlaCancelReason = 'solved' | 'closed' | 'merged' | 'target_removed' | 'policy_removed';

/** No longer applicable (metrics.md: e.g. solved before a next response was due). Counts in no compliance figure. */
export interface SlaCycleCancelledData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly reason: SlaCancelReason;
  readonly cancelledAt: string;
  readonly nextDueAt: string | null;
}

/** Recorded by the SLA timers when a warning threshold passed with the cycle still running. */
export interface SlaWarningRaisedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly threshold: number;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly dueAt: string;
  /** When the threshold was crossed (the warning instant), and when the timer recorded it. */
  readonly warnAt: string;
  readonly raisedAt: string;
}

/** Recorded by the SLA timers when the due time passed with the cycle still running. */
export interface SlaBreachedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly dueAt: string;
  /** The breach instant (= dueAt) and when the timer recorded it. */
  readonly breachedAt: string;
  readonly recordedAt: string;
  /** Who held the ticket at breach (reports attribute breaches to them). */
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly priority: Priority;
  readonly nextDueAt: string | null;
}

/**
 * One step of the policy's escalation ladder ran for a cycle (at most once per step and cycle).
 * Its ticket-changing actions are recorded as ticket events (TicketReprioritised, TicketAssigned,
 * TicketEscalated, with actor `system`) in the same append, after this event.
 */
export interface SlaEscalationStepTakenData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly stepIndex: number;
  readonly trigger: EscalationTrigger;
  readonly threshold: number | null;
  readonly delay: string | null;
  readonly actions: readonly EscalationAction[];
  readonly policyId: string;
  readonly policyVersion: number;
  readonly takenAt: string;
}

/** A `notify` escalation action: for integrators (pager, chat, e-mail to the team lead). */
export interface SlaEscalationNotifiedData {
  readonly ticketId: string;
  readonly cycleId: string;
  readonly target: SlaTarget;
  readonly stepIndex: number;
  readonly message: string | null;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly priority: Priority;
  readonly dueAt: string;
  readonly notifiedAt: string;
}

type EventOf<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type SlaPolicyApplied = EventOf<'SlaPolicyApplied', SlaPolicyAppliedData>;
export type SlaPolicyRemoved = EventOf<'SlaPolicyRemoved', SlaPolicyRemovedData>;
export type SlaCycleStarted = EventOf<'SlaCycleStarted', SlaCycleStartedData>;
export type SlaCyclePaused = EventOf<'SlaCyclePaused', SlaCyclePausedData>;
export type SlaCycleResumed = EventOf<'SlaCycleResumed', SlaCycleResumedData>;
export type SlaCycleCompleted = EventOf<'SlaCycleCompleted', SlaCycleCompletedData>;
export type SlaCycleCancelled = EventOf<'SlaCycleCancelled', SlaCycleCancelledData>;
export type SlaWarningRaised = EventOf<'SlaWarningRaised', SlaWarningRaisedData>;
export type SlaBreached = EventOf<'SlaBreached', SlaBreachedData>;
export type SlaEscalationStepTaken = EventOf<'SlaEscalationStepTaken', SlaEscalationStepTakenData>;
export type SlaEscalationNotified = EventOf<'SlaEscalationNotified', SlaEscalationNotifiedData>;

export type SlaClockEvent =
  | SlaPolicyApplied
  | SlaPolicyRemoved
  | SlaCycleStarted
  | SlaCyclePaused
  | SlaCycleResumed
  | SlaCycleCompleted
  | SlaCycleCancelled
  | SlaWarningRaised
  | SlaBreached
  | SlaEscalationStepTaken
  | SlaEscalationNotified;

export type SlaClockEventType = SlaClockEvent['type'];

export const SLA_CLOCK_EVENT_SCHEMA_VERSIONS = {
  SlaPolicyApplied: 1,
  SlaPolicyRemoved: 1,
  SlaCycleStarted: 1,
  SlaCyclePaused: 1,
  SlaCycleResumed: 1,
  SlaCycleCompleted: 1,
  SlaCycleCancelled: 1,
  SlaWarningRaised: 1,
  SlaBreached: 1,
  SlaEscalationStepTaken: 1,
  SlaEscalationNotified: 1,
} as const satisfies Readonly<Record<SlaClockEventType, number>>;

export const SLA_CLOCK_EVENT_TYPES = Object.keys(
  SLA_CLOCK_EVENT_SCHEMA_VERSIONS,
) as readonly SlaClockEventType[];

export function isSlaClockEventType(type: string): type is SlaClockEventType {
  return Object.prototype.hasOwnProperty.call(SLA_CLOCK_EVENT_SCHEMA_VERSIONS, type);
}

/** Events that carry `nextDueAt` (queue order consumers read only these). */
export const SLA_NEXT_DUE_EVENT_TYPES = [
  'SlaPolicyApplied',
  'SlaPolicyRemoved',
  'SlaCycleStarted',
  'SlaCyclePaused',
  'SlaCycleResumed',
  'SlaCycleCompleted',
  'SlaCycleCancelled',
  'SlaBreached',
] as const satisfies readonly SlaClockEventType[];

/**
 * Test-only: tickets written with TicketScript (times in minutes after T0, Monday 2026-03-02
 * 09:00 UTC), restyled (channel, type, priority, customer), plus the SLA and feedback events the
 * reports read, ready for appendEvents.
 */
import type { Actor } from '../../../event-store/event-store.port';
import type { SlaCalendarDefinition } from '../../../sla/calendars/sla-calendar.definition';
import type { Channel, Priority, TicketType } from '../../../tickets/ticket.values';
import { iso, SYSTEM, TicketScript, CUSTOMER } from '../../metrics/testing/ticket-script';
import type { TimelineEvent } from '../../metrics/ticket-timeline';
import type { PlainEvent } from './report-test-events';

export { T0, MINUTE, HOUR, iso, TicketScript, agent } from '../../metrics/testing/ticket-script';
export const DAY_MS = 24 * 3_600_000;

export interface Restyle {
  readonly channel?: Channel;
  readonly type?: TicketType;
  readonly priority?: Priority;
  readonly customerId?: string;
}

/** The script's events with the opening restyled (TicketScript always writes e-mail incidents). */
export function restyled(script: TicketScript, style: Restyle = {}): PlainEvent[] {
  return script.build().map((event: TimelineEvent) => {
    if (event.type !== 'TicketOpened') return event;
    return {
      ...event,
      data: {
        ...event.data,
        channel: style.channel ?? event.data.channel,
        type: style.type ?? event.data.type,
        priority: style.priority ?? event.data.priority,
        customer: { ...event.data.customer, id: style.customerId ?? event.data.customer.id },
      },
    };
  });
}

/** Monday to Friday 09:00-17:00 UTC. */
export const OFFICE_HOURS: SlaCalendarDefinition = {
  name: 'Office',
  timeZone: 'UTC',
  alwaysOpen: false,
  weekdays: Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [
      day,
      [{ start: '09:00', end: '17:00' }],
    ]),
  ),
  holidays: [],
};

export function policyApplied(
  ticketId: string,
  minutes: number,
  calendar = OFFICE_HOURS,
): PlainEvent {
  return {
    id: `${ticketId}-policy-${minutes}`,
    type: 'SlaPolicyApplied',
    data: {
      ticketId,
      policyId: 'office',
      policyVersion: 1,
      policyName: 'Office',
      calendarId: 'office',
      calendarVersion: 1,
      calendar,
      targets: {},
      pauses: { pending: [], on_hold: [] },
      warningThresholds: [],
      escalation: [],
      priority: 'normal',
      reason: 'opened',
      previousPolicyId: null,
      previousPolicyVersion: null,
      cycles: [],
      nextDueAt: null,
      appliedAt: iso(minutes),
    },
    metadata: { actor: SYSTEM, occurredAt: iso(minutes) },
  };
}

export function cycleCompleted(
  ticketId: string,
  minutes: number,
  cycleId: string,
  outcome: 'achieved' | 'breached',
  dueMinutes: number,
): PlainEvent {
  return {
    id: `${ticketId}-${cycleId}-done`,
    type: 'SlaCycleCompleted',
    data: {
      ticketId,
      cycleId,
      target: cycleId.replace(/-\d+$/, ''),
      outcome,
      startedAt: iso(0),
      dueAt: iso(dueMinutes),
      completedAt: iso(minutes),
      businessSeconds: 0,
      calendarSeconds: 0,
      nextDueAt: null,
    },
    metadata: { actor: SYSTEM, occurredAt: iso(minutes) },
  };
}

export function surveyIssued(
  surveyId: string,
  ticketId: string,
  agentId: string | null,
  minutes: number,
): PlainEvent {
  return {
    id: `${surveyId}-issued`,
    type: 'SurveyIssued',
    data: {
      surveyId,
      kind: 'csat',
      ticketId,
      customerId: 'c-1',
      agentId,
      trigger: 'ticket_solved',
      solvedAt: iso(minutes),
      issuedAt: iso(minutes),
      expiresAt: iso(minutes + 14 * 24 * 60),
    },
    metadata: { actor: SYSTEM, occurredAt: iso(minutes) },
  };
}

export function satisfactionRated(
  surveyId: string,
  ticketId: string,
  agentId: string | null,
  minutes: number,
  score: number,
  comment: string | null = null,
  replaces: string | null = null,
): PlainEvent {
  return {
    id: `${surveyId}-rated-${minutes}`,
    type: 'SatisfactionRated',
    data: {
      ticketId,
      surveyId,
      score,
      comment,
      customerId: 'c-1',
      agentId,
      ratedAt: iso(minutes),
      replaces,
    },
    metadata: { actor: CUSTOMER, occurredAt: iso(minutes) },
  };
}

export function npsRated(
  surveyId: string,
  customerId: string,
  minutes: number,
  score: number,
  comment: string | null = null,
): PlainEvent {
  return {
    id: `${surveyId}-nps-${minutes}`,
    type: 'NpsRated',
    data: { surveyId, customerId, score, comment, ratedAt: iso(minutes), replaces: null },
    metadata: { actor: { type: 'customer', id: customerId }, occurredAt: iso(minutes) },
  };
}

export function slaBreached(
  ticketId: string,
  minutes: number,
  cycleId: string,
  assigneeId: string | null,
): PlainEvent {
  return {
    id: `${ticketId}-${cycleId}-breached`,
    type: 'SlaBreached',
    data: {
      ticketId,
      cycleId,
      target: cycleId.replace(/-\d+$/, ''),
      policyId: 'office',
      policyVersion: 1,
      dueAt: iso(minutes),
      breachedAt: iso(minutes),
      recordedAt: iso(minutes),
      teamId: 'team-1',
      assigneeId,
      priority: 'normal',
      nextDueAt: null,
    },
    metadata: { actor: SYSTEM, occurredAt: iso(minutes) },
  };
}

/** Shaped as src/feedback/follow-ups/follow-up.events.ts records them. */
export function followUpEvent(
  type: 'FollowUpRaised' | 'FollowUpAcknowledged' | 'FollowUpContacted' | 'FollowUpResolved',
  followUpId: string,
  minutes: number,
  raised: {
    source: 'csat' | 'nps';
    surveyId: string;
    ticketId: string | null;
    customerId: string;
    score: number;
  } | null = null,
): PlainEvent {
  const supervisor: Actor = { type: 'supervisor', id: 'sup-1' };
  const data =
    type === 'FollowUpRaised'
      ? {
          followUpId,
          agentId: null,
          teamId: null,
          comment: null,
          ...raised,
          raisedAt: iso(minutes),
        }
      : type === 'FollowUpResolved'
        ? { followUpId, by: supervisor, resolution: 'called back', at: iso(minutes) }
        : type === 'FollowUpContacted'
          ? { followUpId, by: supervisor, channel: 'phone', note: null, at: iso(minutes) }
          : { followUpId, by: supervisor, at: iso(minutes) };
  return {
    id: `${followUpId}-${type}`,
    type,
    data,
    metadata: { actor: type === 'FollowUpRaised' ? SYSTEM : supervisor, occurredAt: iso(minutes) },
  };
}

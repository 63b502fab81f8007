/**
 * Test helper: SLA clock events as the clocks record them (sla-clock.events.ts), appended straight
 * to a ticket's stream with the real event store. The reports are tested against the event
 * contract, independently of the code that decides these events.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../event-store/event-store.port';
import { ticketStreamName } from '../../../tickets/ticket.values';
import type { Priority } from '../../../tickets/ticket.values';
import {
  SLA_CLOCK_EVENT_SCHEMA_VERSIONS,
  type SlaBreachedData,
  type SlaClockEvent,
  type SlaCycleCompletedData,
} from '../../clocks/sla-clock.events';
import type { SlaTarget } from '../../shared/sla.values';

export const POLICY = { policyId: 'standard', policyVersion: 1 } as const;

export function targetOf(cycleId: string): SlaTarget {
  return cycleId.split('-')[0] as SlaTarget;
}

export function started(
  ticketId: string,
  cycleId: string,
  startedAt: string,
  dueAt: string | null,
  targetSeconds = 3_600,
): SlaClockEvent {
  return {
    type: 'SlaCycleStarted',
    data: {
      ticketId,
      cycleId,
      target: targetOf(cycleId),
      ...POLICY,
      targetSeconds,
      startedAt,
      dueAt,
      warningsAt: [],
      nextDueAt: dueAt,
    },
  };
}

export function completed(
  ticketId: string,
  cycleId: string,
  startedAt: string,
  dueAt: string,
  completedAt: string,
  outcome: SlaCycleCompletedData['outcome'] = Date.parse(completedAt) > Date.parse(dueAt)
    ? 'breached'
    : 'achieved',
): SlaClockEvent {
  const calendarSeconds = (Date.parse(completedAt) - Date.parse(startedAt)) / 1000;
  return {
    type: 'SlaCycleCompleted',
    data: {
      ticketId,
      cycleId,
      target: targetOf(cycleId),
      outcome,
      startedAt,
      dueAt,
      completedAt,
      businessSeconds: calendarSeconds,
      calendarSeconds,
      nextDueAt: null,
    },
  };
}

export function breached(
  ticketId: string,
  cycleId: string,
  dueAt: string,
  holder: { teamId: string | null; assigneeId: string | null; priority: Priority },
  recordedAt = dueAt,
): SlaClockEvent {
  const data: SlaBreachedData = {
    ticketId,
    cycleId,
    target: targetOf(cycleId),
    ...POLICY,
    dueAt,
    breachedAt: dueAt,
    recordedAt,
    ...holder,
    nextDueAt: null,
  };
  return { type: 'SlaBreached', data };
}

export function paused(ticketId: string, cycleId: string, pausedAt: string): SlaClockEvent {
  return {
    type: 'SlaCyclePaused',
    data: {
      ticketId,
      cycleId,
      target: targetOf(cycleId),
      status: 'pending',
      pausedAt,
      remainingSeconds: 600,
      nextDueAt: null,
    },
  };
}

export function resumed(
  ticketId: string,
  cycleId: string,
  pausedAt: string,
  resumedAt: string,
  dueAt: string,
): SlaClockEvent {
  return {
    type: 'SlaCycleResumed',
    data: {
      ticketId,
      cycleId,
      target: targetOf(cycleId),
      resumedAt,
      pausedAt,
      dueAt,
      warningsAt: [],
      nextDueAt: dueAt,
    },
  };
}

export function cancelled(ticketId: string, cycleId: string, cancelledAt: string): SlaClockEvent {
  return {
    type: 'SlaCycleCancelled',
    data: {
      ticketId,
      cycleId,
      target: targetOf(cycleId),
      reason: 'solved',
      cancelledAt,
      nextDueAt: null,
    },
  };
}

/** Appends SLA events to `ticket-<id>` as the system actor, after whatever the stream holds. */
export async function appendSla(
  store: EventStore,
  ticketId: string,
  events: readonly SlaClockEvent[],
  occurredAt: string,
): Promise<void> {
  const correlationId = randomUUID();
  await store.appendToStream(
    ticketStreamName(ticketId),
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as unknown as Readonly<Record<string, unknown>>,
      metadata: {
        actor: { type: 'system', id: 'servicetrail' },
        correlationId,
        causationId: null,
        occurredAt,
        schemaVersion: SLA_CLOCK_EVENT_SCHEMA_VERSIONS[event.type],
      },
    })),
    { expectedRevision: 'stream_exists' },
  );
}

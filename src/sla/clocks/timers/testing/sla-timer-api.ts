/**
 * Test support for the SLA timer API tests (not loaded by the application): tickets opened through
 * the real route, their clocks seeded by appending SLA events to the real ticket stream (what the
 * clocks' reaction records when a policy matches), the sla_timers row polled until the projection
 * has caught up, and the stream read back.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import request from 'supertest';
import { bearer } from '../../../../../test/support/directory-fixtures';
import type { TestApp } from '../../../../../test/support/test-app';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../../event-store/event-store.port';
import { PG_POOL } from '../../../../platform/database/database.tokens';
import { ticketStreamName } from '../../../../tickets/ticket.values';
import {
  SLA_CLOCK_EVENT_SCHEMA_VERSIONS,
  type SlaClockEvent,
  type SlaPolicySnapshot,
} from '../../sla-clock.events';
import { HOUR_S, policySnapshot } from '../../testing/sla-clock-fixtures';

/** 24/7, first response 1 h from 10:00: warnings at 10:45 (75%) and 10:54 (90%), due 11:00. */
export const OPENED = '2026-03-02T10:00:00.000Z';
export const W75 = '2026-03-02T10:45:00.000Z';
export const W90 = '2026-03-02T10:54:00.000Z';
export const DUE = '2026-03-02T11:00:00.000Z';

export const TIMER_EVENT_TYPES = [
  'SlaWarningRaised',
  'SlaBreached',
  'SlaEscalationStepTaken',
  'SlaEscalationNotified',
];

export async function openTicket(
  app: TestApp,
  subject = 'Export fails',
  channel: 'email' | 'chat' = 'email',
): Promise<string> {
  const response = await request(app.app.getHttpServer())
    .post('/tickets')
    .set(bearer(app.adminKey))
    .send({
      channel,
      subject,
      description: 'Since this morning.',
      customer: { id: 'crm-1', name: 'Ada Lovelace', tier: 'standard' },
      type: 'problem',
      language: 'en',
    })
    .expect(201);
  return (response.body as { id: string }).id;
}

export function storeOf(app: TestApp): EventStore {
  return app.app.get<EventStore>(EVENT_STORE);
}

/** Appends SLA events to the ticket's stream as the clocks' reaction would (actor system). */
export async function appendSla(
  app: TestApp,
  ticketId: string,
  events: readonly SlaClockEvent[],
): Promise<void> {
  const store = storeOf(app);
  const stream = ticketStreamName(ticketId);
  const last = (await store.readStream(stream)).at(-1);
  await store.appendToStream(
    stream,
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as unknown as Readonly<Record<string, unknown>>,
      metadata: {
        actor: { type: 'system', id: 'servicetrail' },
        correlationId: 'seed',
        causationId: null,
        occurredAt: app.clock.now().toISOString(),
        schemaVersion: SLA_CLOCK_EVENT_SCHEMA_VERSIONS[event.type],
      },
    })),
    { expectedRevision: last ? last.revision : 'no_stream' },
  );
}

/** The clocks a 24/7 policy gives at opening: first response 1 h from OPENED. */
export function firstResponseClock(
  ticketId: string,
  policy: Partial<SlaPolicySnapshot> = {},
): SlaClockEvent[] {
  const snapshot = policySnapshot(policy);
  return [
    {
      type: 'SlaPolicyApplied',
      data: {
        ...snapshot,
        ticketId,
        priority: 'normal',
        reason: 'opened',
        previousPolicyId: null,
        previousPolicyVersion: null,
        cycles: [],
        nextDueAt: null,
        appliedAt: OPENED,
      },
    },
    {
      type: 'SlaCycleStarted',
      data: {
        ticketId,
        cycleId: 'firstResponse-1',
        target: 'firstResponse',
        policyId: snapshot.policyId,
        policyVersion: snapshot.policyVersion,
        targetSeconds: HOUR_S,
        startedAt: OPENED,
        dueAt: DUE,
        warningsAt: [
          { threshold: 0.75, at: W75 },
          { threshold: 0.9, at: W90 },
        ],
        nextDueAt: DUE,
      },
    },
  ];
}

export interface TimerRowView {
  readonly nextAt: string | null;
  readonly revision: number;
}

export async function timerRowOf(
  app: TestApp,
  ticketId: string,
): Promise<TimerRowView | undefined> {
  const { rows } = await app.app
    .get<Pool>(PG_POOL)
    .query<{ next_at: Date | null; revision: string }>(
      'SELECT next_at, revision FROM sla_timers WHERE ticket_id = $1',
      [ticketId],
    );
  const row = rows[0];
  return row
    ? { nextAt: row.next_at?.toISOString() ?? null, revision: Number(row.revision) }
    : undefined;
}

/** Polls the sla_timers row (the projection runs asynchronously) until `ready` holds. */
export async function waitForTimerRow(
  app: TestApp,
  ticketId: string,
  ready: (row: TimerRowView | undefined) => boolean,
): Promise<TimerRowView | undefined> {
  const giveUpAt = Date.now() + 10_000;
  for (;;) {
    const row = await timerRowOf(app, ticketId);
    if (ready(row)) return row;
    if (Date.now() > giveUpAt) {
      throw new Error(`the SLA timer of ${ticketId} did not settle (${JSON.stringify(row)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The row once the projection has every event of the stream up to now. */
export async function waitForTimerAt(
  app: TestApp,
  ticketId: string,
  nextAt: string | null,
): Promise<void> {
  await waitForTimerRow(app, ticketId, (row) => row !== undefined && row.nextAt === nextAt);
}

export async function timerEventsOf(app: TestApp, ticketId: string): Promise<RecordedEvent[]> {
  return (await storeOf(app).readStream(ticketStreamName(ticketId))).filter((event) =>
    TIMER_EVENT_TYPES.includes(event.type),
  );
}

/** `type` or `type:threshold` per timer event, for compact assertions. */
export function summaryOf(events: readonly RecordedEvent[]): string[] {
  return events.map((event) => {
    const data = event.data as { threshold?: number; stepIndex?: number };
    if (event.type === 'SlaWarningRaised') return `${event.type}:${data.threshold}`;
    if (event.type === 'SlaEscalationStepTaken') return `${event.type}:${data.stepIndex}`;
    return event.type;
  });
}

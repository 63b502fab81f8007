import request from 'supertest';
import { bearer } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { FixedClock } from '../../platform/time/clock';
import { ticketStreamName } from '../../tickets/ticket.values';
import { isSlaClockEventType } from './sla-clock.events';
import { waitForSlaPolicies } from './testing/wait-for-sla-policies';
import { TicketApi } from '../../tickets/getting-ticket-details/testing/ticket-api';

const at = (time: string): string => `2026-03-02T${time}:00.000Z`;
/** What the timers may add meanwhile; these tests look at the clocks' own events only. */
const TIMER_TYPES = [
  'SlaWarningRaised',
  'SlaBreached',
  'SlaEscalationStepTaken',
  'SlaEscalationNotified',
];

describe('SLA clocks reaction (API)', () => {
  let testApp: TestApp;
  let store: EventStore;
  const clock = new FixedClock(at('09:00'));
  const http = () => request(testApp.app.getHttpServer());
  const admin = () => bearer(testApp.adminKey);

  const slaEvents = async (ticketId: string, afterRevision = -1): Promise<RecordedEvent[]> =>
    (await store.readStream(ticketStreamName(ticketId))).filter(
      (e) =>
        Number(e.revision) > afterRevision &&
        isSlaClockEventType(e.type) &&
        !TIMER_TYPES.includes(e.type),
    );
  const revision = async (ticketId: string): Promise<number> =>
    (await store.readStream(ticketStreamName(ticketId))).length - 1;
  const named = (events: RecordedEvent[]): string[] =>
    events.map((e) => `${e.type}${'cycleId' in e.data ? ` ${String(e.data.cycleId)}` : ''}`);

  const open = async (priority: string): Promise<string> =>
    (
      await new TicketApi(testApp).open({
        channel: 'web',
        subject: 'Export fails',
        description: 'Since this morning.',
        customer: { id: 'crm-1', name: 'Ada Lovelace', tier: 'standard' },
        type: 'problem',
        priority,
        tags: [],
        language: 'en',
      })
    ).id;
  const command = async (ticketId: string, route: string, body: object = {}): Promise<void> => {
    await new TicketApi(testApp).command(ticketId, route, { ...body });
  };

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock });
    store = testApp.app.get<EventStore>(EVENT_STORE);
    await http()
      .put('/sla/calendars/always')
      .set(admin())
      .send({ name: '24/7', timeZone: 'UTC', alwaysOpen: true })
      .expect(201);
    await http()
      .put('/sla/policies/priority')
      .set(admin())
      .send({
        name: 'High and urgent',
        position: 1,
        conditions: { priorities: ['high', 'urgent'] },
        targets: { high: { firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'PT8H' } },
        calendarId: 'always',
      })
      .expect(201);
    await waitForSlaPolicies(testApp.app, [{ id: 'priority', version: 1 }]);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('given a matching policy, when a ticket opens, then its stream records the policy and the cycles with their due times', async () => {
    clock.set(at('10:00'));
    const ticketId = await open('high');

    const events = await slaEvents(ticketId);
    expect(named(events)).toEqual([
      'SlaPolicyApplied',
      'SlaCycleStarted firstResponse-1',
      'SlaCycleStarted resolution-1',
    ]);
    expect(events[0].data).toMatchObject({
      ticketId,
      policyId: 'priority',
      policyVersion: 1,
      calendarId: 'always',
      calendarVersion: 1,
      reason: 'opened',
      targets: { firstResponse: 3600, nextResponse: 7200, resolution: 28800 },
    });
    expect(events[0].metadata).toMatchObject({
      actor: { type: 'system' },
      occurredAt: at('10:00'),
      schemaVersion: 1,
    });
    expect(events[1].data).toMatchObject({ startedAt: at('10:00'), dueAt: at('11:00') });
    expect(events[2].data).toMatchObject({ dueAt: at('18:00'), nextDueAt: at('11:00') });
  });

  it('when the ticket is answered, pended, answered by the customer, solved, reopened, put on hold and resumed, then every clock transition is recorded', async () => {
    clock.set(at('10:00'));
    const ticketId = await open('high');

    clock.set(at('10:30'));
    let mark = await revision(ticketId);
    await command(ticketId, 'replies', { body: 'Looking into it.' });
    let events = await slaEvents(ticketId, mark);
    expect(named(events)).toEqual(['SlaCycleCompleted firstResponse-1']);
    expect(events[0].data).toMatchObject({ outcome: 'achieved', businessSeconds: 1800 });

    clock.set(at('11:00'));
    mark = await revision(ticketId);
    await command(ticketId, 'pend', {});
    events = await slaEvents(ticketId, mark);
    expect(named(events)).toEqual(['SlaCyclePaused resolution-1']);
    expect(events[0].data).toMatchObject({ status: 'pending', remainingSeconds: 25200 });

    clock.set(at('12:00'));
    mark = await revision(ticketId);
    await command(ticketId, 'replies', { body: 'Here is the log.', author: { kind: 'customer' } });
    events = await slaEvents(ticketId, mark);
    expect(named(events)).toEqual([
      'SlaCycleResumed resolution-1',
      'SlaCycleStarted nextResponse-1',
    ]);
    expect(events[0].data).toMatchObject({ dueAt: at('19:00') });
    expect(events[1].data).toMatchObject({ startedAt: at('12:00'), dueAt: at('14:00') });

    clock.set(at('13:00'));
    mark = await revision(ticketId);
    await command(ticketId, 'solve', { resolutionCode: 'fixed', summary: 'Patched the export.' });
    events = await slaEvents(ticketId, mark);
    expect(named(events)).toEqual([
      'SlaCycleCompleted resolution-1',
      'SlaCycleCancelled nextResponse-1',
    ]);
    expect(events[0].data).toMatchObject({ outcome: 'achieved', businessSeconds: 7200 });
    expect(events[1].data).toMatchObject({ reason: 'solved', nextDueAt: null });

    clock.set(at('14:00'));
    mark = await revision(ticketId);
    await command(ticketId, 'reopen', { reason: 'Still failing.' });
    events = await slaEvents(ticketId, mark);
    expect(named(events)).toEqual(['SlaCycleStarted resolution-2']);
    expect(events[0].data).toMatchObject({ startedAt: at('14:00'), dueAt: at('22:00') });

    clock.set(at('15:00'));
    await command(ticketId, 'hold', {});
    clock.set(at('16:00'));
    mark = await revision(ticketId);
    await command(ticketId, 'resume');
    events = await slaEvents(ticketId, mark);
    expect(named(events)).toEqual(['SlaCycleResumed resolution-2']);
    expect(events[0].data).toMatchObject({ pausedAt: at('15:00'), dueAt: at('23:00') });
  });

  it('given no matching policy, when the ticket opens, then nothing is measured until a change makes a policy match', async () => {
    clock.set(at('10:00'));
    const ticketId = await open('low');
    expect(await slaEvents(ticketId)).toEqual([]);

    clock.set(at('10:20'));
    await command(ticketId, 'priority', { priority: 'high', reason: 'Customer is blocked.' });
    const events = await slaEvents(ticketId);
    expect(named(events)).toEqual([
      'SlaPolicyApplied',
      'SlaCycleStarted firstResponse-1',
      'SlaCycleStarted resolution-1',
    ]);
    expect(events[0].data).toMatchObject({ reason: 'ticket_changed', priority: 'high' });
    // Measured from the opening, not from the change.
    expect(events[1].data).toMatchObject({ startedAt: at('10:00'), dueAt: at('11:00') });
  });
});

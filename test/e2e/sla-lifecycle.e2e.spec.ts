/**
 * One ticket's whole life under a business-hours SLA, the clock driven to the second: a split
 * shift (09–12, 13–17 Europe/Berlin), a holiday, a pause across the weekend on which Berlin
 * moves to summer time, warnings and a breach recorded by the durable timers (no request
 * arrives), the escalation ladder's notification, and then the breach list and the compliance
 * report. Every expected instant below is worked out by hand in the comments.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { bearer } from '../support/directory-fixtures';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../src/event-store/event-store.port';
import { FixedClock } from '../../src/platform/time/clock';
import { waitForSlaPolicies } from '../../src/sla/clocks/testing/wait-for-sla-policies';
import { ticketStreamName } from '../../src/tickets/ticket.values';

// Berlin is UTC+1 until Sunday 2026-03-29 02:00, UTC+2 after.
const OPENED = '2026-03-23T15:30:00.000Z'; // Mon 16:30 Berlin

interface TicketSlaBody {
  readonly policy: { readonly id: string; readonly version: number } | null;
  readonly cycles: readonly {
    readonly cycleId: string;
    readonly status: string;
    readonly dueAt: string | null;
    readonly pausedIntervals: readonly { readonly from: string; readonly to: string | null }[];
  }[];
}

describe('SLA through a ticket’s whole life (e2e)', () => {
  let testApp: TestApp;
  let store: EventStore;
  const clock = new FixedClock(OPENED);
  const http = () => request(testApp.app.getHttpServer());
  const admin = () => bearer(testApp.adminKey);

  const stream = (ticketId: string): Promise<RecordedEvent[]> =>
    store.readStream(ticketStreamName(ticketId));

  /** Waits until the stream holds an event matching `match` (the timers run on their own). */
  async function eventually(
    ticketId: string,
    match: (event: RecordedEvent) => boolean,
    what: string,
  ): Promise<RecordedEvent> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = (await stream(ticketId)).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`never recorded: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const isEvent =
    (
      type: string,
      cycleId: string,
      extra: (data: Record<string, unknown>) => boolean = () => true,
    ) =>
    (event: RecordedEvent): boolean =>
      event.type === type && event.data.cycleId === cycleId && extra(event.data);

  async function command(ticketId: string, route: string, body: object): Promise<void> {
    const response = await http().post(`/tickets/${ticketId}/${route}`).set(admin()).send(body);
    if (response.status !== 200) {
      throw new Error(`${route}: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }

  async function waitForReport<T>(path: string, ready: (body: T) => boolean): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await http().get(path).set(admin());
      expect(response.status).toBe(200);
      const body = response.body as T;
      if (ready(body)) return body;
      if (Date.now() > deadline) throw new Error(`${path} never showed: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock });
    store = testApp.app.get<EventStore>(EVENT_STORE);
    await http()
      .put('/sla/calendars/berlin')
      .set(admin())
      .send({
        name: 'Berlin office',
        timeZone: 'Europe/Berlin',
        weekdays: Object.fromEntries(
          ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [
            day,
            [
              { start: '09:00', end: '12:00' },
              { start: '13:00', end: '17:00' },
            ],
          ]),
        ),
        holidays: [{ date: '2026-03-24' }],
      })
      .expect(201);
    await http()
      .put('/sla/policies/high')
      .set(admin())
      .send({
        name: 'High priority',
        position: 1,
        conditions: { priorities: ['high'] },
        targets: { high: { firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'PT16H' } },
        calendarId: 'berlin',
        escalation: [
          { at: 'breach', actions: [{ type: 'notify', message: 'First response overdue' }] },
        ],
      })
      .expect(201);
    await waitForSlaPolicies(testApp.app, [{ id: 'high' }]);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('measures, warns, breaches, escalates, pauses across DST and reports it all', async () => {
    const opened = await http()
      .post('/tickets')
      .set(admin())
      .send({
        channel: 'email',
        subject: 'Invoices missing',
        description: 'No invoice since March.',
        customer: { id: 'crm-7', name: 'Grace Hopper', tier: 'premium' },
        type: 'problem',
        priority: 'high',
        language: 'de',
      })
      .expect(201);
    const ticketId = (opened.body as { id: string }).id;

    // First response, 1 business hour: Mon 16:30–17:00 (30 min), Tue is a holiday, Wed 09:00–09:30.
    // Resolution, 16 business hours: Mon 0.5 h + Wed 7 h + Thu 7 h + Fri 09:00–10:30 (1.5 h).
    const started = (await stream(ticketId)).filter((e) => e.type === 'SlaCycleStarted');
    expect(started.map((e) => [e.data.cycleId, e.data.dueAt])).toEqual([
      ['firstResponse-1', '2026-03-25T08:30:00.000Z'],
      ['resolution-1', '2026-03-27T09:30:00.000Z'],
    ]);

    // 75 % (45 min) of the first response: Wed 09:15 Berlin. Nothing arrives; the timers record it.
    clock.set('2026-03-25T08:16:00.000Z');
    const warning = await eventually(
      ticketId,
      isEvent('SlaWarningRaised', 'firstResponse-1', (d) => d.threshold === 0.75),
      '75% warning',
    );
    expect(warning.data.warnAt).toBe('2026-03-25T08:15:00.000Z');

    // Past the due time (Wed 09:30 Berlin): the 90 % warning, the breach and the ladder's step.
    clock.set('2026-03-25T08:31:00.000Z');
    const breach = await eventually(ticketId, isEvent('SlaBreached', 'firstResponse-1'), 'breach');
    expect(breach.data).toMatchObject({ dueAt: '2026-03-25T08:30:00.000Z', priority: 'high' });
    await eventually(
      ticketId,
      isEvent('SlaWarningRaised', 'firstResponse-1', (d) => d.threshold === 0.9),
      '90% warning',
    );
    const notified = await eventually(
      ticketId,
      isEvent('SlaEscalationNotified', 'firstResponse-1'),
      'escalation notification',
    );
    expect(notified.data.message).toBe('First response overdue');

    // The agent answers at Wed 10:00 Berlin: late, so the cycle ends breached (1.5 business hours).
    clock.set('2026-03-25T09:00:00.000Z');
    await command(ticketId, 'replies', { body: 'Sorry for the wait, looking now.' });
    // The customer writes at 10:30: a next response is due 2 business hours later, skipping lunch:
    // 10:30–12:00 + 13:00–13:30 → 13:30 Berlin.
    clock.set('2026-03-25T09:30:00.000Z');
    await command(ticketId, 'replies', {
      body: 'It is invoice 42.',
      author: { kind: 'customer' },
    });
    const nextResponse = await eventually(
      ticketId,
      isEvent('SlaCycleStarted', 'nextResponse-1'),
      'next response started',
    );
    expect(nextResponse.data.dueAt).toBe('2026-03-25T12:30:00.000Z');
    clock.set('2026-03-25T10:00:00.000Z');
    await command(ticketId, 'replies', { body: 'Found it, fixing.' });

    // 75 % of resolution (12 h): Mon 0.5 + Wed 7 = 7.5 h, Thu 09–12 + 13:00–14:30 → Thu 14:30 Berlin.
    clock.set('2026-03-26T13:31:00.000Z');
    await eventually(
      ticketId,
      isEvent('SlaWarningRaised', 'resolution-1', (d) => d.threshold === 0.75),
      'resolution 75% warning',
    );

    // Pending on the customer from Thu 16:00 Berlin (13.5 h used, 2.5 h left) …
    clock.set('2026-03-26T15:00:00.000Z');
    await command(ticketId, 'pend', { reason: 'Waiting for the customer to confirm.' });
    // … over the weekend on which Berlin moves to summer time, resumed Mon 10:00 CEST (08:00Z):
    // 10:00–12:00 + 13:00–13:30 CEST → due 11:30Z (a clock that ignored DST would say 12:30Z).
    clock.set('2026-03-30T08:00:00.000Z');
    await command(ticketId, 'resume', {});
    const resumed = await eventually(
      ticketId,
      isEvent('SlaCycleResumed', 'resolution-1'),
      'resolution resumed',
    );
    expect(resumed.data.dueAt).toBe('2026-03-30T11:30:00.000Z');

    // Solved at 13:00 CEST, before the moved due time: achieved.
    clock.set('2026-03-30T11:00:00.000Z');
    await command(ticketId, 'solve', { resolutionCode: 'fixed', summary: 'Invoices re-sent.' });

    const sla = await http().get(`/tickets/${ticketId}/sla`).set(admin()).expect(200);
    const body = sla.body as TicketSlaBody;
    expect(body.policy).toMatchObject({ id: 'high', version: 1 });
    expect(body.cycles.map((c) => [c.cycleId, c.status])).toEqual([
      ['firstResponse-1', 'breached'],
      ['resolution-1', 'achieved'],
      ['nextResponse-1', 'achieved'],
    ]);
    const resolution = body.cycles.find((c) => c.cycleId === 'resolution-1');
    expect(resolution?.pausedIntervals).toEqual([
      { from: '2026-03-26T15:00:00.000Z', to: '2026-03-30T08:00:00.000Z' },
    ]);

    // Each timer event once, though the pollers ran many times meanwhile.
    const events = await stream(ticketId);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('SlaBreached')).toBe(1);
    expect(count('SlaEscalationNotified')).toBe(1);
    expect(count('SlaWarningRaised')).toBe(3);

    const range = 'from=2026-03-23T00:00:00Z&to=2026-04-01T00:00:00Z';
    const breaches = await waitForReport<{ items: { cycleId: string }[] }>(
      `/sla/breaches?${range}`,
      (b) => b.items.length > 0,
    );
    expect(breaches.items).toEqual([
      expect.objectContaining({
        ticketId,
        cycleId: 'firstResponse-1',
        target: 'firstResponse',
        dueAt: '2026-03-25T08:30:00.000Z',
        breachedAt: '2026-03-25T08:30:00.000Z',
        priority: 'high',
      }),
    ]);

    interface Figures {
      target: string;
      achieved: number;
      breached: number;
      compliance: number | null;
    }
    const report = await waitForReport<{ totals: Figures[]; rows: (Figures & { key: string })[] }>(
      `/reports/sla?${range}&groupBy=day&timeZone=Europe/Berlin`,
      (r) => r.totals.every((t) => t.achieved + t.breached === 1),
    );
    expect(report.totals).toEqual([
      { target: 'firstResponse', achieved: 0, breached: 1, compliance: 0 },
      { target: 'nextResponse', achieved: 1, breached: 0, compliance: 1 },
      { target: 'resolution', achieved: 1, breached: 0, compliance: 1 },
    ]);
    // Decided on Wed 25 (first and next response) and Mon 30 (resolution), Berlin days.
    expect(report.rows.map((r) => [r.key, r.target, r.achieved, r.breached]).sort()).toEqual(
      [
        ['2026-03-25T00:00:00', 'firstResponse', 0, 1],
        ['2026-03-25T00:00:00', 'nextResponse', 1, 0],
        ['2026-03-30T00:00:00', 'resolution', 1, 0],
      ].sort(),
    );
  });
});

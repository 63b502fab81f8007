/**
 * The durable SLA timers on the whole app and real PostgreSQL: the sla_timers deadline row (kept
 * by the projection from the ticket stream's SLA events) is claimed by SlaTimerPoller, driven here
 * by hand with the test clock (production polls every second), and the warning, breach and
 * escalation events land on the ticket stream exactly once — across reruns, a restart, and two
 * instances racing on one database.
 */
import request from 'supertest';
import { bearer, createTeam } from '../../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../../test/support/test-app';
import { createTestDatabase } from '../../../../test/support/test-database';
import { FixedClock } from '../../../platform/time/clock';
import { ProjectionRunner } from '../../../projections/projection-runner';
import { SLA_CONFIG_PROJECTION_NAME } from '../../config-read-model/sla-config.projection';
import { ticketStreamName } from '../../../tickets/ticket.values';
import { SYSTEM_ACTOR } from '../../../tickets/ticket.events';
import { SlaTimerPoller } from './sla-timer.poller';
import { SlaTimerRunner } from './sla-timer-runner';
import { timerEventId } from './sla-timer-ids';
import {
  DUE,
  OPENED,
  W75,
  W90,
  appendSla,
  firstResponseClock,
  openTicket,
  storeOf,
  summaryOf,
  timerEventsOf,
  timerRowOf,
  waitForTimerAt,
} from './testing/sla-timer-api';

const NOON = '2026-03-02T12:00:00.000Z';

const pollerOf = (app: TestApp): SlaTimerPoller => app.app.get(SlaTimerPoller);

/** An app whose timers this test drives: the clock at OPENED and no polling of its own. */
async function timerApp(options: Parameters<typeof createTestApp>[1] = {}): Promise<TestApp> {
  const app = await createTestApp({}, { clock: new FixedClock(OPENED), ...options });
  pollerOf(app).stopPolling();
  return app;
}

/** A ticket whose first-response clock runs from OPENED (due 11:00), its deadline row projected. */
async function ticketWithClock(app: TestApp): Promise<string> {
  const ticketId = await openTicket(app);
  await appendSla(app, ticketId, firstResponseClock(ticketId));
  await waitForTimerAt(app, ticketId, W75);
  return ticketId;
}

describe('SLA timers', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await timerApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => app.clock.set(OPENED));

  it('records the 75% and 90% warnings and the breach once each as the clock passes them', async () => {
    const ticketId = await ticketWithClock(app);
    const timers = pollerOf(app);

    app.clock.set('2026-03-02T10:44:59.999Z');
    await timers.runDueTimers();
    expect(await timerEventsOf(app, ticketId)).toEqual([]);

    app.clock.set(W75);
    expect(await timers.runDueTimers()).toEqual({ recorded: 1, nothingToDo: 0, failed: 0 });
    // The row was moved on in the claim transaction: a second run at once finds nothing due.
    expect((await timerRowOf(app, ticketId))?.nextAt).toBe(W90);
    expect(await timers.runDueTimers()).toEqual({ recorded: 0, nothingToDo: 0, failed: 0 });

    app.clock.set('2026-03-02T10:54:02.000Z');
    await timers.runDueTimers();
    app.clock.set(DUE);
    await timers.runDueTimers();
    app.clock.set('2026-03-02T15:00:00.000Z');
    await timers.runDueTimers();

    const events = await timerEventsOf(app, ticketId);
    expect(summaryOf(events)).toEqual([
      'SlaWarningRaised:0.75',
      'SlaWarningRaised:0.9',
      'SlaBreached',
    ]);
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ warnAt: W75, raisedAt: W75, dueAt: DUE }),
      expect.objectContaining({ warnAt: W90, raisedAt: '2026-03-02T10:54:02.000Z' }),
      expect.objectContaining({
        ticketId,
        cycleId: 'firstResponse-1',
        breachedAt: DUE,
        recordedAt: DUE,
        priority: 'normal',
        teamId: null,
        assigneeId: null,
      }),
    ]);
    expect(events.map((event) => event.id)).toEqual([
      timerEventId(`sla-timer:${ticketId}:firstResponse-1:warning:0.75`),
      timerEventId(`sla-timer:${ticketId}:firstResponse-1:warning:0.9`),
      timerEventId(`sla-timer:${ticketId}:firstResponse-1:breach`),
    ]);
    expect(events.map((event) => event.metadata.actor)).toEqual([
      SYSTEM_ACTOR,
      SYSTEM_ACTOR,
      SYSTEM_ACTOR,
    ]);
    // Nothing more to record: the projection settles on no deadline.
    await waitForTimerAt(app, ticketId, null);
  });

  it('a paused cycle never breaches while paused, and breaches at its moved due time after resuming', async () => {
    const ticketId = await ticketWithClock(app);
    await appendSla(app, ticketId, [
      {
        type: 'SlaCyclePaused',
        data: {
          ticketId,
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          status: 'pending',
          pausedAt: '2026-03-02T10:30:00.000Z',
          remainingSeconds: 1800,
          nextDueAt: null,
        },
      },
    ]);
    await waitForTimerAt(app, ticketId, null);

    app.clock.set('2026-03-09T10:00:00.000Z');
    await pollerOf(app).runDueTimers();
    // Even fired directly (as if the row were stale), a paused cycle records nothing.
    expect((await app.app.get(SlaTimerRunner).fire(ticketId)).appended).toBe(0);
    expect(await timerEventsOf(app, ticketId)).toEqual([]);

    // Resumed a week later with 30 minutes left: due 10:30 (the 75% instant already passed).
    await appendSla(app, ticketId, [
      {
        type: 'SlaCycleResumed',
        data: {
          ticketId,
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          resumedAt: '2026-03-09T10:00:00.000Z',
          pausedAt: '2026-03-02T10:30:00.000Z',
          dueAt: '2026-03-09T10:30:00.000Z',
          warningsAt: [
            { threshold: 0.75, at: '2026-03-09T10:15:00.000Z' },
            { threshold: 0.9, at: '2026-03-09T10:24:00.000Z' },
          ],
          nextDueAt: '2026-03-09T10:30:00.000Z',
        },
      },
    ]);
    await waitForTimerAt(app, ticketId, '2026-03-09T10:15:00.000Z');
    app.clock.set('2026-03-09T10:30:00.000Z');
    await pollerOf(app).runDueTimers();
    const events = await timerEventsOf(app, ticketId);
    expect(summaryOf(events)).toEqual([
      'SlaWarningRaised:0.75',
      'SlaWarningRaised:0.9',
      'SlaBreached',
    ]);
    expect(events.at(-1)?.data).toEqual(
      expect.objectContaining({ breachedAt: '2026-03-09T10:30:00.000Z' }),
    );
  });

  it('two firings of one ticket at once record each event once (revision + deterministic ids)', async () => {
    const ticketId = await ticketWithClock(app);
    app.clock.set(DUE);
    const runner = app.app.get(SlaTimerRunner);
    // Same instant, same deterministic ids and content: the loser either fails the revision check
    // and re-reads (nothing left), or the store takes its append as a retry of the winner's.
    await Promise.all([runner.fire(ticketId), runner.fire(ticketId), runner.fire(ticketId)]);
    expect(summaryOf(await timerEventsOf(app, ticketId))).toEqual([
      'SlaWarningRaised:0.75',
      'SlaWarningRaised:0.9',
      'SlaBreached',
    ]);
  });
});

describe('SLA escalation with a configured policy (the clocks’ reaction applies it)', () => {
  let app: TestApp;
  let escalationTeam: string;

  beforeAll(async () => {
    app = await timerApp();
    const admin = bearer(app.adminKey);
    await request(app.app.getHttpServer())
      .put('/sla/calendars/always')
      .set(admin)
      .send({ name: '24/7', timeZone: 'UTC', alwaysOpen: true })
      .expect(201);
    await request(app.app.getHttpServer())
      .put('/sla/policies/standard')
      .set(admin)
      .send({
        name: 'Standard',
        position: 1,
        targets: {
          normal: { firstResponse: 'PT1H' },
          high: { firstResponse: 'PT2H' },
          urgent: { firstResponse: 'PT2H' },
        },
        calendarId: 'always',
        escalation: [
          {
            at: 'warning',
            threshold: 0.75,
            targets: ['firstResponse'],
            actions: [{ type: 'raise_priority' }, { type: 'notify', message: 'Look at it' }],
          },
          { at: 'breach', targets: ['firstResponse'], actions: [{ type: 'raise_priority' }] },
        ],
      })
      .expect(201);
    escalationTeam = await createTeam(app, { name: 'Escalations' });
    await request(app.app.getHttpServer())
      .put('/sla/policies/chat')
      .set(admin)
      .send({
        name: 'Chat',
        position: 0,
        conditions: { channels: ['chat'] },
        targets: { normal: { firstResponse: 'PT1H' } },
        calendarId: 'always',
        escalation: [
          {
            at: 'after_breach',
            delay: 'PT30M',
            actions: [
              { type: 'reassign_team', teamId: escalationTeam },
              { type: 'escalate_level', level: 2 },
            ],
          },
        ],
      })
      .expect(201);
    expect(
      await app.app.get(ProjectionRunner).waitForCatchUp(20_000, [SLA_CONFIG_PROJECTION_NAME]),
    ).toBe(true);
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => app.clock.set(OPENED));

  it('runs each step once per cycle: notify, and priority raised by the system, re-applying the policy', async () => {
    const ticketId = await openTicket(app);
    await waitForTimerAt(app, ticketId, W75);
    const timers = pollerOf(app);

    // Raised to high at 75% (10:45), the policy re-applies the 2 h target: 90% at 11:48, due 12:00.
    for (const at of [W75, W90, DUE, '2026-03-02T11:48:00.000Z', '2026-03-02T12:00:00.000Z']) {
      app.clock.set(at);
      await timers.runDueTimers();
    }

    const stream = await storeOf(app).readStream(ticketStreamName(ticketId));
    const reprioritised = stream.filter((event) => event.type === 'TicketReprioritised');
    expect(reprioritised.map((event) => [event.data, event.metadata.actor])).toEqual([
      [expect.objectContaining({ previousPriority: 'normal', priority: 'high' }), SYSTEM_ACTOR],
      [expect.objectContaining({ previousPriority: 'high', priority: 'urgent' }), SYSTEM_ACTOR],
    ]);
    expect(summaryOf(await timerEventsOf(app, ticketId))).toEqual([
      'SlaWarningRaised:0.75',
      'SlaEscalationStepTaken:0',
      'SlaEscalationNotified',
      'SlaWarningRaised:0.9',
      'SlaBreached',
      'SlaEscalationStepTaken:1',
    ]);
    // Each raise is recorded after its step and answered by the clocks in the same append: the
    // policy re-applied for the new priority moved the due time.
    const types = stream.map((event) => event.type);
    const firstRaise = types.indexOf('TicketReprioritised');
    expect(types[firstRaise - 1]).toBe('SlaEscalationNotified');
    expect(types.slice(firstRaise + 1)).toContain('SlaPolicyApplied');
    const reapplied = stream.filter(
      (event) => event.type === 'SlaPolicyApplied' && event.revision > stream[firstRaise].revision,
    );
    expect(reapplied[0]?.data).toEqual(
      expect.objectContaining({ reason: 'ticket_changed', priority: 'high', nextDueAt: NOON }),
    );
    expect(stream.find((event) => event.type === 'SlaBreached')?.data).toEqual(
      expect.objectContaining({ dueAt: NOON, breachedAt: NOON, priority: 'high' }),
    );
    expect(reapplied[0]?.metadata.actor).toEqual(SYSTEM_ACTOR);
    const notified = stream.find((event) => event.type === 'SlaEscalationNotified');
    expect(notified?.data).toEqual(
      expect.objectContaining({ stepIndex: 0, message: 'Look at it', priority: 'normal' }),
    );
  });

  it('half an hour after the breach moves the ticket to the escalation team at level 2, once', async () => {
    const ticketId = await openTicket(app, 'Chat drops', 'chat');
    await waitForTimerAt(app, ticketId, W75);
    const timers = pollerOf(app);
    for (const at of [W75, W90, DUE, '2026-03-02T11:29:59.000Z']) {
      app.clock.set(at);
      await timers.runDueTimers();
    }
    const before = await storeOf(app).readStream(ticketStreamName(ticketId));
    expect(before.some((event) => event.type === 'SlaEscalationStepTaken')).toBe(false);

    app.clock.set('2026-03-02T11:30:00.000Z');
    await timers.runDueTimers();
    app.clock.set('2026-03-02T13:00:00.000Z');
    await timers.runDueTimers();

    const stream = await storeOf(app).readStream(ticketStreamName(ticketId));
    const appended = stream.slice(before.length);
    expect(appended.map((event) => event.type)).toEqual([
      'SlaEscalationStepTaken',
      'TicketAssigned',
      'TicketEscalated',
    ]);
    expect(appended[1]?.data).toEqual(
      expect.objectContaining({ teamId: escalationTeam, agentId: null }),
    );
    expect(appended[2]?.data).toEqual(expect.objectContaining({ fromLevel: 1, toLevel: 2 }));
    expect(appended.map((event) => event.metadata.actor)).toEqual([
      SYSTEM_ACTOR,
      SYSTEM_ACTOR,
      SYSTEM_ACTOR,
    ]);
  });
});

describe('SLA timers across a restart', () => {
  it('a deadline set before the restart is recorded once after it (it lives in PostgreSQL)', async () => {
    const database = await createTestDatabase();
    const clock = new FixedClock(OPENED);
    let ticketId: string;
    const first = await timerApp({ database, clock });
    try {
      ticketId = await ticketWithClock(first);
      clock.set('2026-03-02T10:30:00.000Z');
      await pollerOf(first).runDueTimers();
      expect(await timerEventsOf(first, ticketId)).toEqual([]);
    } finally {
      await first.close();
    }
    clock.set('2026-03-02T11:05:00.000Z');
    const second = await timerApp({ database, clock });
    try {
      expect(await pollerOf(second).runDueTimers()).toEqual({
        recorded: 1,
        nothingToDo: 0,
        failed: 0,
      });
      await pollerOf(second).runDueTimers();
      const events = await timerEventsOf(second, ticketId);
      expect(summaryOf(events)).toEqual([
        'SlaWarningRaised:0.75',
        'SlaWarningRaised:0.9',
        'SlaBreached',
      ]);
      expect(events.filter((event) => event.type === 'SlaBreached')).toHaveLength(1);
    } finally {
      await second.close();
      await database.drop();
    }
  });
});

describe('SLA timers with two instances on one database', () => {
  const TICKETS = 15;

  it('records every warning and breach exactly once while both pollers race', async () => {
    const database = await createTestDatabase();
    const clocks = [new FixedClock(OPENED), new FixedClock(OPENED)];
    const apps: TestApp[] = [];
    try {
      for (const clock of clocks) apps.push(await timerApp({ database, clock }));
      const [a, b] = apps as [TestApp, TestApp];
      const ticketIds: string[] = [];
      for (let i = 0; i < TICKETS; i++) {
        const app = i % 2 ? a : b;
        const ticketId = await openTicket(app, `Export fails #${i}`);
        await appendSla(app, ticketId, firstResponseClock(ticketId));
        ticketIds.push(ticketId);
      }
      for (const ticketId of ticketIds) await waitForTimerAt(a, ticketId, W75);

      const race = async (at: string) => {
        for (const clock of clocks) clock.set(at);
        const [first, second] = [pollerOf(a), pollerOf(b)];
        return Promise.all([
          first.runDueTimers(),
          second.runDueTimers(),
          first.runDueTimers(),
          second.runDueTimers(),
        ]);
      };
      const recorded = async (at: string): Promise<number> =>
        (await race(at)).reduce((sum, run) => sum + run.recorded, 0);

      expect(await recorded(W75)).toBe(TICKETS);
      expect(await recorded(W90)).toBe(TICKETS);
      expect(await recorded(DUE)).toBe(TICKETS);
      expect(await recorded('2026-03-02T12:00:00.000Z')).toBe(0);

      for (const ticketId of ticketIds) {
        expect(summaryOf(await timerEventsOf(a, ticketId))).toEqual([
          'SlaWarningRaised:0.75',
          'SlaWarningRaised:0.9',
          'SlaBreached',
        ]);
      }
    } finally {
      for (const app of apps) await app.close();
      await database.drop();
    }
  });
});

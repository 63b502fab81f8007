import type { SlaClockEvent, SlaPolicySnapshot } from '../sla-clock.events';
import { BERLIN_OFFICE, HOUR_S, policySnapshot } from '../testing/sla-clock-fixtures';
import { foldTicketSla, type TicketSlaState } from '../ticket-sla.state';
import { foldTicket, type Ticket } from '../../../tickets/ticket.state';
import { SYSTEM_ACTOR, type TicketEvent } from '../../../tickets/ticket.events';
import type { Priority } from '../../../tickets/ticket.values';
import { nextTimerAt } from '../ticket-sla.decider';
import { nextDueTimerAt } from './next-due-timer';
import { decideDueTimers, nextPriority, timerEventKey } from './sla-timers.decider';
import { timerEventId } from './sla-timer-ids';

const T = 't-1';
const OPENED = '2026-03-02T10:00:00.000Z';
/** 1 h first response on 24/7: warnings at 10:45 (75%) and 10:54 (90%), due 11:00. */
const W75 = '2026-03-02T10:45:00.000Z';
const W90 = '2026-03-02T10:54:00.000Z';
const DUE = '2026-03-02T11:00:00.000Z';

function ticket(
  overrides: { priority?: Priority; teamId?: string; level?: 1 | 2 | 3 } = {},
): Ticket {
  const events: TicketEvent[] = [
    {
      type: 'TicketOpened',
      data: {
        ticketId: T,
        channel: 'email',
        subject: 'Export fails',
        description: 'Since this morning.',
        customer: { id: 'c-1', name: 'Ada', email: null, phone: null, tier: 'standard' },
        type: 'problem',
        priority: overrides.priority ?? 'normal',
        tags: [],
        language: 'en',
        receivedAt: OPENED,
        openedAt: OPENED,
        followUpOf: null,
      },
    },
  ];
  const state = foldTicket(events);
  if (!state.exists) throw new Error('not opened');
  return {
    ...state,
    teamId: overrides.teamId ?? 'team-a',
    assigneeId: 'agent-1',
    level: overrides.level ?? 1,
  };
}

function clocks(
  policy: Partial<SlaPolicySnapshot> = {},
  later: SlaClockEvent[] = [],
): TicketSlaState {
  const snapshot = policySnapshot(policy);
  return foldTicketSla([
    {
      type: 'SlaPolicyApplied',
      data: {
        ...snapshot,
        ticketId: T,
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
        ticketId: T,
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
    ...later,
  ]);
}

const decideAt = (sla: TicketSlaState, now: string, t: Ticket = ticket()) =>
  decideDueTimers({ sla, ticket: t, now: new Date(now), actor: SYSTEM_ACTOR });

const typesOf = (steps: ReturnType<typeof decideAt>) =>
  steps.flatMap((step) => [
    ...step.events.map((event) => event.type),
    ...step.commands.map((command) => command.type),
  ]);

/** Folds what was decided into the clocks, as the stream would after the append. */
const after = (sla: TicketSlaState, steps: ReturnType<typeof decideAt>) =>
  foldTicketSla(
    steps.flatMap((step) => step.events),
    sla,
  );

describe('decideDueTimers', () => {
  it('records nothing before the first warning instant', () => {
    expect(decideAt(clocks(), '2026-03-02T10:44:59.999Z')).toEqual([]);
  });

  it('raises the 75% warning at its instant, with the instant and the recording time', () => {
    const steps = decideAt(clocks(), '2026-03-02T10:45:03.000Z');
    expect(steps.flatMap((step) => step.events)).toEqual([
      {
        type: 'SlaWarningRaised',
        data: {
          ticketId: T,
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          threshold: 0.75,
          policyId: 'standard',
          policyVersion: 1,
          dueAt: DUE,
          warnAt: W75,
          raisedAt: '2026-03-02T10:45:03.000Z',
        },
      },
    ]);
  });

  it('raises each warning once: given the 75% one raised, at 90% only the 90% one', () => {
    const sla = after(clocks(), decideAt(clocks(), W75));
    const steps = decideAt(sla, W90);
    expect(steps.flatMap((step) => step.events).map((e) => e.data)).toEqual([
      expect.objectContaining({ threshold: 0.9 }),
    ]);
    expect(decideAt(after(sla, steps), '2026-03-02T10:59:00.000Z')).toEqual([]);
  });

  it('at the due time records the breach with who holds the ticket, once', () => {
    let sla = clocks();
    sla = after(sla, decideAt(sla, W90));
    const steps = decideAt(sla, DUE, ticket({ priority: 'high', teamId: 'team-b' }));
    expect(steps.flatMap((step) => step.events)).toEqual([
      {
        type: 'SlaBreached',
        data: {
          ticketId: T,
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          policyId: 'standard',
          policyVersion: 1,
          dueAt: DUE,
          breachedAt: DUE,
          recordedAt: DUE,
          teamId: 'team-b',
          assigneeId: 'agent-1',
          priority: 'high',
          nextDueAt: DUE,
        },
      },
    ]);
    expect(decideAt(after(sla, steps), '2026-03-02T12:00:00.000Z')).toEqual([]);
  });

  it('a timer that runs late records every missed warning and the breach in order', () => {
    expect(typesOf(decideAt(clocks(), '2026-03-02T13:00:00.000Z'))).toEqual([
      'SlaWarningRaised',
      'SlaWarningRaised',
      'SlaBreached',
    ]);
  });

  it('a paused cycle records nothing, however late', () => {
    const paused = clocks({}, [
      {
        type: 'SlaCyclePaused',
        data: {
          ticketId: T,
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          status: 'pending',
          pausedAt: '2026-03-02T10:30:00.000Z',
          remainingSeconds: 1800,
          nextDueAt: null,
        },
      },
    ]);
    expect(decideAt(paused, '2026-03-09T10:00:00.000Z')).toEqual([]);
    expect(nextDueTimerAt(paused)).toBeNull();
  });

  it('an ended cycle records nothing', () => {
    const completed = clocks({}, [
      {
        type: 'SlaCycleCompleted',
        data: {
          ticketId: T,
          cycleId: 'firstResponse-1',
          target: 'firstResponse',
          outcome: 'achieved',
          startedAt: OPENED,
          dueAt: DUE,
          completedAt: '2026-03-02T10:20:00.000Z',
          businessSeconds: 1200,
          calendarSeconds: 1200,
          nextDueAt: null,
        },
      },
    ]);
    expect(decideAt(completed, '2026-03-03T10:00:00.000Z')).toEqual([]);
  });

  describe('escalation ladder', () => {
    const ladder: Partial<SlaPolicySnapshot> = {
      escalation: [
        {
          at: 'warning',
          threshold: 0.75,
          targets: ['firstResponse'],
          actions: [{ type: 'raise_priority' }, { type: 'notify', message: 'Hurry' }],
        },
        {
          at: 'breach',
          targets: ['firstResponse'],
          actions: [{ type: 'escalate_level', level: 2 }],
        },
        {
          at: 'after_breach',
          delay: 'PT30M',
          targets: ['firstResponse'],
          actions: [{ type: 'reassign_team', teamId: 'team-escalations' }],
        },
        { at: 'breach', targets: ['resolution'], actions: [{ type: 'notify', message: null }] },
      ],
    };

    it('at the warning: the warning, the step, its notification, then a raise by one priority', () => {
      const steps = decideAt(clocks(ladder), W75);
      expect(steps.map((step) => step.events.map((event) => event.type))).toEqual([
        ['SlaWarningRaised'],
        ['SlaEscalationStepTaken', 'SlaEscalationNotified'],
      ]);
      expect(steps[1]?.events[0]?.data).toEqual(
        expect.objectContaining({ stepIndex: 0, trigger: 'warning', threshold: 0.75, delay: null }),
      );
      expect(steps[1]?.events[1]?.data).toEqual(
        expect.objectContaining({ stepIndex: 0, message: 'Hurry', teamId: 'team-a', dueAt: DUE }),
      );
      expect(steps[1]?.commands).toEqual([
        {
          type: 'ReprioritiseTicket',
          data: { ticketId: T, priority: 'high', reason: expect.stringContaining('75%') },
          metadata: { actor: SYSTEM_ACTOR, now: new Date(W75) },
        },
      ]);
    });

    it('takes each step once per cycle', () => {
      let sla = clocks(ladder);
      sla = after(sla, decideAt(sla, W75));
      expect(typesOf(decideAt(sla, W90))).toEqual(['SlaWarningRaised']);
    });

    it('raises no priority above urgent', () => {
      const steps = decideAt(clocks(ladder), W75, ticket({ priority: 'urgent' }));
      expect(steps.flatMap((step) => step.commands)).toEqual([]);
      expect(nextPriority('urgent')).toBeUndefined();
      expect(nextPriority('low')).toBe('normal');
    });

    it('at breach escalates the level, only when higher than the current one', () => {
      let sla = clocks(ladder);
      sla = after(sla, decideAt(sla, W90));
      const steps = decideAt(sla, DUE);
      expect(typesOf(steps)).toEqual(['SlaBreached', 'SlaEscalationStepTaken', 'EscalateTicket']);
      expect(steps[1]?.commands[0]?.data).toEqual(
        expect.objectContaining({ ticketId: T, level: 2 }),
      );
      const atLevel3 = decideAt(sla, DUE, ticket({ level: 3 }));
      expect(typesOf(atLevel3)).toEqual(['SlaBreached', 'SlaEscalationStepTaken']);
    });

    it('after breach + delay reassigns the team, as the directory knows it', () => {
      let sla = clocks(ladder);
      sla = after(sla, decideAt(sla, DUE));
      expect(decideAt(sla, '2026-03-02T11:29:59.000Z')).toEqual([]);
      expect(nextDueTimerAt(sla)).toEqual(new Date('2026-03-02T11:30:00.000Z'));
      const steps = decideDueTimers({
        sla,
        ticket: ticket(),
        now: new Date('2026-03-02T11:30:00.000Z'),
        actor: SYSTEM_ACTOR,
        teams: new Map([['team-escalations', 'active']]),
      });
      expect(steps.flatMap((step) => step.commands)).toEqual([
        expect.objectContaining({
          type: 'AssignTicket',
          data: { ticketId: T, team: { id: 'team-escalations', status: 'active' } },
        }),
      ]);
    });

    it('after_breach delays count business time: a breach at closing waits for the next opening', () => {
      // Berlin office: Monday 2026-03-02 16:00 local (15:00Z) start, 1 h target → due 17:00 local.
      const start = '2026-03-02T15:00:00.000Z';
      const due = '2026-03-02T16:00:00.000Z';
      const sla = foldTicketSla([
        {
          type: 'SlaPolicyApplied',
          data: {
            ...policySnapshot({ ...ladder, calendar: BERLIN_OFFICE }),
            ticketId: T,
            priority: 'normal',
            reason: 'opened',
            previousPolicyId: null,
            previousPolicyVersion: null,
            cycles: [],
            nextDueAt: null,
            appliedAt: start,
          },
        },
        {
          type: 'SlaCycleStarted',
          data: {
            ticketId: T,
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            policyId: 'standard',
            policyVersion: 1,
            targetSeconds: HOUR_S,
            startedAt: start,
            dueAt: due,
            warningsAt: [],
            nextDueAt: due,
          },
        },
      ]);
      const breached = after(sla, decideAt(sla, due));
      // 30 business minutes after 17:00 Monday: Tuesday 09:30 local = 08:30Z.
      expect(nextDueTimerAt(breached)).toEqual(new Date('2026-03-03T08:30:00.000Z'));
      expect(decideAt(breached, '2026-03-03T08:29:59.000Z')).toEqual([]);
      expect(typesOf(decideAt(breached, '2026-03-03T08:30:00.000Z'))).toEqual([
        'SlaEscalationStepTaken',
        'AssignTicket',
      ]);
    });
  });

  describe('nextDueTimerAt agrees with the decider', () => {
    it('is the next warning, then the due time, then nothing', () => {
      let sla = clocks();
      expect(nextDueTimerAt(sla)).toEqual(new Date(W75));
      sla = after(sla, decideAt(sla, W75));
      expect(nextDueTimerAt(sla)).toEqual(new Date(W90));
      sla = after(sla, decideAt(sla, W90));
      expect(nextDueTimerAt(sla)).toEqual(new Date(DUE));
      sla = after(sla, decideAt(sla, DUE));
      expect(nextDueTimerAt(sla)).toBeNull();
    });

    it('matches the clocks’ nextTimerAt wherever that one knows the answer', () => {
      let sla = clocks();
      for (const at of [W75, W90, DUE]) {
        expect(nextDueTimerAt(sla)?.toISOString() ?? null).toBe(nextTimerAt(sla));
        sla = after(sla, decideAt(sla, at));
      }
      expect(nextTimerAt(sla)).toBeNull();
    });
  });

  describe('deterministic ids', () => {
    it('derive a uuid from the ticket, cycle, kind and threshold or step', () => {
      const [warning] = decideAt(clocks(), W75).flatMap((step) => step.events);
      if (!warning) throw new Error('no warning');
      const key = timerEventKey(warning);
      expect(key).toBe('sla-timer:t-1:firstResponse-1:warning:0.75');
      expect(timerEventId(key ?? '')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(timerEventId(key ?? '')).toBe(
        timerEventId('sla-timer:t-1:firstResponse-1:warning:0.75'),
      );
      expect(timerEventId(key ?? '')).not.toBe(
        timerEventId('sla-timer:t-1:firstResponse-1:warning:0.9'),
      );
    });
  });
});

import type { SlaClockEvent } from './sla-clock.events';
import { policySnapshot } from './testing/sla-clock-fixtures';
import { foldTicketSla, findCycle, runningCycles } from './ticket-sla.state';

const T = 't-1';
const applied = (cycles: SlaClockEvent[] = []): SlaClockEvent[] => [
  {
    type: 'SlaPolicyApplied',
    data: {
      ...policySnapshot(),
      ticketId: T,
      priority: 'normal',
      reason: 'opened',
      previousPolicyId: null,
      previousPolicyVersion: null,
      cycles: [],
      nextDueAt: null,
      appliedAt: '2026-03-02T10:00:00.000Z',
    },
  },
  ...cycles,
];

const started = (
  cycleId: string,
  target: 'firstResponse' | 'nextResponse' | 'resolution',
  startedAt: string,
  dueAt: string | null,
): SlaClockEvent => ({
  type: 'SlaCycleStarted',
  data: {
    ticketId: T,
    cycleId,
    target,
    policyId: 'standard',
    policyVersion: 1,
    targetSeconds: 3600,
    startedAt,
    dueAt,
    warningsAt: dueAt ? [{ threshold: 0.75, at: '2026-03-02T10:45:00.000Z' }] : [],
    nextDueAt: dueAt,
  },
});

describe('ticket SLA fold', () => {
  it('given no SLA events, then there is no policy and no cycle', () => {
    const state = foldTicketSla([{ type: 'TicketOpened', data: {} }]);
    expect(state).toEqual({ policy: null, cycles: [], nextDueAt: null });
  });

  it('given a policy applied and a cycle started, then the cycle runs with its due time', () => {
    const state = foldTicketSla([
      { type: 'TicketOpened', data: {} },
      ...applied([
        started(
          'firstResponse-1',
          'firstResponse',
          '2026-03-02T10:00:00.000Z',
          '2026-03-02T11:00:00.000Z',
        ),
      ]),
    ]);
    expect(state.policy).toMatchObject({ policyId: 'standard', priority: 'normal' });
    expect(state.nextDueAt).toBe('2026-03-02T11:00:00.000Z');
    expect(findCycle(state, 'firstResponse-1')).toMatchObject({
      dueAt: '2026-03-02T11:00:00.000Z',
      pausedAt: null,
      outcome: null,
      warningsAt: [{ threshold: 0.75, at: '2026-03-02T10:45:00.000Z' }],
    });
  });

  it('when a cycle pauses then resumes, then the closed pause is kept and due time replaced', () => {
    const state = foldTicketSla(
      applied([
        started(
          'resolution-1',
          'resolution',
          '2026-03-02T10:00:00.000Z',
          '2026-03-02T18:00:00.000Z',
        ),
        {
          type: 'SlaCyclePaused',
          data: {
            ticketId: T,
            cycleId: 'resolution-1',
            target: 'resolution',
            status: 'pending',
            pausedAt: '2026-03-02T11:00:00.000Z',
            remainingSeconds: 7 * 3600,
            nextDueAt: null,
          },
        },
      ]),
    );
    expect(findCycle(state, 'resolution-1')).toMatchObject({
      pausedAt: '2026-03-02T11:00:00.000Z',
      dueAt: null,
      warningsAt: [],
    });
    const resumed = foldTicketSla(
      [
        {
          type: 'SlaCycleResumed',
          data: {
            ticketId: T,
            cycleId: 'resolution-1',
            target: 'resolution',
            resumedAt: '2026-03-02T12:00:00.000Z',
            pausedAt: '2026-03-02T11:00:00.000Z',
            dueAt: '2026-03-02T19:00:00.000Z',
            warningsAt: [],
            nextDueAt: '2026-03-02T19:00:00.000Z',
          },
        },
      ],
      state,
    );
    expect(findCycle(resumed, 'resolution-1')).toMatchObject({
      pausedAt: null,
      pausedIntervals: [{ from: '2026-03-02T11:00:00.000Z', to: '2026-03-02T12:00:00.000Z' }],
      dueAt: '2026-03-02T19:00:00.000Z',
    });
    expect(resumed.nextDueAt).toBe('2026-03-02T19:00:00.000Z');
  });

  it('when warnings, breach and a step are recorded, then they show on the cycle once', () => {
    const events = applied([
      started(
        'firstResponse-1',
        'firstResponse',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T11:00:00.000Z',
      ),
    ]);
    const warning: SlaClockEvent = {
      type: 'SlaWarningRaised',
      data: {
        ticketId: T,
        cycleId: 'firstResponse-1',
        target: 'firstResponse',
        threshold: 0.75,
        policyId: 'standard',
        policyVersion: 1,
        dueAt: '2026-03-02T11:00:00.000Z',
        warnAt: '2026-03-02T10:45:00.000Z',
        raisedAt: '2026-03-02T10:45:01.000Z',
      },
    };
    const breach: SlaClockEvent = {
      type: 'SlaBreached',
      data: {
        ticketId: T,
        cycleId: 'firstResponse-1',
        target: 'firstResponse',
        policyId: 'standard',
        policyVersion: 1,
        dueAt: '2026-03-02T11:00:00.000Z',
        breachedAt: '2026-03-02T11:00:00.000Z',
        recordedAt: '2026-03-02T11:00:02.000Z',
        teamId: null,
        assigneeId: null,
        priority: 'normal',
        nextDueAt: '2026-03-02T11:00:00.000Z',
      },
    };
    const step: SlaClockEvent = {
      type: 'SlaEscalationStepTaken',
      data: {
        ticketId: T,
        cycleId: 'firstResponse-1',
        target: 'firstResponse',
        stepIndex: 0,
        trigger: 'breach',
        threshold: null,
        delay: null,
        actions: [],
        policyId: 'standard',
        policyVersion: 1,
        takenAt: '2026-03-02T11:00:02.000Z',
      },
    };
    const state = foldTicketSla([...events, warning, warning, breach, step, step]);
    expect(findCycle(state, 'firstResponse-1')).toMatchObject({
      warningsAt: [],
      warningsRaised: [0.75],
      breachedAt: '2026-03-02T11:00:00.000Z',
      stepsTaken: [0],
      endedAt: null,
    });
  });

  it('when a cycle completes late, then it is breached at its due time and no longer running', () => {
    const state = foldTicketSla(
      applied([
        started(
          'firstResponse-1',
          'firstResponse',
          '2026-03-02T10:00:00.000Z',
          '2026-03-02T11:00:00.000Z',
        ),
        {
          type: 'SlaCycleCompleted',
          data: {
            ticketId: T,
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            outcome: 'breached',
            startedAt: '2026-03-02T10:00:00.000Z',
            dueAt: '2026-03-02T11:00:00.000Z',
            completedAt: '2026-03-02T11:30:00.000Z',
            businessSeconds: 5400,
            calendarSeconds: 5400,
            nextDueAt: null,
          },
        },
      ]),
    );
    expect(findCycle(state, 'firstResponse-1')).toMatchObject({
      outcome: 'breached',
      breachedAt: '2026-03-02T11:00:00.000Z',
      endedAt: '2026-03-02T11:30:00.000Z',
      businessSeconds: 5400,
    });
    expect(runningCycles(state)).toEqual([]);
  });

  it('when a paused cycle is cancelled, then its open pause is closed at the cancellation', () => {
    const state = foldTicketSla(
      applied([
        started('resolution-1', 'resolution', '2026-03-02T10:00:00.000Z', null),
        {
          type: 'SlaCycleCancelled',
          data: {
            ticketId: T,
            cycleId: 'resolution-1',
            target: 'resolution',
            reason: 'closed',
            cancelledAt: '2026-03-02T12:00:00.000Z',
            nextDueAt: null,
          },
        },
      ]),
    );
    expect(findCycle(state, 'resolution-1')).toMatchObject({
      outcome: 'cancelled',
      cancelReason: 'closed',
      pausedAt: null,
      pausedIntervals: [{ from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T12:00:00.000Z' }],
    });
  });

  it('when the policy is removed, then the policy is gone and the listed cycles are cancelled', () => {
    const state = foldTicketSla(
      applied([
        started(
          'resolution-1',
          'resolution',
          '2026-03-02T10:00:00.000Z',
          '2026-03-02T18:00:00.000Z',
        ),
        {
          type: 'SlaPolicyRemoved',
          data: {
            ticketId: T,
            previousPolicyId: 'standard',
            previousPolicyVersion: 1,
            cancelledCycleIds: ['resolution-1'],
            nextDueAt: null,
            removedAt: '2026-03-02T12:00:00.000Z',
          },
        },
      ]),
    );
    expect(state.policy).toBeNull();
    expect(state.nextDueAt).toBeNull();
    expect(findCycle(state, 'resolution-1')).toMatchObject({
      outcome: 'cancelled',
      cancelReason: 'policy_removed',
    });
  });

  it('when a policy is re-applied, then running cycles take the new due time and ended ones do not change', () => {
    const base = foldTicketSla(
      applied([
        started(
          'firstResponse-1',
          'firstResponse',
          '2026-03-02T10:00:00.000Z',
          '2026-03-02T11:00:00.000Z',
        ),
        started(
          'resolution-1',
          'resolution',
          '2026-03-02T10:00:00.000Z',
          '2026-03-02T18:00:00.000Z',
        ),
        {
          type: 'SlaCycleCompleted',
          data: {
            ticketId: T,
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            outcome: 'achieved',
            startedAt: '2026-03-02T10:00:00.000Z',
            dueAt: '2026-03-02T11:00:00.000Z',
            completedAt: '2026-03-02T10:30:00.000Z',
            businessSeconds: 1800,
            calendarSeconds: 1800,
            nextDueAt: '2026-03-02T18:00:00.000Z',
          },
        },
      ]),
    );
    const state = foldTicketSla(
      [
        {
          type: 'SlaPolicyApplied',
          data: {
            ...policySnapshot({
              policyVersion: 2,
              targets: { firstResponse: 600, resolution: 4 * 3600 },
            }),
            ticketId: T,
            priority: 'high',
            reason: 'ticket_changed',
            previousPolicyId: 'standard',
            previousPolicyVersion: 1,
            cycles: [
              {
                cycleId: 'firstResponse-1',
                target: 'firstResponse',
                startedAt: '2026-03-02T10:00:00.000Z',
                dueAt: '2026-03-02T10:10:00.000Z',
                pausedAt: null,
                warningsAt: [],
              },
              {
                cycleId: 'resolution-1',
                target: 'resolution',
                startedAt: '2026-03-02T10:00:00.000Z',
                dueAt: '2026-03-02T14:00:00.000Z',
                pausedAt: null,
                warningsAt: [],
              },
            ],
            nextDueAt: '2026-03-02T14:00:00.000Z',
            appliedAt: '2026-03-02T11:00:00.000Z',
          },
        },
      ],
      base,
    );
    expect(state.policy).toMatchObject({ policyVersion: 2, priority: 'high' });
    expect(findCycle(state, 'firstResponse-1')).toMatchObject({
      dueAt: '2026-03-02T11:00:00.000Z',
      targetSeconds: 3600,
      policyVersion: 1,
    });
    expect(findCycle(state, 'resolution-1')).toMatchObject({
      dueAt: '2026-03-02T14:00:00.000Z',
      targetSeconds: 4 * 3600,
      policyVersion: 2,
    });
  });
});

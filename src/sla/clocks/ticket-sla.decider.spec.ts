import type { SlaClockEvent } from './sla-clock.events';
import { BERLIN_OFFICE, matchOf } from './testing/sla-clock-fixtures';
import { given } from './testing/sla-decider-harness';
import { ticket } from './testing/ticket-event-builders';
import { changesFacts, describeCycles, nextTimerAt, pendingTimers } from './ticket-sla.decider';
import { findCycle } from './ticket-sla.state';

const STANDARD = matchOf({
  targets: {
    normal: { firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'PT8H' },
    urgent: { firstResponse: 'PT15M', resolution: 'PT4H' },
  },
});
const at = (time: string): string => `2026-03-02T${time}:00.000Z`;
const OPENED = ticket.opened(at('10:00'), { receivedAt: at('09:50') });
const openedWithPolicy = { events: [OPENED], match: STANDARD };

const types = (events: readonly SlaClockEvent[]): string[] =>
  events.map((e) => `${e.type}${'cycleId' in e.data ? ` ${e.data.cycleId}` : ''}`);

describe('SLA clocks decider', () => {
  describe('opening', () => {
    it('given a matching policy, when the ticket opens, then it is applied and first response and resolution start', () => {
      const events = given().when(openedWithPolicy);
      expect(types(events)).toEqual([
        'SlaPolicyApplied',
        'SlaCycleStarted firstResponse-1',
        'SlaCycleStarted resolution-1',
      ]);
      expect(events[0].data).toMatchObject({
        ticketId: 't-1',
        policyId: 'standard',
        policyVersion: 1,
        calendarId: 'cal',
        calendarVersion: 1,
        priority: 'normal',
        reason: 'opened',
        previousPolicyId: null,
        targets: { firstResponse: 3600, nextResponse: 7200, resolution: 28800 },
        pauses: { pending: ['resolution'], on_hold: ['resolution'] },
        cycles: [],
        nextDueAt: null,
        appliedAt: at('10:00'),
      });
      expect(events[1].data).toEqual({
        ticketId: 't-1',
        cycleId: 'firstResponse-1',
        target: 'firstResponse',
        policyId: 'standard',
        policyVersion: 1,
        targetSeconds: 3600,
        startedAt: at('09:50'),
        dueAt: at('10:50'),
        warningsAt: [
          { threshold: 0.75, at: at('10:35') },
          { threshold: 0.9, at: at('10:44') },
        ],
        nextDueAt: at('10:50'),
      });
      expect(events[2].data).toMatchObject({
        cycleId: 'resolution-1',
        startedAt: at('10:00'),
        dueAt: at('18:00'),
        nextDueAt: at('10:50'),
      });
    });

    it('given no matching policy (or no lookup), when the ticket opens, then nothing is measured', () => {
      expect(given().when({ events: [OPENED], match: null })).toEqual([]);
      expect(given().when({ events: [OPENED] })).toEqual([]);
    });

    it('given a policy without a first-response target for the priority, then only resolution starts', () => {
      const match = matchOf({ targets: { normal: { resolution: 'PT8H' } } });
      expect(types(given().when({ events: [OPENED], match }))).toEqual([
        'SlaPolicyApplied',
        'SlaCycleStarted resolution-1',
      ]);
    });

    it('given office hours in Berlin, when a ticket opens on the Friday before the DST change, then due times skip the weekend and the lost hour', () => {
      const match = matchOf(
        { targets: { normal: { firstResponse: 'PT2H', resolution: 'PT8H' } } },
        BERLIN_OFFICE,
      );
      // Friday 16:00 CET; Monday is CEST (UTC+2).
      const events = given().when({ events: [ticket.opened('2026-03-27T15:00:00.000Z')], match });
      expect(events[1].data).toMatchObject({ dueAt: '2026-03-30T08:00:00.000Z' });
      expect(events[2].data).toMatchObject({ dueAt: '2026-03-30T14:00:00.000Z' });
    });

    it('given a holiday in the calendar, when a ticket opens the day before, then the holiday does not count', () => {
      const match = matchOf({ targets: { normal: { firstResponse: 'PT2H' } } }, BERLIN_OFFICE);
      // Thursday 16:00 CEST; Friday 2026-04-03 is a holiday.
      const events = given().when({ events: [ticket.opened('2026-04-02T14:00:00.000Z')], match });
      expect(events[1].data).toMatchObject({
        dueAt: '2026-04-06T08:00:00.000Z',
        warningsAt: [
          { threshold: 0.75, at: '2026-04-06T07:30:00.000Z' },
          { threshold: 0.9, at: '2026-04-06T07:48:00.000Z' },
        ],
      });
    });
  });

  describe('replies', () => {
    it('when a human agent replies in time, then first response is achieved', () => {
      const events = given(openedWithPolicy).when(ticket.replied('agent', at('10:30')));
      expect(events).toEqual([
        {
          type: 'SlaCycleCompleted',
          data: {
            ticketId: 't-1',
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            outcome: 'achieved',
            startedAt: at('09:50'),
            dueAt: at('10:50'),
            completedAt: at('10:30'),
            businessSeconds: 2400,
            calendarSeconds: 2400,
            nextDueAt: at('18:00'),
          },
        },
      ]);
    });

    it('when the agent replies after the due time, then first response is breached', () => {
      const [event] = given(openedWithPolicy).when(ticket.replied('agent', at('11:00')));
      expect(event.data).toMatchObject({ outcome: 'breached', businessSeconds: 4200 });
    });

    it('when an automated reply or an internal note is added, then no clock changes', () => {
      const ticketWithPolicy = given(openedWithPolicy);
      expect(ticketWithPolicy.when(ticket.replied('automated', at('10:01')))).toEqual([]);
      expect(ticketWithPolicy.when(ticket.note(at('10:02')))).toEqual([]);
    });

    it('when the customer writes after an agent reply, then a next response cycle starts at the message', () => {
      const events = given(openedWithPolicy, ticket.replied('agent', at('10:30'))).when(
        ticket.replied('customer', at('11:00')),
      );
      expect(events).toEqual([
        {
          type: 'SlaCycleStarted',
          data: {
            ticketId: 't-1',
            cycleId: 'nextResponse-1',
            target: 'nextResponse',
            policyId: 'standard',
            policyVersion: 1,
            targetSeconds: 7200,
            startedAt: at('11:00'),
            dueAt: at('13:00'),
            warningsAt: [
              { threshold: 0.75, at: at('12:30') },
              { threshold: 0.9, at: at('12:48') },
            ],
            nextDueAt: at('13:00'),
          },
        },
      ]);
    });

    it('when the customer writes before any agent reply, or while a next response runs, then nothing starts', () => {
      expect(given(openedWithPolicy).when(ticket.replied('customer', at('10:10')))).toEqual([]);
      const awaiting = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.replied('customer', at('11:00')),
      );
      expect(awaiting.when(ticket.replied('customer', at('11:10')))).toEqual([]);
    });

    it('when the agent answers the customer, then the next response cycle completes', () => {
      const events = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.replied('customer', at('11:00')),
      ).when(ticket.replied('agent', at('12:00')));
      expect(types(events)).toEqual(['SlaCycleCompleted nextResponse-1']);
      expect(events[0].data).toMatchObject({ outcome: 'achieved', businessSeconds: 3600 });
    });

    it('when the customer answers a pending ticket, then resolution resumes and next response starts running', () => {
      const events = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.pending(at('11:00')),
      ).when({
        events: [
          ticket.replied('customer', at('12:00')),
          {
            type: 'TicketResumed',
            data: {
              ticketId: 't-1',
              previousStatus: 'pending',
              trigger: 'customer_reply',
              resumedAt: at('12:00'),
            },
          },
        ],
      });
      expect(types(events)).toEqual([
        'SlaCycleResumed resolution-1',
        'SlaCycleStarted nextResponse-1',
      ]);
      expect(events[0].data).toMatchObject({ dueAt: at('19:00'), nextDueAt: at('19:00') });
      expect(events[1].data).toMatchObject({ dueAt: at('14:00'), nextDueAt: at('14:00') });
    });
  });

  describe('pauses', () => {
    it('when the ticket is marked pending, then resolution pauses with what is left and first response runs on', () => {
      const events = given(openedWithPolicy).when(ticket.pending(at('11:00')));
      expect(events).toEqual([
        {
          type: 'SlaCyclePaused',
          data: {
            ticketId: 't-1',
            cycleId: 'resolution-1',
            target: 'resolution',
            status: 'pending',
            pausedAt: at('11:00'),
            remainingSeconds: 25200,
            nextDueAt: at('10:50'),
          },
        },
      ]);
    });

    it('when the ticket resumes, then the due time and warnings move by the pause', () => {
      const events = given(openedWithPolicy, ticket.pending(at('11:00'))).when(
        ticket.resumed(at('13:00')),
      );
      expect(events).toEqual([
        {
          type: 'SlaCycleResumed',
          data: {
            ticketId: 't-1',
            cycleId: 'resolution-1',
            target: 'resolution',
            resumedAt: at('13:00'),
            pausedAt: at('11:00'),
            dueAt: at('20:00'),
            warningsAt: [
              { threshold: 0.75, at: at('18:00') },
              { threshold: 0.9, at: at('19:12') },
            ],
            nextDueAt: at('10:50'),
          },
        },
      ]);
    });

    it('when pending becomes on hold, then only the cycles on hold pauses stay paused', () => {
      const match = matchOf({
        targets: { normal: { firstResponse: 'PT1H', resolution: 'PT8H' } },
        pauses: { pending: ['firstResponse', 'resolution'], on_hold: ['resolution'] },
      });
      const pended = given({ events: [OPENED], match }).then(ticket.pending(at('10:20')));
      expect(types(pended.history.slice(-2))).toEqual([
        'SlaCyclePaused firstResponse-1',
        'SlaCyclePaused resolution-1',
      ]);
      const events = pended.when(ticket.onHold(at('10:40'), 'pending'));
      expect(events).toEqual([
        {
          type: 'SlaCycleResumed',
          data: {
            ticketId: 't-1',
            cycleId: 'firstResponse-1',
            target: 'firstResponse',
            resumedAt: at('10:40'),
            pausedAt: at('10:20'),
            dueAt: at('11:10'),
            warningsAt: [
              { threshold: 0.75, at: at('10:55') },
              { threshold: 0.9, at: at('11:04') },
            ],
            nextDueAt: at('11:10'),
          },
        },
      ]);
    });
    it('when the customer writes on hold and on hold pauses next response, then the cycle starts paused', () => {
      const match = matchOf({
        targets: { normal: { nextResponse: 'PT2H', resolution: 'PT8H' } },
        pauses: { on_hold: ['nextResponse', 'resolution'] },
      });
      const events = given(
        { events: [OPENED], match },
        ticket.replied('agent', at('10:30')),
        ticket.onHold(at('11:00')),
      ).when(ticket.replied('customer', at('12:00')));
      expect(events).toEqual([
        {
          type: 'SlaCycleStarted',
          data: expect.objectContaining({
            cycleId: 'nextResponse-1',
            startedAt: at('12:00'),
            dueAt: null,
            warningsAt: [],
            nextDueAt: null,
          }) as unknown,
        },
      ]);
    });

    it('given office hours, when a ticket waits pending over a weekend, then only the business time of the pause moves the due time', () => {
      const match = matchOf({ targets: { normal: { resolution: 'PT4H' } } }, BERLIN_OFFICE);
      // Opened Friday 2026-03-06 15:00 CET; pending 16:00 CET to Monday 10:00 CET.
      const events = given(
        { events: [ticket.opened('2026-03-06T14:00:00.000Z')], match },
        ticket.pending('2026-03-06T15:00:00.000Z'),
      ).when(ticket.resumed('2026-03-09T09:00:00.000Z'));
      // 1 h used on Friday, 3 h left from Monday 10:00 CET → 13:00 CET.
      expect(events[0].data).toMatchObject({ dueAt: '2026-03-09T12:00:00.000Z' });
    });
  });

  describe('solve, reopen, close, merge', () => {
    it('when the ticket is solved, then resolution completes and a running next response is cancelled', () => {
      const events = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.replied('customer', at('11:00')),
      ).when(ticket.solved(at('12:00')));
      expect(types(events)).toEqual([
        'SlaCycleCompleted resolution-1',
        'SlaCycleCancelled nextResponse-1',
      ]);
      expect(events[0].data).toMatchObject({
        outcome: 'achieved',
        businessSeconds: 7200,
        nextDueAt: at('13:00'),
      });
      expect(events[1].data).toMatchObject({ reason: 'solved', nextDueAt: null });
    });

    it('when a pending ticket is solved, then resolution is measured without the pause', () => {
      const events = given(openedWithPolicy, ticket.pending(at('11:00'))).when(
        ticket.solved(at('12:00')),
      );
      expect(types(events)).toEqual([
        'SlaCycleCancelled firstResponse-1',
        'SlaCycleCompleted resolution-1',
      ]);
      expect(events[1].data).toMatchObject({
        outcome: 'achieved',
        dueAt: at('19:00'),
        businessSeconds: 3600,
        calendarSeconds: 7200,
      });
    });

    it('when a solved ticket is reopened, then a new resolution cycle starts with the full target', () => {
      const events = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.solved(at('12:00')),
      ).when(ticket.reopened(at('13:00')));
      expect(events).toEqual([
        {
          type: 'SlaCycleStarted',
          data: expect.objectContaining({
            cycleId: 'resolution-2',
            startedAt: at('13:00'),
            dueAt: at('21:00'),
            nextDueAt: at('21:00'),
          }) as unknown,
        },
      ]);
    });

    it('when the ticket is closed or merged, then every running cycle is cancelled', () => {
      const open = given(openedWithPolicy);
      const closed = open.when(ticket.closed(at('11:00')));
      expect(types(closed)).toEqual([
        'SlaCycleCancelled firstResponse-1',
        'SlaCycleCancelled resolution-1',
      ]);
      expect(closed.map((e) => ('reason' in e.data ? e.data.reason : null))).toEqual([
        'closed',
        'closed',
      ]);
      const merged = open.when(ticket.merged(at('11:00')));
      expect(merged.map((e) => ('reason' in e.data ? e.data.reason : null))).toEqual([
        'merged',
        'merged',
      ]);
      expect(merged.at(-1)?.data).toMatchObject({ nextDueAt: null });
    });
  });

  describe('re-application', () => {
    it('when the priority changes, then the policy is re-applied with the new targets from the same starts', () => {
      const events = given(openedWithPolicy).when({
        events: [ticket.reprioritised(at('10:10'), 'urgent', 'normal')],
        match: STANDARD,
      });
      expect(events).toEqual([
        {
          type: 'SlaPolicyApplied',
          data: expect.objectContaining({
            priority: 'urgent',
            reason: 'ticket_changed',
            previousPolicyId: 'standard',
            previousPolicyVersion: 1,
            targets: { firstResponse: 900, resolution: 14400 },
            cycles: [
              {
                cycleId: 'firstResponse-1',
                target: 'firstResponse',
                startedAt: at('09:50'),
                dueAt: at('10:05'),
                pausedAt: null,
                warningsAt: [
                  { threshold: 0.75, at: '2026-03-02T10:01:15.000Z' },
                  { threshold: 0.9, at: '2026-03-02T10:03:30.000Z' },
                ],
              },
              {
                cycleId: 'resolution-1',
                target: 'resolution',
                startedAt: at('10:00'),
                dueAt: at('14:00'),
                pausedAt: null,
                warningsAt: [
                  { threshold: 0.75, at: at('13:00') },
                  { threshold: 0.9, at: at('13:36') },
                ],
              },
            ],
            nextDueAt: at('10:05'),
            appliedAt: at('10:10'),
          }) as unknown,
        },
      ]);
    });

    it('when facts change but the match is the same, then nothing is recorded', () => {
      const events = given(openedWithPolicy).when({
        events: [ticket.classified(at('10:10'), ['printer'])],
        match: STANDARD,
      });
      expect(events).toEqual([]);
    });

    it('when the policy’s calendar changed since, then re-evaluation applies the new calendar version', () => {
      const calendarV2 = matchOf({ targets: STANDARD.policy.definition.targets }, BERLIN_OFFICE, {
        calendarVersion: 2,
      });
      const events = given(openedWithPolicy).when({
        events: [ticket.classified(at('10:10'), ['printer'])],
        match: calendarV2,
      });
      expect(types(events)).toEqual(['SlaPolicyApplied']);
      // Resolution from Monday 11:00 CET: 6 business hours that day, 2 on Tuesday → 11:00 CET.
      expect(events[0].data).toMatchObject({
        calendarVersion: 2,
        cycles: [
          { cycleId: 'firstResponse-1', dueAt: at('10:50') },
          { cycleId: 'resolution-1', dueAt: '2026-03-03T10:00:00.000Z' },
        ],
      });
    });

    it('when a new policy version matches, then it is applied even with the same targets', () => {
      const v2 = matchOf({ targets: STANDARD.policy.definition.targets }, undefined, {
        policyVersion: 2,
      });
      const events = given(openedWithPolicy).when({
        events: [ticket.classified(at('10:10'), ['printer'])],
        match: v2,
      });
      expect(types(events)).toEqual(['SlaPolicyApplied']);
      expect(events[0].data).toMatchObject({ policyVersion: 2, previousPolicyVersion: 1 });
    });

    it('when the new targets lack a running cycle’s target, then that cycle is cancelled', () => {
      const events = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.replied('customer', at('11:00')),
      ).when({ events: [ticket.reprioritised(at('11:30'), 'urgent', 'normal')], match: STANDARD });
      expect(types(events)).toEqual(['SlaPolicyApplied', 'SlaCycleCancelled nextResponse-1']);
      expect(events[1].data).toMatchObject({ reason: 'target_removed' });
    });

    it('when no policy matches any more, then the policy is removed and running cycles cancelled', () => {
      const events = given(openedWithPolicy).when({
        events: [ticket.classified(at('10:10'), ['spam'])],
        match: null,
      });
      expect(types(events)).toEqual([
        'SlaPolicyRemoved',
        'SlaCycleCancelled firstResponse-1',
        'SlaCycleCancelled resolution-1',
      ]);
      expect(events[0].data).toEqual({
        ticketId: 't-1',
        previousPolicyId: 'standard',
        previousPolicyVersion: 1,
        cancelledCycleIds: ['firstResponse-1', 'resolution-1'],
        nextDueAt: null,
        removedAt: at('10:10'),
      });
      expect(events[2].data).toMatchObject({ reason: 'policy_removed' });
    });

    it('given a paused resolution, when the policy changes mid-pause, then the pause is kept and counted on resume', () => {
      const paused = given(openedWithPolicy, ticket.pending(at('11:00'))).then({
        events: [ticket.reprioritised(at('12:00'), 'urgent', 'normal')],
        match: STANDARD,
      });
      const applied = paused.history.at(-1);
      expect(applied?.type).toBe('SlaPolicyApplied');
      expect(applied?.data).toMatchObject({
        cycles: [
          { cycleId: 'firstResponse-1', dueAt: at('10:05') },
          { cycleId: 'resolution-1', pausedAt: at('11:00'), dueAt: null, warningsAt: [] },
        ],
      });
      const [resumed] = paused.when(ticket.resumed(at('13:00')));
      // 4 h target from 10:00, with 11:00–13:00 paused.
      expect(resumed.data).toMatchObject({ cycleId: 'resolution-1', dueAt: at('16:00') });
    });

    it('given a paused resolution, when the new policy does not pause pending, then the clock restarts at the change', () => {
      const v2 = matchOf(
        { targets: STANDARD.policy.definition.targets, pauses: { pending: [] } },
        undefined,
        { policyVersion: 2 },
      );
      const changed = given(openedWithPolicy, ticket.pending(at('11:00'))).then({
        events: [ticket.classified(at('12:00'), ['printer'])],
        match: v2,
      });
      expect(changed.history.at(-1)?.data).toMatchObject({
        cycles: [
          { cycleId: 'firstResponse-1' },
          { cycleId: 'resolution-1', pausedAt: null, dueAt: at('19:00') },
        ],
      });
      expect(findCycle(changed.sla, 'resolution-1')?.pausedIntervals).toEqual([
        { from: at('11:00'), to: at('12:00') },
      ]);
    });

    it('given a pending standard-tier ticket, when the customer becomes vip, then the VIP policy is re-applied keeping the cycle starts and the pause', () => {
      const VIP = matchOf(
        {
          name: 'VIP',
          conditions: { customerTiers: ['vip'] },
          targets: { normal: { firstResponse: 'PT30M', resolution: 'PT4H' } },
        },
        undefined,
        { policyId: 'vip' },
      );
      const tierChanged = ticket.tierChanged(at('12:00'), 'vip', 'standard');
      expect(changesFacts([tierChanged])).toBe(true);
      const changed = given(openedWithPolicy, ticket.pending(at('11:00'))).then({
        events: [tierChanged],
        match: VIP,
      });
      const applied = changed.history.at(-1);
      expect(applied?.type).toBe('SlaPolicyApplied');
      expect(applied?.data).toMatchObject({
        policyId: 'vip',
        reason: 'ticket_changed',
        previousPolicyId: 'standard',
        targets: { firstResponse: 1800, resolution: 14400 },
        cycles: [
          // Still running: 30 min from receipt, already overdue (the timers record the breach).
          { cycleId: 'firstResponse-1', startedAt: at('09:50'), dueAt: at('10:20') },
          { cycleId: 'resolution-1', startedAt: at('10:00'), pausedAt: at('11:00'), dueAt: null },
        ],
        appliedAt: at('12:00'),
      });
      const [resumed] = changed.when(ticket.resumed(at('13:00')));
      // 4 h from 10:00, with 11:00–13:00 paused.
      expect(resumed.data).toMatchObject({ cycleId: 'resolution-1', dueAt: at('16:00') });
    });

    it('given a ticket answered without a policy, when a policy starts to match, then the cycles running now start from their true start', () => {
      const events = given(
        { events: [OPENED], match: null },
        ticket.replied('agent', at('10:30')),
        ticket.replied('customer', at('11:00')),
      ).when({ events: [ticket.classified(at('12:00'), ['printer'])], match: STANDARD });
      expect(types(events)).toEqual([
        'SlaPolicyApplied',
        'SlaCycleStarted resolution-1',
        'SlaCycleStarted nextResponse-1',
      ]);
      expect(events[1].data).toMatchObject({ startedAt: at('10:00'), dueAt: at('18:00') });
      expect(events[2].data).toMatchObject({
        startedAt: at('11:00'),
        dueAt: at('13:00'),
        nextDueAt: at('13:00'),
      });
    });

    it('given a pending ticket without a policy, when a policy starts to match, then resolution starts paused since the ticket went pending', () => {
      const events = given({ events: [OPENED], match: null }, ticket.pending(at('11:00'))).when({
        events: [ticket.classified(at('12:00'), ['printer'])],
        match: STANDARD,
      });
      expect(types(events)).toEqual([
        'SlaPolicyApplied',
        'SlaCycleStarted firstResponse-1',
        'SlaCycleStarted resolution-1',
        'SlaCyclePaused resolution-1',
      ]);
      expect(events[1].data).toMatchObject({ dueAt: at('10:50') });
      expect(events[3].data).toMatchObject({
        pausedAt: at('11:00'),
        remainingSeconds: 25200,
        nextDueAt: at('10:50'),
      });
    });
  });

  describe('describeCycles and timers', () => {
    it('describes an overdue running cycle as breached and a paused one with its open pause', () => {
      const { sla } = given(openedWithPolicy, ticket.pending(at('11:00')));
      expect(describeCycles(sla, new Date(at('12:00')))).toEqual([
        expect.objectContaining({
          cycleId: 'firstResponse-1',
          status: 'breached',
          elapsedBusinessSeconds: 7800,
          elapsedCalendarSeconds: 7800,
          remainingBusinessSeconds: -4200,
          remainingCalendarSeconds: -4200,
          pausedIntervals: [],
        }),
        expect.objectContaining({
          cycleId: 'resolution-1',
          status: 'paused',
          dueAt: null,
          elapsedBusinessSeconds: 3600,
          elapsedCalendarSeconds: 7200,
          remainingBusinessSeconds: 25200,
          remainingCalendarSeconds: null,
          pausedIntervals: [{ from: at('11:00'), to: null }],
        }),
      ]);
    });

    it('describes ended cycles by their outcome', () => {
      const { sla } = given(
        openedWithPolicy,
        ticket.replied('agent', at('10:30')),
        ticket.solved(at('12:00')),
      );
      expect(describeCycles(sla, new Date(at('15:00'))).map((c) => c.status)).toEqual([
        'achieved',
        'achieved',
      ]);
    });

    it('the next timer is the earliest unraised warning of a running cycle', () => {
      expect(nextTimerAt(given(openedWithPolicy).sla)).toBe(at('10:35'));
      expect(nextTimerAt(given(openedWithPolicy, ticket.closed(at('10:10'))).sla)).toBeNull();
    });

    it('an after-breach escalation step is due after its delay in business time', () => {
      const match = matchOf(
        {
          targets: { normal: { firstResponse: 'PT30M' } },
          escalation: [{ at: 'after_breach', delay: 'PT1H', actions: [{ type: 'notify' }] }],
        },
        BERLIN_OFFICE,
      );
      // Friday 16:30 CET: due 17:00 CET, then one business hour → Monday 10:00 CET.
      const { sla } = given({ events: [ticket.opened('2026-03-06T15:30:00.000Z')], match });
      expect(pendingTimers(sla).map((t) => [t.kind, t.at])).toEqual([
        ['warning', '2026-03-06T15:52:30.000Z'],
        ['warning', '2026-03-06T15:57:00.000Z'],
        ['breach', '2026-03-06T16:00:00.000Z'],
        ['after_breach', '2026-03-09T09:00:00.000Z'],
      ]);
    });
  });
});

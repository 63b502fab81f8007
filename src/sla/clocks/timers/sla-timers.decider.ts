/**
 * What the SLA timers record when time passes with no event arriving: pure
 * `decideDueTimers({ sla, ticket, now, teams })` → steps, each some SLA events and the ticket
 * commands of an escalation step (decided by the ticket decider in the runner, after the step's
 * events: the contract puts TicketReprioritised/TicketAssigned/TicketEscalated after
 * SlaEscalationStepTaken).
 *
 * Rules, for every running (not ended) and unpaused cycle with a due time:
 * - Each warning instant ≤ now whose threshold was not raised → SlaWarningRaised (warnAt = the
 *   instant, raisedAt = now).
 * - dueAt ≤ now and no breach recorded → SlaBreached (breachedAt = dueAt, recordedAt = now; the
 *   team, assignee and priority the ticket has now, which is who held it when the timer ran).
 * - Each step of the policy's escalation ladder that applies to the cycle's target, is not in the
 *   cycle's stepsTaken, and whose moment passed → SlaEscalationStepTaken, then per action:
 *   notify → SlaEscalationNotified (right after the step, being an SLA event); raise_priority →
 *   ReprioritiseTicket to the next priority (nothing when urgent); reassign_team → AssignTicket to
 *   that team (the decider takes the agent off when the team changes); escalate_level →
 *   EscalateTicket to that level, only if higher than the ticket's.
 *   Moments: `warning` at a threshold → once that warning is raised (now or earlier); `breach` →
 *   once breached; `after_breach` → breach instant + delay in business time of the policy's
 *   calendar (a delay that falls in closed hours waits for the next opening).
 * - Paused cycles record nothing: their due time is not defined while paused.
 * Order per cycle: warnings ascending, each followed by its steps, then the breach and its steps,
 * then after-breach steps by their moment. Steps are taken at most once per cycle (stepsTaken
 * survives a policy re-application, so a re-applied ladder does not run the same index twice).
 *
 * A step's ticket commands are computed from the ticket as given; the runner re-decides after a
 * step whose commands changed the ticket (a raised priority re-applies the policy and can move due
 * times), so later steps always see the current ticket and clocks.
 */
import { createBusinessCalendar, addBusinessTime } from '../../business-time';
import { toBusinessCalendarInput } from '../../calendars/sla-calendar.definition';
import type { EscalationAction, EscalationStep } from '../../policies/sla-policy.definition';
import { parseIsoDuration } from '../../shared/sla.values';
import type { DirectoryEntry, TicketCommand } from '../../../tickets/ticket.commands';
import type { Ticket } from '../../../tickets/ticket.state';
import { PRIORITIES, type Priority } from '../../../tickets/ticket.values';
import type { Actor } from '../../../event-store/event-store.port';
import type { SlaClockEvent } from '../sla-clock.events';
import type { SlaCycle, TicketSlaPolicy, TicketSlaState } from '../ticket-sla.state';

export interface DueTimersInput {
  readonly sla: TicketSlaState;
  readonly ticket: Ticket;
  readonly now: Date;
  /** Directory status of the teams named by reassign_team actions (missing = unknown). */
  readonly teams?: ReadonlyMap<string, DirectoryEntry['status']>;
  /** Who issues the escalation commands (the system). */
  readonly actor: Actor;
}

/** One decision unit: SLA events to record, then the ticket commands of the same step. */
export interface DueTimerStep {
  readonly events: readonly SlaClockEvent[];
  readonly commands: readonly TicketCommand[];
}

export function decideDueTimers(input: DueTimersInput): DueTimerStep[] {
  const { sla, now } = input;
  const policy = sla.policy;
  const steps: DueTimerStep[] = [];
  const nowMs = now.getTime();
  for (const cycle of sla.cycles) {
    if (cycle.endedAt !== null || cycle.pausedAt !== null || cycle.dueAt === null) continue;
    steps.push(...decideForCycle(input, policy, cycle, nowMs));
  }
  return steps;
}

/** The team ids the ladder's reassign_team actions name: the runner looks them up first. */
export function teamsNamedBy(policy: TicketSlaPolicy | null): string[] {
  const ids = new Set<string>();
  for (const step of policy?.escalation ?? []) {
    for (const action of step.actions) if (action.type === 'reassign_team') ids.add(action.teamId);
  }
  return [...ids];
}

/** The earliest due time among running, unpaused cycles (SlaBreached's nextDueAt). */
export function earliestDueAt(sla: TicketSlaState): string | null {
  let earliest: string | null = null;
  for (const cycle of sla.cycles) {
    if (cycle.endedAt !== null || cycle.pausedAt !== null || cycle.dueAt === null) continue;
    if (earliest === null || Date.parse(cycle.dueAt) < Date.parse(earliest)) earliest = cycle.dueAt;
  }
  return earliest;
}

/** The instant an after_breach step is due: breach + delay in business time of the calendar. */
export function afterBreachAt(
  policy: TicketSlaPolicy,
  breachedAt: string,
  delay: string | undefined,
): Date {
  const seconds = delay === undefined ? 0 : (parseIsoDuration(delay) ?? 0);
  const calendar = createBusinessCalendar(toBusinessCalendarInput(policy.calendar));
  return addBusinessTime(calendar, new Date(breachedAt), seconds * 1000);
}

function decideForCycle(
  input: DueTimersInput,
  policy: TicketSlaPolicy | null,
  cycle: SlaCycle,
  nowMs: number,
): DueTimerStep[] {
  const { ticket, now } = input;
  const dueAt = cycle.dueAt as string;
  const at = now.toISOString();
  const steps: DueTimerStep[] = [];
  const raised = new Set(cycle.warningsRaised);
  const taken = new Set(cycle.stepsTaken);
  const ladder = (policy?.escalation ?? [])
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => step.targets.includes(cycle.target));

  const takeSteps = (matches: (step: EscalationStep) => boolean): void => {
    for (const { step, index } of ladder) {
      if (taken.has(index) || !matches(step) || !policy) continue;
      taken.add(index);
      steps.push(stepTaken(input, policy, cycle, step, index));
    }
  };

  const pending = [...cycle.warningsAt].sort((a, b) => a.threshold - b.threshold);
  for (const warning of pending) {
    if (raised.has(warning.threshold) || Date.parse(warning.at) > nowMs) continue;
    raised.add(warning.threshold);
    steps.push({
      events: [
        {
          type: 'SlaWarningRaised',
          data: {
            ticketId: ticket.id,
            cycleId: cycle.cycleId,
            target: cycle.target,
            threshold: warning.threshold,
            policyId: cycle.policyId,
            policyVersion: cycle.policyVersion,
            dueAt,
            warnAt: warning.at,
            raisedAt: at,
          },
        },
      ],
      commands: [],
    });
  }
  // Steps at thresholds raised now or before (a ladder step added by a re-application still runs).
  takeSteps((step) => step.at === 'warning' && raised.has(step.threshold ?? NaN));

  let breachedAt = cycle.breachedAt;
  if (breachedAt === null && Date.parse(dueAt) <= nowMs) {
    breachedAt = dueAt;
    steps.push({
      events: [
        {
          type: 'SlaBreached',
          data: {
            ticketId: ticket.id,
            cycleId: cycle.cycleId,
            target: cycle.target,
            policyId: cycle.policyId,
            policyVersion: cycle.policyVersion,
            dueAt,
            breachedAt: dueAt,
            recordedAt: at,
            teamId: ticket.teamId,
            assigneeId: ticket.assigneeId,
            priority: ticket.priority,
            // A breach moves no due time: a breached cycle still counts until it is answered.
            nextDueAt: earliestDueAt(input.sla),
          },
        },
      ],
      commands: [],
    });
  }
  if (breachedAt === null || !policy) return steps;
  takeSteps((step) => step.at === 'breach');
  const breach = breachedAt;
  const afterBreach = ladder
    .filter(({ step, index }) => step.at === 'after_breach' && !taken.has(index))
    .map(({ step, index }) => ({ step, index, at: afterBreachAt(policy, breach, step.delay) }))
    .filter(({ at: moment }) => moment.getTime() <= nowMs)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  for (const { step, index } of afterBreach) {
    taken.add(index);
    steps.push(stepTaken(input, policy, cycle, step, index));
  }
  return steps;
}

function stepTaken(
  input: DueTimersInput,
  policy: TicketSlaPolicy,
  cycle: SlaCycle,
  step: EscalationStep,
  stepIndex: number,
): DueTimerStep {
  const { ticket, now } = input;
  const at = now.toISOString();
  const events: SlaClockEvent[] = [
    {
      type: 'SlaEscalationStepTaken',
      data: {
        ticketId: ticket.id,
        cycleId: cycle.cycleId,
        target: cycle.target,
        stepIndex,
        trigger: step.at,
        threshold: step.at === 'warning' ? (step.threshold ?? null) : null,
        delay: step.at === 'after_breach' ? (step.delay ?? null) : null,
        actions: step.actions,
        policyId: policy.policyId,
        policyVersion: policy.policyVersion,
        takenAt: at,
      },
    },
  ];
  const commands: TicketCommand[] = [];
  const reason = `SLA escalation: ${cycle.target} ${describeTrigger(step)} (${policy.policyName})`;
  const metadata = { actor: input.actor, now };
  for (const action of step.actions) {
    if (action.type === 'notify') {
      events.push({
        type: 'SlaEscalationNotified',
        data: {
          ticketId: ticket.id,
          cycleId: cycle.cycleId,
          target: cycle.target,
          stepIndex,
          message: action.message,
          teamId: ticket.teamId,
          assigneeId: ticket.assigneeId,
          priority: ticket.priority,
          dueAt: cycle.dueAt as string,
          notifiedAt: at,
        },
      });
      continue;
    }
    const command = commandFor(action, input, reason, metadata);
    if (command) commands.push(command);
  }
  return { events, commands };
}

function commandFor(
  action: Exclude<EscalationAction, { type: 'notify' }>,
  input: DueTimersInput,
  reason: string,
  metadata: { readonly actor: Actor; readonly now: Date },
): TicketCommand | undefined {
  const { ticket } = input;
  switch (action.type) {
    case 'raise_priority': {
      const priority = nextPriority(ticket.priority);
      if (!priority) return undefined;
      return {
        type: 'ReprioritiseTicket',
        data: { ticketId: ticket.id, priority, reason },
        metadata,
      };
    }
    case 'reassign_team':
      return {
        type: 'AssignTicket',
        data: {
          ticketId: ticket.id,
          team: { id: action.teamId, status: input.teams?.get(action.teamId) ?? 'unknown' },
        },
        metadata,
      };
    case 'escalate_level':
      if (action.level <= ticket.level) return undefined;
      return {
        type: 'EscalateTicket',
        data: { ticketId: ticket.id, level: action.level, reason },
        metadata,
      };
  }
}

/** The next priority up; undefined for urgent (nothing above it). */
export function nextPriority(priority: Priority): Priority | undefined {
  return PRIORITIES[PRIORITIES.indexOf(priority) + 1];
}

function describeTrigger(step: EscalationStep): string {
  switch (step.at) {
    case 'warning':
      return `at ${Math.round((step.threshold ?? 0) * 100)}%`;
    case 'breach':
      return 'breached';
    case 'after_breach':
      return `breached ${step.delay ?? ''} ago`;
  }
}

/**
 * The key of a timer event's deterministic id: `sla-timer:<ticketId>:<cycleId>:<kind>:<n>` with
 * n the threshold (warning) or the step index (step), and no n for the breach. Undefined for the
 * other events (notifications, ticket and reaction events): they share the append with a keyed
 * event, which already makes the whole append exactly once.
 */
export function timerEventKey(event: SlaClockEvent): string | undefined {
  const d = event.data;
  switch (event.type) {
    case 'SlaWarningRaised':
      return `sla-timer:${d.ticketId}:${event.data.cycleId}:warning:${event.data.threshold}`;
    case 'SlaBreached':
      return `sla-timer:${d.ticketId}:${event.data.cycleId}:breach`;
    case 'SlaEscalationStepTaken':
      return `sla-timer:${d.ticketId}:${event.data.cycleId}:step:${event.data.stepIndex}`;
    default:
      return undefined;
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SLA_TARGETS, type SlaTarget } from '../../shared/sla.values';
import { PRIORITIES, type Priority } from '../../../tickets/ticket.values';
import {
  TICKET_ID_MAX_LENGTH,
  TICKET_ID_PATTERN,
} from '../../../tickets/open-ticket/ticket-command.http';
import type { SlaCancelReason } from '../sla-clock.events';
import type { SlaCycleDescription, SlaCycleStatus } from '../ticket-sla.describe';
import type { TicketSlaState } from '../ticket-sla.state';

const CYCLE_STATUSES: readonly SlaCycleStatus[] = [
  'active',
  'paused',
  'achieved',
  'breached',
  'cancelled',
];
/**
 * Documented ceiling of the per-ticket lists (cycles, pauses of a cycle, warnings raised): each
 * entry comes from an event on the ticket stream, which is not capped, so this is the bound the
 * API documents (like the 10,000 conversation entries of the ticket details), not one it enforces.
 */
export const MAX_TICKET_SLA_ENTRIES = 10_000;

const DATE_TIME = { format: 'date-time', maxLength: 30 } as const;

const CANCEL_REASONS: readonly SlaCancelReason[] = [
  'solved',
  'closed',
  'merged',
  'target_removed',
  'policy_removed',
];

export class TicketSlaPolicyView {
  @ApiProperty({ example: 'vip', maxLength: 128 })
  id!: string;

  @ApiProperty({
    example: 3,
    minimum: 1,
    description: 'The policy version the ticket is measured by.',
  })
  version!: number;

  @ApiProperty({ example: 'VIP customers', maxLength: 200 })
  name!: string;

  @ApiProperty({ example: 'berlin-office', maxLength: 128 })
  calendarId!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  calendarVersion!: number;

  @ApiProperty({ enum: PRIORITIES, description: 'The priority whose targets were applied.' })
  priority!: Priority;

  @ApiProperty({ ...DATE_TIME, description: 'When this policy version was (re)applied.' })
  appliedAt!: string;
}

export class SlaPausedIntervalView {
  @ApiProperty(DATE_TIME)
  from!: string;

  @ApiProperty({
    ...DATE_TIME,
    nullable: true,
    type: String,
    description: 'Null: still paused.',
  })
  to!: string | null;
}

export class SlaCycleView {
  @ApiProperty({ example: 'firstResponse-1', maxLength: 40, description: '`<target>-<n>`.' })
  cycleId!: string;

  @ApiProperty({ enum: SLA_TARGETS })
  target!: SlaTarget;

  @ApiProperty({
    enum: CYCLE_STATUSES,
    description:
      '`breached` also for a running cycle past its due time; `paused` while a waiting status stops the clock.',
  })
  status!: SlaCycleStatus;

  @ApiProperty({
    example: 'vip',
    maxLength: 128,
    description: 'The policy that last set the due time.',
  })
  policyId!: string;

  @ApiProperty({ example: 3, minimum: 1 })
  policyVersion!: number;

  @ApiProperty({ example: 3600, minimum: 0, description: 'The target, in business seconds.' })
  targetSeconds!: number;

  @ApiProperty(DATE_TIME)
  startedAt!: string;

  @ApiProperty({
    ...DATE_TIME,
    nullable: true,
    type: String,
    description: 'Null while paused.',
  })
  dueAt!: string | null;

  @ApiProperty({
    type: [SlaPausedIntervalView],
    maxItems: MAX_TICKET_SLA_ENTRIES,
    description: 'Every pause, oldest first.',
  })
  pausedIntervals!: SlaPausedIntervalView[];

  @ApiProperty({
    description: 'Business time counted (closed hours and pauses excluded), seconds.',
  })
  elapsedBusinessSeconds!: number;

  @ApiProperty({ description: 'Calendar time since the start (to the end, once ended), seconds.' })
  elapsedCalendarSeconds!: number;

  @ApiProperty({ description: 'Business seconds left of the target; negative once overdue.' })
  remainingBusinessSeconds!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Calendar seconds until the due time (negative once overdue); null while paused.',
  })
  remainingCalendarSeconds!: number | null;

  @ApiProperty({
    type: [Number],
    maxItems: MAX_TICKET_SLA_ENTRIES,
    example: [0.75],
    description: 'Warning thresholds already raised.',
  })
  warningsRaised!: number[];

  @ApiProperty({ ...DATE_TIME, nullable: true, type: String })
  breachedAt!: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true, type: String })
  endedAt!: string | null;

  @ApiPropertyOptional({ enum: CANCEL_REASONS, nullable: true, type: String })
  cancelReason!: SlaCancelReason | null;
}

export class TicketSlaResponse {
  @ApiProperty({
    example: 'b5e0c6a4-5f7e-4c39-9d0a-8f2c1f1a2b3c',
    maxLength: TICKET_ID_MAX_LENGTH,
    pattern: TICKET_ID_PATTERN.source,
  })
  ticketId!: string;

  @ApiProperty({
    type: TicketSlaPolicyView,
    nullable: true,
    description: 'Null: no policy applies.',
  })
  policy!: TicketSlaPolicyView | null;

  @ApiProperty({
    ...DATE_TIME,
    nullable: true,
    type: String,
    description: 'The earliest due time among running, unpaused cycles.',
  })
  nextDueAt!: string | null;

  @ApiProperty({
    ...DATE_TIME,
    description: 'The instant elapsed and remaining times refer to.',
  })
  asOf!: string;

  @ApiProperty({
    type: [SlaCycleView],
    maxItems: MAX_TICKET_SLA_ENTRIES,
    description: 'Every cycle, in start order.',
  })
  cycles!: SlaCycleView[];
}

export function ticketSlaResponse(
  ticketId: string,
  state: TicketSlaState,
  cycles: readonly SlaCycleDescription[],
  now: Date,
): TicketSlaResponse {
  const policy = state.policy;
  return {
    ticketId,
    policy: policy && {
      id: policy.policyId,
      version: policy.policyVersion,
      name: policy.policyName,
      calendarId: policy.calendarId,
      calendarVersion: policy.calendarVersion,
      priority: policy.priority,
      appliedAt: policy.appliedAt,
    },
    nextDueAt: state.nextDueAt,
    asOf: now.toISOString(),
    cycles: cycles.map((cycle) => ({
      cycleId: cycle.cycleId,
      target: cycle.target,
      status: cycle.status,
      policyId: cycle.policyId,
      policyVersion: cycle.policyVersion,
      targetSeconds: cycle.targetSeconds,
      startedAt: cycle.startedAt,
      dueAt: cycle.dueAt,
      pausedIntervals: cycle.pausedIntervals.map((p) => ({ from: p.from, to: p.to })),
      elapsedBusinessSeconds: cycle.elapsedBusinessSeconds,
      elapsedCalendarSeconds: cycle.elapsedCalendarSeconds,
      remainingBusinessSeconds: cycle.remainingBusinessSeconds,
      remainingCalendarSeconds: cycle.remainingCalendarSeconds,
      warningsRaised: [...cycle.warningsRaised],
      breachedAt: cycle.breachedAt,
      endedAt: cycle.endedAt,
      cancelReason: cycle.cancelReason,
    })),
  };
}

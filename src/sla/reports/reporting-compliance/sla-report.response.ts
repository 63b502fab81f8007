import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, PRIORITIES } from '../../../tickets/ticket.values';
import { SLA_TARGETS } from '../../shared/sla.values';
import { MAX_REPORT_DAYS, REPORT_GROUPS } from './sla-report.query.dto';

/** The definition of compliance this report follows (metrics.md "SLA compliance"). */
export const SLA_COMPLIANCE_DEFINITION = 'sla-compliance/1';

export const MAX_LISTED_CYCLES = 200;
/**
 * Ceiling of `rows`: one per group and target. For hour/day/week/month groups it is exact (at most
 * MAX_REPORT_DAYS × 24 + 1 hour buckets); team and agent groups are not capped by the query, so for
 * them it is the documented ceiling (that many distinct teams or agents in one period).
 */
export const MAX_REPORT_ROWS = (MAX_REPORT_DAYS * 24 + 1) * SLA_TARGETS.length;

const COUNT = {
  type: 'integer',
  format: 'int64',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
} as const;
const DATE_TIME = { format: 'date-time', maxLength: 30 } as const;

export class SlaComplianceFigures {
  @ApiProperty({ enum: SLA_TARGETS })
  target!: string;

  @ApiProperty(COUNT)
  achieved!: number;

  @ApiProperty(COUNT)
  breached!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'achieved / (achieved + breached); null when no cycle was decided.',
  })
  compliance!: number | null;
}

export class SlaComplianceRow extends SlaComplianceFigures {
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 128,
    description:
      'The group: for hour/day/week/month the local start of the bucket in `timeZone` (2026-01-05T00:00:00); otherwise the team id, agent id, priority or channel (null: none, e.g. unassigned).',
  })
  key!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    ...DATE_TIME,
    description: 'For period groups, the instant the bucket starts (UTC); else null.',
  })
  periodStart!: string | null;
}

export class SlaRunningCycle {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  ticketId!: string;

  @ApiProperty({ maxLength: 64 })
  cycleId!: string;

  @ApiProperty({ enum: SLA_TARGETS })
  target!: string;

  @ApiProperty(DATE_TIME)
  dueAt!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: Number.MIN_SAFE_INTEGER,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Calendar seconds from now to the due time (negative: overdue by that much).',
  })
  dueInSeconds!: number;

  @ApiProperty({ type: String, nullable: true, maxLength: 128 })
  teamId!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: 128 })
  assigneeId!: string | null;

  @ApiProperty({ enum: PRIORITIES, type: String, nullable: true })
  priority!: string | null;

  @ApiProperty({ enum: CHANNELS, type: String, nullable: true })
  channel!: string | null;
}

export class SlaRunningCycles {
  @ApiProperty(COUNT)
  total!: number;

  @ApiProperty({
    type: [SlaRunningCycle],
    maxItems: MAX_LISTED_CYCLES,
    description: `The first ${MAX_LISTED_CYCLES}, soonest (or longest overdue) due time first.`,
  })
  items!: SlaRunningCycle[];
}

export class SlaAtRisk extends SlaRunningCycles {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: 1440 })
  withinMinutes!: number;
}

export class SlaReportResponse {
  @ApiProperty({ example: SLA_COMPLIANCE_DEFINITION, maxLength: 64 })
  definitionVersion!: string;

  @ApiProperty(DATE_TIME)
  from!: string;

  @ApiProperty(DATE_TIME)
  to!: string;

  @ApiProperty({ maxLength: 64 })
  timeZone!: string;

  @ApiProperty({ enum: REPORT_GROUPS })
  groupBy!: string;

  @ApiProperty({ ...DATE_TIME, description: 'The server clock when the report was made.' })
  generatedAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 64,
    description:
      'The event-log position the read model had applied when the report was read (same snapshot as the figures); null: nothing applied yet.',
  })
  position!: string | null;

  @ApiProperty(COUNT)
  lagEvents!: number;

  @ApiProperty(COUNT)
  lagMs!: number;

  @ApiProperty({
    type: [SlaComplianceFigures],
    maxItems: SLA_TARGETS.length,
    description: 'The whole period, per target.',
  })
  totals!: SlaComplianceFigures[];

  @ApiProperty({
    type: [SlaComplianceRow],
    maxItems: MAX_REPORT_ROWS,
    description: 'Per group and target; empty groups left out.',
  })
  rows!: SlaComplianceRow[];

  @ApiProperty({ type: SlaAtRisk })
  atRisk!: SlaAtRisk;

  @ApiProperty({
    type: SlaRunningCycles,
    description: 'Running cycles already past their due time (breached, not yet answered).',
  })
  breachedOpen!: SlaRunningCycles;
}

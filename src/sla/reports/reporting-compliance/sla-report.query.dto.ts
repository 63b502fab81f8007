import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS, type Channel, type Priority } from '../../../tickets/ticket.values';
import type { SlaTarget } from '../../shared/sla.values';
import { IdParam, InstantParam, PriorityParam, TargetParam } from '../shared/report-params';

export const REPORT_GROUPS = [
  'hour',
  'day',
  'week',
  'month',
  'team',
  'agent',
  'priority',
  'channel',
] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];
export const PERIOD_GROUPS: readonly ReportGroup[] = ['hour', 'day', 'week', 'month'];

export const DEFAULT_GROUP: ReportGroup = 'day';
export const MAX_REPORT_DAYS = 366;
export const DEFAULT_AT_RISK_MINUTES = 30;
export const MAX_AT_RISK_MINUTES = 1_440;
/** IANA zone names (Europe/Berlin, America/Argentina/Buenos_Aires, UTC, Etc/GMT+5); no raw offsets. */
export const TIME_ZONE_PATTERN = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** Query parameters of `GET /reports/sla`; filters combine with AND. */
export class SlaReportQuery {
  @InstantParam('from', 'Start of the period (inclusive): cycles decided at or after it.', true)
  from!: string;

  @InstantParam(
    'to',
    `End of the period (exclusive); at most ${MAX_REPORT_DAYS} days after from.`,
    true,
  )
  to!: string;

  @ApiPropertyOptional({
    description:
      'IANA time zone of the period buckets (hour, day, week from Monday, month). Default UTC.',
    maxLength: 64,
    pattern: TIME_ZONE_PATTERN.source,
    default: 'UTC',
    example: 'Europe/Berlin',
  })
  @IsOptional()
  @IsString({ message: 'timeZone must be given once' })
  @MaxLength(64)
  @Matches(TIME_ZONE_PATTERN, { message: 'timeZone must be an IANA time zone, e.g. Europe/Berlin' })
  timeZone?: string;

  @ApiPropertyOptional({ enum: REPORT_GROUPS, default: DEFAULT_GROUP })
  @IsOptional()
  @IsIn(REPORT_GROUPS, { message: `groupBy must be one of ${REPORT_GROUPS.join(', ')}` })
  groupBy?: ReportGroup;

  @IdParam('teamId', 'Only cycles attributed to this team.')
  teamId?: string;

  @IdParam('agentId', 'Only cycles attributed to this agent.')
  agentId?: string;

  @PriorityParam()
  priority?: Priority;

  @ApiPropertyOptional({ enum: CHANNELS, description: 'Only tickets of this channel.' })
  @IsOptional()
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: Channel;

  @TargetParam()
  target?: SlaTarget;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_AT_RISK_MINUTES,
    default: DEFAULT_AT_RISK_MINUTES,
    description: '"At risk": running cycles due within this many minutes from now.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AT_RISK_MINUTES)
  atRiskWithinMinutes?: number;
}

import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  CHANNEL_LIST,
  ID_LIST,
  INSTANT,
  MAX_FILTER_VALUES,
  PRIORITY_LIST,
  TYPE_LIST,
} from '../../../tickets/listing-tickets/list-tickets.query.dto';
import { CHANNELS, PRIORITIES, TICKET_TYPES } from '../../../tickets/ticket.values';

export const GROUP_BYS = [
  'agent',
  'team',
  'channel',
  'priority',
  'type',
  'hour',
  'day',
  'week',
  'month',
] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const TIME_GROUP_BYS: readonly GroupBy[] = ['hour', 'day', 'week', 'month'];

const ONCE = 'given once; separate several values with commas';
const ID_LIST_MAX = MAX_FILTER_VALUES * 129;

function Filter(
  field: string,
  description: string,
  pattern: RegExp,
  maxLength: number,
  message: string,
) {
  return applyDecorators(
    Matches(pattern, { message }),
    MaxLength(maxLength),
    IsString({ message: `${field} must be ${ONCE}` }),
    IsOptional(),
    ApiPropertyOptional({ description, pattern: pattern.source, maxLength }),
  );
}

function Instant(field: string, description: string, example: string) {
  return applyDecorators(
    IsISO8601({ strict: true }, { message: `${field} is not a valid date` }),
    Matches(INSTANT, {
      message: `${field} must be a date (2026-01-31) or a date-time with an offset (2026-01-31T09:00:00Z)`,
    }),
    MaxLength(40),
    IsString({ message: `${field} must be given once` }),
    IsOptional(),
    // No `format: date-time`: a bare date (the example) is accepted too; the pattern says which.
    ApiPropertyOptional({
      description,
      pattern: INSTANT.source,
      maxLength: 40,
      example,
    }),
  );
}

/**
 * The parameters every report accepts. Comma-separated values of one filter mean "any of";
 * filters combine with AND. A bare date is local midnight in `timeZone`; the period is [from, to).
 */
export class ReportQuery {
  @Instant(
    'from',
    'Start of the period (inclusive). A bare date is midnight in `timeZone`. Default: 30 days before `to`.',
    '2026-01-01',
  )
  from?: string;

  @Instant(
    'to',
    'End of the period (exclusive). A bare date is midnight in `timeZone`. Default: now.',
    '2026-02-01',
  )
  to?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone for bare dates and for hour/day/week/month buckets. Default UTC.',
    maxLength: 64,
    example: 'Europe/Berlin',
  })
  @IsOptional()
  @IsString({ message: 'timeZone must be given once' })
  @MaxLength(64)
  @Matches(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, { message: 'timeZone must be an IANA zone name' })
  timeZone?: string;

  @ApiPropertyOptional({
    description:
      'Breaks the figures down by a dimension (attributed where the metric completed) or by a time bucket in `timeZone` (weeks start on Monday).',
    enum: GROUP_BYS,
  })
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `groupBy must be one of ${GROUP_BYS.join(', ')}` })
  groupBy?: GroupBy;

  @Filter(
    'agent',
    `Agent ids, comma-separated (at most ${MAX_FILTER_VALUES}). Agents are always limited to themselves.`,
    ID_LIST,
    ID_LIST_MAX,
    `agent must be up to ${MAX_FILTER_VALUES} agent ids, comma-separated`,
  )
  agent?: string;

  @Filter(
    'team',
    `Team ids, comma-separated (at most ${MAX_FILTER_VALUES}).`,
    ID_LIST,
    ID_LIST_MAX,
    `team must be up to ${MAX_FILTER_VALUES} team ids, comma-separated`,
  )
  team?: string;

  @Filter(
    'channel',
    `Channels, comma-separated: any of ${CHANNELS.join(', ')}.`,
    CHANNEL_LIST,
    CHANNELS.join(',').length,
    `channel must be one or more of ${CHANNELS.join(', ')}, comma-separated`,
  )
  channel?: string;

  @Filter(
    'priority',
    `Priorities, comma-separated: any of ${PRIORITIES.join(', ')}.`,
    PRIORITY_LIST,
    PRIORITIES.join(',').length,
    `priority must be one or more of ${PRIORITIES.join(', ')}, comma-separated`,
  )
  priority?: string;

  @Filter(
    'type',
    `Request types, comma-separated: any of ${TICKET_TYPES.join(', ')}.`,
    TYPE_LIST,
    TICKET_TYPES.join(',').length,
    `type must be one or more of ${TICKET_TYPES.join(', ')}, comma-separated`,
  )
  type?: string;
}

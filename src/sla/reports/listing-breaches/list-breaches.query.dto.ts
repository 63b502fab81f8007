import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Priority } from '../../../tickets/ticket.values';
import type { SlaTarget } from '../../shared/sla.values';
import { IdParam, InstantParam, PriorityParam, TargetParam } from '../shared/report-params';

export const DEFAULT_BREACH_PAGE_SIZE = 50;
export const MAX_BREACH_PAGE_SIZE = 200;
export const BREACH_CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,600}$/;

/** Query parameters of `GET /sla/breaches`; filters combine with AND. */
export class ListBreachesQuery {
  @InstantParam('from', 'Only breaches at or after this instant (breach instant = due time).')
  from?: string;

  @InstantParam('to', 'Only breaches before this instant (exclusive).')
  to?: string;

  @IdParam(
    'teamId',
    'Only breaches attributed to this team (the team holding the ticket at the breach).',
  )
  teamId?: string;

  @IdParam('agentId', 'Only breaches attributed to this agent (the assignee at the breach).')
  agentId?: string;

  @PriorityParam()
  priority?: Priority;

  @TargetParam()
  target?: SlaTarget;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_BREACH_PAGE_SIZE,
    default: DEFAULT_BREACH_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_BREACH_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: "The `cursor` from the previous page's `next` link.",
    maxLength: 600,
    pattern: BREACH_CURSOR_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  @Matches(BREACH_CURSOR_PATTERN, { message: 'cursor must be a cursor this API returned' })
  cursor?: string;
}

import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { validationProblem } from '../../../platform/http/validation';
import { PRIORITIES } from '../../../tickets/ticket.values';
import { SLA_TARGETS } from '../../shared/sla.values';

/** Team and agent ids as the directory issues them. */
export const REPORT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** An ISO-8601 date-time with seconds optional, fractions up to µs and a `Z` or an offset. */
export const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A timestamptz column as the ISO string the events carried (UTC, milliseconds). */
export function isoColumn(expression: string, alias: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', ${ISO_MS}) AS ${alias}`;
}

export function InstantParam(
  field: string,
  description: string,
  required = false,
): PropertyDecorator {
  return applyDecorators(
    Matches(INSTANT_PATTERN, {
      message: `${field} must be a date-time with a time zone, e.g. 2026-01-31T09:00:00Z`,
    }),
    MaxLength(40),
    IsString({ message: `${field} must be given once` }),
    required ? IsDefined({ message: `${field} is required` }) : IsOptional(),
    (required ? ApiProperty : ApiPropertyOptional)({
      description,
      required,
      format: 'date-time',
      maxLength: 40,
      pattern: INSTANT_PATTERN.source,
      example: '2026-01-05T00:00:00Z',
    }),
  );
}

export function IdParam(field: string, description: string): PropertyDecorator {
  return applyDecorators(
    Matches(REPORT_ID_PATTERN, { message: `${field} must be an id` }),
    MaxLength(128),
    IsString({ message: `${field} must be given once` }),
    IsOptional(),
    ApiPropertyOptional({ description, maxLength: 128, pattern: REPORT_ID_PATTERN.source }),
  );
}

export function PriorityParam(): PropertyDecorator {
  return applyDecorators(
    IsIn(PRIORITIES, { message: `priority must be one of ${PRIORITIES.join(', ')}` }),
    IsOptional(),
    ApiPropertyOptional({
      enum: PRIORITIES,
      description: 'Only cycles attributed to this priority.',
    }),
  );
}

export function TargetParam(): PropertyDecorator {
  return applyDecorators(
    IsIn(SLA_TARGETS, { message: `target must be one of ${SLA_TARGETS.join(', ')}` }),
    IsOptional(),
    ApiPropertyOptional({ enum: SLA_TARGETS, description: 'Only cycles of this target.' }),
  );
}

/** from < to, both valid instants (the pattern lets through e.g. month 13). */
export function checkPeriod(
  from: string | undefined,
  to: string | undefined,
  maxDays?: number,
): void {
  const errors: { field: string; message: string; code: string }[] = [];
  const fromMs = from === undefined ? undefined : Date.parse(from);
  const toMs = to === undefined ? undefined : Date.parse(to);
  if (fromMs !== undefined && Number.isNaN(fromMs)) {
    errors.push({ field: 'from', message: 'from is not a valid date-time', code: 'instant' });
  }
  if (toMs !== undefined && Number.isNaN(toMs)) {
    errors.push({ field: 'to', message: 'to is not a valid date-time', code: 'instant' });
  }
  if (errors.length === 0 && fromMs !== undefined && toMs !== undefined) {
    if (toMs <= fromMs) {
      errors.push({ field: 'to', message: 'to must be after from', code: 'range' });
    } else if (maxDays !== undefined && toMs - fromMs > maxDays * 86_400_000) {
      errors.push({
        field: 'to',
        message: `the period from → to must be at most ${maxDays} days`,
        code: 'range',
      });
    }
  }
  if (errors.length > 0) throw validationProblem(errors);
}

import { ApiProperty } from '@nestjs/swagger';
import { SLA_ID_PATTERN } from '../shared/sla.values';
import { HolidayDto, MAX_HOLIDAYS, WeekdaysDto } from './sla-calendar.dto';
import type { SlaCalendarDefinition } from './sla-calendar.definition';

/** An SLA calendar as the API shows it. */
export class SlaCalendarResponse {
  @ApiProperty({ example: 'berlin-office', maxLength: 128, pattern: SLA_ID_PATTERN.source })
  id!: string;

  @ApiProperty({ example: 'Berlin office hours', maxLength: 200, pattern: '\\S' })
  name!: string;

  @ApiProperty({
    example: 'Europe/Berlin',
    maxLength: 64,
    pattern: '^[A-Za-z0-9_+\\-/]+$',
    description: 'IANA time zone.',
  })
  timeZone!: string;

  @ApiProperty({ description: '24/7: business time equals calendar time.' })
  alwaysOpen!: boolean;

  @ApiProperty({ type: WeekdaysDto, description: 'Days without hours are omitted.' })
  weekdays!: WeekdaysDto;

  @ApiProperty({ type: [HolidayDto], maxItems: MAX_HOLIDAYS, description: 'Sorted by date.' })
  holidays!: HolidayDto[];

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    example: 1,
    description: '1 when defined, +1 per change.',
  })
  version!: number;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    example: '0',
    description: 'Stream revision (the ETag).',
  })
  revision!: string;

  @ApiProperty({ format: 'date-time', maxLength: 40 })
  definedAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 40 })
  updatedAt!: string;
}

export interface SlaCalendarView {
  readonly id: string;
  readonly version: number;
  readonly definition: SlaCalendarDefinition;
  readonly definedAt: string;
  readonly updatedAt: string;
}

export function toSlaCalendarResponse(
  calendar: SlaCalendarView,
  revision: bigint,
): SlaCalendarResponse {
  const d = calendar.definition;
  return {
    id: calendar.id,
    name: d.name,
    timeZone: d.timeZone,
    alwaysOpen: d.alwaysOpen,
    weekdays: d.weekdays as WeekdaysDto,
    holidays: d.holidays as HolidayDto[],
    version: calendar.version,
    revision: revision.toString(),
    definedAt: calendar.definedAt,
    updatedAt: calendar.updatedAt,
  };
}

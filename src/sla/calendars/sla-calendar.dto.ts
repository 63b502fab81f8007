import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Opening intervals per day and holiday closures: bounded so one calendar stays small. */
export const MAX_INTERVALS_PER_DAY = 24;
export const MAX_HOLIDAYS = 1000;
const WALL_CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A local wall-clock interval `[start, end)`, e.g. 09:00–12:30. */
export class LocalIntervalDto {
  @ApiProperty({ example: '09:00', maxLength: 5, pattern: WALL_CLOCK.source })
  @IsString()
  @MaxLength(5)
  @Matches(WALL_CLOCK, { message: 'start must be HH:MM' })
  start!: string;

  @ApiProperty({
    example: '17:30',
    maxLength: 5,
    pattern: WALL_CLOCK.source,
    description: 'After start; `24:00` for end of day.',
  })
  @IsString()
  @MaxLength(5)
  @Matches(WALL_CLOCK, { message: 'end must be HH:MM or 24:00' })
  end!: string;
}

function intervalsProperty(day: string): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    ApiPropertyOptional({
      type: [LocalIntervalDto],
      maxItems: MAX_INTERVALS_PER_DAY,
      description: `Opening intervals on ${day}, ascending and not overlapping (split shifts allowed). Omit for closed.`,
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_INTERVALS_PER_DAY),
    ValidateNested({ each: true }),
    Type(() => LocalIntervalDto),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

export class WeekdaysDto {
  @intervalsProperty('Monday') monday?: LocalIntervalDto[];
  @intervalsProperty('Tuesday') tuesday?: LocalIntervalDto[];
  @intervalsProperty('Wednesday') wednesday?: LocalIntervalDto[];
  @intervalsProperty('Thursday') thursday?: LocalIntervalDto[];
  @intervalsProperty('Friday') friday?: LocalIntervalDto[];
  @intervalsProperty('Saturday') saturday?: LocalIntervalDto[];
  @intervalsProperty('Sunday') sunday?: LocalIntervalDto[];
}

export class HolidayDto {
  @ApiProperty({
    example: '2026-12-25',
    maxLength: 10,
    pattern: ISO_DATE.source,
    format: 'date',
    description: 'Local date in the calendar’s zone.',
  })
  @IsString()
  @MaxLength(10)
  @Matches(ISO_DATE, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({
    type: [LocalIntervalDto],
    maxItems: MAX_INTERVALS_PER_DAY,
    description: 'A partial day: closed only within these intervals. Omit for a full-day holiday.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_INTERVALS_PER_DAY)
  @ValidateNested({ each: true })
  @Type(() => LocalIntervalDto)
  closed?: LocalIntervalDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { HolidayDto, MAX_HOLIDAYS, WeekdaysDto } from '../sla-calendar.dto';

/** PUT /sla/calendars/{id}: the whole definition (create or replace). */
export class DefineCalendarRequest {
  @ApiProperty({ example: 'Berlin office hours', maxLength: 200, pattern: '\\S' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'Europe/Berlin',
    maxLength: 64,
    pattern: '^[A-Za-z0-9_+\\-/]+$',
    description: 'IANA time zone; business hours are local wall-clock times there (DST-aware).',
  })
  @IsString()
  @MaxLength(64)
  timeZone!: string;

  @ApiPropertyOptional({
    default: false,
    description: '24/7: business time equals calendar time; weekdays and holidays must be omitted.',
  })
  @IsOptional()
  @IsBoolean()
  alwaysOpen?: boolean;

  @ApiPropertyOptional({ type: WeekdaysDto, description: 'Required unless alwaysOpen.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeekdaysDto)
  weekdays?: WeekdaysDto;

  @ApiPropertyOptional({ type: [HolidayDto], maxItems: MAX_HOLIDAYS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_HOLIDAYS)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  holidays?: HolidayDto[];
}

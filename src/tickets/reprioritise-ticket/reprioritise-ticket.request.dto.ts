import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { PRIORITIES, type Priority } from '../ticket.values';

export const REASON_MAX_LENGTH = 1000;

export class ReprioritiseTicketRequest {
  @ApiProperty({ enum: PRIORITIES, example: 'urgent' })
  @IsIn(PRIORITIES)
  priority!: Priority;

  @ApiProperty({
    example: 'Outage affects every user of the customer',
    minLength: 1,
    maxLength: REASON_MAX_LENGTH,
    pattern: '\\S',
  })
  @IsString()
  @Length(1, REASON_MAX_LENGTH)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { AVAILABILITIES, type Availability } from '../../directory.values';

export class ChangeAvailabilityRequest {
  @ApiProperty({ enum: AVAILABILITIES, example: 'online' })
  @IsIn(AVAILABILITIES)
  status!: Availability;
}

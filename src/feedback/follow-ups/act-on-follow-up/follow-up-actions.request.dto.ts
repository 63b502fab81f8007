import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { FOLLOW_UP_CHANNELS, type FollowUpChannel } from '../follow-up.events';
import { FOLLOW_UP_NOTE_MAX_LENGTH } from '../follow-up.response';

const NOT_BLANK = /\S/;

export class ContactFollowUpRequest {
  @ApiProperty({ enum: FOLLOW_UP_CHANNELS, description: 'How the customer was reached.' })
  @IsIn(FOLLOW_UP_CHANNELS)
  channel!: FollowUpChannel;

  @ApiPropertyOptional({
    maxLength: FOLLOW_UP_NOTE_MAX_LENGTH,
    example: 'Called back, apologised.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(FOLLOW_UP_NOTE_MAX_LENGTH)
  note?: string;
}

export class ResolveFollowUpRequest {
  @ApiProperty({
    maxLength: FOLLOW_UP_NOTE_MAX_LENGTH,
    pattern: NOT_BLANK.source,
    description: 'What was done or agreed.',
    example: 'Refunded the duplicate charge; customer satisfied.',
  })
  @IsString()
  @MaxLength(FOLLOW_UP_NOTE_MAX_LENGTH)
  @Matches(NOT_BLANK, { message: 'resolution must not be blank' })
  resolution!: string;
}

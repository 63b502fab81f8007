import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  DIRECTORY_ID_MAX_LENGTH,
  DIRECTORY_ID_PATTERN,
} from '../assign-ticket/assign-ticket.request.dto';
import { REASON_MAX_LENGTH } from '../reprioritise-ticket/reprioritise-ticket.request.dto';
import { SUPPORT_LEVELS, type SupportLevel } from '../ticket.values';

/** Give a support level, a team or both, and always a reason. */
export class EscalateTicketRequest {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 3,
    example: 2,
    description: 'The support level to escalate to (1–3); not below the current one.',
  })
  @IsOptional()
  @IsInt()
  @IsIn(SUPPORT_LEVELS, { message: 'level must be 1, 2 or 3' })
  level?: SupportLevel;

  @ApiPropertyOptional({
    description:
      'The team to escalate to; its queue takes the ticket and the current agent is taken off.',
    example: 'team-tier2',
    pattern: DIRECTORY_ID_PATTERN.source,
    maxLength: DIRECTORY_ID_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, {
    message: 'teamId must be 1-128 letters, digits or ._:@- and start with a letter or digit',
  })
  teamId?: string;

  @ApiProperty({
    example: 'Needs database access to diagnose',
    minLength: 1,
    maxLength: REASON_MAX_LENGTH,
    pattern: '\\S',
  })
  @IsString()
  @Length(1, REASON_MAX_LENGTH)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { UnassignScope } from '../ticket.commands';

export const UNASSIGN_SCOPES = ['agent', 'team', 'all'] as const satisfies readonly UnassignScope[];

export class UnassignTicketRequest {
  @ApiProperty({
    enum: UNASSIGN_SCOPES,
    example: 'agent',
    description:
      '`agent`: take the agent off and leave the ticket in its team’s queue; `team`: take the ' +
      'team off and keep the agent; `all`: both.',
  })
  @IsIn(UNASSIGN_SCOPES)
  scope!: UnassignScope;
}

import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { CreateTeamRequest } from '../create-team/create-team.request.dto';

/**
 * Any subset of the team's settings; absent fields stay. `escalationTeamId: null` removes the
 * escalation team. `active: false` deactivates the team, `true` reactivates it. Members are
 * changed on the agents (PATCH /agents/{id} `teams`), their one source of truth.
 */
export class UpdateTeamRequest extends PartialType(CreateTeamRequest) {
  @ApiPropertyOptional({
    description: 'false deactivates the team (no new members or tickets); true reactivates it.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why, recorded with `active: false`.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  deactivationReason?: string;
}

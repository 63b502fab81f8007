import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { RegisterAgentRequest } from '../register-agent/register-agent.request.dto';

/**
 * Any subset of the agent's fields; absent fields stay as they are. `teams`, `skills` and
 * `languages` replace the whole list. `active: false` deactivates (the agent goes offline),
 * `active: true` reactivates.
 */
export class UpdateAgentRequest extends PartialType(RegisterAgentRequest) {
  @ApiPropertyOptional({
    description:
      'false deactivates the agent (it goes offline, takes no work); true reactivates it.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Why the agent is deactivated (recorded with `active: false`).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  deactivationReason?: string;
}

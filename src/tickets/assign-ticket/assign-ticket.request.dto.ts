import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** Agent and team ids: an agent's id is the principal id of their API key. */
export const DIRECTORY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
export const DIRECTORY_ID_MAX_LENGTH = 128;
const DIRECTORY_ID_MESSAGE =
  'must be 1-128 letters, digits or ._:@- and start with a letter or digit';

/** Give an agent, a team or both. */
export class AssignTicketRequest {
  @ApiPropertyOptional({
    description:
      'The agent to assign. Alone, the ticket keeps its team. Assigning an agent moves a `new` ' +
      'ticket to `open`.',
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
    pattern: DIRECTORY_ID_PATTERN.source,
    maxLength: DIRECTORY_ID_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, { message: `agentId ${DIRECTORY_ID_MESSAGE}` })
  agentId?: string;

  @ApiPropertyOptional({
    description:
      'The team whose queue the ticket joins. Alone, a change of team takes the agent off (they may not be in the new team).',
    example: 'team-billing',
    pattern: DIRECTORY_ID_PATTERN.source,
    maxLength: DIRECTORY_ID_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @Matches(DIRECTORY_ID_PATTERN, { message: `teamId ${DIRECTORY_ID_MESSAGE}` })
  teamId?: string;
}

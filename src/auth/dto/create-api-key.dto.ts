import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../principal';

/** Letters, digits and `._:@-`: an agent id (uuid) or a name such as `crm-sync`. */
export const PRINCIPAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export class CreateApiKeyDto {
  @ApiProperty({ enum: ROLES, example: 'agent', description: 'The one role the key carries.' })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({
    description:
      "Who the key acts as: for an `agent` key the agent's id, otherwise a free principal name.",
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
    pattern: PRINCIPAL_ID_PATTERN.source,
    maxLength: 128,
  })
  @IsString()
  @Matches(PRINCIPAL_ID_PATTERN, {
    message: 'principalId must be 1-128 letters, digits or ._:@- and start with a letter or digit',
  })
  principalId!: string;

  @ApiProperty({ example: 'Dana (support agent)', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ example: 'Laptop key, rotate quarterly', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

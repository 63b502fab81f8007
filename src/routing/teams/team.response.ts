import { ApiProperty } from '@nestjs/swagger';
import {
  ASSIGNMENT_STRATEGIES,
  DIRECTORY_ID_PATTERN,
  MAX_SKILLS,
  type AssignmentStrategy,
  type Skill,
} from '../directory.values';
import { SkillDto } from '../shared/skill.dto';

/** At most this many member ids are listed on a team; GET /agents?teamId= pages through all. */
export const MAX_LISTED_MEMBERS = 500;

export class TeamResponse {
  @ApiProperty({
    example: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    maxLength: 128,
    pattern: DIRECTORY_ID_PATTERN.source,
  })
  id!: string;

  @ApiProperty({ example: 'Billing', maxLength: 100, pattern: '\\S' })
  name!: string;

  @ApiProperty({ enum: ASSIGNMENT_STRATEGIES, description: 'How the router picks an agent.' })
  strategy!: AssignmentStrategy;

  @ApiProperty({
    type: [SkillDto],
    maxItems: MAX_SKILLS,
    description: 'Skills tickets routed here require by default.',
  })
  defaultSkills!: SkillDto[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: 128,
    pattern: DIRECTORY_ID_PATTERN.source,
    description: 'Where escalations out of this team go.',
  })
  escalationTeamId!: string | null;

  @ApiProperty({
    description:
      'When an agent goes offline, return their not-yet-answered tickets to the team queue (else they keep them).',
  })
  requeueUnansweredOnOffline!: boolean;

  @ApiProperty({
    description:
      "Whether a ticket pending on the customer stops counting against its agent's capacity.",
  })
  pendingFreesCapacity!: boolean;

  @ApiProperty({ enum: ['active', 'deactivated'] })
  status!: 'active' | 'deactivated';

  @ApiProperty({
    type: [String],
    maxItems: MAX_LISTED_MEMBERS,
    description: `Ids of the team's members (agents whose teams include it), sorted, at most ${MAX_LISTED_MEMBERS}; from the directory read model, which follows agent changes within moments. GET /agents?teamId= lists them all.`,
    items: { type: 'string', maxLength: 128, pattern: DIRECTORY_ID_PATTERN.source },
  })
  memberIds!: string[];

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 })
  memberCount!: number;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    example: '0',
    description: 'Revision of the team stream (the ETag). Membership changes are on the agents.',
  })
  revision!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt!: string;
}

export interface TeamView {
  readonly id: string;
  readonly name: string;
  readonly strategy: AssignmentStrategy;
  readonly defaultSkills: readonly Skill[];
  readonly escalationTeamId: string | null;
  readonly requeueUnansweredOnOffline: boolean;
  readonly pendingFreesCapacity: boolean;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toTeamResponse(
  team: TeamView,
  revision: bigint,
  members: { ids: readonly string[]; count: number },
): TeamResponse {
  return {
    id: team.id,
    name: team.name,
    strategy: team.strategy,
    defaultSkills: team.defaultSkills.map((skill) => ({ ...skill })),
    escalationTeamId: team.escalationTeamId,
    requeueUnansweredOnOffline: team.requeueUnansweredOnOffline,
    pendingFreesCapacity: team.pendingFreesCapacity,
    status: team.active ? 'active' : 'deactivated',
    memberIds: [...members.ids],
    memberCount: members.count,
    revision: revision.toString(),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}

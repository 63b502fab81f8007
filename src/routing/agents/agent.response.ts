import { ApiProperty } from '@nestjs/swagger';
import {
  AGENT_SUPPORT_LEVELS,
  AVAILABILITIES,
  DIRECTORY_ID_PATTERN,
  LANGUAGE_PATTERN,
  MAX_LANGUAGES,
  MAX_SKILLS,
  MAX_TEAMS_PER_AGENT,
  type Availability,
  type Capacity,
  type Skill,
} from '../directory.values';
import { SkillDto } from '../shared/skill.dto';
import { CapacityDto } from './capacity.dto';
import type { Agent } from './agent.state';

/** An agent as the API shows it (GET /agents/{id}, GET /agents items, command responses). */
export class AgentResponse {
  @ApiProperty({
    example: '0f8fad5b-d9cb-469f-a165-70867728950e',
    maxLength: 128,
    pattern: DIRECTORY_ID_PATTERN.source,
  })
  id!: string;

  @ApiProperty({ example: 'Dana Whitfield', maxLength: 100, pattern: '\\S' })
  name!: string;

  @ApiProperty({ example: 'dana@example.com', format: 'email', maxLength: 254 })
  email!: string;

  @ApiProperty({
    type: [String],
    maxItems: MAX_LANGUAGES,
    example: ['en', 'zh-CN'],
    items: { type: 'string', maxLength: 35, pattern: LANGUAGE_PATTERN.source },
  })
  languages!: string[];

  @ApiProperty({ type: [SkillDto], maxItems: MAX_SKILLS, description: 'Sorted by skill name.' })
  skills!: SkillDto[];

  @ApiProperty({
    type: [String],
    maxItems: MAX_TEAMS_PER_AGENT,
    description: 'The teams the agent is a member of (sorted).',
    items: { type: 'string', maxLength: 128, pattern: DIRECTORY_ID_PATTERN.source },
  })
  teamIds!: string[];

  @ApiProperty({ type: CapacityDto })
  capacity!: CapacityDto;

  @ApiProperty({
    enum: AGENT_SUPPORT_LEVELS,
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 3,
  })
  supportLevel!: number;

  @ApiProperty({ enum: ['active', 'deactivated'] })
  status!: 'active' | 'deactivated';

  @ApiProperty({ enum: AVAILABILITIES, description: 'Deactivated agents are always offline.' })
  availability!: Availability;

  @ApiProperty({
    maxLength: 20,
    pattern: '^(0|[1-9][0-9]*)$',
    example: '3',
    description: 'Revision of the agent stream this representation reflects (the ETag).',
  })
  revision!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  registeredAt!: string;

  @ApiProperty({ format: 'date-time', maxLength: 30 })
  updatedAt!: string;
}

export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly languages: readonly string[];
  readonly skills: readonly Skill[];
  readonly teamIds: readonly string[];
  readonly capacity: Capacity;
  readonly supportLevel: number;
  readonly active: boolean;
  readonly availability: Availability;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export function toAgentResponse(agent: AgentView | Agent, revision: bigint): AgentResponse {
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    languages: [...agent.languages],
    skills: agent.skills.map((skill) => ({ ...skill })),
    teamIds: [...agent.teamIds],
    capacity: { max: agent.capacity.max, perChannel: { ...agent.capacity.perChannel } },
    supportLevel: agent.supportLevel,
    status: agent.active ? 'active' : 'deactivated',
    availability: agent.availability,
    revision: revision.toString(),
    registeredAt: agent.registeredAt,
    updatedAt: agent.updatedAt,
  };
}

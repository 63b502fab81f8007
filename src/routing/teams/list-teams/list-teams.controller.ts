import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { DEFAULT_PAGE_SIZE } from '../../agents/list-agents/list-agents.query';
import { DirectoryQueries, type TeamRow } from '../../directory-read-model/directory.queries';
import { nextPageLink } from '../../shared/directory-params';
import { ListTeamsQuery, TeamPageResponse, TeamSummaryResponse } from './list-teams.query';

@ApiTags('teams')
@Controller('teams')
export class ListTeamsController {
  constructor(private readonly directory: DirectoryQueries) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'List teams, oldest first',
    description:
      'From the directory read model, which follows the event log asynchronously (GET /teams/{id} is always current).',
  })
  @ApiOkResponse({ type: TeamPageResponse })
  async list(@Query() query: ListTeamsQuery): Promise<TeamPageResponse> {
    const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
    const page = await this.directory.teams({ status: query.status, limit, cursor: query.cursor });
    return {
      items: page.items.map(toSummary),
      next: nextPageLink('/teams', { status: query.status, limit }, page.nextCursor),
    };
  }
}

function toSummary(row: TeamRow): TeamSummaryResponse {
  return {
    id: row.id,
    name: row.name,
    strategy: row.strategy,
    defaultSkills: row.defaultSkills.map((skill) => ({ ...skill })),
    escalationTeamId: row.escalationTeamId,
    requeueUnansweredOnOffline: row.requeueUnansweredOnOffline,
    status: row.active ? 'active' : 'deactivated',
    memberCount: row.memberCount,
    revision: row.revision.toString(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

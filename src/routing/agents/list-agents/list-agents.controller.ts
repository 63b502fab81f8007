import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { DirectoryQueries } from '../../directory-read-model/directory.queries';
import { nextPageLink } from '../../shared/directory-params';
import { toAgentResponse } from '../agent.response';
import { AgentPageResponse, DEFAULT_PAGE_SIZE, ListAgentsQuery } from './list-agents.query';

@ApiTags('agents')
@Controller('agents')
export class ListAgentsController {
  constructor(private readonly directory: DirectoryQueries) {}

  @Get()
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'List agents, oldest first',
    description:
      'From the directory read model, which follows the event log asynchronously (a write shows up within moments; GET /agents/{id} is always current).',
  })
  @ApiOkResponse({ type: AgentPageResponse })
  async list(@Query() query: ListAgentsQuery): Promise<AgentPageResponse> {
    // Number(): the global pipe may or may not hand back the transformed DTO.
    const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
    const page = await this.directory.agents({
      teamId: query.teamId,
      status: query.status,
      availability: query.availability,
      skill: query.skill,
      limit,
      cursor: query.cursor,
    });
    return {
      items: page.items.map((row) => toAgentResponse(row, row.revision)),
      next: nextPageLink(
        '/agents',
        {
          teamId: query.teamId,
          status: query.status,
          availability: query.availability,
          skill: query.skill,
          limit,
        },
        page.nextCursor,
      ),
    };
  }
}

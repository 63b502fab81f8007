import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { formatEtag } from '../../../platform/http/concurrency';
import { TeamNotFound } from '../../directory.errors';
import { idParam, isDirectoryId } from '../../shared/directory-params';
import { TeamCommands } from '../team-commands.service';
import { TeamResponse } from '../team.response';

@ApiTags('teams')
@Controller('teams')
export class GetTeamController {
  constructor(private readonly teams: TeamCommands) {}

  @Get(':id')
  @Roles('admin', 'supervisor', 'auditor', 'agent')
  @ApiOperation({
    summary: 'Get one team',
    description:
      'Settings folded from the team’s stream (ETag = its revision); members from the directory read model.',
  })
  @ApiParam(idParam('team'))
  @ApiOkResponse({ type: TeamResponse })
  @ApiNotFoundResponse({ description: 'No such team.' })
  async get(
    @Param('id') teamId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TeamResponse> {
    if (!isDirectoryId(teamId)) throw new TeamNotFound(teamId);
    const { team, revision } = await this.teams.load(teamId);
    reply.header('ETag', formatEtag(revision));
    return this.teams.render(team, revision);
  }
}

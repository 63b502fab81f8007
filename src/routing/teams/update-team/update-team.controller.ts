import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag, parseIfMatch } from '../../../platform/http/concurrency';
import { TeamNotFound } from '../../directory.errors';
import { IF_MATCH_HEADER_DOC, idParam, isDirectoryId } from '../../shared/directory-params';
import type { TeamCommand } from '../team.commands';
import { TeamCommands } from '../team-commands.service';
import { TeamResponse } from '../team.response';
import { UpdateTeamRequest } from './update-team.request.dto';

@ApiTags('teams')
@Controller('teams')
export class UpdateTeamController {
  constructor(private readonly teams: TeamCommands) {}

  @Patch(':id')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Change a team',
    description:
      'Records TeamUpdated (settings before and after), TeamDeactivated or TeamReactivated. Values equal to the current ones record nothing. If-Match refuses a change made meanwhile (412).',
  })
  @ApiParam(idParam('team'))
  @ApiHeader(IF_MATCH_HEADER_DOC)
  @ApiOkResponse({ type: TeamResponse, description: 'The team after the change (ETag set).' })
  @ApiNotFoundResponse({ description: 'No such team.' })
  @ApiConflictResponse({
    description: 'Deactivating a deactivated team or reactivating an active one.',
  })
  @ApiPreconditionFailedResponse({ description: 'If-Match names another revision.' })
  @ApiUnprocessableEntityResponse({
    description: 'An unknown, deactivated or self escalation team, …',
  })
  async update(
    @Param('id') teamId: string,
    @Body() body: UpdateTeamRequest,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TeamResponse> {
    const ifMatch = parseIfMatch(ifMatchHeader);
    if (!isDirectoryId(teamId)) throw new TeamNotFound(teamId);
    const escalationTeam =
      body.escalationTeamId === undefined
        ? undefined
        : body.escalationTeamId === null
          ? null
          : await this.teams.lookup(body.escalationTeamId);
    const outcome = await this.teams.run({
      teamId,
      context,
      ifMatch,
      build: (_state, at) => {
        const base = { teamId, at };
        const commands: TeamCommand[] = [];
        if (body.active === true) commands.push({ type: 'ReactivateTeam', ...base, data: {} });
        commands.push({
          type: 'UpdateTeam',
          ...base,
          data: {
            name: body.name,
            strategy: body.strategy,
            defaultSkills: body.defaultSkills,
            escalationTeam,
            requeueUnansweredOnOffline: body.requeueUnansweredOnOffline,
            pendingFreesCapacity: body.pendingFreesCapacity,
          },
        });
        if (body.active === false) {
          commands.push({
            type: 'DeactivateTeam',
            ...base,
            data: { reason: body.deactivationReason ?? null },
          });
        }
        return commands;
      },
    });
    reply.header('ETag', formatEtag(outcome.revision));
    return this.teams.renderOutcome(outcome);
  }
}

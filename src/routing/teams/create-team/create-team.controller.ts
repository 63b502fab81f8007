import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../../auth/auth.decorators';
import { CurrentCommandContext, type CommandContext } from '../../../platform/http/command-context';
import { formatEtag } from '../../../platform/http/concurrency';
import { ApiIdempotencyKey } from '../../../platform/idempotency/idempotency.decorators';
import { ID_GENERATOR, type IdGenerator } from '../../../platform/ids/id-generator';
import { TeamCommands } from '../team-commands.service';
import { TeamResponse } from '../team.response';
import { CreateTeamRequest } from './create-team.request.dto';

@ApiTags('teams')
@Controller('teams')
export class CreateTeamController {
  constructor(
    private readonly teams: TeamCommands,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'supervisor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Create a team',
    description:
      'Records TeamCreated on the new stream `team-<id>`. Members join through their agent (POST/PATCH /agents with `teams`).',
  })
  @ApiCreatedResponse({ type: TeamResponse, description: 'Location and ETag headers are set.' })
  @ApiUnprocessableEntityResponse({
    description: 'An unknown or deactivated escalation team, a duplicate default skill.',
  })
  @ApiConflictResponse({ description: 'A team with the generated id exists (retry).' })
  async create(
    @Body() body: CreateTeamRequest,
    @CurrentCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TeamResponse> {
    const teamId = this.ids.newId();
    const escalationTeam =
      body.escalationTeamId === undefined || body.escalationTeamId === null
        ? null
        : await this.teams.lookup(body.escalationTeamId);
    const outcome = await this.teams.run({
      teamId,
      context,
      build: (_state, at) => [
        {
          type: 'CreateTeam',
          teamId,
          at,
          data: {
            name: body.name,
            strategy: body.strategy ?? 'least_loaded',
            defaultSkills: body.defaultSkills ?? [],
            escalationTeam,
            requeueUnansweredOnOffline: body.requeueUnansweredOnOffline ?? false,
            pendingFreesCapacity: body.pendingFreesCapacity ?? false,
          },
        },
      ],
    });
    reply.header('Location', `/teams/${teamId}`);
    reply.header('ETag', formatEtag(outcome.revision));
    return this.teams.renderOutcome(outcome);
  }
}

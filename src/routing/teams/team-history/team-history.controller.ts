import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../../auth/auth.decorators';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port';
import { TeamNotFound } from '../../directory.errors';
import { teamStreamName } from '../../directory.values';
import { idParam, isDirectoryId } from '../../shared/directory-params';
import { HistoryPageResponse, HistoryQuery, readHistory } from '../../shared/stream-history';

@ApiTags('teams')
@Controller('teams')
export class TeamHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  @Get(':id/history')
  @Roles('admin', 'supervisor', 'auditor')
  @ApiOperation({
    summary: 'Every change of a team, with who made it and when',
    description:
      'The events of `team-<id>` in order, each with its metadata. Membership changes are in the members’ agent histories (AgentTeamsChanged).',
  })
  @ApiParam(idParam('team'))
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiNotFoundResponse({ description: 'No such team.' })
  async history(
    @Param('id') teamId: string,
    @Query() query: HistoryQuery,
  ): Promise<HistoryPageResponse> {
    if (!isDirectoryId(teamId)) throw new TeamNotFound(teamId);
    const page = await readHistory(
      this.eventStore,
      teamStreamName(teamId),
      `/teams/${teamId}/history`,
      query,
    );
    if (!page) throw new TeamNotFound(teamId);
    return page;
  }
}
